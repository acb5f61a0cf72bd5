"""Pack wording in English and Japanese."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "summary": {"en": "Summary", "ja": "サマリー"},
    "trends": {"en": "Trends", "ja": "推移"},
    "quality": {"en": "Data quality", "ja": "データ品質"},
    "kpi": {"en": "KPI", "ja": "指標"},
    "actual": {"en": "Actual", "ja": "実績"},
    "budget": {"en": "Budget", "ja": "予算"},
    "variance": {"en": "Variance", "ja": "予算差"},
    "variance_pct": {"en": "Var %", "ja": "予算差%"},
    "prev_month": {"en": "Prev month", "ja": "前月"},
    "mom_pct": {"en": "MoM %", "ja": "前月比%"},
    "prev_year": {"en": "Prev year", "ja": "前年"},
    "yoy_pct": {"en": "YoY %", "ja": "前年比%"},
    "ytd": {"en": "YTD", "ja": "期首累計"},
    "ytd_budget": {"en": "YTD budget", "ja": "累計予算"},
    "status": {"en": "Status", "ja": "判定"},
    "total": {"en": "All stores", "ja": "全店"},
    "period": {"en": "Period", "ja": "対象月"},
    "month": {"en": "Month", "ja": "月"},
    "net_sales_budget": {"en": "Net sales vs budget and last year", "ja": "売上高（予算・前年比較）"},
    "last_year": {"en": "Last year", "ja": "前年"},
    "rows_read": {"en": "Rows read", "ja": "読込行数"},
    "rows_used": {"en": "Rows used", "ja": "使用行数"},
    "rows_rejected": {"en": "Rows rejected", "ja": "除外行数"},
    "net_sales_read": {"en": "Net sales read", "ja": "読込売上"},
    "net_sales_used": {"en": "Net sales used", "ja": "使用売上"},
    "net_sales_rejected": {"en": "Net sales rejected", "ja": "除外売上"},
    "control": {"en": "Control: read = used + rejected", "ja": "検算: 読込 = 使用 + 除外"},
    "ok": {"en": "OK", "ja": "一致"},
    "mismatch": {"en": "MISMATCH", "ja": "不一致"},
    "file": {"en": "File", "ja": "ファイル"},
    "sheet": {"en": "Sheet", "ja": "シート"},
    "row": {"en": "Row", "ja": "行"},
    "problem": {"en": "Problem", "ja": "内容"},
    "rejected_rows": {"en": "Rejected rows", "ja": "除外した行"},
    "warnings": {"en": "Notes (rows kept)", "ja": "注意（行は使用）"},
    "control_totals": {"en": "Control totals", "ja": "検算"},
    "none_rejected": {"en": "No row was rejected.", "ja": "除外した行はありません。"},
    "generated": {"en": "Generated", "ja": "作成日時"},
    "company": {"en": "Company", "ja": "会社名"},
    "status_green": {"en": "● On track", "ja": "● 良好"},
    "status_amber": {"en": "▲ Watch", "ja": "▲ 注意"},
    "status_red": {"en": "✖ Off track", "ja": "✖ 要対策"},
    "status_none": {"en": "–", "ja": "–"},
    "back": {"en": "◀ Contents", "ja": "◀ 目次"},
}


def label(key: str, lang: str) -> str:
    entry = LABELS[key]
    return entry.get(lang, entry["en"])
