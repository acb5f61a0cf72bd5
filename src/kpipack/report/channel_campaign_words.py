"""Wording of the channels and campaign-effect pages, in English and Japanese."""
from __future__ import annotations

from ..messages import localised

WORDS: dict[str, dict[str, str]] = {
    # ---- channels
    "channels_none": {"en": "the sales lines have no channel column", "ja": "売上明細に販売チャネルの列がありません"},
    "channels_intro": {"en": "Channels as the sales lines name them (spellings differing only in case are one "
                             "channel). Share, growth, margin and basket are live formulas of the cells beside them.",
                       "ja": "販売チャネルは売上明細の表記どおりです（大文字・小文字の違いのみの表記は同じチャネル）。"
                             "構成比・伸び率・粗利率・客単価は隣のセルから計算する数式です。"},
    "channel": {"en": "Channel", "ja": "チャネル"},
    "all_channels": {"en": "All channels", "ja": "全チャネル"},
    "share": {"en": "Share %", "ja": "構成比 %"},
    "net_sales_short": {"en": "Net sales", "ja": "売上高"},
    "channels_month": {"en": "Sales KPIs by channel this month", "ja": "当月のチャネル別 販売指標"},
    "channels_share_note": {"en": "Share = the channel's net sales ÷ all net sales × 100.",
                            "ja": "構成比 = チャネルの売上高 ÷ 全体の売上高 × 100"},
    "channels_unassigned": {"en": "Some sales lines name no channel: the channels add up to less than the total, "
                                  "and each share is of all net sales.",
                            "ja": "販売チャネルが空欄の売上明細があるため、チャネルの合計は全体より小さく、"
                                  "構成比は全体の売上高に対する割合です。"},
    "channels_by_store": {"en": "Net sales by store and channel", "ja": "店舗 × チャネル別 売上高"},
    "channels_by_month": {"en": "Net sales by channel, month by month", "ja": "チャネル別 売上高の月次推移"},
    "channels_mix_chart": {"en": "Channel mix: {n} months", "ja": "チャネル構成比（{n}か月）"},
    "channels_sales_chart": {"en": "Net sales by channel: {n} months", "ja": "チャネル別 売上高（{n}か月）"},
    # ---- campaigns
    "campaigns_none": {"en": "no campaigns table in the inputs (or none could be measured)",
                       "ja": "入力に施策の表がない（または測定できる施策がない）"},
    "campaigns_intro": {
        "en": "Each campaign against a comparison group: its days against as many days just before, for the "
              "campaign's stores and products (treated) and for the comparison group (control). "
              "Uplift % = (treated during ÷ treated before) ÷ (control during ÷ control before) − 1; incremental = "
              "treated during − treated before × control during ÷ control before. Both are live formulas.",
        "ja": "各施策を比較対象と比べます。実施期間と直前の同日数の期間について、対象の店舗・商品（対象群）と"
              "比較対象（比較群）の実績を並べます。伸び率 % =（対象群の実施中 ÷ 実施前）÷（比較群の実施中 ÷ 実施前）− 1、"
              "上乗せ額 = 対象群の実施中 − 対象群の実施前 × 比較群の実施中 ÷ 実施前。いずれも数式です。"},
    "campaign_days": {"en": "{start} – {end} ({n} days); before: {pre_start} – {pre_end}",
                      "ja": "{start}〜{end}（{n}日間）／実施前: {pre_start}〜{pre_end}"},
    "campaign_what": {"en": "Campaign: {what} {where}", "ja": "対象: {where}の{what}"},
    "all_products": {"en": "all products", "ja": "全商品"},
    "n_skus": {"en": "{n} SKUs ({skus})", "ja": "{n}商品（{skus}）"},
    "at_stores": {"en": "at {stores}", "ja": "{stores}"},
    "every_store": {"en": "in every store", "ja": "全店"},
    "control_other_stores": {"en": "Compared with: the other stores with the same products ({stores})",
                             "ja": "比較対象: 同じ商品を扱う他の店舗（{stores}）"},
    "control_other_skus": {"en": "Compared with: the other products of the same stores",
                           "ja": "比較対象: 同じ店舗の対象外の商品"},
    "control_none": {"en": "Compared with: no comparison group — only the {n} days before",
                     "ja": "比較対象: なし（直前の{n}日間とのみ比較）"},
    "measure": {"en": "Measure", "ja": "指標"},
    "treated": {"en": "Campaign stores and products", "ja": "対象群"},
    "control": {"en": "Comparison group", "ja": "比較群"},
    "treated_short": {"en": "Campaign", "ja": "対象群"},
    "control_short": {"en": "Comparison", "ja": "比較群"},
    "before": {"en": "Before", "ja": "実施前"},
    "during": {"en": "During", "ja": "実施中"},
    "change": {"en": "Change %", "ja": "増減率 %"},
    "effect": {"en": "Effect", "ja": "効果"},
    "uplift": {"en": "Uplift %", "ja": "伸び率 %"},
    "incremental": {"en": "Incremental", "ja": "上乗せ額"},
    "m_net_sales": {"en": "Net sales", "ja": "売上高"},
    "m_gross_profit": {"en": "Gross profit", "ja": "粗利益"},
    "m_units": {"en": "Units", "ja": "販売数量"},
    "daily": {"en": "Net sales day by day", "ja": "日別 売上高"},
    "day": {"en": "Day", "ja": "日付"},
    "phase": {"en": "Period", "ja": "期間"},
    "phase_pre": {"en": "before", "ja": "実施前"},
    "phase_during": {"en": "campaign", "ja": "実施中"},
    "chart": {"en": "{name}: net sales per day, before and during", "ja": "{name}: 日別売上高（実施前・実施中）"},
    "chart_band": {"en": "Campaign days", "ja": "実施期間"},
    # the plain-language reading
    "read_up": {"en": "{name} lifted {what}sales {where} by {uplift} against {control}, about {incremental} more.",
                "ja": "{name}により、{where}の{what}売上は{control}と比べて{uplift}伸び、約{incremental}の上乗せとなりました。"},
    "read_down": {"en": "{name} went with {what}sales {where} {uplift} below {control}, about {incremental} less.",
                  "ja": "{name}の期間中、{where}の{what}売上は{control}と比べて{uplift}下回り、約{incremental}の減少となりました。"},
    "read_flat": {"en": "{name} left {what}sales {where} where {control} would have them (uplift {uplift}).",
                  "ja": "{name}の期間中、{where}の{what}売上は{control}と比べて変わりませんでした（伸び率 {uplift}）。"},
    "read_none": {"en": "The effect of {name} cannot be measured: {why}.", "ja": "{name}の効果は測定できません: {why}。"},
    "why_treated": {"en": "the campaign's stores and products sold nothing in the days before",
                    "ja": "対象の店舗・商品の実施前の売上がありません"},
    "why_control": {"en": "the comparison group sold nothing before or during the campaign",
                    "ja": "比較群の実施前または実施中の売上がありません"},
    "read_more": {"en": "Gross profit: {gp}; units: {units}.", "ja": "粗利益: {gp}、販売数量: {units}。"},
    "more": {"en": "about {value} more", "ja": "約{value}増"},
    "less": {"en": "about {value} less", "ja": "約{value}減"},
    "what_products": {"en": "{what} ", "ja": "{what}の"},
    "ctl_other_stores": {"en": "the other stores", "ja": "他店舗"},
    "ctl_other_skus": {"en": "the other products", "ja": "対象外の商品"},
    "ctl_none": {"en": "the {n} days before", "ja": "直前の{n}日間"},
    "caution_no_control": {
        "en": "Caution: there is no comparison group (the campaign covers every store and product), so the change "
              "against the days before also holds the season and the trend, not the campaign alone.",
        "ja": "注意: 全店・全商品が対象のため比較群がなく、直前期間との差には季節や傾向の影響も含まれます。"},
    "caution_campaign_in_control": {
        "en": "Caution: the comparison group held another campaign ({others}) on some of these days, so the "
              "comparison moved too: read the uplift with care.",
        "ja": "注意: 比較群に別の施策（{others}）の対象が一部の日に含まれ、比較の基準も動いています。伸び率は参考値としてご覧ください。"},
    "caution_small_control": {
        "en": "Caution: the comparison group is small ({lines} lines, {sales} before the campaign against {treated} "
              "for the campaign), so read the uplift with care.",
        "ja": "注意: 比較群が小さい（{lines}行、実施前売上 {sales}、対象群は {treated}）ため、伸び率は参考値としてご覧ください。"},
    # ---- last month's actions that named a campaign
    "actions_campaigns": {"en": "Campaigns named in last month's actions: the effect measured ({period} data)",
                          "ja": "前月のアクションで挙げた施策の効果測定（{period} までのデータ）"},
    "actions_campaign_action": {"en": "Action (last month)", "ja": "アクション（前月）"},
    "actions_campaign": {"en": "Campaign", "ja": "施策"},
    "actions_campaign_reading": {"en": "Measured effect", "ja": "測定した効果"},
}


def word(key: str, lang: str) -> str:
    return localised(WORDS[key], lang)
