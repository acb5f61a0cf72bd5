"""Native Excel charts of the pack: their look (fonts, grid lines, legend) in
one place, and one rule — a chart without a data series is never placed.
Excel cannot open a chart with no series (xlsxwriter refuses to write one),
and whether a series exists depends on the inputs: a pack built without a
traffic file has no conversion line. Sheet writers build a chart, add the
series their data allows and hand it to `place` or `place_charts`, which
leave out a chart that got none (a chart that is never placed is not
written)."""
from __future__ import annotations

from .formats import FONT, MONTH_FORMAT

GRID = {"visible": True, "line": {"color": "#E0E0E0"}}
CHART_W, CHART_H, MAX_CHART_W = 560, 250, 900


def font(size: int = 8, **extra) -> dict:
    return dict({"name": FONT, "size": size}, **extra)


def new_chart(pack, kind: str, subtype: str | None = None, title: str | None = None):
    """A chart in the pack's style (title, legend below, light border)."""
    spec = {"type": kind}
    if subtype:
        spec["subtype"] = subtype
    chart = pack.workbook.add_chart(spec)
    if title:
        chart.set_title({"name": title, "name_font": font(11, bold=True)})
    chart.set_legend({"position": "bottom", "font": font(9)})
    chart.set_chartarea({"border": {"color": "#D9D9D9"}})
    return chart


def value_axis(num_format: str = "#,##0", grid: bool = True, **extra) -> dict:
    axis = {"num_format": num_format, "num_font": font(8)}
    if grid:
        axis["major_gridlines"] = GRID
    return dict(axis, **extra)


def category_axis(months: bool = False, rotate: bool | None = None, size: int = 8, **extra) -> dict:
    """Months are written as dates and turned 45 degrees (rotate=True turns other labels too)."""
    turned = months if rotate is None else rotate
    axis = {"num_font": font(size, rotation=-45) if turned else font(size)}
    if months:
        axis["num_format"] = MONTH_FORMAT
    return dict(axis, **extra)


def axes(chart, y_format: str = "#,##0", months: bool = False, rotate: bool | None = None,
         y2_format: str | None = None, x: dict | None = None, y: dict | None = None, y2: dict | None = None) -> None:
    """The usual axes: categories below, values at the left with grid lines and,
    with y2_format, a secondary value axis (on the combined chart if there is one)."""
    chart.set_x_axis(category_axis(months, rotate, **(x or {})))
    chart.set_y_axis(value_axis(y_format, **(y or {})))
    if y2_format is not None:
        (chart.combined or chart).set_y2_axis(value_axis(y2_format, grid=False, **(y2 or {})))


def drawable(chart) -> bool:
    """Whether the chart has a series to draw; a combined chart without one is dropped."""
    if chart.combined is not None and not chart.combined.series:
        chart.combined = None
    return bool(chart.series)


def place(pack, ws, row: int, col: int, chart, width: int = 620, height: int = 300,
          x_offset: int = 4) -> int:
    """Place a chart that prints whole on one page; returns the rows it covers
    (0 when it has no series and is left out)."""
    if not drawable(chart):
        return 0
    chart.set_size({"width": width, "height": height})
    return pack.reserve_chart(ws, row, col, chart, width, height, x_offset)


def place_charts(pack, ws, row: int, charts: list, last_col: int = 0, per_row: int = 2,
                 width: int | None = None, height: int | None = None) -> int:
    """Charts in a grid below a table, sized to the table's width. Page breaks are
    worked out when the pack is finished, so no chart is cut across two pages.
    Returns the first row after them."""
    from .pack import col_px

    charts = [c for c in charts if drawable(c)]
    if not charts:
        return row
    if width is None:
        span = pack.content_px(ws)
        width = int(max(CHART_W, min(MAX_CHART_W, (span - 24 * (per_row - 1)) / per_row)))
    height = height or int(max(CHART_H, width * 0.42))
    # the grid's columns: the next chart starts at the first column right of the one before
    col_starts = [0]
    widths = pack.widths(ws)
    x, col = 0.0, 0
    while len(col_starts) < per_row:
        x += col_px(widths.get(col, 8.43))
        col += 1
        if x >= (width + 16) * len(col_starts):
            col_starts.append(col)
    rows = 0
    for i in range(0, len(charts), per_row):
        for j, chart in enumerate(charts[i:i + per_row]):
            rows = place(pack, ws, row, col_starts[j], chart, width=width, height=height)
        row += rows + 1
    return row
