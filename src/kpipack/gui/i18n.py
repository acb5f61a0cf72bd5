"""Every sentence of the app's own chrome, in English and Japanese.

Data (file, sheet and store names) is shown as it is; KPI names come from
the registry and messages from `kpipack.messages`, so one language setting
gives a whole screen in one language.
"""
from __future__ import annotations

import locale
import os

from ..field_names import FIELD_LABELS, field_name
from ..messages import MONTHS_EN, month_words

LANGS = ("ja", "en")

TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Japanese)
    "app_title": ("kpipack — retail KPI packs", "kpipack — 小売KPIレポート"),
    "add_files": ("Add files…", "ファイルを追加…"),
    "add_files_tip": ("Add this month's workbooks (xlsx, xlsm, xls, ods, csv)",
                      "今月のブック（xlsx・xlsm・xls・ods・csv）を追加します"),
    "load_samples": ("Sample data", "サンプルデータ"),
    "load_samples_tip": ("Replace the file list with the bundled sample workbooks",
                         "ファイル一覧を付属のサンプルブックに置き換えます"),
    "remove": ("Remove", "削除"),
    "remove_tip": ("Remove the selected file from the list", "選択したファイルを一覧から外します"),
    "mapping": ("Columns…", "列の対応…"),
    "mapping_tip": ("Check or fix how the selected sheet's columns are read",
                    "選択したシートの列の読み取り方を確認・修正します"),
    "settings": ("Settings…", "設定…"),
    "settings_tip": ("Company, currency, area unit, fiscal year, pack and language",
                     "会社名・通貨・面積単位・会計年度・レポート・言語"),
    "export": ("Export pack…", "レポートを出力…"),
    "export_tip": ("Write the Excel management pack", "Excel の管理レポートを書き出します"),
    "period": ("Period", "対象月"),
    "period_tip": ("The month the dashboard and the pack report on", "ダッシュボードとレポートの対象月"),
    "partial": ("{month} (partial)", "{month}（途中）"),
    "partial_month_note": (
        "Partial month: the sales data ends on {last}, {days} of {month_days} days. The budget, last month and last "
        "year cover whole months, so variances, changes and status are left out until the month is complete.",
        "月の途中です。売上データは{last}まで（{month_days}日中{days}日分）です。予算・前月・前年は1か月分のため、"
        "予算差・前月比・前年比と判定は月が締まるまで表示しません。"),
    "partial_month_days": ("Partial month: {days} of {month_days} days", "月途中：{month_days}日中{days}日分"),
    "cancel": ("Cancel", "キャンセル"),
    "cancelling": ("Cancelling…", "キャンセルしています…"),
    "cancelled": ("Cancelled.", "キャンセルしました。"),
    "ready": ("Ready", "準備完了"),
    "help": ("Help", "ヘルプ"),
    "about": ("About kpipack", "kpipack について"),
    "about_text": ("kpipack {version}\nRetail KPI management packs in Excel, built from your own workbooks.",
                   "kpipack {version}\nお手持ちのブックから小売KPIの管理レポートを Excel で作成します。"),
    "open_log": ("Open log folder", "ログフォルダを開く"),
    "file_menu": ("&File", "ファイル(&F)"),
    "quit": ("Quit", "終了"),
    "no_display": ("no display found: the app needs a desktop session. Without one, build packs with "
                   "`kpipack build FILES --out PACK.xlsx`, or render the window with `kpipack --screenshot FILE.png`.",
                   "ディスプレイが見つかりません。アプリにはデスクトップ環境が必要です。ない場合は "
                   "`kpipack build ファイル --out レポート.xlsx` でレポートを作成するか、"
                   "`kpipack --screenshot ファイル.png` で画面を画像にできます。"),
    # stages of a build
    "stage_inspecting": ("Looking at the files…", "ファイルを確認しています…"),
    "stage_reading": ("Reading", "読み込み中"),
    "stage_mapping": ("Mapping columns", "列の対応付け中"),
    "stage_computing": ("Computing KPIs", "KPI を計算中"),
    "stage_writing": ("Writing the pack", "レポートを書き出し中"),
    "stage_done": ("Done", "完了"),
    # files panel
    "files": ("Input files", "入力ファイル"),
    "col_name": ("File / sheet", "ファイル / シート"),
    "col_role": ("Used as", "データの種類"),
    "col_rows": ("Rows", "行数"),
    "drop_hint": ("Drop this month's workbooks here\nor click “Add files…”",
                  "今月のブックをここにドロップ\nまたは「ファイルを追加…」"),
    "role_skip": ("Not used", "使用しない"),
    "role_unknown": ("Not recognised", "判別できません"),
    "use_as": ("Use as", "データの種類を変更"),
    "skip_sheet": ("Do not use this sheet", "このシートを使わない"),
    "forget_mapping": ("Forget the saved columns", "保存した列の対応を削除"),
    "store_columns_read": ("each store's sales", "店舗別の売上"),
    "store_columns_tip": ("Stores as columns: {stores} each read as that store's net sales on each row; "
                          "the total ({totals}) is checked against their sum, not added on top",
                          "店舗が列: {stores} をそれぞれの店舗の各行の売上として読み込みます。合計（{totals}）は"
                          "店舗の和と照合し、足し込みません"),
    "store_columns_codes_tip": ("Columns headed by codes alone ({codes}) are stores only where the store master "
                                "lists those codes or names",
                                "コードだけの列名（{codes}）は、店舗マスタにそのコードか名前の店舗がある場合だけ店舗として"
                                "読み込みます"),
    "saved_mapping": ("Read with the columns you saved", "保存した列の対応で読み込みます"),
    "file_failed": ("Cannot be used", "使用できません"),
    "not_recognised": ("“{sheet}” in {file} was not recognised. Tell kpipack what it holds with “Columns…”.",
                       "{file} のシート「{sheet}」の内容を判別できませんでした。「列の対応…」で内容を指定してください。"),
    "not_recognised_more": ("{n} sheets were not recognised, for example “{sheet}” in {file}. "
                            "Tell kpipack what they hold with “Columns…”.",
                            "{n} 枚のシートの内容を判別できませんでした（例: {file} の「{sheet}」）。"
                            "「列の対応…」で内容を指定してください。"),
    "sheet_no_role": ("Double-click to assign its columns", "ダブルクリックで列を指定してください"),
    "sheet_no_role_near": ("Double-click to assign its columns", "ダブルクリックで列を指定してください"),
    "sheet_hidden": ("Hidden sheet: not read", "非表示のシートのため読み込みません"),
    "sheet_missing_field": ("No column for “{field}”", "「{field}」の列がありません"),
    "sheet_column_doubt": ("“{column}” read as {field}? Double-click to check",
                           "「{column}」は{field}でよいですか？ダブルクリックで確認してください"),
    "sheet_column_doubt_rival": ("“{column}” or “{rival}” as {field}? Double-click to choose",
                                 "{field}は「{column}」と「{rival}」のどちらですか？ダブルクリックで選んでください"),
    "password_protected": ("{file} is protected by a password.", "{file} はパスワードで保護されています。"),
    "password_wrong": ("The password does not open {file}.", "パスワードが違うため {file} を開けません。"),
    "enter_password": ("Enter password…", "パスワードを入力…"),
    "date_order_unclear": ("{file} [{sheet}], column “{column}”: dates such as {examples} can be read day first "
                           "or month first. Which is it?",
                           "{file} [{sheet}] の列「{column}」: {examples} などの日付は日が先とも月が先とも読めます。"
                           "どちらですか？"),
    "date_order_mixed": ("{file} [{sheet}], column “{column}”: some dates are written day first and some month "
                         "first ({examples}). Which is right? Dates that do not fit it are listed as rejected.",
                         "{file} [{sheet}] の列「{column}」: 日が先の日付と月が先の日付が混在しています（{examples}）。"
                         "どちらが正しいですか？合わない日付は不採用行として一覧に載ります。"),
    "date_no_year": ("{file} [{sheet}], column “{column}”: dates such as {examples} have no year, and neither the "
                     "file's name nor the lines above the table say one. Which year are they?",
                     "{file} [{sheet}] の列「{column}」: {examples} などの日付には年がなく、ファイル名にも表の上の行にも"
                     "年が書かれていません。何年の日付ですか？"),
    "date_weekday_wrong": ("{file} [{sheet}], row {row}, column “{column}”: {value} says {weekday_en}, but {date} is "
                           "a {actual_en}: the year {year} read from the file does not fit the weekday. Correct the "
                           "file, or choose the year of these dates:",
                           "{file} [{sheet}] の {row} 行目、列「{column}」: {value} は{weekday}曜日とありますが、{date} は"
                           "{actual}曜日です。ファイルから読んだ年 {year} が曜日と合いません。ファイルを直すか、"
                           "この日付の年を選んでください:"),
    "date_weekday_order": ("{file} [{sheet}], row {row}, column “{column}”: {value} says {weekday_en}, but read as "
                           "it was it is {date}, a {actual_en}. Every weekday of the column fits its dates with day "
                           "and month the other way round. Correct the file, or say how its dates are written:",
                           "{file} [{sheet}] の {row} 行目、列「{column}」: {value} は{weekday}曜日とありますが、読んだ"
                           "日付 {date} は{actual}曜日です。この列の曜日は、日と月を逆に読むとすべて合います。"
                           "ファイルを直すか、日付の書き方を選んでください:"),
    "year_choice": ("{year}", "{year}年"),
    "date_order_dmy": ("Day first (31/12/2026)", "日が先（31/12/2026）"),
    "date_order_mdy": ("Month first (12/31/2026)", "月が先（12/31/2026）"),
    "password_prompt": ("Password of {file} (kept only until you close the app):",
                        "{file} のパスワード（アプリを閉じるまで保持します）:"),
    "double_click": ("Double-click to check its columns", "ダブルクリックで列の対応を確認できます"),
    "select_sheet": ("Select a sheet in the file list first.", "先にファイル一覧でシートを選んでください。"),
    "no_header_row": ("No header row was found on this sheet, so its columns cannot be assigned.",
                      "このシートには見出し行がないため、列を対応付けできません。"),
    "add_dialog": ("Add workbooks", "ブックを追加"),
    "spreadsheets": ("Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt *.xlsb)",
                     "表計算ファイル (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt *.xlsb)"),
    # mapping dialog
    "mapping_title": ("Columns of {sheet}", "{sheet} の列"),
    "mapping_intro": ("Check that each column of “{sheet}” ({file}) feeds the right field. "
                      "Columns set to “Not used” are ignored.",
                      "「{sheet}」（{file}）の各列が正しい項目に対応しているか確認してください。"
                      "「使用しない」の列は読み込みません。"),
    "sheet_role": ("This sheet holds", "このシートの内容"),
    "header_row_at": ("Headers found on row {row}; {rows} data rows.", "見出しは {row} 行目、データは {rows} 行です。"),
    "col_source": ("Column in the file", "ファイルの列"),
    "col_samples": ("Sample values", "値の例"),
    "col_field": ("Read as", "読み込む項目"),
    "col_match": ("Match", "確からしさ"),
    "field_none": ("Not used", "使用しない"),
    "budget_column": ("Budget of “{kpi}”", "「{kpi}」の予算"),
    "match_saved": ("Saved", "保存済み"),
    "match_high": ("Sure", "確実"),
    "match_medium": ("Likely", "ほぼ確実"),
    "match_low": ("Check", "要確認"),
    "match_none": ("—", "—"),
    "match_traffic": ("read as the stores' traffic too: {field}", "来店・労働時間としても読み込み（{field}）"),
    "match_summed": ("added into {field}, with the column read as it", "{field}に加算（読み込む列と合計）"),
    "match_line_tax": ("read for tax: tax-included lines' tax taken off", "税の計算に使用（内税の行の税を除く）"),
    "match_from_values": ("from its values", "値から判断"),
    "match_values_tip": ("{pct} sure, from the column's values and the words of its header",
                         "列の値と見出しの語から判断（確からしさ {pct}）"),
    "match_header_tip": ("{pct} sure: the header is a known name of this field",
                         "見出しがこの項目の名前として登録されています（確からしさ {pct}）"),
    "mapping_doubts_rival": ("{columns} both look like {field} from their values: choose the one that is (or keep "
                             "the proposal) and press OK.",
                             "{columns} は、どちらも値から{field}と思われます。どちらなのかを選ぶ（提案のままでも"
                             "かまいません）と OK を押してください。"),
    "mapping_doubts": ("Please check {columns}: read from the values alone, not sure enough to be used without "
                       "asking. Choose the right field (or keep the proposal) and press OK.",
                       "{columns} を確認してください。値だけから判断したため、確認なしには読み込みません。"
                       "正しい項目を選ぶ（提案のままでもかまいません）と OK を押してください。"),
    "match_misfit": ("The sample values do not look like this field", "値の例がこの項目の形式に見えません"),
    "required_ok": ("All required columns are assigned.", "必須の列はすべて対応付けられています。"),
    "required_missing": ("Still needed: {fields}", "まだ必要な項目: {fields}"),
    "remember": ("Remember for files with the same columns (next month's exports too)",
                 "同じ列のファイルにも使う（来月以降のファイルにも自動で適用）"),
    "field_taken": ("“{field}” was read from another column; that column is now not used.",
                    "「{field}」は別の列から読んでいたため、その列は「使用しない」にしました。"),
    "ok": ("OK", "OK"),
    # settings
    "settings_title": ("Settings", "設定"),
    "company": ("Company name", "会社名"),
    "currency": ("Currency", "通貨"),
    "currency_from_files": ("As the amounts show (JPY if they show none)", "金額の表示どおり（表示がなければ円）"),
    "area_unit": ("Area unit", "面積の単位"),
    "area_input": ("As in the store master", "店舗マスタの単位のまま"),
    "area_m2": ("Square metres (m²)", "平方メートル（m²）"),
    "area_tsubo": ("Tsubo (坪)", "坪"),
    "fiscal_start": ("Fiscal year starts in", "会計年度の開始月"),
    "industry": ("Industry profile", "業種"),
    "pack_audience": ("Pack for", "レポートの種類"),
    "pack_lang": ("Pack language", "レポートの言語"),
    "ui_lang": ("App language", "画面の言語"),
    "pack_board": ("Board (CFO, several stores)", "経営会議用（複数店舗）"),
    "pack_store": ("Store owner", "店舗オーナー用"),
    "pack_stocktake": ("Stock-take reconciliation", "棚卸差異の確認用"),
    "lang_ja": ("日本語", "日本語"),
    "lang_en": ("English", "English"),
    # tabs and views
    "tab_dashboard": ("Dashboard", "ダッシュボード"),
    "tab_trends": ("Trends", "推移"),
    "tab_stores": ("Stores", "店舗比較"),
    "tab_issues": ("Data issues", "データの問題"),
    "tab_actions": ("Actions", "改善策"),
    # the order list tab
    "tab_orders": ("Orders", "発注"),
    "orders_view_staple": ("Staple orders (keep in stock)", "定番発注（欠品防止）"),
    "orders_view_seasonal": ("Seasonal orders (sell out)", "シーズン発注（売り切り）"),
    "orders_view_alerts": ("Stock alerts", "在庫アラート"),
    "orders_save": ("Save order list…", "発注リストを保存…"),
    "orders_save_tip": ("Write the order workbook: lists by supplier with live formulas, ready to print",
                        "仕入先別の発注リスト（数式で再計算・印刷用）をExcelに保存します"),
    "orders_none": ("No order list: the sales lines need a SKU and a quantity column.",
                    "売上明細に商品コードと数量の列がないため、発注リストはありません。"),
    "orders_intro": ("As of {as_of}: {staple} staple and {seasonal} seasonal lines to order, {alerts} alerts.",
                     "{as_of} 時点：定番 {staple} 行・シーズン品 {seasonal} 行の発注、アラート {alerts} 件。"),
    "orders_accuracy": ("Sales forecast on the last 28 days: {wape:.0f} % error (WAPE) against {naive:.0f} % for "
                        "repeating the 28 days before, over {pairs} store × SKU pairs.",
                        "直近28日での販売予測の誤差（WAPE）は {wape:.0f}%（直前28日をそのまま使った場合は {naive:.0f}%、"
                        "{pairs} 組の店舗×商品）。"),
    "scope": ("Store", "店舗"),
    "all_stores": ("All stores", "全店"),
    "each_store": ("Each store", "店舗別"),
    "empty_dashboard": ("Add this month's files to see the dashboard.",
                        "今月のファイルを追加するとダッシュボードが表示されます。"),
    "building": ("Working on it…", "処理しています…"),
    "kpi": ("KPI", "指標"),
    "actual": ("Actual", "実績"),
    "budget": ("Budget", "予算"),
    "variance": ("vs budget", "予算差"),
    "variance_pct": ("vs budget %", "予算比"),
    "mom": ("vs last month", "前月比"),
    "yoy": ("vs last year", "前年比"),
    "ytd": ("Year to date", "期首累計"),
    "status": ("Status", "判定"),
    "no_budget": ("No budget", "予算なし"),
    "trend_kpi": ("KPI", "指標"),
    "trend_title": ("{kpi} — {scope}", "{kpi} — {scope}"),
    "series_actual": ("Actual", "実績"),
    "series_budget": ("Budget", "予算"),
    "series_last_year": ("Last year", "前年"),
    "no_data_chart": ("No values for this KPI.", "この指標の値はありません。"),
    "stores_intro": ("{period}: every KPI by store; colours show the status against budget or the industry norm.",
                     "{period}：店舗別の全指標。色は予算または業種目安に対する判定です。"),
    "issues_filter": ("Filter…", "絞り込み…"),
    "issues_all": ("All", "すべて"),
    "issues_rejected": ("Rows left out", "除外した行"),
    "issues_notes": ("Notes (rows kept)", "注意（行は使用）"),
    "issues_export": ("Export CSV…", "CSV に書き出す…"),
    "issues_kind": ("Kind", "種類"),
    "issues_file": ("File", "ファイル"),
    "issues_sheet": ("Sheet", "シート"),
    "issues_row": ("Row", "行"),
    "issues_problem": ("Problem", "内容"),
    "issues_count": ("{shown} of {total} shown · {rejected} rows left out of the figures",
                     "{total} 件中 {shown} 件を表示 · 集計から除外した行 {rejected} 行"),
    "issues_none": ("No problems were found in the inputs.", "入力データに問題は見つかりませんでした。"),
    "issues_saved": ("Saved {path}", "{path} を保存しました"),
    "kind_rejected": ("Left out", "除外"),
    "kind_note": ("Note", "注意"),
    "actions_intro": ("KPIs off track in {period} and what to try this month.",
                      "{period} に目標を下回った指標と、今月の打ち手です。"),
    "actions_none": ("Every KPI with a target is on track.", "目標のある指標はすべて良好です。"),
    "actions_missing": ("No suggestions are available for this KPI yet.", "この指標の改善策はまだ登録されていません。"),
    "vs_benchmark": ("no budget: judged against the industry benchmark", "予算なし: 業種の目安で判定"),
    "actions_scope": ("Show for", "対象"),
    # export
    "export_title": ("Save the pack as", "レポートの保存先"),
    "excel_files": ("Excel workbook (*.xlsx)", "Excel ブック (*.xlsx)"),
    "pack_store_which": ("The store owner's pack is for one store. Which one?",
                         "店舗オーナー用のレポートは1店舗分です。どの店舗にしますか?"),
    "export_done": ("The pack is ready: {name}", "レポートを作成しました: {name}"),
    "open_pack": ("Open pack", "レポートを開く"),
    "open_file": ("Open", "開く"),
    "show_folder": ("Show in folder", "フォルダを表示"),
    "use_name": ("Save as “{name}”", "「{name}」で保存"),
    "no_files": ("Add at least one workbook first.", "先にブックを1つ以上追加してください。"),
    # actions from month to month
    "act_col_kpi": ("KPI — where", "指標 — 対象"),
    "act_col_action": ("Action", "改善策"),
    "act_col_owner": ("Owner", "担当者"),
    "act_col_due": ("Due", "期限"),
    "act_col_progress": ("Progress", "進捗"),
    "act_col_notes": ("Notes", "メモ"),
    "act_col_opened": ("Opened", "開始月"),
    "act_col_result": ("Result: the KPI then → now", "結果: 開始時 → 現在"),
    "act_not_started": ("Not started", "未着手"),
    "act_in_progress": ("In progress", "対応中"),
    "act_done": ("Done", "完了"),
    "act_other": ("Other actions", "その他の改善策"),
    "act_intro": ("{n} open actions for {period}. Double-click a cell to set the owner, due date, progress or notes; "
                  "they go into the pack you export, and next month's pack carries the open ones over.",
                  "{period}の未完了の改善策: {n}件。セルをダブルクリックすると担当者・期限・進捗・メモを入力できます。"
                  "出力するレポートに書き込まれ、未完了のものは翌月のレポートに引き継がれます。"),
    "act_intro_empty": ("Add this month's files to see the improvement actions.",
                        "今月のファイルを追加すると改善策が表示されます。"),
    "act_overdue_count": ("{n} past their due date (in red).", "期限切れ: {n}件（赤で表示）。"),
    "act_overdue": ("Past its due date", "期限を過ぎています"),
    "act_add_tip": ("Double-click to add an action of your own", "ダブルクリックで独自の改善策を追加します"),
    "act_done_title": ("Done", "完了した改善策"),
    "act_result_unknown": ("— (no KPI value to compare)", "—（比較できる指標値がありません）"),
    "act_better": ("better", "改善"),
    "act_worse": ("worse", "悪化"),
    "act_carried_from": ("Carried over from {name} ({month}): {n} open actions with an owner, date or note",
                         "{name}（{month}）から引き継ぎ: 担当・期限・メモのある未完了 {n}件"),
    "act_carried_none": ("No earlier pack: this month's export will carry over to next month.",
                         "前月のレポートはありません。今月出力したレポートが翌月に引き継がれます。"),
    "act_pick_previous": ("Last month's pack…", "前月のレポート…"),
    "act_pick_previous_tip": ("Choose the pack whose open actions carry over to this month",
                              "未完了の改善策を今月に引き継ぐレポートを選びます"),
    "act_pick_title": ("Last month's pack", "前月のレポート"),
    "act_previous_same_month": ("{name} is the pack of {month}, not of an earlier month: its actions are not carried over.",
                                "{name} は{month}のレポートで、前月以前のものではないため引き継ぎません。"),
    # stock-take
    "st_menu": ("Stock-take", "棚卸"),
    "stage_writing_orders": ("Writing the order list", "発注リストを書き出し中"),
    "stage_writing_count": ("Writing the count sheet", "棚卸表を書き出し中"),
    "st_count_sheets": ("Count sheets…", "棚卸表を作成…"),
    "st_count_tip": ("Write a printable count sheet for one store and count date from its book stock",
                     "帳簿在庫から、店舗と棚卸日を指定して印刷用の棚卸表を作成します"),
    "st_count_title": ("Count sheet", "棚卸表"),
    "st_count_about": ("The sheet lists every item of the store's latest book stock on or before the count date. "
                       "Fill in the counted quantities, then add the filled sheets back to build the stock-take pack.",
                       "棚卸日以前で最新の帳簿在庫の全品目を載せます。実棚数を記入したシートを再び追加すると、"
                       "棚卸レポートを作成できます。"),
    "st_store": ("Store", "店舗"),
    "st_date": ("Count date", "棚卸日"),
    "st_kind": ("Count", "方式"),
    "st_blind": ("Blind: no book quantities on the counting sheet (they sit on a hidden sheet for the supervisor)",
                 "ブラインド: 棚卸表に帳簿数を載せない（確認者用の非表示シートに記載）"),
    "st_with_book": ("With book quantities beside the counts", "帳簿数を実棚数の横に載せる"),
    "st_write": ("Write…", "作成…"),
    "st_no_stores": ("Add the stock and store files first: the count sheet lists a store's book stock.",
                     "先に在庫と店舗のファイルを追加してください。棚卸表は店舗の帳簿在庫から作成します。"),
    "st_count_done": ("Count sheet written: {name} ({n} items)", "棚卸表を作成しました: {name}（{n}品目）"),
    "st_pack": ("Stock-take pack…", "棚卸レポートを出力…"),
    "st_pack_tip": ("Write the stock-take reconciliation pack for the month shown",
                    "表示中の月の棚卸差異レポートを書き出します"),
    "st_book_sheet": ("Book quantities for the supervisor (hidden, not read)",
                      "確認者用の帳簿数（非表示・読み込みません）"),
    "st_count_found": ("Filled-in count sheet added ({name}): build the stock-take pack?",
                       "記入済みの棚卸表を追加しました（{name}）。棚卸レポートを作成しますか？"),
    "st_counts_found": ("Filled-in count sheets added ({name}, {n} in all): build the stock-take pack?",
                        "記入済みの棚卸表を追加しました（{name} ほか 計{n}件）。棚卸レポートを作成しますか？"),
    # first start
    "start_title": ("Welcome to kpipack", "kpipack へようこそ"),
    "start_lead": ("kpipack reads your shop's own exports (POS sales, traffic, stock, budgets) and writes a "
                   "monthly KPI pack in Excel. Nothing leaves this computer.",
                   "kpipack はお店のデータ（POS売上・来店客数・在庫・予算など）を読み込み、月次のKPIレポートを "
                   "Excel で作成します。データがこのパソコンの外に出ることはありません。"),
    "start_samples": ("1. Try it with sample data", "1. サンプルデータで試す"),
    "start_samples_text": ("Three sample stores over two years: see the dashboard and export a pack in a minute.",
                           "3店舗・2年分のサンプルで、ダッシュボードとレポート出力をすぐに試せます。"),
    "start_add": ("2. Add this month's exports", "2. 今月のデータを追加する"),
    "start_add_text": ("Drop the workbooks or CSV files from your POS and back office onto the window, or add "
                       "them here. The guide below says what each should hold.",
                       "POSや基幹システムから出力したブックやCSVをウィンドウにドロップするか、ここから追加します。"
                       "必要な列は下のガイドをご覧ください。"),
    "start_templates": ("3. No export? Fill in a template", "3. 出力データがない場合はひな形に記入"),
    "start_templates_text": ("A blank workbook with the right columns opens in your spreadsheet program; a copy is "
                             "kept in {folder}.",
                             "必要な列がそろった空のブックを表計算ソフトで開きます。コピーは {folder} に保存されます。"),
    "start_open_template": ("Open template", "ひな形を開く"),
    "start_guide": ("What to export", "出力するデータのガイド"),
    "start_guide_intro": ("One file or sheet per kind of data; the column names may be your system's own "
                          "(kpipack knows the usual Japanese and English names, and Columns… fixes the rest). "
                          "Sales lines are the only data needed; the others add KPIs.",
                          "データの種類ごとに1ファイルまたは1シートを用意します。列名はお使いのシステムのままで構いません"
                          "（一般的な日本語・英語の列名は自動で認識し、それ以外は「列の対応…」で指定できます）。"
                          "必須は売上明細だけで、ほかのデータを加えるほど指標が増えます。"),
    "start_guide_needs": ("Needs:", "必須の列:"),
    "start_guide_reads": ("Also reads:", "ほかに読む列:"),
    "start_guide_template": (" · template: {name}", "・ひな形: {name}"),
    "start_guide_outro": ("Two years of sales give the comparisons with last year; a budget gives the variances.",
                          "前年比には2年分の売上が、予算差異には予算データが必要です。"),
    "guide_sales": ("POS sales lines: one row per item sold, or per receipt, day or store",
                    "POSの売上明細: 販売した商品ごと、またはレシート・日・店舗ごとに1行"),
    "guide_traffic": ("visitors, transactions and labour hours by day and store",
                      "日・店舗ごとの来店客数・客数・労働時間"),
    "guide_stores": ("one row per store with its floor area", "店舗ごとに1行、売場面積を含む"),
    "guide_budget": ("monthly budget by store and KPI", "店舗・指標ごとの月次予算"),
    "guide_inventory": ("stock on hand by store and item at a date (month end)",
                        "基準日（月末）時点の店舗・商品ごとの在庫"),
    "guide_stocktake": ("counted quantities of a stock-take (the Stock-take menu prints the count sheets)",
                        "棚卸の実棚数（棚卸表は「棚卸」メニューで作成できます）"),
    "guide_receipts": ("goods received by date, store and item", "日・店舗・商品ごとの入荷（仕入）"),
    "guide_adjustments": ("write-offs and other stock adjustments with their reason",
                          "廃棄などの在庫調整と理由"),
    "guide_finance": ("monthly operating expenses and balance-sheet figures", "月次の販管費と貸借対照表の数値"),
    "guide_survey": ("customer survey scores from 0 to 10", "顧客アンケートの推奨度（0〜10）"),
    # errors
    "details": ("Details", "詳細"),
    "hide_details": ("Hide details", "詳細を閉じる"),
    "dismiss": ("Close", "閉じる"),
    "unexpected": ("Something went wrong that kpipack did not expect. Your files were not changed.",
                   "予期しない問題が発生しました。ファイルは変更されていません。"),
    "log_at": ("Full details were written to the log file:\n{path}", "詳しい記録はログファイルに保存しました:\n{path}"),
    "error_kind": ("Problem: {kind}", "種類: {kind}"),
    "error_where": ("Where: {where}", "場所: {where}"),
    "write_failed": ("The file could not be written: {detail}", "ファイルを書き込めませんでした: {detail}"),
}

# channels and campaigns
TEXT.update({
    "tab_campaigns": ("Campaigns", "施策効果"),
    "compare_by": ("Compare", "比較"),
    "compare_stores": ("Stores", "店舗"),
    "compare_channels": ("Channels", "チャネル"),
    "channel_share": ("Channel share %", "チャネル構成比 %"),
    "channels_intro": ("{period}: every sales KPI by channel; share = the channel's net sales ÷ all net sales.",
                       "{period}：チャネル別の販売指標。構成比 = チャネルの売上高 ÷ 全体の売上高"),
    "campaign_pick": ("Campaign", "施策"),
    "campaigns_none": ("No campaigns to measure: add a campaigns sheet (campaign name, start and end dates, "
                       "optional store, SKU or category).",
                       "測定する施策がありません。施策の表（施策名・開始日・終了日、任意で店舗・商品コード・部門）を追加してください。"),
    "campaign_covers": ("Campaign", "対象"),
    "campaign_treated_pre": ("Campaign, before", "対象群 実施前"),
    "campaign_treated_during": ("Campaign, during", "対象群 実施中"),
    "campaign_control_pre": ("Comparison, before", "比較群 実施前"),
    "campaign_control_during": ("Comparison, during", "比較群 実施中"),
    "campaign_uplift_pct": ("Uplift %", "伸び率 %"),
    "campaign_incremental": ("Incremental", "上乗せ"),
    "campaign_m_net_sales": ("Net sales", "売上高"),
    "campaign_m_gross_profit": ("Gross profit", "粗利益"),
    "campaign_m_units": ("Units", "販売数量"),
    "campaign_treated": ("Campaign stores and products", "対象群"),
    "campaign_control": ("Comparison group", "比較群"),
    "campaign_days": ("Campaign days", "実施期間"),
    "campaign_chart": ("{name}: net sales per day", "{name}：日別売上高"),
})

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "sales": ("Sales lines", "売上明細"),
    "traffic": ("Traffic & labour", "来店客数・人時"),
    "stores": ("Store master", "店舗マスタ"),
    "inventory": ("Stock on hand", "在庫"),
    "stocktake": ("Stock-take counts", "棚卸"),
    "budget": ("Budget", "予算"),
    "finance": ("Finance", "財務・販管費"),
    "survey": ("Customer survey", "顧客アンケート"),
    "receipts": ("Goods received", "入荷・仕入"),
    "adjustments": ("Stock adjustments", "在庫調整"),
    "campaigns": ("Campaigns", "施策・キャンペーン"),
    "products": ("Product master", "商品マスタ"),
    "purchase_orders": ("Purchase orders", "発注データ"),
}


# the order list's settings (settings dialog)
TEXT.update({
    "order_settings": ("Order list", "発注リスト"),
    "set_lead_time": ("Lead time where the product master gives none (days)", "リードタイム（商品マスタにない商品、日）"),
    "set_service_level": ("Service level (%)", "サービス率（%）"),
    "set_service_level_tip": ("Chance of not running out during a lead time; sets the safety stock (z).",
                              "リードタイム中に欠品しない確率。安全在庫の係数 z を決めます。"),
    "set_review_days": ("Days between two orders", "発注間隔（日）"),
    "set_overstock_weeks": ("Overstock above (weeks of cover)", "過剰在庫とする在庫週数"),
    "set_markdown_share": ("Markdown candidate from (% of stock value left at season end)",
                           "値下げ候補とする売れ残り見込み（在庫金額の %）"),
})

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "green": ("On track", "良好"),
    "amber": ("Watch", "注意"),
    "red": ("Off track", "要対策"),
    "none": ("—", "—"),
}


def _pick(entry: tuple[str, str], lang: str) -> str:
    return entry[1] if lang == "ja" else entry[0]


def tr(key: str, lang: str, **params) -> str:
    text = _pick(TEXT[key], lang)
    return text.format(**params) if params else text


def role_label(role: str | None, lang: str) -> str:
    if role is None:
        return tr("role_skip", lang)
    return _pick(ROLE_LABELS[role], lang) if role in ROLE_LABELS else role


def field_label(name: str | None, lang: str) -> str:
    if not name:
        return tr("field_none", lang)
    return field_name(name, lang)


def status_label(status: str, lang: str) -> str:
    return _pick(STATUS_LABELS.get(status, STATUS_LABELS["none"]), lang)


def month_label(month: str, lang: str) -> str:
    """'2026-10' as the user reads it: 2026年10月 / October 2026."""
    return month_words(month, lang)


def month_name(mon: int, lang: str) -> str:
    return f"{mon}月" if lang == "ja" else MONTHS_EN[mon - 1]


def system_lang() -> str:
    """Japanese when the system locale is Japanese, else English."""
    names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    try:
        names.append(locale.getlocale()[0] or "")
    except ValueError:
        pass
    try:
        from PySide6.QtCore import QLocale

        names.append(QLocale.system().name())
    except ImportError:
        pass
    return "ja" if any(n.lower().startswith("ja") for n in names if n) else "en"
