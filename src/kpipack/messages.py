"""Every user-facing message, in English and Japanese, keyed by a code.

Kept in one table so the CLI, the pack and the app say the same thing in the
user's language, and a missing translation is caught by one test.
"""
from __future__ import annotations

import re

from .field_names import field_name

MESSAGES: dict[str, dict[str, str]] = {
    # whole-file problems
    "file_missing": {"en": "file not found", "ja": "ファイルが見つかりません"},
    "file_empty": {"en": "the file is empty", "ja": "ファイルが空です"},
    "file_unreadable": {"en": "cannot be read: {detail}", "ja": "読み込めません: {detail}"},
    "not_spreadsheet": {"en": "not a spreadsheet (xlsx, xlsm, xls, ods or csv expected)",
                        "ja": "表計算ファイルではありません（xlsx・xlsm・xls・ods・csv を指定してください）"},
    "unsupported_type": {"en": "unsupported file type '{ext}' (xlsx, xlsm, xls, ods or csv expected)",
                         "ja": "対応していないファイル形式です（{ext}）。xlsx・xlsm・xls・ods・csv を指定してください"},
    "password_protected": {"en": "the workbook is password-protected; give its password (--password)",
                           "ja": "パスワードで保護されたブックです。パスワードを指定してください（--password）"},
    "password_wrong": {"en": "the password does not open this password-protected workbook",
                       "ja": "パスワードが違うため、保護されたブックを開けません"},
    "truncated": {"en": "the file is damaged or truncated", "ja": "ファイルが壊れているか途中で切れています"},
    "zip_bomb": {"en": "refused: it would inflate to {size} MB, over the {limit} MB limit",
                 "ja": "展開後のサイズが {size} MB となり上限 {limit} MB を超えるため読み込みを中止しました"},
    "dtd_refused": {"en": "refused: the part '{part}' declares a DTD (possible entity attack)",
                    "ja": "読み込みを中止しました: '{part}' に DTD 宣言があります（エンティティ攻撃の可能性）"},
    "sheet_too_large": {"en": "the sheet spans {cells} cells, over the limit of {limit}",
                        "ja": "シートの範囲が {cells} セルとなり上限 {limit} を超えています"},
    "sheet_outside_grid": {"en": "the sheet has a cell ({ref}) beyond the last row or column a workbook can hold",
                           "ja": "シートにブックの最終行・最終列を超えるセル（{ref}）があります"},
    "parse_timeout": {"en": "reading took longer than {seconds} s and was stopped",
                      "ja": "読み込みが {seconds} 秒を超えたため中止しました"},
    "parse_crashed": {"en": "the reader failed on this file ({detail})",
                      "ja": "このファイルの読み込みに失敗しました（{detail}）"},
    "parse_memory": {"en": "the reader needed more than {limit} MB of memory on this file and was stopped",
                     "ja": "このファイルの読み込みにメモリが {limit} MB 以上必要になったため中止しました"},
    "not_spreadsheet_kind": {"en": "not a spreadsheet but a {kind} file",
                             "ja": "表計算ファイルではなく {kind} ファイルです"},
    "old_excel": {"en": "a workbook from Excel 4.0 or older, which cannot be read; open it in Excel and save it as "
                        ".xlsx", "ja": "Excel 4.0 以前の形式のブックのため読み込めません。Excel で開き .xlsx 形式で"
                        "保存してください"},
    "not_spreadsheet_markup": {"en": "a web page or XML file under a spreadsheet name; open it in Excel and save it "
                                     "as .xlsx", "ja": "表計算ファイルの名前が付いた Web ページまたは XML ファイルです。"
                                     "Excel で開き .xlsx 形式で保存してください"},
    "not_spreadsheet_xml2003": {
        "en": "an Excel 2003 XML spreadsheet under a spreadsheet name; it is not read: open it in Excel and save "
              "it as .xlsx",
        "ja": "Excel 2003 XML スプレッドシート形式のファイルのため、読み込めません。Excel で開き .xlsx 形式で保存してください"},
    "zip_parts": {"en": "refused: the package holds {count} parts, more than the {limit} a workbook could need",
                  "ja": "読み込みを中止しました: パッケージの部品数 {count} がブックとして考えられる上限 {limit} を"
                        "超えています"},
    "zip_ratio": {"en": "refused: the part '{part}' would inflate {ratio} times (limit {limit}), like a zip bomb",
                  "ja": "読み込みを中止しました: '{part}' の展開倍率が {ratio} 倍で上限 {limit} 倍を超えています"
                        "（zip 爆弾の疑い）"},
    "zip_lies": {"en": "refused: the part '{part}' inflates to more than the size it declares",
                 "ja": "読み込みを中止しました: '{part}' が申告サイズより大きく展開されます"},
    "password_protected_ods": {"en": "the ODS file is password-protected; open it in LibreOffice and save a copy "
                                     "without a password", "ja": "パスワードで保護された ODS ファイルです。"
                                     "LibreOffice で開き、パスワードなしで保存し直してください"},
    "password_unsupported": {"en": "the workbook is password-protected with an encryption kpipack cannot open; "
                                   "save a copy without a password in Excel",
                             "ja": "パスワードで保護されたブックですが、この暗号化方式は開けません。"
                                   "Excel でパスワードなしのコピーを保存してください"},
    "sheet_not_table": {"en": "chart or macro sheet skipped", "ja": "グラフまたはマクロのシートを読み飛ばしました"},
    "file_duplicate": {"en": "the same content as {first}: read once only",
                       "ja": "{first} と同じ内容のファイルのため、1 回だけ読み込みました"},
    "output_is_folder": {"en": "the output is a folder; give a file name such as kpi-pack.xlsx",
                         "ja": "出力先がフォルダです。kpi-pack.xlsx のようにファイル名を指定してください"},
    "output_failed": {"en": "the file could not be written ({detail}); nothing was changed",
                      "ja": "ファイルを書き込めませんでした（{detail}）。既存のファイルは変更していません"},
    "cache_cleared": {"en": "cleared the cache of parsed inputs ({size} MB): {path}",
                      "ja": "読み込み済みデータのキャッシュを削除しました（{size} MB）: {path}"},
    "cache_info": {"en": "cache of parsed inputs: {path} ({size} MB in {files} files)",
                   "ja": "読み込み済みデータのキャッシュ: {path}（{files} ファイル、{size} MB）"},
    "no_data": {"en": "no sheet with usable data was found", "ja": "使えるデータのシートがありません"},
    "csv_quote_open": {"en": "line {row}: a quote (\") opens a cell that is never closed, so the rest of the file "
                             "would be read as that one cell: close the quote, or remove it",
                       "ja": "{row} 行目: 引用符（\"）で始まるセルが閉じられていないため、以降がすべて 1 つのセルと"
                             "して読まれてしまいます。引用符を閉じるか、削除してください"},
    "no_sales": {"en": "no sales lines were found in the inputs (a sheet with a date and a sales amount is needed)",
                 "ja": "売上明細が見つかりません（日付と売上金額の列があるシートが必要です）"},
    "no_inputs": {"en": "no input files were given", "ja": "入力ファイルが指定されていません"},
    "bad_period": {"en": "period '{period}' is not a month like 2026-10", "ja": "期間「{period}」は 2026-10 の形式で指定してください"},
    "period_no_data": {"en": "there are no sales in period {period} (data covers {first} to {last})",
                       "ja": "{period} の売上データがありません（データの範囲は {first}〜{last}）"},
    "period_partial": {"en": "{period} is not complete: the sales data ends on {last}, so the month's figures "
                             "cover part of it only",
                       "ja": "{period} は月の途中までです。売上データは {last} までのため、当月の数値は一部の期間分です"},
    "map_file_bad": {"en": "mapping file cannot be used: {detail}", "ja": "マッピングファイルを使えません: {detail}"},
    "map_field_unknown": {"en": "mapping file: '{target}' is not a field of role '{role}'",
                          "ja": "マッピングファイル: 「{target}」はロール「{role}」の項目ではありません"},
    "output_is_input": {"en": "the output file is one of the inputs; choose another name",
                        "ja": "出力先が入力ファイルと同じです。別の名前を指定してください"},
    "output_locked": {"en": "cannot write the file (open in another program or not writable); try '{suggest}'",
                      "ja": "ファイルに書き込めません（他のプログラムで開いているか書き込み禁止です）。「{suggest}」をお試しください"},
    "output_dir_missing": {"en": "the output folder does not exist", "ja": "出力先のフォルダがありません"},
    "unknown_pack": {"en": "unknown pack layout '{pack}' (choose {choices})",
                     "ja": "パック種類「{pack}」はありません（{choices} から選んでください）"},
    "store_unknown": {"en": "store '{store}' is not in the sales data (stores: {choices})",
                      "ja": "店舗「{store}」は売上データにありません（店舗: {choices}）"},
    "store_required": {"en": "the store pack covers one store: choose it with --store (stores: {choices})",
                       "ja": "店舗レポートは1店舗分です。--store で店舗を指定してください（店舗: {choices}）"},
    "previous_unreadable": {"en": "the previous pack cannot be read ({detail})",
                            "ja": "前月の資料を読み込めません（{detail}）"},
    "previous_no_actions": {"en": "the previous pack has no improvement-actions sheet made by kpipack",
                            "ja": "前月の資料に kpipack の改善アクションシートがありません"},
    "unknown_industry": {"en": "unknown industry profile '{industry}' (choose {choices})",
                         "ja": "業種プロファイル「{industry}」はありません（{choices} から選んでください）"},
    "cancelled": {"en": "cancelled", "ja": "キャンセルしました"},
    "internal_error": {"en": "internal error ({kind}): this is a fault of kpipack, not of your files; please "
                             "send the log with the files you gave: {log}",
                       "ja": "内部エラー（{kind}）: 入力ファイルではなく kpipack の不具合です。ログと入力ファイルを"
                             "添えてお知らせください: {log}"},
    # dates that read both day-first and month-first
    "date_order_unclear": {
        "en": "column '{column}': dates such as {examples} read both day-first and month-first; say which with "
              "--date-order dmy (day first) or --date-order mdy (month first), or _date_order in the --map file",
        "ja": "列「{column}」: {examples} などの日付は日が先とも月が先とも読めます。--date-order dmy（日が先）"
              "または --date-order mdy（月が先）で指定してください（--map ファイルの _date_order でも指定できます）"},
    "date_short_year": {
        "en": "column '{column}': dates such as {examples} have a two-digit year that may come first (yy/mm/dd) or "
              "last (dd/mm/yy); export them with a four-digit year (2026/10/01)",
        "ja": "列「{column}」: {examples} などの日付は年が 2 桁のため、年が先（年/月/日）とも後（日/月/年）とも読めます。"
              "年を 4 桁（2026/10/01）にして出力してください"},
    "date_order_mixed": {
        "en": "column '{column}': dates are written both day-first and month-first ({examples}); say which with "
              "--date-order dmy (day first) or --date-order mdy (month first), or _date_order in the --map file",
        "ja": "列「{column}」: 日が先の日付と月が先の日付が混在しています（{examples}）。--date-order dmy（日が先）"
              "または --date-order mdy（月が先）で指定してください（--map ファイルの _date_order でも指定できます）"},
    "date_no_year": {
        "en": "column '{column}': dates such as {examples} have no year, and neither the file's name nor the lines "
              "above the table say one; give it with --year (such as --year 2026), or _year in the --map file",
        "ja": "列「{column}」: {examples} などの日付には年がなく、ファイル名にも表の上の行にも年が書かれていません。"
              "--year で年を指定してください（例: --year 2026。--map ファイルの _year でも指定できます）"},
    "date_weekday_wrong": {
        "en": "row {row}, column '{column}': {value} says {weekday_en}, but {date} (the year {year}, taken from the "
              "file's name, its title lines or its other dates, or given) is a {actual_en}; the year or the date is "
              "wrong: correct the file, or give the right year with --year (or _year in the --map file)",
        "ja": "{row}行目、列「{column}」: {value} は{weekday}曜日とありますが、{date}（年 {year} はファイル名・表の上の行・"
              "ほかの日付から読んだか、指定されたもの）は{actual}曜日です。年か日付が違います。ファイルを直すか、"
              "--year で正しい年を指定してください（--map ファイルの _year でも指定できます）"},
    "date_weekday_dated": {
        "en": "row {row}, column '{column}': {value} says {weekday_en}, but {date} is a {actual_en}: the date or its "
              "weekday is wrong; correct the file",
        "ja": "{row}行目、列「{column}」: {value} は{weekday}曜日とありますが、{date} は{actual}曜日です。日付か曜日が"
              "違います。ファイルを直してください"},
    "date_weekday_order": {
        "en": "row {row}, column '{column}': {value} says {weekday_en}, but read as it was it is {date}, a "
              "{actual_en}; every weekday of the column fits its dates with day and month the other way round: "
              "if the file writes them so, give --date-order {order} (or _date_order in the --map file), else "
              "correct the file",
        "ja": "{row}行目、列「{column}」: {value} は{weekday}曜日とありますが、読んだ日付 {date} は{actual}曜日です。"
              "この列の曜日は、日と月を逆に読むとすべて合います。ファイルがそう書いているなら --date-order {order} を"
              "指定してください（--map ファイルの _date_order でも指定できます）。そうでなければファイルを直してください"},
    "year_bad": {"en": "the year '{value}' must be a year such as 2026",
                 "ja": "年「{value}」は 2026 のような西暦で指定してください"},
    "date_order_bad": {"en": "date order '{value}' must be dmy (day first) or mdy (month first)",
                       "ja": "日付の順序「{value}」は dmy（日が先）または mdy（月が先）で指定してください"},
    # a column read from its values alone, not sure enough to be used unasked (ingest/infer.py)
    "column_in_doubt": {
        "en": "column \"{column}\" looks like {field} from its values, but only {confidence} sure; if it is, "
              "give a mapping file (--map) holding these lines:\n{toml}",
        "ja": "列「{column}」は値から {field} と思われますが、確からしさは {confidence} です。そのとおりなら、"
              "次の行を書いたマッピングファイルを --map で指定してください:\n{toml}"},
    # ... and two columns whose values point to the field as much as each other (the takings and a till float)
    "column_in_doubt_rival": {
        "en": "columns \"{column}\" ({confidence} sure) and \"{rival}\" ({rival_confidence}) both look like {field} "
              "from their values; give a mapping file (--map) naming the one that is: these lines read \"{column}\" "
              "(for \"{rival}\", write its name in their place):\n{toml}",
        "ja": "列「{column}」（確からしさ {confidence}）と列「{rival}」（{rival_confidence}）は、どちらも値から {field} と"
              "思われます。どちらなのかをマッピングファイルで --map に指定してください。次の行は「{column}」とする場合です"
              "（「{rival}」なら列名を置き換えてください）:\n{toml}"},
    "sales_in_doubt_sheets": {
        "en": "no sales lines were read: {count} sheets look like sales lines from their values, but a column of "
              "each is not sure enough (column ~ field (how sure)):\n{listing}\nto read them, give a mapping file "
              "(--map) holding these lines (leave out the sheets that are not sales):\n{toml}",
        "ja": "売上明細を読み込めませんでした: {count} 枚のシートは値から売上明細と思われますが、それぞれの列の確からしさが"
              "足りません（列 ~ 項目（確からしさ））:\n{listing}\n読み込むには、次の行を書いたマッピングファイルを --map で"
              "指定してください（売上でないシートの行は除いてください）:\n{toml}"},
    # sheet-level notes
    "sheet_months_across": {
        "en": "sheet skipped: its columns are months ({months}), a layout not read ({rows} rows); give a budget or "
              "plan one month per row: month, store, then a column per KPI (or a KPI column and a value column)",
        "ja": "シートを読み飛ばしました: 列が月（{months}）の形式は読み込めません（{rows} 行）。予算・計画は 1 行に"
              "1 か月で、年月・店舗コードと指標ごとの列（または指標と値の列）にしてください"},
    "sheet_months_no_year": {
        "en": "sheet skipped: a budget with months as columns ({months}) whose year nothing tells ({rows} rows); "
              "write the year in the file's name or a title line (Budget 2026, 2026年度), or in the month headers "
              "(Apr 2026), or give it as _year in a mapping file (--map)",
        "ja": "シートを読み飛ばしました: 月が列の予算（{months}）ですが、年が分かりません（{rows} 行）。"
              "ファイル名かタイトル行（2026年度 予算など）か月の見出し（2026年4月など）に年を書くか、"
              "マッピングファイル（--map）の _year で指定してください"},
    "sheet_no_role": {"en": "sheet skipped: its columns fit no input table ({rows} rows)",
                      "ja": "シートを読み飛ばしました: 列がどの入力表にも当てはまりません（{rows} 行）"},
    "sheet_no_role_near": {"en": "sheet skipped: its columns fit no input table — nearest to {near}, but no "
                                 "{missing} ({rows} rows)",
                           "ja": "シートを読み飛ばしました: 列がどの入力表にも当てはまりません。{near}に近いものの、"
                                 "{missing}がありません（{rows} 行）"},
    "sheet_column_doubt_rival": {
        "en": "columns \"{column}\" ({confidence} sure) and \"{rival}\" ({rival_confidence}) both look like {field} "
              "from their values: choose the one that is with Columns…",
        "ja": "列「{column}」（確からしさ {confidence}）と列「{rival}」（{rival_confidence}）は、どちらも値から {field} と"
              "思われます。「列の対応…」でどちらかを選んでください"},
    "sheet_column_doubt": {"en": "column \"{column}\" looks like {field} from its values, but only {confidence} sure: "
                                 "check it with Columns…",
                           "ja": "列「{column}」は値から {field} と思われますが、確からしさは {confidence} です。"
                                 "「列の対応…」で確認してください"},
    "sheet_hidden": {"en": "hidden sheet skipped", "ja": "非表示シートを読み飛ばしました"},
    "sheet_missing_field": {"en": "sheet skipped: no column for required field '{field}'",
                            "ja": "シートを読み飛ばしました: 必須項目「{field}」の列がありません"},
    # row-level problems
    "row_date_bad": {"en": "date '{value}' is not a date", "ja": "日付「{value}」を日付として読めません"},
    "row_date_missing": {"en": "date is empty", "ja": "日付が空です"},
    "row_month_bad": {"en": "month '{value}' is not a month", "ja": "年月「{value}」を年月として読めません"},
    "row_number_bad": {"en": "{field} '{value}' is not a number", "ja": "{field}「{value}」を数値として読めません"},
    "row_number_missing": {"en": "{field} is empty or an error cell", "ja": "{field}が空かエラー値です"},
    "row_store_missing": {"en": "store is empty", "ja": "店舗が空です"},
    "row_sku_missing": {"en": "SKU is empty", "ja": "商品コードが空です"},
    "row_store_marker": {"en": "store '{value}' names no store", "ja": "店舗「{value}」は店舗を表していません"},
    "row_total": {"en": "totals row, not counted", "ja": "合計行のため集計しません"},
    "row_tax_rate_no_column": {
        "en": "its amount includes tax ('{column}') but no tax rate tells how much: write the rate with the type "
              "(内税10%) or in a tax-rate column (税率: 8% or 10%)",
        "ja": "「{column}」が内税（税込）ですが、税率がないため税抜の売上が分かりません。区分に税率を書く（内税10%）か、"
              "税率の列（税率: 8% または 10%）を加えてください"},
    "row_tax_rate_missing": {
        "en": "its amount includes tax ('{column}') but no tax rate tells how much: write the rate in '{rate}' "
              "(8% or 10%)",
        "ja": "「{column}」が内税（税込）ですが、税率がないため税抜の売上が分かりません。「{rate}」に税率（8% または 10%）を"
              "入れてください"},
    "row_tax_blank": {
        "en": "its tax cell ('{column}') is blank while other lines give their tax, and no quantity × unit price "
              "before tax tells the sale without it; write the tax (0 where there is none)",
        "ja": "税の列「{column}」が空欄です（ほかの行には税があります）。税抜の数量 × 単価からも税抜の売上が分からないため"
              "集計しません。税額を入れてください（税がなければ 0）"},
    "row_title_again": {"en": "a title line above the header row again (files put one after another), not a line",
                        "ja": "繰り返された見出し行の上の表題行（ファイルをつなげたもの）のため、明細ではありません"},
    "row_header_again": {"en": "the header row again (files put one after another), not a line",
                         "ja": "見出し行の繰り返し（ファイルをつなげたもの）のため、明細ではありません"},
    "warn_same_header": {
        "en": "columns {columns} share the header '{column}': column {used} is read as {field}, the others are not; "
              "if another one holds it, give the columns different headers",
        "ja": "列 {columns} は同じ見出し「{column}」です。{field}として列 {used} を読み込み、ほかの列は読み込んで"
              "いません。ほかの列が正しい場合は、見出しを別々にしてください"},
    "row_error_cell": {"en": "{field} is an error cell ({value})", "ja": "{field}がエラー値です（{value}）"},
    "row_formula_uncached": {"en": "{field} is a formula with no saved result (open the file in Excel and save it)",
                             "ja": "{field}は計算結果が保存されていない数式です（Excel で開いて保存してください）"},
    "row_fields_extra": {"en": "the line has {count} fields but the header {header}: an unquoted separator has "
                               "shifted its values", "ja": "この行は項目数が {count} で見出しの {header} より多く、"
                               "区切り文字のずれで値が正しく読めません"},
    "row_fields_fewer": {"en": "the line has {count} fields but the header {header}, and a line among the file's "
                               "first has more: not read as a sale",
                         "ja": "この行は項目数が {count} で見出しの {header} より少なく、ファイル冒頭に項目数の多い行も"
                               "あるため、売上として読んでいません"},
    "row_budget_no_kpi": {"en": "budget figures without a KPI name beside them: not read",
                          "ja": "指標名のない予算の数値です。読み込みませんでした"},
    "note_budget_label_column": {
        "en": "column '{column}' holds words, not budget figures: read as a label of the rows, whose budgets are "
              "added up per store and month",
        "ja": "列「{column}」は数値ではなく文字のため、行の区分として扱い、店舗・月ごとに予算を合算しました"},
    "warn_total_budget_set_aside": {
        "en": "no total budget of {kpi} for {month}: a store's budget of it was given twice with different values",
        "ja": "{month}の{kpi}は全店の予算がありません（店舗の予算が異なる値で二度書かれています）"},
    "row_repeat_row": {"en": "the same row as row {first} of {other}: counted once, there",
                       "ja": "{other} の {first} 行目と同じ行のため、重複として使いません"},
    "row_traffic_month_of_days": {
        "en": "the month's traffic of store {store} for {month} is the sum of its days in {other}: counted once, "
              "by day",
        "ja": "{store} の {month} の来店データは {other} の日別の合計と同じため、日別で一度だけ集計します"},
    "row_traffic_month_not_days": {
        "en": "the month's {field} of store {store} for {month}, {value}, is not the sum of its days in {other}, "
              "{days} (difference {difference}): not used, the days (the counter's own record) are",
        "ja": "{store} の {month} の{field} {value} は {other} の日別の合計 {days} と異なります（差 {difference}）。"
              "この月の行は使わず、日別の値（カウンターの記録）を集計します"},
    "note_repeat_month_of_days": {
        "en": "{rows} monthly traffic rows are the sum of their days in {other}: counted once, by day",
        "ja": "月別の来店データ {rows} 行は {other} の日別の合計と同じため、日別で一度だけ集計しました"},
    "warn_traffic_month_not_days": {
        "en": "{rows} monthly traffic rows are not the sum of their days in {other}: the days are used; check "
              "which is right",
        "ja": "月別の来店データ {rows} 行が {other} の日別の合計と異なります。日別の値を集計しました。"
              "どちらが正しいか確認してください"},
    "note_traffic_month_beside_days": {
        "en": "store {store}, {month}: {fields} taken from the days in {other}; the month's other figures from "
              "this row",
        "ja": "{store} の {month}: {fields}は {other} の日別の値を使い、それ以外はこの行から読みました"},
    "note_repeat_sheet": {
        "en": "sheet '{sheet}' is a copy of sheet '{other}' ({rows} rows, every one the same): counted once, there",
        "ja": "シート「{sheet}」はシート「{other}」の写し（{rows} 行すべて同じ）のため、重複として一度だけ集計しました"},
    "row_finance_repeat": {
        "en": "{fields} for {month}{store} is already in row {first} of {other}: counted once, there",
        "ja": "{month}{store} の{fields}は {other} の {first} 行目と同じため、重複として使いません"},
    "row_finance_conflict": {
        "en": "{fields} for {month}{store} is also in row {first} of {other} with another value ({was}; here "
              "{value}): neither is used, keep one",
        "ja": "{month}{store} の{fields}は {other} の {first} 行目に別の値（{was}。この行は {value}）で載っています。"
              "どちらも使いません。一方だけにしてください"},
    "note_repeat_finance": {
        "en": "{rows} rows give finance figures an earlier sheet gives the same: counted once, there",
        "ja": "{rows} 行は先に読んだシートと同じ財務の数値のため、重複として一度だけ集計しました"},
    "warn_roe_set_aside": {
        "en": "ROE and ROA for {period} are left empty: the net income of {months}, within the 12 months they add "
              "up, was set aside (two files give it with different values), and the other months alone are not "
              "the 12 months' income",
        "ja": "{period}の ROE・ROA は空欄にしました。合計する直近12か月のうち {months} の当期純利益が、2 つのファイルで"
              "値が異なるため使われておらず、残りの月だけでは12か月分になりません"},
    "warn_ytd_set_aside": {
        "en": "the year to date of operating expenses (and the profit after them) to {period} is left empty: the "
              "figure of {months} was set aside (two files give it with different values)",
        "ja": "{period}までの販管費（とそれを引いた利益）の年度累計は空欄にしました。{months} の値が 2 つのファイルで"
              "異なり、使われていません"},
    "warn_finance_set_aside": {
        "en": "{field} for {month} is left empty: two sheets give it with different values (see the rows named)",
        "ja": "{month} の{field}は空欄にしました。2 つのシートが別の値で載せています（各行を参照）"},
    "note_decimal_comma_headers": {
        "en": "the number columns show no decimal mark: {example} is read as {read}, as the headers ('{header}') are "
              "in a language that writes decimal commas (1.234,56)",
        "ja": "数値の列に小数点の書き方が見えません。見出し（「{header}」）が小数点にコンマを使う言語（1.234,56）のため、"
              "{example} を {read} と読みました"},
    "note_repeat_rows": {"en": "{rows} rows are the same as in {other}: counted once, there",
                         "ja": "{other} と同じ行 {rows} 行を重複として除きました"},
    "warn_total_budget_part": {
        "en": "the company's {kpi} for {month} is the sum of the store budgets given: {stores} sold that month "
              "without one, so the company's actual includes sales its budget does not",
        "ja": "{month}の全社の{kpi}は、与えられた店舗予算の合計です。{stores} はその月に売上がありますが予算がないため、"
              "全社の実績には予算に含まれない売上が入っています"},
    "note_unit_cost_from_value": {
        "en": "unit costs of {rows} stock rows worked out as {column} ÷ the quantity on hand ({column} read as the "
              "stock's value at cost)",
        "ja": "在庫 {rows} 行の原単価を「{column}」÷ 在庫数で求めました（「{column}」を原価での在庫金額として読んでいます）"},
    "note_unit_cost_from_master": {
        "en": "unit costs of {rows} stock rows taken from the product master (the stock file gives none for them)",
        "ja": "在庫 {rows} 行の原単価を商品マスタから取りました（在庫ファイルに原単価がないため）"},
    "warn_stock_without_cost": {
        "en": "the stock value for {period} is left empty at {stores}: {rows} stock rows have no unit cost (give a "
              "unit cost or a value at cost in the stock file, or unit costs in a product master)",
        "ja": "{period} の在庫金額は {stores} で空欄です。在庫 {rows} 行に原単価がありません（在庫ファイルに原単価か原価の"
              "在庫金額を、または商品マスタに原単価を加えてください）"},
    "row_account_in_opex_line": {"en": "account '{value}' is counted in the sheet's opex line (its total)",
                                 "ja": "勘定科目「{value}」はシートの販管費の合計行に含まれるため、そちらで集計します"},
    "row_account_group": {"en": "account '{value}' is the total of its own accounts, listed too: counted from them",
                          "ja": "勘定科目「{value}」は、ほかに並ぶ内訳の科目の合計のため、内訳から集計します"},
    "row_account_not_read": {"en": "account '{value}' is not one the pack reads (opex, net income, equity, total "
                                    "assets)",
                             "ja": "勘定科目「{value}」はレポートで使う科目（販管費・当期純利益・純資産・総資産）ではありません"},
    "row_budget_repeat": {"en": "budget {budget} is already in row {first} of {other}: counted once, there",
                          "ja": "予算（{budget}）は {other} の {first} 行目と同じため、重複として使いません"},
    "row_budget_conflict": {
        "en": "budget {budget} is also in row {first} of {other} with another value ({was}; here {value}): "
              "neither is used, keep one budget",
        "ja": "予算（{budget}）は {other} の {first} 行目に別の値（{was}。この行は {value}）で載っています。"
              "どちらも使いません。予算を一つにしてください"},
    "row_kpi_unknown": {"en": "budget KPI '{value}' is unknown", "ja": "予算の指標「{value}」が不明です"},
    # known export layouts (export_profiles)
    "row_not_sale_status": {"en": "not a sale: {column} is '{value}'", "ja": "売上ではありません（{column}が「{value}」）"},
    "row_not_sale_status_when": {"en": "not a sale: {column} is '{value}' and {other} is '{other_value}'",
                                 "ja": "売上ではありません（{column}が「{value}」で{other}が「{other_value}」）"},
    "row_gift_card": {"en": "not a sale of goods: {column} '{value}' is a gift card or voucher sold (a sale when it is spent)",
                      "ja": "商品の売上ではありません（{column}「{value}」はギフトカード・商品券の販売で、使われたときに売上になります）"},
    "row_payment_line": {"en": "not a sale of goods: {column} '{value}' is how the receipt was paid (money handed "
                               "over or change given), written as a line",
                         "ja": "商品の売上ではありません（{column}「{value}」は支払い・お釣りの行です）"},
    "row_tax_line": {"en": "not a sale of goods: {column} '{value}' is the receipt's tax written as a line",
                     "ja": "商品の売上ではありません（{column}「{value}」は取引の消費税を行にしたものです）"},
    "row_charge_line": {"en": "not a sale of goods: {column} '{value}' is a charge beside the goods (shipping, a tip, a fee)",
                        "ja": "商品の売上ではありません（{column}「{value}」は送料・チップ・手数料など商品以外の料金です）"},
    "row_cancelled_by": {"en": "not counted: row {row} ({column} '{value}') takes back this line of its receipt",
                         "ja": "集計しません（{row} 行目の{column}「{value}」でこの取引の行が取り消されています）"},
    "row_cancel_line": {"en": "not a sale: {column} '{value}' takes back the lines of receipt {receipt}, which are "
                              "not counted either",
                        "ja": "売上ではありません（{column}「{value}」は取引 {receipt} の行を取り消すもので、取り消された行も"
                              "集計しません）"},
    "row_cancel_unmatched": {
        "en": "not counted: {column} '{value}' takes back receipt {receipt}, but no line of that receipt is in this "
              "sheet (if it was counted in another file or month, correct that figure there)",
        "ja": "集計しません（{column}「{value}」は取引 {receipt} を取り消すものですが、このシートにその取引の行がありません。"
              "別のファイルや前月で集計済みなら、そちらで差し引いてください）"},
    "row_cancelled_later": {"en": "not a sale: receipt {receipt} was cancelled by a later line",
                            "ja": "売上ではありません（取引 {receipt} は後の行で取り消されています）"},
    "profile_ambiguous": {"en": "the columns fit more than one known export layout ({profiles}); "
                                "say how to read the sheet with --map",
                          "ja": "列が複数の既知の出力形式（{profiles}）に当てはまります。--map で読み方を指定してください"},
    # columns an export's rules add (the pack's column mapping names them)
    "derived_receipt_share": {"en": "({total}) shared by {by}", "ja": "（{total}）を{by}で按分"},
    "derived_receipt_once": {"en": "{total} (once per receipt)", "ja": "{total}（取引ごとに1回）"},
    "derived_formula": {"en": "{formula}", "ja": "{formula}"},
    "derived_part": {"en": "{column} ({part})", "ja": "{column}（{part}）"},
    "derived_row_receipt": {"en": "row number (one transaction per row)", "ja": "行番号（1行が1取引）"},
    "derived_file_date": {"en": "date in the file's name", "ja": "ファイル名の日付"},
    "derived_code": {"en": "{column} (code)", "ja": "{column}（コード）"},
    "derived_store_block": {"en": "store named above each block", "ja": "各ブロックの上の店舗名"},
    "derived_period_name": {"en": "period in the file's name", "ja": "ファイル名の期間"},
    "derived_period_title": {"en": "period in the title lines", "ja": "表題行の期間"},
    "derived_total_less": {"en": "{total} − {parts}", "ja": "{total} − {parts}"},
    "derived_line_tax_off": {"en": "{amount} less the tax of tax-included lines ({kind}, {rate})",
                             "ja": "{amount}（{kind}が内税の行は{rate}の税を除く）"},
    # an order-level export's refunds, written on the order without a date (ingest/export_profiles.py)
    "note_refunds_order_month": {
        "en": "{column}: the refunds of {orders} orders ({amount} of sales) were taken off those orders' lines, in "
              "the month of the order: the export does not say when they were refunded",
        "ja": "{column}: {orders} 件の注文の返金（売上 {amount}）は、その注文の明細から注文の月に差し引きました"
              "（エクスポートに返金の日付がないため）"},
    # refunds an export writes as rows of their own, on their own date (ingest/refund_months.py)
    "note_refunds_own_month": {
        "en": "{column}: the refunds ({count}, {amount} of sales) were taken off in the month of their own date, "
              "not in the month of the sale",
        "ja": "{column}: 返金 {count} 件（売上 {amount}）は、売上の月ではなく返金の日付の月に差し引きました"},
    "note_refunds_later_month": {
        "en": "{column}: the refunds ({count}, {amount} of sales) were taken off in the month of their own date, "
              "not in the month of the sale; {later} of them give back a sale of an earlier month (receipt "
              "{receipt}: sold in {earlier}, refunded in {month})",
        "ja": "{column}: 返金 {count} 件（売上 {amount}）は、売上の月ではなく返金の日付の月に差し引きました。うち "
              "{later} 件は前の月の売上の返金です（取引 {receipt}：{earlier}の売上を{month}に返金）"},
    "sheet_read_as": {"en": "read as {profile}; {tax}", "ja": "{profile}として読み込みました。{tax}"},
    "sheet_read_as_plain": {"en": "read as {profile}", "ja": "{profile}として読み込みました"},
    "tax_excluded": {"en": "net sales exclude tax", "ja": "売上は税抜です"},
    "tax_included": {"en": "net sales include tax: the export has no tax-excluded amount",
                     "ja": "売上は税込です（この出力には税抜の金額がありません）"},
    "tax_unknown": {"en": "net sales as exported: whether they include tax is not shown by the columns read",
                    "ja": "売上は出力どおりです（読み込んだ列からは税込か税抜かが分かりません）"},
    # a sales sheet read by its headers whose amount is not known to be tax-excluded (ingest/tax_basis.py)
    "note_sales_tax_included": {
        "en": "net sales were read from \"{column}\", which includes tax by its header (no tax-excluded amount "
              "in the sheet): the pack's sales of this sheet include tax",
        "ja": "売上金額は列「{column}」から読み込みました。見出しのとおり税込です（このシートに税抜の金額はありません）。"
              "このシートの売上は税込で集計しています"},
    # the pack's currency (currency.py)
    "note_currency_format": {
        "en": "column '{column}': its amounts are plain numbers whose cell format shows {currency} (a CSV export "
              "saved as a workbook keeps its currency sign there only)",
        "ja": "列「{column}」: 金額は数値ですが、セルの表示形式が {currency} を示しています（CSV を Excel で保存すると、"
              "通貨記号は表示形式にだけ残ります）"},
    "note_currency_shown": {
        "en": "the amounts are in {currency}, as their signs or header show; the pack is in {currency} "
              "(the currency setting, --currency, chooses another)",
        "ja": "金額は記号または見出しのとおり {currency} です。資料も {currency} で作成しています（別の通貨は設定の"
              "「通貨」、--currency で指定できます）"},
    "warn_currency_other": {
        "en": "the amounts show {shown}, but the currency set is {chosen}: the figures are taken as written, "
              "without conversion, and shown as {chosen}",
        "ja": "金額は {shown} と書かれていますが、設定の通貨は {chosen} です。換算せずに書かれた数値のまま "
              "{chosen} として表示しています"},
    "currency_mixed": {
        "en": "the sales are in more than one currency ({shown}); kpipack converts no currency: build each "
              "currency's files apart, or set the currency (--currency) if the signs are wrong",
        "ja": "売上が複数の通貨で書かれています（{shown}）。通貨の換算はしません。通貨ごとにファイルを分けて作成するか、"
              "記号が誤りであれば通貨を設定してください（--currency）"},
    "note_sales_tax_included_cells": {
        "en": "net sales were read from \"{column}\", whose cells say they include tax (such as 1,000円(税込)): the "
              "pack's sales of this sheet include tax",
        "ja": "売上金額は列「{column}」から読み込みました。セルに「税込」とあるため（1,000円(税込) など）、このシートの売上は"
              "税込で集計しています"},
    "note_sales_tax_mixed_cells": {
        "en": "net sales were read from \"{column}\", where some cells say they include tax (税込) and others that "
              "they exclude it (税抜): the amounts are added as written, so the sheet's sales mix both",
        "ja": "売上金額は列「{column}」から読み込みました。セルに「税込」とあるものと「税抜」とあるものが混在しており、"
              "書かれた金額のまま合計しています（税込と税抜が混ざった売上です）"},
    "note_days_of_period_name": {
        "en": "column '{column}' gives each row's day only: read as days of {month}, the month in the file's name",
        "ja": "列「{column}」は日だけを書いているため、ファイル名の年月 {month} の日として読みました"},
    "note_days_of_period_title": {
        "en": "column '{column}' gives each row's day only: read as days of {month}, the month in the lines of title "
              "above the table",
        "ja": "列「{column}」は日だけを書いているため、表の上の表題行にある年月 {month} の日として読みました"},
    "note_undated_period_name": {
        "en": "sales totals without dates (over a period, such as sales by product): read as the sales of {first} – "
              "{last}, the period in the file's name, each row dated {last}. Without receipts, transactions, average "
              "transaction value and customer figures cannot come from it",
        "ja": "日付のない売上の集計（期間の商品別売上など）です。ファイル名の期間 {first}～{last} の売上として、各行を "
              "{last} の日付で読み込みました。レシートがないため、客数・客単価・顧客の指標は出せません"},
    "note_undated_period_title": {
        "en": "sales totals without dates (over a period, such as sales by product): read as the sales of {first} – "
              "{last}, the period in the lines of title above the table, each row dated {last}. Without receipts, "
              "transactions, average transaction value and customer figures cannot come from it",
        "ja": "日付のない売上の集計（期間の商品別売上など）です。表の上の表題行にある期間 {first}～{last} の売上として、"
              "各行を {last} の日付で読み込みました。レシートがないため、客数・客単価・顧客の指標は出せません"},
    "sheet_undated_beside_lines": {
        "en": "sheet skipped: sales totals without dates for {month}, which other sheets give line by line: the same "
              "sales again, counted once, from the lines ({rows} rows)",
        "ja": "シートを読み飛ばしました: 日付のない売上の集計（{month}）で、同じ月の売上を他のシートが明細で持って"
              "います。二重に数えないよう、明細の方を使います（{rows} 行）"},
    "sheet_undated_months": {
        "en": "sheet skipped: sales totals without dates over {first} – {last}, more than one month, which cannot be "
              "put in a month: export one month per file ({rows} rows)",
        "ja": "シートを読み飛ばしました: 日付のない売上の集計で、期間 {first}～{last} が複数の月にわたるため月に振り"
              "分けられません。1か月ずつ出力してください（{rows} 行）"},
    "sheet_undated_no_period": {
        "en": "sales, but no date column: totals over a period (such as sales by product) are read as the month of "
              "their period, and neither the file's name nor its title lines give the period — keep the name the "
              "system gave the download (it carries the period), or put the period in it, as in "
              "\"sales 2026-10-01 to 2026-10-31.csv\"; sheet skipped ({rows} rows)",
        "ja": "売上明細の形ですが、日付の列がありません。期間の集計（商品別売上など）は期間の月の売上として読み込み"
              "ますが、ファイル名にも表題行にも期間がありません。ダウンロード時のファイル名（期間を含む）のまま使うか、"
              "「売上 2026-10-01～2026-10-31.csv」のように期間をファイル名に入れてください。シートを読み飛ばしました"
              "（{rows} 行）"},
    "note_sales_less_returns": {
        "en": "net sales worked out as \"{total}\" less \"{listed}\": the sales beside their returns, taken off "
              "whichever sign they are written with",
        "ja": "売上金額は列「{total}」から列「{listed}」（返品）を差し引いて求めました（返品の符号によらず差し引いています）"},
    "note_returns_column": {
        "en": "column \"{column}\" holds returns: its amounts are taken off the sales (made negative)",
        "ja": "列「{column}」は返品の金額のため、売上から差し引きました（マイナスとして集計）"},
    "note_sales_less_tax": {
        "en": "net sales worked out as \"{total}\" less \"{listed}\": the amounts include tax, and the sheet gives "
              "each line's tax",
        "ja": "売上金額は列「{total}」から列「{listed}」を差し引いて求めました（税込の金額から各行の税を除き、税抜で"
              "集計します）"},
    "note_summed_columns": {
        "en": "{field} is the sum of the columns {columns}",
        "ja": "{field}は列 {columns} の合計です"},
    "note_opex_from_accounts": {
        "en": "opex is the sum of the expense accounts {accounts}: the sheet has no opex (SG&A) line of their total",
        "ja": "販管費は経費の科目 {accounts} の合計です（販管費の合計行がないため）"},
    "note_sales_less_discount": {
        "en": "net sales worked out as \"{total}\" less {listed}: the amount is before discounts (by its name, or as "
              "quantity × unit price on the discounted lines), and net sales are after them",
        "ja": "売上金額は「{total}」から {listed} を差し引いて求めました（金額は値引前と判断しました：見出し、または値引の"
              "ある行が数量 × 単価であることから。売上は値引後で集計します）"},
    "derived_qty_times_price": {"en": "{qty} × {price}", "ja": "{qty} × {price}"},
    "note_discount_after": {
        "en": "column \"{column}\" is not taken off \"{amount}\": on every discounted line the amount is already "
              "\"{qty}\" × \"{price}\" less the discount",
        "ja": "列「{column}」は「{amount}」から差し引いていません。値引のある行はすべて「{qty}」×「{price}」から値引を"
              "引いた金額になっており、値引後の金額のためです"},
    "note_discount_unknown": {
        "en": "column \"{column}\" is not taken off \"{amount}\": the file does not show whether the amount is before or "
              "after discounts, and it is read as after them. If it is before, give a column of the amount after "
              "discounts, or a unit price and quantity beside it",
        "ja": "列「{column}」は「{amount}」から差し引いていません。金額が値引前か値引後かがファイルから分からないため、"
              "値引後の金額として集計しています。値引前の金額であれば、値引後の金額の列、または数量と単価の列を加えて"
              "ください"},
    "note_total_less_parts": {
        "en": "net sales worked out as \"{total}\" less {listed}: the order's total holds them, and they are not "
              "sales of goods",
        "ja": "売上金額は列「{total}」から {listed} を差し引いて求めました（注文の合計に含まれる税・チップ・送料などは"
              "商品の売上ではないため）"},
    "note_sales_total_whole": {
        "en": "net sales were read from \"{column}\", the order's whole total: the file has no column for the tax, "
              "tips or shipping in it, so whatever it holds of them is counted as sales (give a tax-excluded column, "
              "or the Tax / Tip / Shipping columns, to take them out)",
        "ja": "売上金額は列「{column}」（注文の合計）から読み込みました。税・チップ・送料の列がないため、合計に含まれる"
              "それらも売上として集計しています（税抜の列、または税・チップ・送料の列があれば差し引きます）"},
    "note_sales_tax_unknown": {
        "en": "net sales were read from \"{column}\", whose header does not say whether it includes tax: the amounts "
              "are taken as written (give a tax-excluded column, or name it 税抜 / excl. tax, to be sure)",
        "ja": "売上金額は列「{column}」から読み込みました。見出しからは税込か税抜かが分かりません。書かれた金額のまま"
              "集計しています（税抜の列があればそれを、なければ見出しに「税抜」「税込」を付けてください）"},
    "sheet_read_as_note": {"en": "read as {profile}; {tax}; {note}", "ja": "{profile}として読み込みました。{tax}。{note}"},
    "row_file_name_undated": {"en": "the export has no dates and the file's name ({file}) holds none: keep the name "
                                    "it was downloaded with (it carries the date), or add the date to it",
                              "ja": "この出力には日付がなく、ファイル名（{file}）にも日付がありません。ダウンロード時の"
                                    "ファイル名（日付を含む）のまま使うか、名前に日付を加えてください"},
    "row_period_months": {"en": "the file's name gives a period from {first} to {last}, more than one month: its "
                                "totals cannot be put in a month (export one month per file)",
                          "ja": "ファイル名の期間が {first} から {last} で1か月を超えるため、合計を月に割り当てられません"
                                "（1か月ごとに出力してください）"},
    # warnings (row kept)
    "warn_column_from_values": {"en": "column \"{column}\" read as {field} from its values ({confidence} sure)",
                                "ja": "列「{column}」を値から {field} として読み込みました（確からしさ {confidence}）"},
    "warn_no_cost": {"en": "no cost for this line: gross profit of {scope} {month} is left empty",
                     "ja": "原価がありません: {scope} {month} の粗利は空欄になります"},
    # stock-take reconciliation and count sheets
    "warn_reason_unknown": {
        "en": "adjustment reason '{value}' is not damage, expiry, theft, sample or transfer: shown as other",
        "ja": "調整理由「{value}」は破損・期限切れ・盗難・サンプル・移動のいずれでもないため「その他」に含めます"},
    "warn_count_no_book": {
        "en": "{lines} counted lines of store {store} for {month} have no book qty, and no stock file gives the "
              "store's stock that month: its shrink is left empty (give a book qty column, or the month's stock "
              "file)",
        "ja": "店舗 {store} の {month} の棚卸 {lines} 行に帳簿数がなく、その月の店舗の在庫ファイルもありません: "
              "棚卸ロス額は空欄になります（帳簿数の列か、その月の在庫ファイルを入れてください）"},
    "warn_count_no_cost": {"en": "no unit cost for SKU {sku}: the shrink of store {store} for {month} is left empty",
                           "ja": "商品 {sku} の原単価がありません: 店舗 {store} の {month} の棚卸ロス額は空欄になります"},
    "warn_movement_no_cost": {"en": "no cost for SKU {sku} (store {store}): the roll-forward of the store is left out",
                              "ja": "商品 {sku}（店舗 {store}）の原価がありません: この店舗の在庫受払は計算しません"},
    "rf_no_receipts": {"en": "No receipts (goods received) table in the inputs, so only book vs count is shown",
                       "ja": "入力に入荷（仕入）データがないため、帳簿と実棚の比較のみ表示します"},
    "rf_no_receipts_store": {"en": "{store}: no receipts from {first} to {last}, so only book vs count is shown",
                             "ja": "{store}: {first}〜{last} の入荷データがないため、帳簿と実棚の比較のみ表示します"},
    "rf_receipts_late": {"en": "{store}: the receipts start on {first}, after the opening stock of {date}",
                         "ja": "{store}: 入荷データが {first} からしかなく、期首在庫（{date}）以降を網羅していません"},
    "rf_no_opening": {"en": "{store}: no opening stock (neither a count nor a month-end book stock for {month})",
                      "ja": "{store}: 期首在庫がありません（{month} の棚卸も月末帳簿在庫もありません）"},
    "rf_opening_no_cost": {"en": "{store}: the opening stock of {date} has lines without a unit cost",
                           "ja": "{store}: 期首在庫（{date}）に原単価のない行があります"},
    "rf_receipts_no_cost": {"en": "{store}: {rows} receipt rows have no cost", "ja": "{store}: 原価のない入荷行が {rows} 行あります"},
    "rf_cogs_missing": {"en": "{store}: {rows} sales lines in the count period have no cost",
                        "ja": "{store}: 棚卸対象期間に原価のない売上明細が {rows} 行あります"},
    "rf_adjustments_no_cost": {"en": "{store}: {rows} adjustment rows have no cost",
                               "ja": "{store}: 原価のない在庫調整行が {rows} 行あります"},
    "rf_counts_no_cost": {"en": "{store}: some counted lines have no unit cost",
                          "ja": "{store}: 原単価のない棚卸行があります"},
    # campaigns (the campaign's row is left out of the campaign-effect figures)
    "row_campaign_missing": {"en": "campaign name is empty", "ja": "施策名が空です"},
    "campaign_end_before_start": {"en": "campaign '{name}' ends ({end}) before it starts ({start}): left out",
                                  "ja": "施策「{name}」の終了日（{end}）が開始日（{start}）より前のため除外しました"},
    "campaign_dates_differ": {"en": "campaign '{name}' has other dates here ({start}〜{end}) than on row {first}: "
                                    "this row is left out",
                              "ja": "施策「{name}」の期間（{start}〜{end}）が {first} 行目と異なるため、この行を除外しました"},
    "campaign_outside_data": {"en": "campaign '{name}' needs sales from {first} to {last} (its days and as many "
                                    "before), but the sales data runs from {data_first} to {data_last}: left out",
                              "ja": "施策「{name}」の効果測定には {first}〜{last}（実施期間とその直前の同日数）の売上が必要ですが、"
                                    "売上データは {data_first}〜{data_last} のため除外しました"},
    "campaign_overlap": {"en": "campaign '{name}' overlaps campaign '{other}' (same days, stores and products): "
                               "its effect cannot be told apart, left out",
                         "ja": "施策「{name}」は施策「{other}」と期間・店舗・商品が重なり効果を切り分けられないため除外しました"},
    "campaign_in_control": {"en": "campaign '{name}': its comparison group holds the stores and products of "
                                  "campaign {others} on some of its days: its uplift is measured all the same, "
                                  "read it with care",
                            "ja": "施策「{name}」: 比較群に施策「{others}」の店舗・商品が一部の日に含まれます。"
                                  "効果は測定しましたが、伸び率は参考値としてご覧ください"},
    "campaign_unknown_store": {"en": "campaign '{name}': store '{value}' has no sales in the data: row left out",
                               "ja": "施策「{name}」: 店舗「{value}」の売上がデータにないため、この行を除外しました"},
    "campaign_unknown_sku": {"en": "campaign '{name}': SKU '{value}' is not in the sales or stock data: row left out",
                             "ja": "施策「{name}」: 商品コード「{value}」が売上・在庫データにないため、この行を除外しました"},
    "campaign_unknown_category": {"en": "campaign '{name}': category '{value}' is not in the data: row left out",
                                  "ja": "施策「{name}」: 部門「{value}」がデータにないため、この行を除外しました"},
    "bad_date": {"en": "'{value}' is not a date like 2026-10-31", "ja": "「{value}」は 2026-10-31 の形式の日付ではありません"},
    "bad_tolerance": {"en": "shrink tolerance '{value}' must be a percentage such as 1.5 or 化粧品=3",
                      "ja": "ロス許容率「{value}」は 1.5 や 化粧品=3 のように % の数値で指定してください"},
    "count_no_inventory": {"en": "no book stock (inventory) sheet was found in the inputs",
                           "ja": "入力に帳簿在庫（在庫表）のシートがありません"},
    "count_store_unknown": {"en": "store '{store}' is not in the book stock (stores: {stores})",
                            "ja": "店舗「{store}」は帳簿在庫にありません（店舗: {stores}）"},
    "count_no_snapshot": {"en": "store '{store}' has no book stock on or before {date} (first: {first})",
                          "ja": "店舗「{store}」には {date} 以前の帳簿在庫がありません（最初の基準日: {first}）"},
    "count_no_names": {"en": "the book stock has no product names: give the sales workbook too to print them",
                       "ja": "帳簿在庫に商品名がありません。商品名を印字するには売上明細のファイルも指定してください"},
    "count_snapshot_other_month": {
        "en": "the book stock is of {snapshot}, another month than the count ({date}): on import the book "
              "quantities come from the book stock of the count's month",
        "ja": "帳簿在庫の基準日 {snapshot} が棚卸日 {date} と別の月です。取り込み時の帳簿数は棚卸日の月の帳簿在庫から取ります"},
    # the command line's progress display (cli_progress)
    "stage_reading": {"en": "Reading", "ja": "読み込み中"},
    "stage_computing": {"en": "Computing KPIs", "ja": "KPI を計算中"},
    "stage_writing": {"en": "Writing the pack", "ja": "レポートを書き出し中"},
    "stage_done": {"en": "Done", "ja": "完了"},
    "rows_read": {"en": "{rows} rows read", "ja": "{rows} 行を読み込みました"},
    "text_converting": {"en": "{file}: text converted to UTF-8 for the query engine, {done} of {size} MB",
                        "ja": "{file}: クエリエンジン用に文字コードを UTF-8 に変換中 ({done} / {size} MB)"},
    "text_lf_copy": {"en": "{file}: line breaks of several kinds made one for the query engine, {done} of {size} MB",
                     "ja": "{file}: クエリエンジン用に混在する改行コードを統一中 ({done} / {size} MB)"},
    # sales lines the query engine reads straight from Parquet and big CSV files (kpis/linefiles)
    "engine_read_row": {"en": "line {row} cannot be read ({detail}); nothing was written",
                        "ja": "{row} 行目を読み込めません（{detail}）。何も書き出していません"},
    "engine_read_number": {"en": "line {row}: {column} holds \"{value}\", no number as in the lines before it (the "
                                 "column's type changes there); nothing was written",
                           "ja": "{row} 行目: {column} 列の「{value}」は、それまでの行と違って数値ではありません（列の型が"
                                 "ここで変わっています）。何も書き出していません"},
    "engine_read_date": {"en": "line {row}: {column} holds \"{value}\", no date as in the lines before it (the "
                               "column's type changes there); nothing was written",
                         "ja": "{row} 行目: {column} 列の「{value}」は、それまでの行と違って日付ではありません（列の型が"
                               "ここで変わっています）。何も書き出していません"},
    "engine_read_cut": {"en": "the file ends in the middle of line {row}: it is cut off (a download or copy that did not "
                              "finish?); nothing was written",
                        "ja": "{row} 行目の途中でファイルが終わっています（ダウンロードかコピーが途中で止まったようです）。"
                              "何も書き出していません"},
    "engine_parquet_damaged": {"en": "is no whole Parquet file (cut off or damaged: {detail}); nothing was written",
                               "ja": "完全な Parquet ファイルではありません（途中で切れているか壊れています: {detail}）。"
                                     "何も書き出していません"},
    "engine_read": {"en": "cannot be read ({detail}); nothing was written",
                    "ja": "読み込めません（{detail}）。何も書き出していません"},
    "engine_undated": {"en": "sales totals without dates, and the file's name gives no single month to read them as: "
                             "keep the name the system gave the download (it carries the period), or put the month "
                             "in it, as in \"sales 2026-10.parquet\"",
                       "ja": "日付のない売上の集計で、ファイル名から1か月の期間が分かりません。ダウンロード時のファイル名"
                             "（期間を含む）のまま使うか、「sales 2026-10.parquet」のように月をファイル名に入れてください"},
    "engine_not_sales": {"en": "a Parquet file must hold sales lines with a date and net sales",
                         "ja": "Parquet ファイルには日付と売上金額のある売上明細が必要です"},
    "engine_priced_discount": {
        "en": "it has no amount column, only {qty} × {price}, and a discount column ({discount}) to take off that "
              "product, which only the importer does, and it reads no Parquet: add the amount after discount as a "
              "column, or give the lines as CSV",
        "ja": "金額の列がなく、{qty} × {price} とその積から引く値引の列（{discount}）があります。値引を引くのは取り込み"
              "処理だけで、取り込み処理は Parquet を読みません。値引後の金額を列として加えるか、明細を CSV で指定してください"},
    "engine_known_export": {
        "en": "laid out as {profile_en}, whose rules (what a row is, which rows are voids or refunds) only the "
              "importer applies, and it reads no Parquet: give the export as the system wrote it (CSV or workbook)",
        "ja": "{profile_ja}の形式です。その規則（1 行が何か、どの行が取消・返金か）は取り込み処理だけが適用し、"
              "取り込み処理は Parquet を読みません。システムが出力したままのファイル（CSV かワークブック）を指定してください"},
    "engine_spark_titles": {
        "en": "its header is on line {row}, under lines of title, and Spark reads the header from the first line: "
              "delete the lines above the header, or build without --engine spark",
        "ja": "見出しが {row} 行目にあり、上にタイトル行があります。Spark は 1 行目を見出しとして読みます。"
              "見出しより上の行を削除するか、--engine spark を付けずに作成してください"},
    "engine_schema": {"en": "its columns differ from those of {first}: give the files of one export layout together",
                      "ja": "列が {first} と異なります。同じ出力形式のファイルをまとめて指定してください"},
    "engine_schema_type": {"en": "{columns} stored with another type than in {first}",
                           "ja": "{columns} の型が {first} と異なります"},
    "engine_time_zones": {
        "en": "column '{column}' holds times in the time zone {zone}, those of {first} in {first_zone}: their days "
              "would not agree; give files of one time zone together",
        "ja": "列「{column}」の時刻のタイムゾーン（{zone}）が {first} の（{first_zone}）と異なり、日付が揃いません。"
              "同じタイムゾーンのファイルをまとめて指定してください"},
    "engine_spark_missing": {"en": "--engine spark needs the spark extra (pip install 'kpipack[spark]') and Java 17",
                             "ja": "--engine spark には spark 追加機能（pip install 'kpipack[spark]'）と Java 17 が必要です"},
    "engine_mixed": {"en": "sales lines come both from workbooks and from Parquet or big CSV files: give them in one form",
                     "ja": "売上明細がブックと Parquet・大きな CSV の両方にあります。どちらか一方にしてください"},
    # product master, purchase orders and the order list
    "warn_lead_time_bad": {"en": "lead time '{value}' is below 0: the default of {default} days is used",
                           "ja": "リードタイム「{value}」が 0 未満のため、既定値 {default} 日を使います"},
    "warn_case_pack_bad": {"en": "case pack '{value}' is not above 0: ordered in single units ({default})",
                           "ja": "ケース入数「{value}」が 0 以下のため、1 個単位（{default}）で発注数を計算します"},
    "warn_min_order_bad": {"en": "minimum order '{value}' is below 0: no minimum ({default}) is used",
                           "ja": "最低発注数「{value}」が 0 未満のため、最低発注数なし（{default}）で計算します"},
    "warn_order_value_unread": {
        "en": "{field} '{value}' is not a number: this product takes the default (lead time from the settings, "
              "case pack 1, no minimum order)",
        "ja": "{field}「{value}」を数値として読めないため、この商品には既定値（リードタイムは設定値、入数 1、"
              "最低発注数なし）を使います"},
    "warn_season_bad": {"en": "season end {end} is before its start {start}: the season dates are not used",
                        "ja": "販売終了日 {end} が販売開始日 {start} より前のため、シーズン期間を使いません"},
    "warn_product_repeated": {"en": "SKU {sku} is listed again further down the product master: the last row is used",
                              "ja": "商品 {sku} が商品マスタに重複しています。最後の行を使います"},
    "warn_product_not_in_master": {
        "en": "SKU {sku} is not in the product master: ordered as a staple with the default lead time, case pack 1 "
              "and no minimum order", "ja": "商品 {sku} が商品マスタにありません。定番品として既定のリードタイム・"
              "入数 1・最低発注数なしで発注数を計算します"},
    "warn_snapshot_repeated": {"en": "a second stock row for SKU {sku} on {date}: the last row is used",
                               "ja": "商品 {sku} の {date} の在庫行が重複しています。最後の行を使います"},
    "more_notes": {"en": "{count} more notes on the order workbook's Notes sheet",
                   "ja": "ほか {count} 件の注意事項は発注ワークブックの「注意事項」シートにあります"},
    "warn_on_hand_unknown": {
        "en": "{count} store × SKU pairs have no stock figure on {as_of} (no stock count or snapshot for them): "
              "their on hand is taken as 0, so each order quantity is the whole order-up-to level. "
              "Add a stock file to order from the stock really there",
        "ja": "{count} 件の店舗×商品に {as_of} 時点の在庫数がありません（在庫データがありません）。在庫 0 として"
              "補充点までの全量を推奨発注数にしています。実際の在庫から発注するには在庫ファイルを加えてください"},
    "warn_short_history": {
        "en": "{count} store × SKU pairs have fewer than {days} days of sales history up to {as_of} "
              "(the shortest {shortest} days): their daily average, spread and order quantities rest on few days",
        "ja": "{count} 件の店舗×商品は {as_of} までの販売履歴が {days} 日未満です（最短 {shortest} 日）。"
              "日販平均・ばらつき・推奨発注数は少ない日数から計算されています"},
    "orders_no_data": {"en": "no order list can be made: the sales lines need a SKU and a quantity column",
                       "ja": "発注リストを作成できません。売上明細に商品コードと数量の列が必要です"},
    "warn_osa_no_movements": {
        "en": "on-shelf availability is left empty: it needs goods received (receipts) or daily stock snapshots",
        "ja": "店頭在庫率（OSA）は空欄です。計算には入荷データか日次の在庫データが必要です"},
    # the whole build: kpipack's own outputs among the inputs, sales read twice, nothing usable
    # the store master: one row per store (ingest.store_rows)
    "row_store_repeat": {"en": "store {store} is already in row {first} of {other}: counted once, there",
                         "ja": "店舗 {store} は {other} の {first} 行目と同じ行のため、重複として使いません"},
    "row_store_conflict": {
        "en": "store {store} is already in row {first} of {other} with another value ({was}; here {value}): "
              "neither is used, correct the store master",
        "ja": "店舗 {store} は {other} の {first} 行目に別の値（{was}。この行は {value}）で載っています。"
              "どちらも使いません。店舗マスタを直してください"},
    "warn_traffic_without_sales": {
        "en": "visitors or labour hours for {period} from {stores}, which have no sales that month: they are in the "
              "company's visitors and hours, so its conversion and sales per hour are lower than its selling stores' "
              "(check the store codes, or add those stores' sales)",
        "ja": "{period} に売上のない店舗 {stores} の来店客数・労働時間があります。全社の来店客数・労働時間に含まれるため、"
              "全社の買上率・人時売上は売上のある店舗だけより低くなります（店舗コードを確かめるか、その店舗の売上を加えて"
              "ください）"},
    "warn_sales_without_traffic": {
        "en": "{stores} sold in {period} but have no visitors or labour hours that month: their transactions and sales "
              "are in the company's conversion and sales per hour, which are higher than the stores' own",
        "ja": "{stores} は {period} に売上がありますが、来店客数・労働時間がありません。その取引数・売上は全社の買上率・"
              "人時売上に含まれるため、全社の値は各店舗より高くなります"},
    "warn_sales_without_stock": {
        "en": "{stores} sold in {period} but have no stock at its close: the company's days of inventory, turnover "
              "and GMROI are over the stores with both stock and sales, without them",
        "ja": "{stores} は {period} に売上がありますが、月末在庫がありません。全社の在庫日数・商品回転率・GMROI は"
              "在庫と売上の両方がある店舗だけで計算し、これらの店舗を含みません"},
    "warn_stock_without_sales": {
        "en": "stock at the close of {period} from {stores}, which have no sales that month: it is in the company's "
              "inventory value but not in its days of inventory, turnover and GMROI (check the store codes, or add "
              "those stores' sales)",
        "ja": "{period} に売上のない店舗 {stores} の月末在庫があります。全社の在庫金額には含みますが、在庫日数・"
              "商品回転率・GMROI には含みません（店舗コードを確かめるか、その店舗の売上を加えてください）"},
    "warn_store_set_mom": {
        "en": "the company's month-over-month change compares different stores: sales in {period} only from "
              "{only_now}, in {earlier} only from {only_then} (each month counts the stores that sold in it; "
              "the stores' own changes compare like with like)",
        "ja": "全社の前月比は異なる店舗の組み合わせを比べています: {period} にだけ売上がある店舗 {only_now}、"
              "{earlier} にだけ売上がある店舗 {only_then}（各月はその月に売上のある店舗の合計です。店舗別の前月比は"
              "同じ店舗どうしの比較です）"},
    "warn_store_set_yoy": {
        "en": "the company's year-over-year change compares different stores: sales in {period} only from "
              "{only_now}, in {earlier} only from {only_then} (each month counts the stores that sold in it; "
              "the stores' own changes compare like with like)",
        "ja": "全社の前年比は異なる店舗の組み合わせを比べています: {period} にだけ売上がある店舗 {only_now}、"
              "{earlier} にだけ売上がある店舗 {only_then}（各月はその月に売上のある店舗の合計です。店舗別の前年比は"
              "同じ店舗どうしの比較です）"},
    "note_traffic_beside_sales": {
        "en": "the daily sales also give each day's {columns}: read as the stores' traffic too",
        "ja": "日別の売上の表にある {columns} も、店舗の来店・労働時間のデータとして読み込みました"},
    "note_count_book_once": {
        "en": "{items} items were counted on more than one line (two locations, two shelves): their counts are "
              "added up, and each item's book qty, the same on each of its lines, is counted once, on its first "
              "line ({lines} later lines show a book qty of 0)",
        "ja": "{items} 品目は複数の行（売場と倉庫など）で棚卸しされています。実棚数は合計し、どの行にも同じ帳簿数は品目の"
              "帳簿数として最初の行で一度だけ数えました（以降の {lines} 行は帳簿数 0 として表示）"},
    "warn_conversion_over_100_total": {
        "en": "All stores, {month}: conversion is {pct} % — {transactions} receipts against {visitors} visitors, more "
              "buyers than visitors. Check the traffic counts (a door the counter misses, days without a count, "
              "visitors in another unit)",
        "ja": "全店（{month}）: 購買率が {pct}% です。レシート {transactions} 件に対して来店客数 {visitors} 人で、"
              "来店客より買上客が多くなっています。来店客数（カウンターのない入口、計数のない日、単位の違い）を確認して"
              "ください"},
    "warn_conversion_over_100": {
        "en": "Store {store}, {month}: conversion is {pct} % — {transactions} receipts against {visitors} visitors, more "
              "buyers than visitors. Check the traffic counts (a door the counter misses, days without a count, "
              "visitors in another unit)",
        "ja": "{store}（{month}）: 購買率が {pct}% です。レシート {transactions} 件に対して来店客数 {visitors} 人で、"
              "来店客より買上客が多くなっています。来店客数（カウンターのない入口、計数のない日、単位の違い）を確認して"
              "ください"},
    "warn_store_not_in_master": {
        "en": "stores with sales but not in the store master: {stores} (no name or floor area for them; the "
              "company's sales per floor area is left empty)",
        "ja": "売上はあるが店舗マスタにない店舗: {stores}（店舗名と売場面積がないため、全社の面積当たり売上は空欄です）"},
    "note_header_scale": {"en": "column '{column}' states its unit: its amounts are multiplied by {factor}",
                          "ja": "列「{column}」は単位を示しているため、金額を {factor} 倍して読み込みました"},
    "note_receipt_total_once": {"en": "{column} is the same on every line of each receipt while its products differ: "
                                      "it is the receipt's total, counted once per receipt (on its first line); "
                                      "sales by product cannot be told from it",
                                "ja": "「{column}」は取引ごとにすべての明細で同じ値で、商品は明細ごとに異なります。"
                                      "取引の合計とみなし、取引ごとに 1 回（最初の明細）だけ集計しました。"
                                      "商品別の売上はこの列からは分かりません"},
    "warn_receipt_total_untold": {
        "en": "\"{column}\" is the same on every line of each of {receipts} receipts of several lines, and no product "
              "column tells those lines apart: they are counted line by line, as written; if it is each receipt's "
              "total written on every line, the sales are counted more than once: name the product or item-code "
              "column in a mapping file (--map), and a receipt's total is counted once",
        "ja": "「{column}」は複数明細の取引 {receipts} 件で、どの取引もすべての明細が同じ値ですが、明細を区別する商品の列が"
              "ありません。書かれたとおり明細ごとに集計しました。取引の合計が各明細に書かれている場合は売上が重複して"
              "います。商品名または商品コードの列をマッピングファイル（--map）で指定すると、取引の合計は 1 回だけ集計します"},
    "note_engine_workbook_unchecked": {
        "en": "read by the query engine: these lines are not compared with the same sales in a workbook given too "
              "(they would be counted twice)",
        "ja": "集計エンジンで読み込みました。一緒に指定したワークブックにある同じ売上とは照合していません"
              "（二重に集計されます）"},
    "note_engine_repeats_workbook_unchecked": {
        "en": "read by the query engine, line by line as written: these lines are not compared with the same sales "
              "in a workbook given too (they would be counted twice), nor are receipt fields written on a receipt's "
              "first line only carried down to its other lines",
        "ja": "集計エンジンで書かれたとおりに1行ずつ読み込みました。一緒に指定したワークブックにある同じ売上とは"
              "照合していません（二重に集計されます）。取引の最初の行にだけある項目を他の行に引き継ぐことも"
              "していません"},
    "note_engine_repeats_within_unchecked": {
        "en": "read by the query engine, line by line as written: these lines are not checked for a download "
              "given twice within one file without its header line between them, or for the same sales in a "
              "workbook too (either is counted twice), nor are receipt fields written on a receipt's first line "
              "only carried down to its other lines",
        "ja": "集計エンジンで書かれたとおりに1行ずつ読み込みました。1つのファイル内で見出し行をはさまずに繰り返された"
              "同じダウンロードや、ワークブックにもある同じ売上は確認していません（二重に集計されます）。取引の最初の"
              "行にだけある項目を他の行に引き継ぐこともしていません"},
    "note_engine_repeats_unchecked": {
        "en": "read by the query engine, line by line as written: these lines are not checked for downloads "
              "given twice (a receipt in two of the files, or in a workbook too, is counted twice), nor are "
              "receipt fields written on a receipt's first line only carried down to its other lines",
        "ja": "集計エンジンで書かれたとおりに1行ずつ読み込みました。同じダウンロードの重複（複数のファイルや"
              "ワークブックにある同じ取引は二重に集計されます）は確認せず、取引の最初の行にだけある項目を"
              "他の行に引き継ぐこともしていません"},
    "warn_currency_default_unlikely": {
        "en": "the amounts show no currency, so the pack is in {chosen}, the default; {system} sells in {currencies}: "
              "set the currency (--currency, or the app's Settings) to the one of these amounts",
        "ja": "金額に通貨の記号がないため、既定の {chosen} で作成しました。{system} の通貨は {currencies} です。"
              "通貨を設定（--currency、またはアプリの設定）で金額の通貨に合わせてください"},
    "warn_currency_default_assumed": {
        "en": "the amounts show no currency and the headers are not in Japanese: the pack is in {chosen}, the "
              "default; if these amounts are in another currency, set it (--currency USD, or the app's Settings)",
        "ja": "金額に通貨の記号がなく、見出しも日本語ではありません。既定の {chosen} で作成しました。"
              "ほかの通貨の金額なら、通貨を設定（--currency USD、またはアプリの設定）してください"},
    "note_finance_months_across": {
        "en": "a profit and loss with months as columns: each month's accounts read as its finance lines, {first} "
              "to {last} ({months} months); its totals, half years and quarters are left out",
        "ja": "月が列の損益表として、{first} から {last} まで（{months} か月）各月の勘定科目を財務データとして読み込みました。"
              "合計・半期・四半期の列は読み込んでいません"},
    "note_months_across": {
        "en": "a budget with months as columns: read as each month's budget, {first} to {last} ({months} months); "
              "its totals, half years and quarters are left out",
        "ja": "月が列の予算として、{first} から {last} まで（{months} か月）各月の予算を読み込みました。"
              "合計・半期・四半期の列は読み込んでいません"},
    "note_store_column_blank": {"en": "the store column {column} is blank on every row: the sheet is read as one "
                                      "store's ({store}), as a sheet without a store column",
                                "ja": "店舗の列「{column}」はすべての行が空のため、店舗の列がない資料と同じく"
                                      "1 店舗（{store}）の資料として読みました"},
    "note_receipt_prefix": {"en": "every receipt number in {column} is written after '{prefix}': read without it "
                                  "(so the same receipts join across files)",
                            "ja": "{column}の取引番号はすべて「{prefix}」付きのため、これを除いて読みました"
                                  "（ファイルをまたいで同じ取引として結び付けるため）"},
    "note_receipt_numbers_daily": {
        "en": "the receipt numbers in {column} start again each day (most numbers come back on other days of the "
              "month): a receipt is read as its number on its day, so each day's receipts count as transactions",
        "ja": "{column}の取引番号は日ごとに振り直されています（同じ番号の多くが月内の別の日にも出てきます）。"
              "日付と番号の組を1件の取引として読み、日ごとの取引を客数に数えています"},
    "note_hidden_rows": {
        "en": "rows the sheet hides (filtered out, in a collapsed group or hidden): {rows}, read like the others "
              "(rows {first}): a filter only changes what the sheet shows; to leave them out, delete them from the file",
        "ja": "シートで非表示の {rows} 行（フィルターで除外・グループの折りたたみ・非表示）も他の行と同じく読み込みました"
              "（{first} 行目）。フィルターは表示を変えるだけのためです。除外するには、ファイルからその行を削除してください"},
    "note_hidden_rows_sales": {
        "en": "rows the sheet hides (filtered out, in a collapsed group or hidden): {rows}, read like the others, "
              "net sales {amount} (rows {first}): a filter only changes what the sheet shows; to leave them out, delete "
              "them from the file",
        "ja": "シートで非表示の {rows} 行（フィルターで除外・グループの折りたたみ・非表示）も他の行と同じく読み込み、"
              "売上金額 {amount} を集計に含めました（{first} 行目）。フィルターは表示を変えるだけのためです。除外するには、"
              "ファイルからその行を削除してください"},
    "note_title_scale": {
        "en": "the title line '{title}' states the unit of the amounts: {columns} multiplied by {factor} (a header "
              "stating its own unit keeps it); counts, quantities and percentages are read as written",
        "ja": "タイトル行「{title}」が金額の単位を示しているため、{columns} を {factor} 倍して読み込みました"
              "（見出しに単位がある列はその単位のまま）。件数・数量・率は書かれたとおりに読み込みました"},
    "note_header_scale_money": {
        "en": "column '{column}' states its unit: the money budgets ({kpis}) are multiplied by {factor}; "
              "counts and percentages ({others}) are read as written",
        "ja": "列「{column}」は単位を示しているため、金額の予算（{kpis}）を {factor} 倍して読み込みました。"
              "件数・率（{others}）は書かれたとおりに読み込みました"},
    "warn_codes_exponent": {
        "en": "column '{column}': {rows} codes are written in exponent notation (such as {example}), as Excel "
              "saves long numbers: their last digits are lost, so different codes may read as one; the amounts are "
              "read, but figures by code are not to be trusted — export the file again without saving it in Excel",
        "ja": "列「{column}」の {rows} 件のコードが指数表記（{example} など）です。Excel で保存すると長い数字の下の桁が"
              "失われるため、別のコードが同じコードとして読まれている可能性があります。金額は読み込みましたが、"
              "コード別の数値は信頼できません。Excel で保存せずにもう一度出力してください"},
    "note_hours_duration": {"en": "column '{column}' holds durations (7:30, 7時間30分, time cells): {cells} cells read "
                                  "as hours (7:30 = 7.5)",
                            "ja": "列「{column}」は時間の長さ（7:30、7時間30分、時刻の書式のセル）で書かれています: {cells} 個の"
                                  "セルを時間として読みました（7:30 = 7.5 時間）"},
    "note_hours_day_fraction": {
        "en": "column '{column}' holds times of day as fractions of a day (0.3125 = 7:30): {cells} cells read as "
              "hours (× 24)",
        "ja": "列「{column}」は 1 日を 1 とした時刻（0.3125 = 7:30）で書かれています: {cells} 個のセルを時間として"
              "読みました（× 24）"},
    "note_hours_minutes": {"en": "column '{column}' is in minutes: {cells} values read as hours (÷ 60)",
                           "ja": "列「{column}」は分単位です: {cells} 個の値を時間として読みました（÷ 60）"},
    "note_area_converted": {"en": "floor areas written in the other unit converted to {unit}: {rows} rows "
                                  "(1 坪 = 3.305785 m2)",
                            "ja": "別の単位で書かれた売場面積を {unit} に換算しました: {rows} 行（1 坪 = 3.305785 m2）"},
    "note_layout_unchecked": {
        "en": "rows the sheet hides and cells it merges are not known in a {kind} file (no reader tells them): "
              "hidden rows are read like the others, and a store or date merged down a column is read on its "
              "first row only; save the file as .xlsx to have them found and said",
        "ja": "{kind} ファイルでは、シートで非表示の行と結合されたセルを確認できません（読み取れるライブラリがありません）。"
              "非表示の行も他の行と同じく読み込み、縦に結合された店舗や日付は結合範囲の先頭行だけで読み込みます。"
              "確認するには .xlsx 形式で保存してください"},
    "note_merged_filled": {
        "en": "cells merged down column {columns} were read on every row they cover ({cells} cells)",
        "ja": "列 {columns} で縦に結合されたセルの値を、結合範囲のすべての行で読み込みました（{cells} セル）"},
    "note_date_order_weekdays_mdy": {
        "en": "column '{column}': its dates read both day first and month first (10/01/2026); the weekdays in "
              "column '{weekdays}' fit only month first, so they are read so (10/01/2026 = 1 October 2026)",
        "ja": "列「{column}」: 日付は日が先とも月が先とも読めます（10/01/2026）。列「{weekdays}」の曜日が月が先の"
              "読み方にだけ合うため、月/日/年（10/01/2026 = 2026年10月1日）として読みました"},
    "note_date_order_weekdays_dmy": {
        "en": "column '{column}': its dates read both day first and month first (10/01/2026); the weekdays in "
              "column '{weekdays}' fit only day first, so they are read so (10/01/2026 = 10 January 2026)",
        "ja": "列「{column}」: 日付は日が先とも月が先とも読めます（10/01/2026）。列「{weekdays}」の曜日が日が先の"
              "読み方にだけ合うため、日/月/年（10/01/2026 = 2026年1月10日）として読みました"},
    "note_engine_time_zone": {
        "en": "column '{column}' holds times with the time zone {zone}: each is read as the clock time in {zone}, "
              "the file's own zone (a sale at 01:00 on 1 April there is April's), not shifted to UTC",
        "ja": "列「{column}」の時刻はタイムゾーン {zone} 付きです。UTC に換算せず、ファイル自身のタイムゾーン {zone} "
              "の時刻として読みました（現地 4月1日 01:00 の売上は 4月分）"},
    "note_dotted_day_first": {
        "en": "column '{column}': dates written with dots such as {example} are read day first (01.10.2026 = "
              "1 October 2026), as every country writing them so reads them",
        "ja": "列「{column}」: {example} のような点で区切った日付は、その書き方の国の読み方どおり日.月.年"
              "（01.10.2026 = 2026年10月1日）として読みました"},
    "note_yearless_month_first": {
        "en": "column '{column}': dates without a year such as 10/1 are read month first (10/1 = 1 October), as "
              "Japanese sheets write them",
        "ja": "列「{column}」: 10/1 のような年のない日付は、日本語のシートの書き方どおり月/日（10月1日）として読みました",
    },
    "note_store_from_sheet": {
        "en": "the sheet has no store column, and the workbook's other sales sheets sell the same days: its lines "
              "are read as the store its name says ({store})",
        "ja": "このシートには店舗の列がなく、ブックのほかの売上シートと同じ日の売上があるため、明細をシート名の店舗"
              "（{store}）のものとして読みました"},
    "note_store_blocks": {
        "en": "the sheet has no store column but blocks of lines, each under a line naming its store: each "
              "block's lines read as that store's ({stores})",
        "ja": "このシートには店舗の列がなく、店舗名の行の下に明細のブロックが並んでいます。各ブロックの明細を"
              "その店舗のものとして読みました（{stores}）"},
    "row_store_block_title": {"en": "the title of store {store}'s block of lines, not a line",
                              "ja": "店舗 {store} の明細ブロックの見出し行のため、明細ではありません"},
    "note_amount_from_price": {
        "en": "column '{column}': {rows} lines leave the amount blank but give a quantity ('{qty}') and a unit price "
              "('{price}'): their amount is read as quantity × price",
        "ja": "列「{column}」: {rows} 行は金額が空欄ですが、数量（{qty}）と単価（{price}）があるため、金額を数量 × 単価"
              "として読みました"},
    "note_line_tax_off": {
        "en": "column '{kind}' marks {rows} lines' amounts ('{amount}') as tax-included: their tax was taken off at "
              "the rate in '{rate}' (amount ÷ (1 + rate)); the other lines are tax-excluded or untaxed and read as "
              "written, so net sales exclude tax",
        "ja": "列「{kind}」で内税（税込）とされた {rows} 行の金額（{amount}）は、「{rate}」の税率で税を除きました"
              "（金額 ÷ (1 + 税率)）。ほかの行は外税・非課税としてそのまま読み、売上は税抜です"},
    "note_tax_blank_priced": {
        "en": "column '{column}': {rows} lines leave the tax blank while others give it: their sale is read as "
              "quantity ('{qty}') × unit price ('{price}'), as on the lines giving their tax the total less it is",
        "ja": "列「{column}」: {rows} 行は税が空欄です（ほかの行には税があります）。税のある行では合計から税を引いた額が"
              "数量（{qty}）× 単価（{price}）と一致するため、これらの行の売上を数量 × 単価として読みました"},
    "note_unsigned_returns": {
        "en": "column '{column}' writes no amount negative, but {rows} lines have a negative quantity ('{qty}'): "
              "read as returns, their amounts negative",
        "ja": "列「{column}」には負の金額がありませんが、{rows} 行は数量（{qty}）が負です。返品として、金額を負にして"
              "読みました"},
    "note_yen_dash_closes": {
        "en": "column '{column}': every yen amount ends with a dash (¥1,000-), which closes it as on a receipt: "
              "{cells} such cells read as positive amounts",
        "ja": "列「{column}」: 円の金額はすべて末尾に「-」があり（¥1,000-）、領収書と同じく金額の終わりの印として "
              "{cells} 件を正の金額で読みました"},
    "note_yen_dash_minus": {
        "en": "column '{column}': {cells} yen amounts end with a dash (¥1,000-) where the column's others do not: "
              "read as negative amounts (a trailing minus)",
        "ja": "列「{column}」: 末尾に「-」のある円の金額 {cells} 件（¥1,000-）は、ほかの金額にないため"
              "マイナス（後ろに付いた負号）として読みました"},
    "note_kinds_as_written": {
        "en": "column '{column}': rows of kind {kinds} are counted as written, with their sign (a correction adds "
              "to or takes back from its receipt); they are no cancellation or return kpipack knows",
        "ja": "列「{column}」: 区分が {kinds} の行は、書かれた金額を符号どおりに集計しました（訂正は取引に足すか差し引く"
              "ものとして扱います。取消・返品としては扱っていません）"},
    "note_budget_year_stated": {
        "en": "column '{column}': {rows} months written without a year read within the fiscal year {first} to "
              "{last}, the year the file's name or title lines state (or given with --year)",
        "ja": "列「{column}」: 年のない月 {rows} 件を、ファイル名・タイトル行に書かれた年（または --year の指定）の"
              "年度 {first}～{last} の月として読みました"},
    "note_budget_year_sales": {
        "en": "column '{column}': {rows} months written without a year, and neither the file's name nor its title "
              "lines state a year: read within the fiscal year {first} to {last}, the one holding the sales' latest "
              "month {latest}; if that is wrong, write the year in a title line (2026年度) or give it with --year",
        "ja": "列「{column}」: 年のない月 {rows} 件があり、ファイル名にもタイトル行にも年がないため、売上の最新月 {latest} を"
              "含む年度 {first}～{last} の月として読みました。違う場合はタイトル行に年（2026年度 など）を書くか、"
              "--year で指定してください"},
    "budget_month_no_year": {
        "en": "cell {cell}: the budget month '{value}' has no year, and neither the file's name, its title lines nor "
              "any sales read tell it; write the year in a title line (2026年度 予算) or give it with --year (such "
              "as --year 2026, the year the fiscal year starts in), or _year in the --map file",
        "ja": "セル {cell}: 予算の月「{value}」に年がなく、ファイル名・タイトル行・売上データのどれからも年が分かりません。"
              "タイトル行に年（2026年度 予算 など）を書くか、--year で指定してください（例: --year 2026。年度の始まる年。"
              "--map ファイルの _year でも指定できます）"},
    "finance_month_no_year": {
        "en": "cell {cell}: the P&L month '{value}' has no year, and neither the file's name, its title lines nor "
              "any sales read tell it; write the year in a title line (2026年度 損益計算書) or give it with --year "
              "(such as --year 2026, the year the fiscal year starts in), or _year in the --map file",
        "ja": "セル {cell}: 損益計算書の月「{value}」に年がなく、ファイル名・タイトル行・売上データのどれからも年が分かりません。"
              "タイトル行に年（2026年度 損益計算書 など）を書くか、--year で指定してください（例: --year 2026。年度の始まる年。"
              "--map ファイルの _year でも指定できます）"},
    "note_year_from_column": {
        "en": "column '{column}': its dates without a year take {year}, the year of its dates written with one",
        "ja": "列「{column}」: 年のない日付は、同じ列の年のある日付と同じ {year} 年として読みました"},
    "note_store_columns_budget": {
        "en": "stores as columns: {stores} each read as that store's {budget} for the month on each row; the total "
              "({totals}) is their sum on every row, not added on top",
        "ja": "店舗が列に並ぶ表のため、{stores} をそれぞれの店舗の各月の{budget}として読み込みました。合計の列（{totals}）は"
              "どの行も店舗の合計と一致しており、重ねては集計していません"},
    "note_store_columns_visitors": {
        "en": "stores as columns: {stores} each read as that store's visitors on each row; the total ({totals}) "
              "is their sum on every row, not added on top",
        "ja": "店舗が列に並ぶ表のため、{stores} をそれぞれの店舗の各行の来店客数として読み込みました。合計の列（{totals}）は"
              "どの行も店舗の合計と一致しており、重ねては集計していません"},
    "note_store_columns_labor_hours": {
        "en": "stores as columns: {stores} each read as that store's staff hours on each row; the total ({totals}) "
              "is their sum on every row, not added on top",
        "ja": "店舗が列に並ぶ表のため、{stores} をそれぞれの店舗の各行の人時（労働時間）として読み込みました。合計の列（{totals}）は"
              "どの行も店舗の合計と一致しており、重ねては集計していません"},
    "note_store_columns": {
        "en": "stores as columns: {stores} each read as that store's net sales on each row; the total ({totals}) "
              "is their sum on every row, not added on top",
        "ja": "店舗が列に並ぶ表のため、{stores} をそれぞれの店舗の各行の売上として読み込みました。合計の列（{totals}）は"
              "どの行も店舗の合計と一致しており、重ねては集計していません"},
    "note_non_members": {
        "en": "column '{column}': {values} read as no customer (a sale to no member), not as one customer",
        "ja": "列「{column}」: {values} は非会員の売上として、顧客なしで読み込みました（1 人の顧客としては数えません）"},
    "note_traffic_monthly": {"en": "traffic by month: each row is read as its month's total for its store",
                             "ja": "月別の来店データのため、各行をその店舗・月の合計として読み込みました"},
    "file_own_pack": {"en": "a pack written by kpipack (such as last month's): not read as data",
                      "ja": "kpipack が作成した資料（前月分など）のため、データとして読み込みません"},
    "file_own_orders": {"en": "an order list written by kpipack: not read as data",
                        "ja": "kpipack が作成した発注リストのため、データとして読み込みません"},
    "row_repeat": {"en": "the same receipt as in {other} (read there from row {first}): counted once, there",
                   "ja": "{other} の {first} 行目からと同じレシートのため、重複として集計しません"},
    "row_repeat_days": {"en": "the same day's lines as in {other} (read there from row {first}): counted once, "
                              "there", "ja": "{other} の {first} 行目からと同じ日の明細のため、重複として集計しません"},
    "row_repeat_unnumbered": {"en": "the same receipt as in {other}: counted once, there",
                              "ja": "{other} と同じレシートのため、重複として集計しません"},
    "row_repeat_days_unnumbered": {"en": "the same day's lines as in {other}: counted once, there",
                                   "ja": "{other} と同じ日の明細のため、重複として集計しません"},
    "row_repeat_here": {"en": "this receipt was already read from row {first}: counted once",
                        "ja": "{first} 行目からと同じレシートの繰り返しのため、重複として集計しません"},
    "row_repeat_here_days": {"en": "this day's lines were already read from row {first}: counted once",
                             "ja": "{first} 行目からと同じ日の明細の繰り返しのため、重複として集計しません"},
    "note_repeats": {"en": "{lines} lines ({receipts} receipts, net sales {amount}) are the same as in {other}: "
                           "counted once, there",
                     "ja": "{other} と同じ明細 {lines} 行（レシート {receipts} 件、売上 {amount}）を重複として"
                           "除きました"},
    "note_repeats_days": {"en": "{lines} lines ({receipts} store-days, net sales {amount}) are the same as in "
                                "{other}: counted once, there",
                          "ja": "{other} と同じ明細 {lines} 行（{receipts} 店舗日、売上 {amount}）を重複として"
                                "除きました"},
    "note_repeats_here": {"en": "{receipts} receipts appear again further down (several downloads put together?): "
                                "their {lines} repeated lines (net sales {amount}) are counted once",
                          "ja": "レシート {receipts} 件がシートの後半で繰り返されています（複数回のダウンロードを"
                                "つなげたもの？）。繰り返しの {lines} 行（売上 {amount}）は集計しません"},
    "note_repeats_here_days": {"en": "{receipts} store-days appear again further down (several downloads put "
                                     "together?): their {lines} repeated lines (net sales {amount}) are counted "
                                     "once",
                               "ja": "{receipts} 店舗日の明細がシートの後半で繰り返されています（複数回のダウン"
                                     "ロードをつなげたもの？）。繰り返しの {lines} 行（売上 {amount}）は集計しません"},
    "output_folder_unwritable": {"en": "nothing can be written in the folder {folder}; choose another folder",
                                 "ja": "フォルダ {folder} には書き込めません。別のフォルダを指定してください"},
    "warn_duplicate": {"en": "the same as row {first} in this receipt: counted as a second item",
                       "ja": "このレシートの {first} 行目と同じ内容です。同じ商品の 2 点目として集計します"},
    "no_sales_found": {"en": "no sales lines were found", "ja": "売上明細が見つかりません"},
    "explain_sheet": {"en": "sheet '{sheet}' of {file}", "ja": "{file} のシート「{sheet}」"},
    "explain_read_as": {"en": "read as {role}", "ja": "{role}として読み込み"},
    "explain_sales_rejected": {"en": "sales, but none of its {rows} lines could be used (row {row}: {why})",
                               "ja": "売上明細ですが {rows} 行のどれも使えません（{row} 行目: {why}）"},
    "explain_sales_empty": {"en": "sales, but it holds no lines", "ja": "売上明細ですが明細行がありません"},
    "note_store_columns_money": {
        "en": "no word in the file's name, the sheet's name or its title lines says its figures are sales; they "
              "show money ({money}) and the store master lists each store column, so they are read as the stores' "
              "sales",
        "ja": "ファイル名・シート名・タイトル行のどれにも売上とは書かれていませんが、数値が金額（{money}）で、各列の店舗が"
              "店舗マスタにあるため、店舗別の売上として読み込みました"},
    "sheet_store_columns_unsaid": {
        "en": "read as nothing ({rows} rows): its columns {stores} look like stores, but no word in the file's "
              "name, the sheet's name or its title lines says what their figures are (sales, visitors, hours) and "
              "they show no currency; name the sheet 売上 or Sales, or write it in a title line",
        "ja": "読み込みなし（{rows} 行）: 列 {stores} は店舗に見えますが、ファイル名・シート名・タイトル行のどれにも"
              "数値が何か（売上・客数・時間など）が書かれておらず、通貨記号もありません。シート名を「売上」にするか、"
              "タイトル行に書いてください"},
    "sheet_store_money_unknown": {
        "en": "read as nothing: its columns {columns} hold money, but no word says it is sales and the store master "
              "lists no store with the code or name {unknown}; name the sheet 売上 or Sales, or add the stores to "
              "the store master",
        "ja": "読み込みなし: 列 {columns} は金額ですが、売上とはどこにも書かれておらず、店舗マスタにコードまたは名前が "
              "{unknown} の店舗がありません。シート名を「売上」にするか、店舗マスタに店舗を追加してください"},
    "sheet_store_money_no_master": {
        "en": "read as nothing: its columns {columns} hold money, but no word says it is sales and no store master "
              "is among the inputs to say they are stores; name the sheet 売上 or Sales, or add the store master",
        "ja": "読み込みなし: 列 {columns} は金額ですが、売上とはどこにも書かれておらず、店舗であることが分かる店舗マスタも"
              "入力にありません。シート名を「売上」にするか、店舗マスタを入力に加えてください"},
    "sheet_store_codes_unknown": {
        "en": "read as nothing: its columns {columns} add up to the sheet's total on every row, as stores' sales "
              "would, but the store master lists no store with the code or name {unknown}; add them to the store "
              "master, or head the columns with the stores' codes or names",
        "ja": "読み込みなし: 列 {columns} は各行で合計列と一致し、店舗別の売上に見えますが、店舗マスタにコードまたは名前が "
              "{unknown} の店舗がありません。店舗マスタに追加するか、列名を店舗コード・店舗名にしてください"},
    "sheet_store_codes_no_master": {
        "en": "read as nothing: its columns {columns} add up to the sheet's total on every row, as stores' sales "
              "would, but no store master is among the inputs to say these codes are stores; add the store master "
              "(its store codes or names) to the inputs",
        "ja": "読み込みなし: 列 {columns} は各行で合計列と一致し、店舗別の売上に見えますが、これらのコードが店舗だと"
              "分かる店舗マスタが入力にありません。店舗コード・店舗名のある店舗マスタを入力に加えてください"},
    "explain_no_header": {"en": "read as nothing: no row names a date column and an amount column",
                          "ja": "読み込みなし: 日付と金額の列名がある行がありません"},
    "explain_no_field": {"en": "read as nothing: none of its column names is one kpipack knows",
                         "ja": "読み込みなし: kpipack が知っている列名がありません"},
    "explain_sales_lacks": {"en": "sales, but no {lacks}", "ja": "売上明細の形ですが、{lacks}がありません"},
    "explain_near_lacks": {"en": "read as nothing: nearest to {role}, but no {lacks}",
                           "ja": "読み込みなし: {role}に近いものの、{lacks}がありません"},
    "explain_and": {"en": " and no ", "ja": "と"},
    "need_header": {"en": "row of column names", "ja": "列名の行"},
    "need_date": {"en": "date column", "ja": "日付の列"},
    "need_amount": {"en": "amount column (net sales, or quantity and unit price)",
                    "ja": "金額の列（売上金額、または数量と単価）"},
    "need_traffic_measure": {"en": "visitors, transactions or labour hours column",
                             "ja": "来店客数・客数・労働時間のいずれかの列"},
    "need_store": {"en": "store column", "ja": "店舗の列"},
    "need_store_detail": {"en": "floor area, region or store name column", "ja": "売場面積・地域・店舗名のいずれかの列"},
    "need_sku": {"en": "SKU column", "ja": "商品コードの列"},
    "need_on_hand": {"en": "on-hand quantity column", "ja": "在庫数の列"},
    "need_counted_qty": {"en": "counted quantity column", "ja": "実棚数の列"},
    "need_received_qty": {"en": "received quantity column", "ja": "入荷数の列"},
    "need_qty": {"en": "quantity column", "ja": "数量の列"},
    "need_reason": {"en": "reason column", "ja": "理由の列"},
    "need_month": {"en": "month or date column", "ja": "年月または日付の列"},
    "need_finance_measure": {"en": "operating expenses, net income, equity or total assets column",
                             "ja": "販管費・純利益・自己資本・総資産のいずれかの列"},
    "need_score": {"en": "score column", "ja": "スコアの列"},
    "need_campaign": {"en": "campaign column", "ja": "施策名の列"},
    "need_start": {"en": "start date column", "ja": "開始日の列"},
    "need_end": {"en": "end date column", "ja": "終了日の列"},
    "need_ordered_qty": {"en": "ordered quantity column", "ja": "発注数の列"},
    "need_order_ref": {"en": "order number, order date or due date column", "ja": "発注番号・発注日・納期のいずれかの列"},
    "need_product_detail": {"en": "item class, season, lead time, case pack or minimum order column",
                            "ja": "商品区分・販売期間・リードタイム・入数・最小発注数のいずれかの列"},
    # the input tables by name (the pack's data-quality sheet uses these too)
    "role_sales": {"en": "Sales lines", "ja": "売上明細"},
    "role_traffic": {"en": "Traffic and labour", "ja": "来店・労働時間"},
    "role_stores": {"en": "Store master", "ja": "店舗マスタ"},
    "role_inventory": {"en": "Inventory", "ja": "在庫"},
    "role_stocktake": {"en": "Stock-take", "ja": "棚卸"},
    "role_budget": {"en": "Budget", "ja": "予算"},
    "role_finance": {"en": "Finance", "ja": "損益"},
    "role_survey": {"en": "Survey", "ja": "アンケート"},
    "role_receipts": {"en": "Goods received", "ja": "入荷・仕入"},
    "role_adjustments": {"en": "Stock adjustments", "ja": "在庫調整"},
    "role_campaigns": {"en": "Campaigns", "ja": "施策・キャンペーン"},
    "role_products": {"en": "Product master", "ja": "商品マスタ"},
    "role_purchase_orders": {"en": "Purchase orders", "ja": "発注データ"},
    # sheets read by their values (ingest/content_sheets.py)
    "note_no_header_row": {"en": "the sheet has no header row: its columns are named #1, #2 … from the left and "
                                 "were read by their values",
                           "ja": "見出し行がないシートです。列を左から #1、#2 … と呼び、値から読み込みました"},
    "note_carried_days": {
        "en": "column '{column}': the date is written on each day's first line only; the {rows} lines below it "
              "without a date of their own took it",
        "ja": "列「{column}」: 日付が各日の先頭行にだけ書かれているため、その下の日付のない {rows} 行は先頭行の日付として"
              "読みました"},
    "note_carried_down": {"en": "{rows} lines took {fields} from their receipt's first line (written there only)",
                          "ja": "{rows} 行は {fields} を同じ伝票の先頭行から引き継ぎました（先頭行にだけ書かれています）"},
    "sheet_pivot": {"en": "sheet skipped: a pivot table, a summary of lines rather than lines ({rows} rows)",
                    "ja": "シートを読み飛ばしました: ピボットテーブル（明細の集計）で、明細ではありません（{rows} 行）"},
    "sheet_sales_in_doubt_rival": {
        "en": "sheet not read ({rows} rows): no header names its date or amount, and its values look like sales "
              "lines, but columns \"{column}\" ({confidence} sure) and \"{rival}\" ({rival_confidence}) both look "
              "like {field}; to read it, give a mapping file (--map) naming the one that is: these lines read "
              "\"{column}\" (for \"{rival}\", write its name in their place):\n{toml}",
        "ja": "シートを読み込みませんでした（{rows} 行）: 日付や金額を示す見出しがなく、値からは売上明細と思われますが、"
              "列「{column}」（確からしさ {confidence}）と列「{rival}」（{rival_confidence}）のどちらも {field} と思われます。"
              "読み込むには、どちらなのかをマッピングファイルで --map に指定してください。次の行は「{column}」とする場合です"
              "（「{rival}」なら列名を置き換えてください）:\n{toml}"},
    "sheet_sales_in_doubt": {
        "en": "sheet not read ({rows} rows): no header names its date or amount, and its values look like sales "
              "lines, but column \"{column}\" as {field} only {confidence} sure; to read it, give a mapping file "
              "(--map) holding these lines:\n{toml}",
        "ja": "シートを読み込みませんでした（{rows} 行）: 日付や金額を示す見出しがなく、値からは売上明細と思われますが、"
              "列「{column}」を {field} とする確からしさは {confidence} です。読み込むには、次の行を書いた"
              "マッピングファイルを --map で指定してください:\n{toml}"},
    "note_two_row_header": {"en": "the column names were read from two rows ({first} and {second}): the group "
                                  "name above joined with the name below",
                            "ja": "列名を 2 行（{first} 行目と {second} 行目）から読みました（上の行のまとめ名と"
                                  "下の行の項目名を組み合わせ）"},
    "note_two_row_header_unused": {"en": "the column names were read from two rows ({first} and {second}): the "
                                         "group name above joined with the name below; not used: {unused}",
                                   "ja": "列名を 2 行（{first} 行目と {second} 行目）から読みました（上の行のまとめ名"
                                         "と下の行の項目名を組み合わせ）。使わない列: {unused}"},
}


def localised(entry: dict[str, str], lang: str, **params) -> str:
    """One wording entry {"en": …, "ja": …} in the language asked for (English
    where it is missing), with {placeholders} filled when params are given.
    Every table of wording in the project is read through here."""
    template = entry.get(lang) or entry["en"]
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def amount_text(value: float) -> str:
    """An amount inside a sentence: 12,345 or 12,345.60."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# message parameters that hold a month ('2026-10'): said as 2026年10月 in Japanese
MONTH_PARAMS = ("period", "month", "earlier")


def month_words(month: str, lang: str) -> str:
    """'2026-10' as the user reads it: 2026年10月 / October 2026."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year}年{mon}月" if lang == "ja" else f"{MONTHS_EN[mon - 1]} {year}"


def text(code: str, lang: str = "en", **params) -> str:
    """A message in the language asked for; a field it names (`field`, or the
    `fields` listed) is a field id, said in that language's words, and a
    month (MONTH_PARAMS) is said 2026年10月 in Japanese (English messages keep
    2026-10, the form the command line's --period takes)."""
    if params.get("near") and params.get("missing") is not None and code != "explain_near_lacks":
        # the table a skipped sheet comes nearest to and the needed columns it lacks, as ids
        params["near"] = text(f"role_{params['near']}", lang)
        params["missing"] = text("explain_and", lang).join(
            text(f"need_{m}", lang) for m in str(params["missing"]).split(",") if m)
    if lang == "ja":
        for key in MONTH_PARAMS:
            if isinstance(params.get(key), str) and _MONTH.match(params[key]):
                params[key] = month_words(params[key], lang)
    if params.get("field"):
        params["field"] = field_name(str(params["field"]), lang)
    if params.get("fields"):
        params["fields"] = ("、" if lang == "ja" else ", ").join(
            field_name(f.strip(), lang) for f in str(params["fields"]).split(","))
    return localised(MESSAGES[code], lang, **params)
