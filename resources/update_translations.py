"""Refresh the Chinese translation: ``python resources/update_translations.py``.

Runs ``pyside6-lupdate`` over ``viewer/ui`` to collect every ``tr()``
string into ``archive_viewer_zh_CN.ts``, fills in the translations below,
and compiles ``archive_viewer_zh_CN.qm`` with ``pyside6-lrelease``. A string
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

ZH_CN = {
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
    "Loading: %1 of %2 files, %3 records (%4 records/s)": "正在载入：%1 / %2 个文件，%3 条记录（每秒 %4 条）",
    "Loading stopped": "载入已停止",
    "%1 of %2 records": "%1 / %2 条记录",
    "%1 records": "%1 条记录",
    "%1 problems": "%1 个问题",
    "(loading cancelled)": "（载入已取消）",
    "%1 · %2 problems": "%1 · %2 个问题",
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
    'Not marked %1: %2': '未标为%1：%2',
    '%3 records not marked %1: %2': '%3 条记录未标为%1：%2',
    'Edit…': '编辑…',
    'Delete': '删除',
    'Re-attach to Selection': '重新附着到所选文字',
    'Select text in the reader, then move the chosen annotation there': '先在阅读区选中文字，再把所选标注移到那里',
    'This annotation file cannot be read, so it is left as it is. New annotations for its records go to a recovery file beside it.\n\n%1': '无法读取此标注文件，已原样保留。这些记录的新标注将写入旁边的恢复文件。\n\n%1',
    'Annotations of %1 files are kept outside the archive, e.g. %2': '%1 个文件的标注保存在档案之外，例如 %2',
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
    'Exported %1 annotations to %2': '已导出 %1 条标注到 %2',
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
    '%1 hits': '%1 处命中',
    '(first %1 shown)': '（只显示前 %1 处）',
    'Left': '左侧',
    'Match': '命中',
    'Right': '右侧',
    'Search index failed: %1': '全文索引失败：%1',
    '&Search Archive': '全文检索(&S)',
    'Next Search &Hit': '下一处命中(&H)',
    'Previous Search Hi&t': '上一处命中(&T)',
    '&Concordance (KWIC)': '索引行 KWIC(&C)',
    'search: %1 records': '检索：%1 条记录',
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
    '%1 records shown': '显示 %1 条记录',
    'Export Chart': '导出图表',
    'Export Chart Data': '导出图表数据',
    'CSV with tags and notes (*.csv)': 'CSV，含标签和批注 (*.csv)',
    'JSON lines with tags and notes (*.jsonl)': 'JSON 行，含标签和批注 (*.jsonl)',
    'Plain text (*.txt)': '纯文本 (*.txt)',
    'Original tagged files (choose a folder)': '原始标记格式文件（选择文件夹）',
    'Export Records': '导出记录',
    'Encoding:': '编码：',
    'Exported %1 records to %2': '已导出 %1 条记录到 %2',
    'Tagged files with accepted corrections applied (choose a folder)': '已采纳校正的标记格式文件（选择文件夹）',
}


#: Where the same English word needs another Chinese word in one context.
BY_CONTEXT = {
    ("Kind", "note"): "批注",
}


def main() -> int:
    bindir = Path(sys.executable).parent
    sources = sorted(str(p) for p in (ROOT / "viewer" / "ui").glob("*.py"))
    subprocess.run([str(bindir / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], check=True)
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
            translation.text = special or ZH_CN[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(bindir / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
