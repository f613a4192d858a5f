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
}


def main() -> int:
    bindir = Path(sys.executable).parent
    sources = sorted(str(p) for p in (ROOT / "viewer" / "ui").glob("*.py"))
    subprocess.run([str(bindir / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], check=True)
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in ZH_CN:
            translation.text = ZH_CN[source]
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
