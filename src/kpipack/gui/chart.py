"""A matplotlib chart embedded in the window (FigureCanvasQTAgg), drawn with
the bundled Japanese font (fonts.py). matplotlib is imported on first use, so the
window opens without waiting for it."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from . import fmt
from .i18n import month_label

COLOURS = {"actual": "#1F3864", "budget": "#E37222", "last_year": "#9AA0A6"}
STORE_COLOURS = ["#1F3864", "#E37222", "#2E7D32", "#8E24AA", "#00838F", "#C62828", "#6D4C41", "#546E7A"]
_configured = False


def warm_up() -> None:
    """Import matplotlib on a background thread, so the first chart draws at
    once. Done when the app is idle: an import holds the interpreter for tens
    of milliseconds at a time, which would stall the window during a build."""
    import threading

    def load() -> None:
        try:
            import matplotlib.figure  # noqa: F401
            from matplotlib import font_manager  # noqa: F401
            from matplotlib.backends import backend_qtagg  # noqa: F401
        except ImportError:
            pass

    threading.Thread(target=load, daemon=True, name="kpipack-charts").start()


def configure_matplotlib() -> None:
    """Fonts once per process: the bundled Japanese font first (fonts.py)."""
    global _configured
    if not _configured:
        from .fonts import register_matplotlib

        register_matplotlib()
        _configured = True


def compact(value: float, unit: str, lang: str, currency: str) -> str:
    """Axis labels: ¥4.2M / 420万 rather than ¥4,193,578."""
    if unit in ("money", "money_per_area", "money_per_hour"):
        symbol = fmt.CURRENCY_SYMBOLS.get(currency, "")
        size = abs(value)
        # as many decimals as the ticks need (3.5万 beside 3万, 1.25M beside 1.5M), none where they need none
        units = ((1e8, "億"), (1e4, "万")) if lang == "ja" else ((1e9, "B"), (1e6, "M"), (1e3, "k"))
        for limit, suffix in units:
            if size >= limit:
                return f"{symbol}{round(value / limit, 2):,g}{suffix}"
        return f"{symbol}{value:,.0f}"
    if unit == "pct":
        return f"{round(value, 2):g}%"  # ticks 0.25 apart must not print the same label twice
    if unit in ("count", "hours"):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class Chart(QWidget):
    """A figure with one axes; `line_chart` and `bar_chart` redraw it."""

    def __init__(self, parent: QWidget | None = None, height: float = 3.2):
        super().__init__(parent)
        self._height = height
        self.canvas = None
        self.figure = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("hint")
        self.layout_.addWidget(self.placeholder)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)

    def _ensure(self):
        if self.canvas is None:
            configure_matplotlib()
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            # constrained layout re-fits labels on every draw, including after a resize
            self.figure = Figure(figsize=(6, self._height), dpi=100, facecolor="#FFFFFF", layout="constrained")
            self.canvas = FigureCanvasQTAgg(self.figure)
            self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.layout_.removeWidget(self.placeholder)
            self.placeholder.hide()
            self.layout_.addWidget(self.canvas)
        self.figure.clear()
        ax = self.figure.add_subplot(111)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.spines["left"].set_color("#BDC1C6")
        ax.spines["bottom"].set_color("#BDC1C6")
        ax.tick_params(colors="#3C4043", labelsize=8)
        ax.grid(axis="y", color="#E8EAED", linewidth=0.8)
        ax.set_axisbelow(True)
        return ax

    def _format_axis(self, ax, unit: str, lang: str, currency: str) -> None:
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: compact(v, unit, lang, currency)))

    def line_chart(self, title: str, months: list[str], series: list[tuple[str, list, str, str]], unit: str,
                   lang: str, currency: str, highlight: str | None = None, bars_first: bool = False,
                   empty_text: str = "") -> None:
        """series: (label, values, colour, style) with style 'bar', 'line', 'dashed' or 'dotted'."""
        ax = self._ensure()
        ax.set_title(title, fontsize=10, loc="left", color="#1F3864", fontweight="bold")
        positions = list(range(len(months)))
        bar_series = [s for s in series if s[3] == "bar"]
        width = 0.8 / max(len(bar_series), 1)
        drawn = False
        for n, (label, values, colour, style) in enumerate(bar_series):
            xs = [p - 0.4 + width * (n + 0.5) for p in positions]
            pairs = [(x, v) for x, v in zip(xs, values) if v is not None]
            if pairs:
                ax.bar([p[0] for p in pairs], [p[1] for p in pairs], width=width * 0.9, color=colour, label=label,
                       alpha=0.9)
                drawn = True
        for label, values, colour, style in series:
            if style == "bar":
                continue
            pairs = [(p, v) for p, v in zip(positions, values) if v is not None]
            if not pairs:
                continue
            line = {"line": "-", "dashed": "--", "dotted": ":"}[style]
            ax.plot([p[0] for p in pairs], [p[1] for p in pairs], line, color=colour, label=label, linewidth=2,
                    marker="o" if style == "line" else None, markersize=3.5)
            drawn = True
        if highlight in months:
            ax.axvspan(months.index(highlight) - 0.45, months.index(highlight) + 0.45, color="#FFF3C4", zorder=0)
        room = max(3, min(8, self.width() // 70))  # labels about 70 px apart stay legible
        step = max(1, -(-len(months) // room))
        ticks = positions[::-step][::-1]  # counted back from the latest month, so it is always labelled
        ax.set_xticks(ticks)
        ax.set_xticklabels([_short_month(months[t], lang) for t in ticks], fontsize=8)
        ax.set_xlim(-0.6, len(months) - 0.4)
        self._format_axis(ax, unit, lang, currency)
        if drawn:
            handles, labels = ax.get_legend_handles_labels()
            order = [s[0] for s in series]  # the legend in the order the series were given
            pairs = sorted(zip(handles, labels), key=lambda p: order.index(p[1]) if p[1] in order else 99)
            ax.legend([p[0] for p in pairs], [p[1] for p in pairs], fontsize=8, frameon=False,
                      loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4)
        else:
            ax.text(0.5, 0.5, empty_text, ha="center", va="center", transform=ax.transAxes, color="#5F6368")
        self._draw()

    def bar_chart(self, title: str, labels: list[str], values: list, colours: list[str], unit: str, lang: str,
                  currency: str, marks: list | None = None, mark_label: str = "") -> None:
        """Horizontal bars (one per store), with an optional mark (the budget) on each."""
        ax = self._ensure()
        ax.set_title(title, fontsize=10, loc="left", color="#1F3864", fontweight="bold")
        ys = list(range(len(labels)))[::-1]
        ax.barh(ys, [v or 0 for v in values], color=colours, height=0.6)
        if marks:
            pairs = [(y, m) for y, m in zip(ys, marks) if m is not None]
            if pairs:
                ax.scatter([p[1] for p in pairs], [p[0] for p in pairs], marker="|", s=400, color="#E37222",
                           linewidths=3, label=mark_label, zorder=3)
                ax.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0))
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=9)
        ax.grid(axis="x", color="#E8EAED", linewidth=0.8)
        ax.grid(axis="y", visible=False)
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: compact(v, unit, lang, currency)))
        self._draw()

    def _draw(self) -> None:
        self.canvas.draw()


def _short_month(month: str, lang: str) -> str:
    if lang == "ja":
        return f"{int(month[2:4])}/{int(month[5:7])}"
    return month_label(month, lang)[:3] + f" {month[2:4]}"


class ChartTab(QWidget):
    """A preview tab whose chart is drawn only while it is shown: matplotlib
    drawing is slow, and most results are never looked at in every tab."""

    res = None
    _drawn_for = None

    def _fill(self) -> None:
        """Fill the tab's tables and pickers from self.res (cheap)."""

    def _draw(self) -> None:
        raise NotImplementedError

    def show_results(self, res) -> None:
        self.res = res
        self._fill()
        self._drawn_for = None
        if self.isVisible():
            self._draw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.res is not None and self._drawn_for is not self.res:
            self._draw()
