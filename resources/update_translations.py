"""Refresh the Chinese translation: ``python resources/update_translations.py``.

Runs ``pyside6-lupdate`` over ``viewer/ui`` to collect every ``tr()``
string into ``archive_viewer_zh_CN.ts``, fills in the translations below,
and compiles ``archive_viewer_zh_CN.qm`` with ``pyside6-lrelease``. Messages
with a count (``tr(text, "", n)`` with ``%n`` or ``%Ln``) also go into
``archive_viewer_en.ts``/``.qm``, which hold only their English singular
and plural forms (:data:`EN_PLURALS`); Chinese has one form. A string
without a translation here is reported and the script exits 1.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "archive_viewer_zh_CN.ts"
QM = HERE / "archive_viewer_zh_CN.qm"
TS_EN = HERE / "archive_viewer_en.ts"
QM_EN = HERE / "archive_viewer_en.qm"

#: English plural forms (one, other) of the messages with a count (``tr(text,
#: "", n)``; the number itself is put in as ``%1``/``%2``, with thousands
#: separators).
EN_PLURALS = {
    "%1 record(s)": ("%1 record", "%1 records"),
    "%1 of %2 record(s)": ("%1 of %2 record", "%1 of %2 records"),
    "%1 problem(s)": ("%1 problem", "%1 problems"),
    "%1 · %2 problem(s)": ("%1 · %2 problem", "%1 · %2 problems"),
    "%1 note(s)": ("%1 note", "%1 notes"),
    " … %1 more character(s), not shown here (View → Show Original Text, Ctrl+U, shows them)": (
        " … %1 more character, not shown here (View → Show Original Text, Ctrl+U, shows it)",
        " … %1 more characters, not shown here (View → Show Original Text, Ctrl+U, shows them)"),
    "%1 selected": ("%1 selected", "%1 selected"),
    "%3 record(s) not marked %1: %2": ("%3 record not marked %1: %2", "%3 records not marked %1: %2"),
    "Removed “%2” from %1 record(s) — %3 to undo": ("Removed “%2” from %1 record — %3 to undo",
                                                    "Removed “%2” from %1 records — %3 to undo"),
    "Tagged %1 record(s) “%2” — %3 to undo": ("Tagged %1 record “%2” — %3 to undo", "Tagged %1 records “%2” — %3 to undo"),
    "Marked %1 record(s) %2 — %3 to undo": ("Marked %1 record %2 — %3 to undo", "Marked %1 records %2 — %3 to undo"),
    "Exported %1 record(s) to %2": ("Exported %1 record to %2", "Exported %1 records to %2"),
    "Exported %1 record(s) to %2 (corrections applied: %3, held back: %4)": (
        "Exported %1 record to %2 (corrections applied: %3, held back: %4)",
        "Exported %1 records to %2 (corrections applied: %3, held back: %4)"),
    "Exporting %1 record(s)…": ("Exporting %1 record…", "Exporting %1 records…"),
    "%1 records over %2 month(s)": ("%1 records over %2 month", "%1 records over %2 months"),
    "Exported %1 annotation(s) to %2": ("Exported %1 annotation to %2", "Exported %1 annotations to %2"),
    "Annotations of %1 file(s) are kept outside the archive, e.g. %2": (
        "Annotations of %1 file are kept outside the archive: %2",
        "Annotations of %1 files are kept outside the archive, e.g. %2"),
    "Propose %1 correction(s)": ("Propose %1 correction", "Propose %1 corrections"),
    "Accept %1 correction(s)": ("Accept %1 correction", "Accept %1 corrections"),
    "Reject %1 correction(s)": ("Reject %1 correction", "Reject %1 corrections"),
    "%1 change(s) marked": ("%1 change marked", "%1 changes marked"),
    "%1 correction(s)": ("%1 correction", "%1 corrections"),
    "%1 hit(s)": ("%1 hit", "%1 hits"),
    "%1 hit(s) so far…": ("%1 hit so far…", "%1 hits so far…"),
    "%1 hit(s), sorting…": ("%1 hit, sorting…", "%1 hits, sorting…"),
    "search: %1 record(s)": ("search: %1 record", "search: %1 records"),
    "%1 record(s) shown": ("%1 record shown", "%1 records shown"),
    "Loading: %1 of %2 file(s)": ("Loading: %1 of %2 file", "Loading: %1 of %2 files"),
    "%1 record(s) (%2 records/s)": ("%1 record (%2 records/s)", "%1 records (%2 records/s)"),
    "%1 folder(s) had changed since the last opening: only those were listed again and their files checked. The "
    "other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks "
    "every file.": (
        "%1 folder had changed since the last opening: only that one was listed again and its files checked. The "
        "other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload "
        "checks every file.",
        "%1 folders had changed since the last opening: only those were listed again and their files checked. The "
        "other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload "
        "checks every file."),
}

ZH_CN = {
    "Another export is still running: wait for it, or cancel it": "另一项导出仍在进行：请等待它完成，或取消它",
    "The chart is drawn as soon as the article text is indexed…": "正文索引完成后即绘制此图…",
    "Match Simplified and &Traditional Forms": "简繁字形一并匹配(&T)",
    "Code point (Unicode order)": "码位（Unicode 顺序）",
    "Pinyin (安, 北, 中…)": "拼音（安、北、中…）",
    "Sort titles and authors by:": "标题和作者的排序方式：",
    "Skip checking each file when no folder has changed": "文件夹均未变动时不逐个检查文件",
    "Reopening a large archive is faster, but a file rewritten in place (its folder unchanged) is "
    "not noticed until you reload. Reload always checks every file.":
        "重新打开大型档案会更快，但原地改写的文件（其文件夹未变）在重新载入之前不会被发现。重新载入总会逐个检查文件。",
    "Reopening:": "重新打开：",
    "%1 folder(s) had changed since the last opening: only those were listed again and their files checked. The "
    "other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks "
    "every file.":
        "自上次打开以来有 %1 个文件夹变动：只重新列出了这些文件夹并检查其中的文件，其余文件未逐个检查（见首选项）。"
        "原地改写的文件不会显示出来；重新载入会逐个检查文件。",
    "This file has changed on disk since the archive was loaded: the table and the search still show "
    "it as it was. Reload (F5) to read it again.":
        "自档案载入以来，此文件在磁盘上已被改动：表格和搜索仍按原样显示它。按重新载入（F5）重新读取。",
    "files not checked": "未逐个检查文件",
    "No folder had changed since the last opening, so the files were not checked one by one "
    "(Preferences). A file rewritten in place would not show; Reload checks every file.":
        "自上次打开以来没有文件夹变动，因此未逐个检查文件（见首选项）。原地改写的文件不会显示出来；重新载入会逐个检查文件。",
    "Export Image…": "导出图片…",
    "Compare terms: 党员, 群众, 干部 (empty: the search)": "比较词语：党员, 群众, 干部（留空：当前搜索）",
    "Per 1,000 records when comparing": "比较时按每千条记录计",
    "Records with hits": "含命中的记录数",
    "Per 1,000 records of the month": "每月每千条记录中",
    "Records per 1,000 of the month": "每月每千条记录中的记录数",
    "Month": "月份",
    "Records": "记录数",
    "Year": "年份",
    "search first, or type terms to compare: this charts the records with hits": "请先搜索，或输入要比较的词语：此图显示含命中的记录",
    "Records with %1 per 1,000 records of the month": "含“%1”的记录（每月每千条）",
    "Records with %1 per month": "每月含“%1”的记录",
    "%1 records over %2 month(s)": "%2 个月共 %1 条记录",
    "search: %1": "搜索：%1",
    "PNG image, twice the screen's resolution (*.png)": "PNG 图片，两倍屏幕分辨率 (*.png)",
    "SVG drawing (*.svg)": "SVG 矢量图 (*.svg)",
    "Exporting annotations…": "正在导出批注…",
    "CSV with tags and notes, UTF-8 (*.csv)": "带标签和批注的 CSV，UTF-8 (*.csv)",
    "CSV with tags and notes for Excel, UTF-8 with BOM (*.csv)": "带标签和批注的 CSV，供 Excel 使用，带 BOM 的 UTF-8 (*.csv)",
    "Exporting %1 record(s)…": "正在导出 %1 条记录…",
    "Export cancelled; nothing was written": "导出已取消，未写入任何文件",
    "CSV, UTF-8 (*.csv)": "CSV，UTF-8 (*.csv)",
    "CSV for Excel, UTF-8 with BOM (*.csv)": "CSV，供 Excel 使用，带 BOM 的 UTF-8 (*.csv)",
    "Exporting the concordance…": "正在导出语境索引…",
    "Saved %1": "已保存 %1",
    "Colour": "颜色",
    "Meaning": "含义",
    "Add": "添加",
    "Remove": "删除",
    "Move Up": "上移",
    "The first colour is the one a new highlight gets": "新的高亮默认使用第一种颜色",
    "Click to choose another colour": "单击选择其他颜色",
    "The reader shows its text in %1": "阅读区正在使用的字体：%1",
    "Search and Filters": "搜索与筛选",
    "Annotation Columns First": "批注列放在最前",
    "Default Column Order": "默认列顺序",
    "Sort by Date, Page and Item": "按日期、版号、条号排序",
    "&Query Language": "查询语言(&Q)",
    "Keep a note or correction (in its dialog, or edited on a card)": "保存批注或校正（在对话框中，或在卡片上编辑时）",
    "Edit the chosen card's note in place": "在卡片上直接编辑所选批注",
    "Delete the chosen annotation (in the Annotations sidebar)": "删除所选批注（在批注侧栏中）",
    "Drop an edit; close the find bar or the toolbar over the text": "放弃编辑；关闭查找栏或文字上方的工具栏",
    "Toggle the vocabulary's first nine tags on the selected records": "为所选记录切换标签词表中的前九个标签",
    "records with both terms, in any field or note": "同时含有两个词的记录，任何字段或批注中均可",
    "the exact phrase, spaces included": "完全一致的短语，包括空格",
    "either term": "含有其中任一个词",
    "党员 and not 通知": "含有“党员”而不含“通知”",
    "the term in one field: 标题/title, 引题/lead, 副题/subtitle, 作者/author, 正文/body, 版名/section, 体裁/genre, 分类/class, 批注/note":
        "只在一个字段中找：标题、引题、副题、作者、正文、版名、体裁、分类、批注（也可用英文名 title、lead…）",
    "on that page (part of its 版名)": "在该版（版名的一部分即可）",
    "in a date range; either end may be left open": "在日期范围内；两端都可以不写",
    "a whole month (or 日期:2005 for a whole year)": "整个月（日期:2005 表示整年）",
    "records with that tag": "带有该标签的记录",
    "records at that review status (unread: never marked)": "处于该审校状态的记录（unread：从未标记）",
    "a regular expression (slower: every text is read)": "正则表达式（较慢：要读取全部文本）",
    "江青, where an occurrence inside 松江青浦 or 浙江青年 does not count (an exclusion pattern)":
        "江青，但出现在“松江青浦”或“浙江青年”之中的不算（排除模式）",
    "Query Language": "查询语言",
    "Type a query in the search box (Ctrl+K). Terms are matched as written, character by character; combine them as below. Double-click an example to search for it.":
        "在搜索框（Ctrl+K）中输入查询。词语按字逐一精确匹配；可按下表组合。双击示例即可搜索。",
    "Query": "查询",
    "Finds": "查找结果",
    "Try It": "试一试",
    "%1 selected": "已选 %1 条",
    "Removed “%2” from %1 record(s) — %3 to undo": "已从 %1 条记录移除“%2”——按 %3 撤销",
    "Tagged %1 record(s) “%2” — %3 to undo": "已给 %1 条记录加上标签“%2”——按 %3 撤销",
    "Marked %1 record(s) %2 — %3 to undo": "已将 %1 条记录标为%2——按 %3 撤销",
    "Change Colour of This Highlight": "更改此高亮的颜色",
    "Edit Correction…": "编辑校正…",
    "Edit Note…": "编辑批注…",
    "Delete This Annotation": "删除此批注",
    "Edit Note": "编辑批注",
    "Highlight: %1": "高亮：%1",
    "Remove the tag %1": "删除标签 %1",
    "Highlights": "高亮",
    "Notes": "批注",
    "Corrections": "校正",
    "All colours": "全部颜色",
    "No annotation of this record matches the filter.": "这条记录没有符合筛选条件的批注。",
    "No annotations yet. Select text in the article, then press H to highlight it, N to add a note or C to propose a correction.":
        "还没有批注。在文章中选中文字，按 H 高亮，按 N 添加批注，按 C 提出校正。",
    "Click to show it in the article; double-click to edit the note": "单击在文章中显示；双击编辑批注",
    "Reason for the correction": "校正理由",
    "Write a note… (Ctrl+Enter keeps it, Escape drops it)": "写批注…（Ctrl+Enter 保存，Esc 放弃）",
    "placing spans…": "正在定位批注…",
    "Search wrapped to the first record": "搜索已回到第一条记录",
    "Search wrapped to the last record": "搜索已回到最后一条记录",
    "reading annotation files…": "正在读取批注文件…",
    "The annotation files could not be read: %1": "无法读取批注文件：%1",
    "The export that waited for them was not started.": "等待它们的导出没有开始。",
    "The export starts once the annotation files are read…": "批注文件读完后即开始导出……",
    "Spans are being found in the records' current text: orphans and moved corrections show once that is done":
        "正在记录的当前文本中定位批注：孤立批注和已移位的校正在定位完成后显示",
    "&Open Files…": "打开文件(&O)…",
    "Open &Folder…": "打开文件夹(&F)…",
    "&Reload": "重新载入(&R)",
    "&Quit": "退出(&Q)",
    "&Copy": "复制(&C)",
    "&Find in Article…": "在文章中查找(&F)…",
    "Filter &Records": "筛选记录(&R)",
    "&Preferences…": "首选项(&P)…",
    "Zoom &In": "放大(&I)",
    "Zoom &Out": "缩小(&O)",
    "&Actual Size": "原始大小(&A)",
    "Show &Original Text": "显示原始文本(&O)",
    "&Next Record": "下一条记录(&N)",
    "&Previous Record": "上一条记录(&P)",
    "&About Archive Viewer": "关于报刊档案阅读器(&A)",
    "&Problems": "问题(&P)",
    "&File": "文件(&F)",
    "Recent &Archives": "最近的档案(&A)",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Go": "转到(&G)",
    "&Help": "帮助(&H)",
    "Toolbar": "工具栏",
    "Filter by title, lead, subtitle, author (Ctrl+L)": "按标题、引题、副题、作者筛选 (Ctrl+L)",
    "Cancel": "取消",
    "Find in article": "在文章中查找",
    "Previous match (Shift+Enter)": "上一个匹配 (Shift+Enter)",
    "Next match (Enter)": "下一个匹配 (Enter)",
    "Close (Esc)": "关闭 (Esc)",
    "no matches": "无匹配",
    "%1 of %2": "第 %1 个，共 %2 个",
    "Archive Viewer": "报刊档案阅读器",
    "Open Record Files": "打开记录文件",
    "Record files (*.txt);;All files (*)": "记录文件 (*.txt);;所有文件 (*)",
    "Open Archive Folder": "打开档案文件夹",
    "(none)": "（无）",
    "Clear Recent Archives": "清除最近的档案",
    "Loading: %1 of %2 file(s)": "正在载入：%1 / %2 个文件",
    "%1 record(s) (%2 records/s)": "%1 条记录（每秒 %2 条）",
    "Loading stopped": "载入已停止",
    "%1 of %2 record(s)": "%1 / %2 条记录",
    "%1 record(s)": "%1 条记录",
    "%1 problem(s)": "%1 个问题",
    "(loading cancelled)": "（载入已取消）",
    "%1 · %2 problem(s)": "%1 · %2 个问题",
    "%1 note(s)": "%1 条提示",
    " … %1 more character(s), not shown here (View → Show Original Text, Ctrl+U, shows them)":
        " … 另有 %1 字未在此显示（视图 → 显示原始文本，Ctrl+U，可见全部）",
    "%1 has no records": "%1 中没有记录",
    "About Archive Viewer": "关于报刊档案阅读器",
    "<h3>Archive Viewer %1</h3><p>Read, check and annotate archived Chinese newspaper records.</p>"
    "<p>Python %2, Qt %3.</p>": "<h3>报刊档案阅读器 %1</h3><p>阅读、检查和标注中文报刊档案记录。</p><p>Python %2，Qt %3。</p>",
    "Preferences": "首选项",
    "System default": "跟随系统",
    "Use the default CJK font": "使用默认中文字体",
    "Language:": "界面语言：",
    "Reader font:": "阅读字体：",
    "Reader font size:": "阅读字号：",
    "Problems": "问题",
    "error": "错误",
    "warning": "警告",
    "note": "提示",
    "Severity": "级别",
    "File": "文件",
    "Line": "行",
    "Message": "说明",
    'All Annotations': '全部标注',
    'Filter annotations': '筛选标注',
    'All kinds': '全部类型',
    'Orphans only': '仅孤立标注',
    'Annotations': '标注',
    'Add a tag…': '添加标签…',
    'Status:': '状态：',
    'unread': '未读',
    'read': '已读',
    'proofread': '已校对',
    'flagged': '待查',
    'problematic': '有问题',
    'validated': '已核对',
    'only a proofread record can be validated': '只有已校对的记录才能核对',
    'you proofread it; another editor must validate it': '这条记录是你校对的，须由另一位编辑核对',
    '%1 by %2, %3': '%2 于 %3 标为%1',
    'Conflict: changed in one copy and deleted in another; it was kept. Edit it to keep it, or delete it.':
        '冲突：一份副本修改了它，另一份删除了它；已保留。编辑即保留，或将其删除。',
    'Keep annotation': '保留标注',
    'Moved correction, not applied until confirmed: made on “%1”, the text here is “%2”; → “%3”':
        '已移位的校正，确认前不生效：原校正针对“%1”，此处文字为“%2”；→“%3”',
    'Confirm correction': '确认校正',
    'moved: “%1”, now on “%2”': '已移位：“%1”，现位于“%2”',
    'Confirm Here': '在此确认',
    'The text this correction was made on changed: apply it to the text it is on now':
        '此校正所针对的文字已改变：将它用于现在所在的文字',
    'Moved corrections': '已移位的校正',
    'Corrections whose text changed in the record file: they are not applied until an editor confirms them':
        '记录文件中文字已改变的校正：经编辑确认前不会生效',
    '&Review': '审校(&R)',
    '&Next Record to Proofread': '下一条待校对记录(&N)',
    'Mark &Proofread and Next': '标为已校对并转到下一条(&P)',
    'Next Record to &Validate': '下一条待核对记录(&V)',
    'Mark Va&lidated and Next': '标为已核对并转到下一条(&L)',
    'No shown record is left to proofread': '显示的记录都已校对',
    'No shown record is left for you to validate': '显示的记录中没有可由你核对的了',
    'Back at the first record still to do': '已回到第一条待处理的记录',
    'Shown: %1 of %2 proofread, %3 validated · archive: %4 of %5, %6 validated':
        '显示的：%2 条中 %1 条已校对，%3 条已核对 · 全档案：%5 条中 %4 条，%6 条已核对',
    '%1 of %2 proofread, %3 validated': '%2 条中 %1 条已校对，%3 条已核对',
    '日期 disagrees with the date folders or the file name': '日期与日期文件夹或文件名不符',
    '版号 disagrees with the file name': '版号与文件名不符',
    '条号 repeats on one page of one day': '同日同版条号重复',
    '总期 changes within a day': '同日总期不一',
    'An empty 标题 or 正文': '标题或正文为空',
    'Characters outside GB2312 before 1995': '1995 年前的记录含 GB2312 以外的字',
    'Half-width and full-width punctuation in one body': '正文中半角、全角标点混用',
    'Known misreadings (.archive-viewer-confusions.txt)': '常见误识字词（.archive-viewer-confusions.txt）',
    'Proofreading checks:': '校对检查：',
    "Each file's own (byte for byte)": '每个文件原有的编码（逐字节保持）',
    'Exported %1 record(s) to %2 (corrections applied: %3, held back: %4)': '已导出 %1 条记录到 %2（应用的校正：%3 处，未应用：%4 处）',
    'Proofread by editor, per month of work': '各编辑每月校对的记录',
    'records each editor proofread or validated, by the month it was done': '各编辑校对或核对的记录，按完成的月份',
    'nobody has proofread a record yet': '还没有人校对过记录',
    'Find and &Replace as Corrections…': '查找并替换为校正(&R)…',
    'Accept Selected Corrections': '接受所选校正',
    'Reject Selected Corrections': '拒绝所选校正',
    'Propose %1 correction(s)': '提出 %1 处校正',
    'Accept %1 correction(s)': '接受 %1 处校正',
    'Reject %1 correction(s)': '拒绝 %1 处校正',
    '%1 — Ctrl+Z to undo': '%1——按 Ctrl+Z 撤销',
    'Find and Replace as Corrections': '查找并替换为校正',
    'All text fields (引题 标题 副题 作者 正文)': '全部文字字段（引题 标题 副题 作者 正文）',
    'Use a List of Misreadings…': '使用误识字词表…',
    'Find': '查找',
    'Find:': '查找：',
    'Replace with:': '替换为：',
    'In:': '范围：',
    'Tick All': '全选',
    'Untick All': '全不选',
    'Propose Ticked': '提出所选',
    'Make open corrections of the places ticked, to review in the reader': '把所选之处设为待审的校正，在阅读区审阅',
    'Accept Ticked': '接受所选',
    'Make accepted corrections of the places ticked (Undo takes them back)': '把所选之处设为已接受的校正（可撤销）',
    'Close': '关闭',
    '%1 pairs from %2': '%1 对，来自 %2',
    'List of Misreadings': '误识字词表',
    'Text files (*.txt);;All files (*)': '文本文件 (*.txt);;所有文件 (*)',
    'cannot read %1: %2': '无法读取 %1：%2',
    'Finding…': '正在查找…',
    '%1 places, %2 ticked': '%1 处，已选 %2 处',
    'Field': '字段',
    'Before': '前文',
    'Change': '改动',
    'After': '后文',
    'Trac&ked Changes': '修订视图(&K)',
    'not applied: %1': '未应用：%1',
    'Status': '状态',
    'Reason': '理由',
    'needs confirmation: its text changed': '待确认：所针对的文字已改变',
    'not found in the text': '文中找不到',
    'overlaps another correction': '与另一处校正重叠',
    'crosses a line break or a picture': '跨越换行或图片',
    'open: tick “Include open corrections” to see it': '待审：勾选“包括待审的校正”即可看到',
    'Corrected text copied': '已复制校正后的文字',
    'Save Corrected Text': '保存校正后的文字',
    'Text (*.txt)': '文本 (*.txt)',
    'Could not save: %1': '无法保存：%1',
    'Saved the corrected text to %1': '已将校正后的文字保存到 %1',
    'Tracked Changes': '修订视图',
    'Include open corrections': '包括待审的校正',
    'Copy Corrected Text': '复制校正后的文字',
    'Save Corrected Text…': '保存校正后的文字…',
    'Accept': '接受',
    'Reject': '拒绝',
    'Accept All in Record': '接受本条全部',
    'Reject All in Record': '拒绝本条全部',
    '%1 change(s) marked': '标出 %1 处改动',
    '%1 correction(s)': '共 %1 处校正',
    'Not marked %1: %2': '未标为%1：%2',
    '%3 record(s) not marked %1: %2': '%3 条记录未标为%1：%2',
    'Edit…': '编辑…',
    'Delete': '删除',
    'Re-attach to Selection': '重新附着到所选文字',
    'Select text in the reader, then move the chosen annotation there': '先在阅读区选中文字，再把所选标注移到那里',
    'This annotation file cannot be read, so it is left as it is. New annotations for its records go to a recovery file beside it.\n\n%1': '无法读取此标注文件，已原样保留。这些记录的新标注将写入旁边的恢复文件。\n\n%1',
    'Annotations of %1 file(s) are kept outside the archive, e.g. %2': '%1 个文件的标注保存在档案之外，例如 %2',
    'Remove tag %1': '移除标签 %1',
    'Add tag %1': '添加标签 %1',
    'Mark as %1': '标记为 %1',
    'Annotations could not be saved; they are kept and saving will be tried again.\n\n%1': '标注未能保存；内容仍保留，稍后会再次尝试保存。\n\n%1',
    'The archive folder is read-only: annotations saved in %1': '档案文件夹只读：标注已保存到 %1',
    'Annotations saved': '标注已保存',
    'orphan: “%1”': '孤立：“%1”',
    'Record': '记录',
    'Kind': '类型',
    'Colour/Tag': '颜色/标签',
    'Quote': '引文',
    'Note': '批注',
    'Author': '作者',
    'Modified': '修改时间',
    'Correction': '校正',
    'open': '待处理',
    'accepted': '已采纳',
    'rejected': '已驳回',
    'Original:': '原文：',
    'Replacement:': '改为：',
    'Reason:': '理由：',
    'Export failed: %1': '导出失败：%1',
    'no cache': '无缓存',
    'Keyboard Shortcuts': '键盘快捷键',
    '&Keyboard Shortcuts': '键盘快捷键(&K)',
    'Action': '操作',
    'Keys': '按键',
    'Toggle tag %1': '切换第 %1 个标签',
    'This annotation file cannot be read, so it is left as it is. New annotations for its records go to a recovery file beside it.': '无法读取此标注文件，已原样保留。这些记录的新标注将写入旁边的恢复文件。',
    '&Undo %1': '撤销 %1(&U)',
    '&Redo %1': '重做 %1(&R)',
    '&Undo': '撤销(&U)',
    '&Redo': '重做(&R)',
    'cannot be read': '无法读取',
    'search: not a valid query': '搜索：查询无效',
    "That day's paper, %1: %2 records; the search and filters are not applied": '当日报纸，%1：%2 条记录；未应用搜索和筛选',
    'page %1': '第%1版',
    '[picture %1: no image file found]': '〔图片 %1：未找到图片文件〕',
    'Picture': '图片',
    'Some annotation files need your attention:\n\n%1': '有些批注文件需要您留意：\n\n%1',
    'Working without the cache, so opening takes longer: %1': '缓存不可用，打开会慢一些：%1',
    '&Highlight': '高亮(&H)',
    '&Note…': '批注(&N)…',
    '&Correction…': '校正(&C)…',
    'Edit Tag &Vocabulary…': '编辑标签词表(&V)…',
    '&Export Annotations…': '导出标注(&E)…',
    '&Annotations': '标注面板(&A)',
    'All Anno&tations': '全部标注(&T)',
    '&Annotate': '标注(&A)',
    'Highlight &Colour': '高亮颜色(&C)',
    '&Tags': '标签(&T)',
    '&Mark As': '标记为(&M)',
    'Select some text of the article in the reader first': '请先在阅读区选中文章中的文字',
    'Highlight': '高亮',
    'Highlight Colour': '高亮颜色',
    'Colour:': '颜色：',
    'Change highlight': '修改高亮',
    'Edit note': '编辑批注',
    'Delete note': '删除批注',
    'Edit correction': '编辑校正',
    'Delete annotation': '删除标注',
    'Re-attach annotation': '重新附着标注',
    'No tag %1 in the vocabulary (Annotate → Tags → Edit Tag Vocabulary…)': '词表中没有第 %1 个标签（标注 → 标签 → 编辑标签词表…）',
    'Toggle “%1”': '切换“%1”',
    '(no tag %1)': '（无第 %1 个标签）',
    'All records': '全部记录',
    'Tag: %1': '标签：%1',
    'Status: %1': '状态：%1',
    'JSON lines (*.jsonl)': 'JSON 行 (*.jsonl)',
    'CSV (*.csv)': 'CSV (*.csv)',
    'Markdown (*.md)': 'Markdown (*.md)',
    'W3C Web Annotation JSON-LD (*.jsonld)': 'W3C 网络标注 JSON-LD (*.jsonld)',
    'Export Annotations': '导出标注',
    'Exported %1 annotation(s) to %2': '已导出 %1 条标注到 %2',
    'Note on the record': '对整条记录的批注',
    'Note on the selected text': '对所选文字的批注',
    'One colour a line: its name (what it means) and #rrggbb': '每行一种颜色：名称（含义）和 #rrggbb',
    'Choose…': '选择…',
    'Your name on annotations:': '标注署名：',
    'Highlight colours:': '高亮颜色：',
    'Annotations of read-only folders:': '只读文件夹的标注位置：',
    'Folder for Annotations': '标注文件夹',
    '(whole record)': '（整条记录）',
    'Text': '文字',
    'Tag Vocabulary': '标签词表',
    'One tag a line. Keys 1–9 toggle the first nine tags on the selected records.': '每行一个标签。按 1–9 键为所选记录切换前九个标签。',
    'highlight': '高亮',
    'tag': '标签',
    'correction': '校正',
    'status': '状态',
    'Concordance (KWIC)': '索引行（KWIC）',
    'Context:': '上下文：',
    'Sort:': '排序：',
    'archive order': '档案顺序',
    'left of the match (1L)': '按左侧文字（1L）',
    'right of the match (1R)': '按右侧文字（1R）',
    'date': '日期',
    'title': '标题',
    'Export CSV…': '导出 CSV…',
    '%1 hit(s)': '%1 处命中',
    '%1 hit(s) so far…': '已找到 %1 处命中…',
    'Sorting %1 records…': '正在为 %1 条记录排序…',
    'The search index was damaged; it is being rebuilt…': '全文索引已损坏，正在重建…',
    'Search failed: %1': '检索失败：%1',
    '%1 hit(s), sorting…': '%1 处命中，正在排序…',
    'Left': '左侧',
    'Match': '命中',
    'Right': '右侧',
    'Search index failed: %1': '全文索引失败：%1',
    '&Search Archive': '全文检索(&S)',
    'Next Search &Hit': '下一处命中(&H)',
    'Previous Search Hi&t': '上一处命中(&T)',
    '&Concordance (KWIC)': '索引行 KWIC(&C)',
    'search: %1 record(s)': '检索：%1 条记录',
    'Preparing the full-text search…': '正在准备全文检索…',
    'Search: %1': '检索：%1',
    'The search starts as soon as the article text is indexed…': '正文索引完成后即开始检索…',
    'Export Concordance': '导出索引行',
    'Exported %1 concordance lines to %2': '已导出 %1 条索引行到 %2',
    'Filter titles, authors (Ctrl+L)': '筛选标题、作者 (Ctrl+L)',
    'Search full text (Ctrl+K): 党员 -通知 标题:教育 日期:2005-02': '全文检索 (Ctrl+K)：党员 -通知 标题:教育 日期:2005-02',
    'Words must all occur (substrings). "a phrase", A OR B, -word excludes,\n标题:/title: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: search one field,\n日期:2005-02-01..2005-02-28 a date range, tag:… status:…, /regex/,\n江青!松江青浦!浙江青年: an occurrence inside 松江青浦 or 浙江青年 does not count.': '所有词都须出现（按子串匹配）。"短语"，A OR B，-词 表示排除，\n标题: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: 只查一个字段，\n日期:2005-02-01..2005-02-28 限定日期，tag:… status:…，/正则表达式/，\n江青!松江青浦!浙江青年：出现在“松江青浦”或“浙江青年”之内的不算命中。',
    'Statistics': '统计',
    'Records per month': '每月记录数',
    'Records per year': '每年记录数',
    'Search: records with hits per month': '检索：每月命中记录数',
    'Records by 版名': '按版名统计记录',
    'Records by 体裁': '按体裁统计记录',
    'Export PNG…': '导出 PNG…',
    'Facets': '分面',
    'Only between these dates': '只看这段日期',
    'From': '从',
    'To': '到',
    "That Day's Paper": '当天报纸',
    'Show the records of the first date, in page and item order': '按版号、条号顺序显示起始日期当天的记录',
    'Clear Facets': '清除分面',
    '(empty)': '（空）',
    '&Facets': '分面(&F)',
    '&Statistics': '统计(&S)',
    'Export &Records…': '导出记录(&R)…',
    'all records': '全部记录',
    'search first: this charts the records with hits': '请先检索：此图统计有命中的记录',
    '%1 record(s) shown': '显示 %1 条记录',
    'Export Chart': '导出图表',
    'Export Chart Data': '导出图表数据',
    'CSV with tags and notes (*.csv)': 'CSV，含标签和批注 (*.csv)',
    'JSON lines with tags and notes (*.jsonl)': 'JSON 行，含标签和批注 (*.jsonl)',
    'Plain text (*.txt)': '纯文本 (*.txt)',
    'Original tagged files (choose a folder)': '原始标记格式文件（选择文件夹）',
    'Export Records': '导出记录',
    'Encoding:': '编码：',
    'Exported %1 record(s) to %2': '已导出 %1 条记录到 %2',
    'Tagged files with accepted corrections applied (choose a folder)': '已采纳校正的标记格式文件（选择文件夹）',
}


#: Where the same English word needs another Chinese word in one context.
BY_CONTEXT = {
    ("Kind", "note"): "批注",
}


def _fill(translation: ET.Element, numerus: bool, forms: tuple[str, ...]) -> None:
    translation.attrib.pop("type", None)
    if not numerus:
        translation.text = forms[0]
        return
    for old in translation.findall("numerusform"):
        translation.remove(old)
    for form in forms:
        ET.SubElement(translation, "numerusform").text = form


def _english(lupdate: str, lrelease: str, sources: list[str]) -> list[str]:
    """The English plural forms (the source text is English, but "%n
    record(s)" needs a translation to say "1 record" and "2 records")."""
    subprocess.run([lupdate, *sources, "-no-obsolete", "-pluralonly", "-source-language", "en",
                    "-target-language", "en", "-ts", str(TS_EN)], check=True)
    tree = ET.parse(TS_EN)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        if source in EN_PLURALS:
            _fill(message.find("translation"), True, EN_PLURALS[source])
        else:
            missing.append(source)
    tree.write(TS_EN, encoding="utf-8", xml_declaration=True)
    subprocess.run([lrelease, str(TS_EN), "-qm", str(QM_EN)], check=True)
    return missing


def main() -> int:
    bindir = Path(sys.executable).parent
    lupdate, lrelease = str(bindir / "pyside6-lupdate"), str(bindir / "pyside6-lrelease")
    sources = sorted(str(p) for p in (ROOT / "viewer" / "ui").glob("*.py"))
    subprocess.run([lupdate, *sources, "-no-obsolete", "-ts", str(TS)], check=True)
    tree = ET.parse(TS)
    missing = []
    for context in tree.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            message.set("context", name or "")
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        special = BY_CONTEXT.get((message.attrib.pop("context", ""), source))
        if special or source in ZH_CN:
            _fill(translation, message.get("numerus") == "yes", (special or ZH_CN[source],))
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([lrelease, str(TS), "-qm", str(QM)], check=True)
    missing += _english(lupdate, lrelease, sources)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
