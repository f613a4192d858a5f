<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <location filename="../viewer/ui/actions.py" line="87" />
        <source>&amp;File</source>
        <extracomment>Where an action's shortcut works. The menus, in order, with their titles; submenus are ``parent/name``.</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="88" />
        <source>Recent &amp;Archives</source>
        <translation>最近的档案(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="89" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="90" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="91" />
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="92" />
        <source>&amp;Annotate</source>
        <translation>标注(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="93" />
        <source>Highlight &amp;Colour</source>
        <translation>高亮颜色(&amp;C)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="94" />
        <source>&amp;Tags</source>
        <translation>标签(&amp;T)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="95" />
        <source>&amp;Mark As</source>
        <translation>标记为(&amp;M)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="96" />
        <source>&amp;Review</source>
        <translation>审校(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="97" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="105" />
        <source>&amp;Open Files…</source>
        <extracomment>Where each submenu goes in its parent: after the actions of this group.</extracomment>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="106" />
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="107" />
        <source>&amp;Reload</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="108" />
        <source>Export &amp;Records…</source>
        <translation>导出记录(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="109" />
        <source>&amp;Export Annotations…</source>
        <translation>导出标注(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="110" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="112" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="113" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="114" />
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="115" />
        <source>&amp;Find in Article…</source>
        <translation>在文章中查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="116" />
        <source>&amp;Search Archive</source>
        <translation>全文检索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="117" />
        <source>Match Simplified and &amp;Traditional Forms</source>
        <translation>简繁字形一并匹配(&amp;T)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="119" />
        <source>Next Search &amp;Hit</source>
        <translation>下一处命中(&amp;H)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="120" />
        <source>Previous Search Hi&amp;t</source>
        <translation>上一处命中(&amp;T)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="121" />
        <source>Filter &amp;Records</source>
        <translation>筛选记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="122" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="124" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="125" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="126" />
        <source>&amp;Actual Size</source>
        <translation>原始大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="127" />
        <source>Show &amp;Original Text</source>
        <translation>显示原始文本(&amp;O)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="128" />
        <source>&amp;Problems</source>
        <translation>问题(&amp;P)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="130" />
        <source>&amp;Annotations</source>
        <translation>标注面板(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="131" />
        <source>All Anno&amp;tations</source>
        <translation>全部标注(&amp;T)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="132" />
        <source>&amp;Concordance (KWIC)</source>
        <translation>索引行 KWIC(&amp;C)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="133" />
        <source>&amp;Facets</source>
        <translation>分面(&amp;F)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="134" />
        <source>&amp;Statistics</source>
        <translation>统计(&amp;S)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="135" />
        <source>Trac&amp;ked Changes</source>
        <translation>修订视图(&amp;K)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="138" />
        <source>&amp;Next Record</source>
        <translation>下一条记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="139" />
        <source>&amp;Previous Record</source>
        <translation>上一条记录(&amp;P)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="141" />
        <source>&amp;Highlight</source>
        <translation>高亮(&amp;H)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="142" />
        <source>&amp;Note…</source>
        <translation>批注(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="143" />
        <source>&amp;Correction…</source>
        <translation>校正(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="144" />
        <source>Find and &amp;Replace as Corrections…</source>
        <translation>查找并替换为校正(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="146" />
        <source>Toggle tag %1</source>
        <translation>切换第 %1 个标签</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="148" />
        <source>Edit Tag &amp;Vocabulary…</source>
        <translation>编辑标签词表(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="152" />
        <source>&amp;Next Record to Proofread</source>
        <translation>下一条待校对记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="154" />
        <source>Mark &amp;Proofread and Next</source>
        <translation>标为已校对并转到下一条(&amp;P)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="156" />
        <source>Next Record to &amp;Validate</source>
        <translation>下一条待核对记录(&amp;V)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="158" />
        <source>Mark Va&amp;lidated and Next</source>
        <translation>标为已核对并转到下一条(&amp;L)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="161" />
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="162" />
        <source>&amp;Query Language</source>
        <translation>查询语言(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="163" />
        <source>&amp;About Archive Viewer</source>
        <translation>关于报刊档案阅读器(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/actions.py" line="332" />
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="80" />
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="83" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="83" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>AnnotationBrowser</name>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="243" />
        <source>All Annotations</source>
        <translation>全部标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="244" />
        <source>Filter annotations</source>
        <translation>筛选标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="245" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="248" />
        <source>Orphans only</source>
        <translation>仅孤立标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="249" />
        <source>Accept Selected Corrections</source>
        <translation>接受所选校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="250" />
        <source>Reject Selected Corrections</source>
        <translation>拒绝所选校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="251" />
        <source>Moved corrections</source>
        <translation>已移位的校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="252" />
        <source>Corrections whose text changed in the record file: they are not applied until an editor confirms them</source>
        <translation>记录文件中文字已改变的校正：经编辑确认前不会生效</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="281" />
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="283" />
        <source>reading annotation files…</source>
        <translation>正在读取批注文件…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="285" />
        <source>placing spans…</source>
        <translation>正在定位批注…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="287" />
        <source>Spans are being found in the records' current text: orphans and moved corrections show once that is done</source>
        <translation>正在记录的当前文本中定位批注：孤立批注和已移位的校正在定位完成后显示</translation>
    </message>
</context>
<context>
    <name>AnnotationCard</name>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="103" />
        <source>(whole record)</source>
        <translation>（整条记录）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="108" />
        <source>orphan: “%1”</source>
        <translation>孤立：“%1”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="110" />
        <source>moved: “%1”, now on “%2”</source>
        <translation>已移位：“%1”，现位于“%2”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="201" />
        <source>Click to show it in the article; double-click to edit the note</source>
        <translation>单击在文章中显示；双击编辑批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="318" />
        <source>Reason for the correction</source>
        <translation>校正理由</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="320" />
        <source>Write a note… (Ctrl+Enter keeps it, Escape drops it)</source>
        <translation>写批注…（Ctrl+Enter 保存，Esc 放弃）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="390" />
        <source>Remove the tag %1</source>
        <translation>删除标签 %1</translation>
    </message>
</context>
<context>
    <name>AnnotationController</name>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="248" />
        <source>Some annotation files need your attention:

%1</source>
        <extracomment>What reading and placing every annotation yield to (see :class:`~viewer.ui.background.Foreground`).</extracomment>
        <translation>有些批注文件需要您留意：

%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="252" />
        <source>This annotation file cannot be read, so it is left as it is. New annotations for its records go to a recovery file beside it.</source>
        <translation>无法读取此标注文件，已原样保留。这些记录的新标注将写入旁边的恢复文件。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="263" />
        <source>The annotation files could not be read: %1</source>
        <translation>无法读取批注文件：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="266" />
        <source>The export that waited for them was not started.</source>
        <translation>等待它们的导出没有开始。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="279" />
        <source>The export starts once the annotation files are read…</source>
        <translation>批注文件读完后即开始导出……</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="296" />
        <source>Moved correction, not applied until confirmed: made on “%1”, the text here is “%2”; → “%3”</source>
        <translation>已移位的校正，确认前不生效：原校正针对“%1”，此处文字为“%2”；→“%3”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="339" />
        <source>Select some text of the article in the reader first</source>
        <translation>请先在阅读区选中文章中的文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="369" />
        <source>Highlight</source>
        <translation>高亮</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="380" />
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="390" />
        <source>Correction</source>
        <translation>校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="401" />
        <location filename="../viewer/ui/annotation_controller.py" line="483" />
        <source>Change highlight</source>
        <translation>修改高亮</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="406" />
        <location filename="../viewer/ui/annotation_controller.py" line="428" />
        <source>Edit note</source>
        <translation>编辑批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="408" />
        <location filename="../viewer/ui/annotation_controller.py" line="426" />
        <source>Delete note</source>
        <translation>删除批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="413" />
        <location filename="../viewer/ui/annotation_controller.py" line="424" />
        <source>Edit correction</source>
        <translation>编辑校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="415" />
        <source>Keep annotation</source>
        <translation>保留标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="497" />
        <source>Delete annotation</source>
        <translation>删除标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="503" />
        <source>Re-attach annotation</source>
        <translation>重新附着标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="514" />
        <location filename="../viewer/ui/annotation_controller.py" line="529" />
        <source>Add tag %1</source>
        <translation>添加标签 %1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="521" />
        <source>No tag %1 in the vocabulary (Annotate → Tags → Edit Tag Vocabulary…)</source>
        <translation>词表中没有第 %1 个标签（标注 → 标签 → 编辑标签词表…）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="529" />
        <source>Remove tag %1</source>
        <translation>移除标签 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="531" />
        <source>Removed “%2” from %1 record(s) — %3 to undo</source>
        <translation>
            <numerusform>已从 %1 条记录移除“%2”——按 %3 撤销</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="532" />
        <source>Tagged %1 record(s) “%2” — %3 to undo</source>
        <translation>
            <numerusform>已给 %1 条记录加上标签“%2”——按 %3 撤销</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="565" />
        <source>Toggle “%1”</source>
        <translation>切换“%1”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="565" />
        <source>(no tag %1)</source>
        <translation>（无第 %1 个标签）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="578" />
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="580" />
        <source>Tag: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="582" />
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="608" />
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="608" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="609" />
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="609" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="673" />
        <source>Confirm correction</source>
        <translation>确认校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="695" />
        <source>Highlight Colour</source>
        <translation>高亮颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="704" />
        <source>Change Colour of This Highlight</source>
        <translation>更改此高亮的颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="710" />
        <source>Edit Correction…</source>
        <translation>编辑校正…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="711" />
        <source>Edit Note…</source>
        <translation>编辑批注…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="713" />
        <source>Delete This Annotation</source>
        <translation>删除此批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="735" />
        <source>Annotations could not be saved; they are kept and saving will be tried again.

%1</source>
        <translation>标注未能保存；内容仍保留，稍后会再次尝试保存。

%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="742" />
        <source>The archive folder is read-only: annotations saved in %1</source>
        <translation>档案文件夹只读：标注已保存到 %1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="744" />
        <source>Annotations saved</source>
        <translation>标注已保存</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="750" />
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON 行 (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="768" />
        <source>Exported %1 annotation(s) to %2</source>
        <translation>
            <numerusform>已导出 %1 条标注到 %2</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="769" />
        <source>Exporting annotations…</source>
        <translation>正在导出批注…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="752" />
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="258" />
        <source>Annotations of %1 file(s) are kept outside the archive, e.g. %2</source>
        <translation>
            <numerusform>%1 个文件的标注保存在档案之外，例如 %2</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="753" />
        <source>W3C Web Annotation JSON-LD (*.jsonld)</source>
        <translation>W3C 网络标注 JSON-LD (*.jsonld)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="755" />
        <source>Export Annotations</source>
        <translation>导出标注</translation>
    </message>
</context>
<context>
    <name>AnnotationPanel</name>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="502" />
        <source>Annotations</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="503" />
        <source>Add a tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="504" />
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="507" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="507" />
        <source>Highlights</source>
        <translation>高亮</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="507" />
        <source>Notes</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="507" />
        <source>Corrections</source>
        <translation>校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="510" />
        <location filename="../viewer/ui/annotation_panel.py" line="524" />
        <source>All colours</source>
        <translation>全部颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="511" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="512" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="513" />
        <source>Re-attach to Selection</source>
        <translation>重新附着到所选文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="514" />
        <source>Confirm Here</source>
        <translation>在此确认</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="515" />
        <source>The text this correction was made on changed: apply it to the text it is on now</source>
        <translation>此校正所针对的文字已改变：将它用于现在所在的文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="516" />
        <source>Select text in the reader, then move the chosen annotation there</source>
        <translation>先在阅读区选中文字，再把所选标注移到那里</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="606" />
        <source>No annotation of this record matches the filter.</source>
        <translation>这条记录没有符合筛选条件的批注。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="608" />
        <source>No annotations yet. Select text in the article, then press H to highlight it, N to add a note or C to propose a correction.</source>
        <translation>还没有批注。在文章中选中文字，按 H 高亮，按 N 添加批注，按 C 提出校正。</translation>
    </message>
</context>
<context>
    <name>BatchController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="88" />
        <source>Propose %1 correction(s)</source>
        <translation>
            <numerusform>提出 %1 处校正</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="89" />
        <location filename="../viewer/ui/batch_controller.py" line="111" />
        <source>Accept %1 correction(s)</source>
        <translation>
            <numerusform>接受 %1 处校正</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_controller.py" line="92" />
        <location filename="../viewer/ui/batch_controller.py" line="114" />
        <source>%1 — Ctrl+Z to undo</source>
        <translation>%1——按 Ctrl+Z 撤销</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="112" />
        <source>Reject %1 correction(s)</source>
        <translation>
            <numerusform>拒绝 %1 处校正</numerusform></translation>
    </message>
</context>
<context>
    <name>BatchCorrectionDialog</name>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="140" />
        <source>Find and Replace as Corrections</source>
        <translation>查找并替换为校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="148" />
        <source>All text fields (引题 标题 副题 作者 正文)</source>
        <translation>全部文字字段（引题 标题 副题 作者 正文）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="151" />
        <source>Use a List of Misreadings…</source>
        <translation>使用误识字词表…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="153" />
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="157" />
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="158" />
        <source>Replace with:</source>
        <translation>替换为：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="159" />
        <source>In:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="175" />
        <source>Tick All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="176" />
        <source>Untick All</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="177" />
        <source>Propose Ticked</source>
        <translation>提出所选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="179" />
        <source>Make open corrections of the places ticked, to review in the reader</source>
        <translation>把所选之处设为待审的校正，在阅读区审阅</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="180" />
        <source>Accept Ticked</source>
        <translation>接受所选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="182" />
        <source>Make accepted corrections of the places ticked (Undo takes them back)</source>
        <translation>把所选之处设为已接受的校正（可撤销）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="183" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="217" />
        <source>%1 pairs from %2</source>
        <translation>%1 对，来自 %2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="228" />
        <source>List of Misreadings</source>
        <translation>误识字词表</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="229" />
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="236" />
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="246" />
        <source>Finding…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="256" />
        <source>%1 places, %2 ticked</source>
        <translation>%1 处，已选 %2 处</translation>
    </message>
</context>
<context>
    <name>BrowserModel</name>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="152" />
        <source>orphan: “%1”</source>
        <translation>孤立：“%1”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="154" />
        <source>moved: “%1”, now on “%2”</source>
        <translation>已移位：“%1”，现位于“%2”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="169" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="169" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="169" />
        <source>Colour/Tag</source>
        <translation>颜色/标签</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="169" />
        <source>Quote</source>
        <translation>引文</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="170" />
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="170" />
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_browser.py" line="170" />
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>ChartDock</name>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="131" />
        <source>Statistics</source>
        <extracomment>Bars shown at most in a "by field" chart. The size a chart is exported at (logical pixels; PNG at twice this). Colours of the series of a chart with several (one an editor). the CSV of the chart shown: a header row, then one row a label</extracomment>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="133" />
        <source>Records per month</source>
        <translation>每月记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="134" />
        <source>Records per year</source>
        <translation>每年记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="135" />
        <source>Search: records with hits per month</source>
        <translation>检索：每月命中记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="136" />
        <source>Records by 版名</source>
        <translation>按版名统计记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="137" />
        <source>Records by 体裁</source>
        <translation>按体裁统计记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="138" />
        <source>Proofread by editor, per month of work</source>
        <translation>各编辑每月校对的记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="142" />
        <source>Export Image…</source>
        <translation>导出图片…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="144" />
        <source>Compare terms: 党员, 群众, 干部 (empty: the search)</source>
        <translation>比较词语：党员, 群众, 干部（留空：当前搜索）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="145" />
        <source>Per 1,000 records when comparing</source>
        <translation>比较时按每千条记录计</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="145" />
        <location filename="../viewer/ui/chart_dock.py" line="174" />
        <source>Records with hits</source>
        <translation>含命中的记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="146" />
        <source>Per 1,000 records of the month</source>
        <translation>每月每千条记录中</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="174" />
        <source>Records per 1,000 of the month</source>
        <translation>每月每千条记录中的记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="178" />
        <location filename="../viewer/ui/chart_dock.py" line="271" />
        <location filename="../viewer/ui/chart_dock.py" line="288" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="185" />
        <location filename="../viewer/ui/chart_dock.py" line="210" />
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="271" />
        <location filename="../viewer/ui/chart_dock.py" line="288" />
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../viewer/ui/chart_dock.py" line="143" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../viewer/ui/labels.py" line="64" />
        <source>日期 disagrees with the date folders or the file name</source>
        <extracomment>The proofreading checks (viewer.core.records.checks), as the interface says them.</extracomment>
        <translation>日期与日期文件夹或文件名不符</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="65" />
        <source>版号 disagrees with the file name</source>
        <translation>版号与文件名不符</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="66" />
        <source>条号 repeats on one page of one day</source>
        <translation>同日同版条号重复</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="67" />
        <source>总期 changes within a day</source>
        <translation>同日总期不一</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="68" />
        <source>An empty 标题 or 正文</source>
        <translation>标题或正文为空</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="69" />
        <source>Characters outside GB2312 before 1995</source>
        <translation>1995 年前的记录含 GB2312 以外的字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="70" />
        <source>Half-width and full-width punctuation in one body</source>
        <translation>正文中半角、全角标点混用</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="71" />
        <source>Known misreadings (.archive-viewer-confusions.txt)</source>
        <translation>常见误识字词（.archive-viewer-confusions.txt）</translation>
    </message>
</context>
<context>
    <name>ColourListEditor</name>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="64" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="64" />
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="65" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="66" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="67" />
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="68" />
        <source>The first colour is the one a new highlight gets</source>
        <translation>新的高亮默认使用第一种颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="70" />
        <location filename="../viewer/ui/colour_editor.py" line="88" />
        <source>Click to choose another colour</source>
        <translation>单击选择其他颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/colour_editor.py" line="111" />
        <location filename="../viewer/ui/colour_editor.py" line="117" />
        <source>Highlight Colour</source>
        <translation>高亮颜色</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="67" />
        <source>Correction</source>
        <translation>校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="78" />
        <source>Original:</source>
        <translation>原文：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="79" />
        <source>Replacement:</source>
        <translation>改为：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="80" />
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="81" />
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
</context>
<context>
    <name>CorrectionsModel</name>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="83" />
        <source>accepted</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="83" />
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="83" />
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="88" />
        <source>not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="97" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="97" />
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="97" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="97" />
        <source>Author</source>
        <translation>作者</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="67" />
        <source>Highlight Colour</source>
        <extracomment>Longest wait between a change and its save, in ms. Browser rows whose spans are placed in one background step.</extracomment>
        <translation>高亮颜色</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_controller.py" line="68" />
        <source>Colour:</source>
        <translation>颜色：</translation>
    </message>
</context>
<context>
    <name>DiffController</name>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="273" />
        <source>needs confirmation: its text changed</source>
        <translation>待确认：所针对的文字已改变</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="274" />
        <source>not found in the text</source>
        <translation>文中找不到</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="275" />
        <source>overlaps another correction</source>
        <translation>与另一处校正重叠</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="276" />
        <source>crosses a line break or a picture</source>
        <translation>跨越换行或图片</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="281" />
        <source>open: tick “Include open corrections” to see it</source>
        <translation>待审：勾选“包括待审的校正”即可看到</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="288" />
        <source>Accept %1 correction(s)</source>
        <translation>
            <numerusform>接受 %1 处校正</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="289" />
        <source>Reject %1 correction(s)</source>
        <translation>
            <numerusform>拒绝 %1 处校正</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="294" />
        <source>Corrected text copied</source>
        <translation>已复制校正后的文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="297" />
        <source>Save Corrected Text</source>
        <translation>保存校正后的文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="298" />
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="308" />
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="310" />
        <source>Saved the corrected text to %1</source>
        <translation>已将校正后的文字保存到 %1</translation>
    </message>
</context>
<context>
    <name>DiffDock</name>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="175" />
        <source>Tracked Changes</source>
        <translation>修订视图</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="176" />
        <source>Include open corrections</source>
        <translation>包括待审的校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="177" />
        <source>Copy Corrected Text</source>
        <translation>复制校正后的文字</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="178" />
        <source>Save Corrected Text…</source>
        <translation>保存校正后的文字…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="179" />
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="180" />
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="181" />
        <source>Accept All in Record</source>
        <translation>接受本条全部</translation>
    </message>
    <message>
        <location filename="../viewer/ui/diff_dock.py" line="182" />
        <source>Reject All in Record</source>
        <translation>拒绝本条全部</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="216" />
        <source>%1 change(s) marked</source>
        <translation>
            <numerusform>标出 %1 处改动</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="217" />
        <source>%1 correction(s)</source>
        <translation>
            <numerusform>共 %1 处校正</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="56" />
        <source>CSV with tags and notes, UTF-8 (*.csv)</source>
        <extracomment>Encodings offered for the tagged export.</extracomment>
        <translation>带标签和批注的 CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="57" />
        <source>CSV with tags and notes for Excel, UTF-8 with BOM (*.csv)</source>
        <translation>带标签和批注的 CSV，供 Excel 使用，带 BOM 的 UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="58" />
        <source>JSON lines with tags and notes (*.jsonl)</source>
        <translation>JSON 行，含标签和批注 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="59" />
        <source>Plain text (*.txt)</source>
        <translation>纯文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="60" />
        <source>Original tagged files (choose a folder)</source>
        <translation>原始标记格式文件（选择文件夹）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="61" />
        <source>Tagged files with accepted corrections applied (choose a folder)</source>
        <translation>已采纳校正的标记格式文件（选择文件夹）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="63" />
        <location filename="../viewer/ui/export_controller.py" line="69" />
        <source>Export Records</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="68" />
        <source>Each file's own (byte for byte)</source>
        <translation>每个文件原有的编码（逐字节保持）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/export_controller.py" line="69" />
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="93" />
        <source>Exported %1 record(s) to %2</source>
        <translation>
            <numerusform>已导出 %1 条记录到 %2</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="95" />
        <source>Exported %1 record(s) to %2 (corrections applied: %3, held back: %4)</source>
        <translation>
            <numerusform>已导出 %1 条记录到 %2（应用的校正：%3 处，未应用：%4 处）</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="96" />
        <source>Exporting %1 record(s)…</source>
        <translation>
            <numerusform>正在导出 %1 条记录…</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportRun</name>
    <message>
        <location filename="../viewer/ui/exporting.py" line="84" />
        <source>Another export is still running: wait for it, or cancel it</source>
        <extracomment>The progress dialog shows only for exports that take longer than this.</extracomment>
        <translation>另一项导出仍在进行：请等待它完成，或取消它</translation>
    </message>
    <message>
        <location filename="../viewer/ui/exporting.py" line="87" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../viewer/ui/exporting.py" line="128" />
        <source>Export cancelled; nothing was written</source>
        <translation>导出已取消，未写入任何文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/exporting.py" line="130" />
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <location filename="../viewer/ui/exporting.py" line="40" />
        <source>CSV, UTF-8 (*.csv)</source>
        <extracomment>Characters a file name cannot have on some system.</extracomment>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/exporting.py" line="41" />
        <source>CSV for Excel, UTF-8 with BOM (*.csv)</source>
        <translation>CSV，供 Excel 使用，带 BOM 的 UTF-8 (*.csv)</translation>
    </message>
</context>
<context>
    <name>FacetDock</name>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="181" />
        <source>Facets</source>
        <translation>分面</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="183" />
        <source>Only between these dates</source>
        <translation>只看这段日期</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="184" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="185" />
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="186" />
        <source>That Day's Paper</source>
        <translation>当天报纸</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="187" />
        <source>Show the records of the first date, in page and item order</source>
        <translation>按版号、条号顺序显示起始日期当天的记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="191" />
        <source>Clear Facets</source>
        <translation>清除分面</translation>
    </message>
</context>
<context>
    <name>FacetModel</name>
    <message>
        <location filename="../viewer/ui/facet_dock.py" line="68" />
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="51" />
        <source>Find in article</source>
        <translation>在文章中查找</translation>
    </message>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="52" />
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配 (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="53" />
        <source>Next match (Enter)</source>
        <translation>下一个匹配 (Enter)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="54" />
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="74" />
        <source>no matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <location filename="../viewer/ui/find_bar.py" line="76" />
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="29" />
        <source>Keep a note or correction (in its dialog, or edited on a card)</source>
        <translation>保存批注或校正（在对话框中，或在卡片上编辑时）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="30" />
        <source>Edit the chosen card's note in place</source>
        <translation>在卡片上直接编辑所选批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="31" />
        <source>Delete the chosen annotation (in the Annotations sidebar)</source>
        <translation>删除所选批注（在批注侧栏中）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="32" />
        <source>Drop an edit; close the find bar or the toolbar over the text</source>
        <translation>放弃编辑；关闭查找栏或文字上方的工具栏</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="33" />
        <source>Toggle the vocabulary's first nine tags on the selected records</source>
        <translation>为所选记录切换标签词表中的前九个标签</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="39" />
        <source>records with both terms, in any field or note</source>
        <extracomment>The query language by example: (query, what it finds). Field names work in Chinese and in English.</extracomment>
        <translation>同时含有两个词的记录，任何字段或批注中均可</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="40" />
        <source>the exact phrase, spaces included</source>
        <translation>完全一致的短语，包括空格</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="41" />
        <source>either term</source>
        <translation>含有其中任一个词</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="42" />
        <source>党员 and not 通知</source>
        <translation>含有“党员”而不含“通知”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="43" />
        <source>the term in one field: 标题/title, 引题/lead, 副题/subtitle, 作者/author, 正文/body, 版名/section, 体裁/genre, 分类/class, 批注/note</source>
        <translation>只在一个字段中找：标题、引题、副题、作者、正文、版名、体裁、分类、批注（也可用英文名 title、lead…）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="45" />
        <source>on that page (part of its 版名)</source>
        <translation>在该版（版名的一部分即可）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="46" />
        <source>in a date range; either end may be left open</source>
        <translation>在日期范围内；两端都可以不写</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="47" />
        <source>a whole month (or 日期:2005 for a whole year)</source>
        <translation>整个月（日期:2005 表示整年）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="48" />
        <source>records with that tag</source>
        <translation>带有该标签的记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="49" />
        <source>records at that review status (unread: never marked)</source>
        <translation>处于该审校状态的记录（unread：从未标记）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="50" />
        <source>a regular expression (slower: every text is read)</source>
        <translation>正则表达式（较慢：要读取全部文本）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="51" />
        <source>江青, where an occurrence inside 松江青浦 or 浙江青年 does not count (an exclusion pattern)</source>
        <translation>江青，但出现在“松江青浦”或“浙江青年”之中的不算（排除模式）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="107" />
        <source>Query Language</source>
        <translation>查询语言</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="108" />
        <source>Type a query in the search box (Ctrl+K). Terms are matched as written, character by character; combine them as below. Double-click an example to search for it.</source>
        <translation>在搜索框（Ctrl+K）中输入查询。词语按字逐一精确匹配；可按下表组合。双击示例即可搜索。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="110" />
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="110" />
        <source>Finds</source>
        <translation>查找结果</translation>
    </message>
    <message>
        <location filename="../viewer/ui/help_dialogs.py" line="117" />
        <source>Try It</source>
        <translation>试一试</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="79" />
        <source>highlight</source>
        <extracomment>The role that gives a card's :class:`Placed` row. The colours of the cards' bars for what has no highlight colour. The longest quote a card shows in full (longer ones end in "…").</extracomment>
        <translation>高亮</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="80" />
        <source>note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="81" />
        <source>tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="82" />
        <source>correction</source>
        <translation>校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="83" />
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_panel.py" line="94" />
        <source>Conflict: changed in one copy and deleted in another; it was kept. Edit it to keep it, or delete it.</source>
        <translation>冲突：一份副本修改了它，另一份删除了它；已保留。编辑即保留，或将其删除。</translation>
    </message>
</context>
<context>
    <name>KwicDock</name>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="214" />
        <source>Concordance (KWIC)</source>
        <translation>索引行（KWIC）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="215" />
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="216" />
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="218" />
        <source>archive order</source>
        <translation>档案顺序</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="219" />
        <source>left of the match (1L)</source>
        <translation>按左侧文字（1L）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="220" />
        <source>right of the match (1R)</source>
        <translation>按右侧文字（1R）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="221" />
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="222" />
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="226" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="234" />
        <source>%1 hit(s) so far…</source>
        <translation>
            <numerusform>已找到 %1 处命中…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="236" />
        <source>%1 hit(s), sorting…</source>
        <translation>
            <numerusform>%1 处命中，正在排序…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="238" />
        <source>%1 hit(s)</source>
        <translation>
            <numerusform>%1 处命中</numerusform></translation>
    </message>
</context>
<context>
    <name>KwicModel</name>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="118" />
        <source>Left</source>
        <translation>左侧</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="118" />
        <source>Match</source>
        <translation>命中</translation>
    </message>
    <message>
        <location filename="../viewer/ui/kwic_dock.py" line="118" />
        <source>Right</source>
        <translation>右侧</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../viewer/ui/main_window.py" line="214" />
        <source>Working without the cache, so opening takes longer: %1</source>
        <extracomment>Long background work (sidecars, spans) yields to the user's jobs.</extracomment>
        <translation>缓存不可用，打开会慢一些：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="270" />
        <source>Search and Filters</source>
        <translation>搜索与筛选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="286" />
        <location filename="../viewer/ui/main_window.py" line="562" />
        <source>Archive Viewer</source>
        <translation>报刊档案阅读器</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="319" />
        <source>Open Record Files</source>
        <translation>打开记录文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="319" />
        <source>Record files (*.txt);;All files (*)</source>
        <translation>记录文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="325" />
        <source>Open Archive Folder</source>
        <translation>打开档案文件夹</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="337" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="339" />
        <source>Clear Recent Archives</source>
        <translation>清除最近的档案</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="417" />
        <source>%1 note(s)</source>
        <translation>
            <numerusform>%1 条提示</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="427" />
        <source>Loading stopped</source>
        <translation>载入已停止</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="439" />
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="445" />
        <source>This file has changed on disk since the archive was loaded: the table and the search still show it as it was. Reload (F5) to read it again.</source>
        <translation>自档案载入以来，此文件在磁盘上已被改动：表格和搜索仍按原样显示它。按重新载入（F5）重新读取。</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="414" />
        <source>%1 · %2 problem(s)</source>
        <translation>
            <numerusform>%1 · %2 个问题</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="538" />
        <source>(loading cancelled)</source>
        <translation>（载入已取消）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="542" />
        <source>files not checked</source>
        <translation>未逐个检查文件</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="545" />
        <source>%1 folder(s) had changed since the last opening: only those were listed again and their files checked. The other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks every file.</source>
        <translation>
            <numerusform>自上次打开以来有 %1 个文件夹变动：只重新列出了这些文件夹并检查其中的文件，其余文件未逐个检查（见首选项）。原地改写的文件不会显示出来；重新载入会逐个检查文件。</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="550" />
        <source>No folder had changed since the last opening, so the files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks every file.</source>
        <translation>自上次打开以来没有文件夹变动，因此未逐个检查文件（见首选项）。原地改写的文件不会显示出来；重新载入会逐个检查文件。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="553" />
        <source>no cache</source>
        <translation>无缓存</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="480" />
        <source>%1 has no records</source>
        <translation>%1 中没有记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="530" />
        <source>%1 of %2 record(s)</source>
        <translation>
            <numerusform>%1 / %2 条记录</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="532" />
        <source>%1 record(s)</source>
        <translation>
            <numerusform>%1 条记录</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="533" />
        <source>%1 problem(s)</source>
        <translation>
            <numerusform>%1 个问题</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="587" />
        <source>Annotation Columns First</source>
        <translation>批注列放在最前</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="590" />
        <source>Default Column Order</source>
        <translation>默认列顺序</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="593" />
        <source>Sort by Date, Page and Item</source>
        <translation>按日期、版号、条号排序</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="635" />
        <source>About Archive Viewer</source>
        <translation>关于报刊档案阅读器</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="637" />
        <source>&lt;h3&gt;Archive Viewer %1&lt;/h3&gt;&lt;p&gt;Read, check and annotate archived Chinese newspaper records.&lt;/p&gt;&lt;p&gt;Python %2, Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;报刊档案阅读器 %1&lt;/h3&gt;&lt;p&gt;阅读、检查和标注中文报刊档案记录。&lt;/p&gt;&lt;p&gt;Python %2，Qt %3。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="43" />
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="52" />
        <source>Note on the record</source>
        <translation>对整条记录的批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="52" />
        <source>Note on the selected text</source>
        <translation>对所选文字的批注</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../viewer/ui/preferences.py" line="37" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="39" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="43" />
        <source>Use the default CJK font</source>
        <translation>使用默认中文字体</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="55" />
        <source>The reader shows its text in %1</source>
        <translation>阅读区正在使用的字体：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="62" />
        <source>Pinyin (安, 北, 中…)</source>
        <translation>拼音（安、北、中…）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="63" />
        <source>Code point (Unicode order)</source>
        <translation>码位（Unicode 顺序）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="65" />
        <source>Skip checking each file when no folder has changed</source>
        <translation>文件夹均未变动时不逐个检查文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="69" />
        <source>Reopening a large archive is faster, but a file rewritten in place (its folder unchanged) is not noticed until you reload. Reload always checks every file.</source>
        <translation>重新打开大型档案会更快，但原地改写的文件（其文件夹未变）在重新载入之前不会被发现。重新载入总会逐个检查文件。</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="74" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="95" />
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="96" />
        <source>Reader font:</source>
        <translation>阅读字体：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="100" />
        <source>Reader font size:</source>
        <translation>阅读字号：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="101" />
        <source>Sort titles and authors by:</source>
        <translation>标题和作者的排序方式：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="102" />
        <source>Reopening:</source>
        <translation>重新打开：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="103" />
        <source>Your name on annotations:</source>
        <translation>标注署名：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="104" />
        <source>Highlight colours:</source>
        <translation>高亮颜色：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="105" />
        <source>Annotations of read-only folders:</source>
        <translation>只读文件夹的标注位置：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="106" />
        <source>Proofreading checks:</source>
        <translation>校对检查：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="111" />
        <source>Folder for Annotations</source>
        <translation>标注文件夹</translation>
    </message>
</context>
<context>
    <name>ProblemText</name>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="60" />
        <source>No such file or directory</source>
        <translation>没有那个文件或目录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="61" />
        <source>Permission denied</source>
        <translation>权限不够</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="62" />
        <source>Is a directory</source>
        <translation>是一个目录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="63" />
        <source>Not a directory</source>
        <translation>不是目录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="64" />
        <source>Too many levels of symbolic links</source>
        <translation>符号链接层次过多</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="65" />
        <source>Input/output error</source>
        <translation>输入/输出错误</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="66" />
        <source>File name too long</source>
        <translation>文件名过长</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="81" />
        <source>field %1 appears twice in one record; a new record starts here</source>
        <translation>字段 %1 在一条记录中出现两次；从此处起是新的一条记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="82" />
        <source>text outside any field: %1</source>
        <translation>字段之外的文字：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="84" />
        <source>%1 inside field %2 has no closing tag before %3</source>
        <translation>字段 %2 中的 %1 在 %3 之前没有结束标记</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="86" />
        <source>%1 in field %2 is never closed: read as text</source>
        <translation>字段 %2 中的 %1 始终没有结束：按文字读取</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="89" />
        <source>%1 closes before the tags opened inside it, in field %2</source>
        <translation>字段 %2 中，%1 先于其内开启的标记结束</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="92" />
        <source>closing tag %1 inside field %2 without an opening tag</source>
        <translation>字段 %2 中的结束标记 %1 没有对应的开始标记</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="94" />
        <source>closing tag %1 without an opening tag</source>
        <translation>结束标记 %1 没有对应的开始标记</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="96" />
        <source>field %1 (line %2) is closed by %3</source>
        <translation>字段 %1（第 %2 行）由 %3 结束</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="98" />
        <source>field %1 has no closing tag before %2 (line %3)</source>
        <translation>字段 %1 在 %2（第 %3 行）之前没有结束标记</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="100" />
        <source>field %1 has no closing tag: the file ends inside it</source>
        <translation>字段 %1 没有结束标记：文件在该字段中结束</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="101" />
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="103" />
        <source>no 〖…〗 fields: not a record file</source>
        <translation>没有〖…〗字段：不是记录文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="105" />
        <source>no 〖…〗 fields: not a record file; skipped</source>
        <translation>没有〖…〗字段：不是记录文件，已跳过</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="108" />
        <source>bad date in RQ: %1 (expected YYYYMMDD); kept as text</source>
        <translation>日期 (RQ) 有误：%1（应为 YYYYMMDD）；按文字保留</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="110" />
        <source>file is %1 MiB, over the %2 MiB limit; skipped</source>
        <translation>文件大小 %1 MiB，超过 %2 MiB 的上限；已跳过</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="111" />
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="113" />
        <source>binary file, not a record file; skipped</source>
        <translation>二进制文件，不是记录文件；已跳过</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="116" />
        <source>bytes not valid %1 at byte offset %2 and %3 more; shown as �</source>
        <translation>字节偏移 %2 处（另有 %3 处）的字节不是有效的 %1；显示为 �</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="119" />
        <source>bytes not valid %1 at byte offset %2; shown as �</source>
        <translation>字节偏移 %2 处的字节不是有效的 %1；显示为 �</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="122" />
        <source>%1 NUL character(s) in the text (the first at byte offset %2); the file is read as text all the same</source>
        <translation>文本中有 %1 个 NUL 字符（第一个在字节偏移 %2 处）；文件仍按文字读取</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="126" />
        <source>skipped %1 of Archive Viewer's own files (annotations, recovery files, locks, tags)</source>
        <translation>跳过 %1 个 Archive Viewer 自己的文件（标注、恢复文件、锁、标签）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="129" />
        <source>skipped %1 hidden file(s) or folder(s) (names starting with “.”), such as %2</source>
        <translation>跳过 %1 个隐藏文件或文件夹（名称以“.”开头），如 %2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="132" />
        <source>skipped %1 file(s) that are not a record file (%2)</source>
        <translation>跳过 %1 个不是记录文件的文件（%2）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="135" />
        <source>skipped %1 editor backup file(s) (names ending in “~”)</source>
        <translation>跳过 %1 个编辑器备份文件（名称以“~”结尾）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="138" />
        <source>skipped %1 file(s) already loaded through another link, such as %2</source>
        <translation>跳过 %1 个已经通过其他链接载入的文件，如 %2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="141" />
        <source>skipped %1 entries that are not a regular file, such as %2</source>
        <translation>跳过 %1 个不是普通文件的条目，如 %2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="143" />
        <source>cannot open: not a regular file or folder</source>
        <translation>无法打开：不是普通文件或文件夹</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="144" />
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="145" />
        <source>cannot read folder: %1</source>
        <translation>无法读取文件夹：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="147" />
        <source>link to a folder already searched (a loop); skipped</source>
        <translation>指向已搜索过的文件夹的链接（循环）；已跳过</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="151" />
        <source>条号 %1 repeats on page %2 of %3 (also in %4, with the same 标题: a duplicate?)</source>
        <translation>%3 第 %2 版的条号 %1 重复（另见 %4，标题相同：是否重复收录？）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="153" />
        <source>条号 %1 repeats on page %2 of %3 (also in %4)</source>
        <translation>%3 第 %2 版的条号 %1 重复（另见 %4）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="156" />
        <source>总期 %1 differs from %2, the 总期 of the other records of %3</source>
        <translation>总期 %1 与 %3 其他记录的总期 %2 不同</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="157" />
        <source>日期 %1 is not in the folder %2</source>
        <translation>日期 %1 与所在文件夹 %2 不符</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="160" />
        <source>日期 %1 differs from the date %2 the file name %3 starts with</source>
        <translation>日期 %1 与文件名 %3 开头的日期 %2 不同</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="162" />
        <source>版号 %1 differs from page %2 in the file name %3</source>
        <translation>版号 %1 与文件名 %3 中的版次 %2 不同</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="165" />
        <source>%1 has characters outside GB2312 in a record of %2: %3</source>
        <translation>%2 年一条记录的%1中有 GB2312 以外的字符：%3</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="167" />
        <source>正文 mixes half-width “%1” with full-width “%2”</source>
        <translation>正文混用半角“%1”与全角“%2”</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="169" />
        <source>%1 has “%2”, a known misreading (usually %3)</source>
        <translation>%1中有“%2”，是常见的误识（通常应为 %3）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="171" />
        <source>%1 has “%2”, a known misreading</source>
        <translation>%1中有“%2”，是常见的误识</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="172" />
        <source>标题 (BT) is empty</source>
        <translation>标题 (BT) 为空</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problem_text.py" line="173" />
        <source>正文 (ZW) is empty</source>
        <translation>正文 (ZW) 为空</translation>
    </message>
</context>
<context>
    <name>ProblemsDock</name>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="137" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="100" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="101" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="102" />
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="110" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="110" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="110" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="110" />
        <source>Message</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>ProposalsModel</name>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="111" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="111" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="111" />
        <source>Before</source>
        <translation>前文</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="111" />
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../viewer/ui/batch_dialog.py" line="111" />
        <source>After</source>
        <translation>后文</translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message numerus="yes">
        <location filename="../viewer/ui/reader.py" line="151" />
        <source> … %1 more character(s), not shown here (View → Show Original Text, Ctrl+U, shows them)</source>
        <extracomment>Preferred reader fonts, first installed wins (Qt falls back per glyph). Search hits and find matches: outlined boxes, the current one filled. Neither is a highlight's colour, and a box leaves a highlight under it visible.</extracomment>
        <translation>
            <numerusform> … 另有 %1 字未在此显示（视图 → 显示原始文本，Ctrl+U，可见全部）</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/reader.py" line="161" />
        <source>page %1</source>
        <translation>第%1版</translation>
    </message>
    <message>
        <location filename="../viewer/ui/reader.py" line="167" />
        <source>[picture %1: no image file found]</source>
        <translation>〔图片 %1：未找到图片文件〕</translation>
    </message>
    <message>
        <location filename="../viewer/ui/reader.py" line="184" />
        <source>Picture</source>
        <translation>图片</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/review_controller.py" line="44" />
        <source>Marked %1 record(s) %2 — %3 to undo</source>
        <translation>
            <numerusform>已将 %1 条记录标为%2——按 %3 撤销</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="57" />
        <source>Mark as %1</source>
        <translation>标记为 %1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="66" />
        <source>only a proofread record can be validated</source>
        <translation>只有已校对的记录才能核对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="67" />
        <source>you proofread it; another editor must validate it</source>
        <translation>这条记录是你校对的，须由另一位编辑核对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="71" />
        <source>Not marked %1: %2</source>
        <translation>未标为%1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/review_controller.py" line="73" />
        <source>%3 record(s) not marked %1: %2</source>
        <translation>
            <numerusform>%3 条记录未标为%1：%2</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="85" />
        <source>No shown record is left to proofread</source>
        <translation>显示的记录都已校对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="86" />
        <source>No shown record is left for you to validate</source>
        <translation>显示的记录中没有可由你核对的了</translation>
    </message>
    <message>
        <location filename="../viewer/ui/review_controller.py" line="91" />
        <source>Back at the first record still to do</source>
        <translation>已回到第一条待处理的记录</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="389" />
        <source>Search index failed: %1</source>
        <translation>全文索引失败：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="264" />
        <source>Search: %1</source>
        <extracomment>At most this many concordance lines are shown. Facet counts over up to this many records are made at once on the GUI thread (milliseconds); over more, in the background. How long one step of making the concordance runs before it shows what it has (seconds). Typing pauses before the quick filter and the search run, in ms. Fields whose hits the reader marks.</extracomment>
        <translation>检索：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="271" />
        <source>The search starts as soon as the article text is indexed…</source>
        <translation>正文索引完成后即开始检索…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="355" />
        <source>Search wrapped to the last record</source>
        <translation>搜索已回到最后一条记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="356" />
        <source>Search wrapped to the first record</source>
        <translation>搜索已回到第一条记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="378" />
        <source>The search index was damaged; it is being rebuilt…</source>
        <translation>全文索引已损坏，正在重建…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="381" />
        <source>Search failed: %1</source>
        <translation>检索失败：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="405" />
        <source>search: not a valid query</source>
        <translation>搜索：查询无效</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="564" />
        <source>That day's paper, %1: %2 records; the search and filters are not applied</source>
        <translation>当日报纸，%1：%2 条记录；未应用搜索和筛选</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="577" />
        <source>all records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="579" />
        <source>search first, or type terms to compare: this charts the records with hits</source>
        <translation>请先搜索，或输入要比较的词语：此图显示含命中的记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="409" />
        <source>search: %1 record(s)</source>
        <translation>
            <numerusform>检索：%1 条记录</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="411" />
        <source>%1 hit(s)</source>
        <translation>
            <numerusform>%1 处命中</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="581" />
        <source>%1 record(s) shown</source>
        <translation>
            <numerusform>显示 %1 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="592" />
        <source>records each editor proofread or validated, by the month it was done</source>
        <translation>各编辑校对或核对的记录，按完成的月份</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="594" />
        <source>nobody has proofread a record yet</source>
        <translation>还没有人校对过记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="600" />
        <source>The chart is drawn as soon as the article text is indexed…</source>
        <translation>正文索引完成后即绘制此图…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="615" />
        <source>Records with %1 per 1,000 records of the month</source>
        <translation>含“%1”的记录（每月每千条）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="617" />
        <source>Records with %1 per month</source>
        <translation>每月含“%1”的记录</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="619" />
        <source>%1 records over %2 month(s)</source>
        <translation>
            <numerusform>%2 个月共 %1 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="630" />
        <source>search: %1</source>
        <translation>搜索：%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="636" />
        <source>Export Concordance</source>
        <translation>导出索引行</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="644" />
        <source>Exported %1 concordance lines to %2</source>
        <translation>已导出 %1 条索引行到 %2</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="648" />
        <source>Exporting the concordance…</source>
        <translation>正在导出语境索引…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="652" />
        <source>PNG image, twice the screen's resolution (*.png)</source>
        <translation>PNG 图片，两倍屏幕分辨率 (*.png)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="652" />
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="653" />
        <location filename="../viewer/ui/search_controller.py" line="662" />
        <source>Export Chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="662" />
        <location filename="../viewer/ui/search_controller.py" line="674" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="665" />
        <location filename="../viewer/ui/search_controller.py" line="674" />
        <source>Export Chart Data</source>
        <translation>导出图表数据</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="677" />
        <source>Filter titles, authors (Ctrl+L)</source>
        <translation>筛选标题、作者 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="678" />
        <source>Search full text (Ctrl+K): 党员 -通知 标题:教育 日期:2005-02</source>
        <translation>全文检索 (Ctrl+K)：党员 -通知 标题:教育 日期:2005-02</translation>
    </message>
    <message>
        <location filename="../viewer/ui/search_controller.py" line="680" />
        <source>Words must all occur (substrings). "a phrase", A OR B, -word excludes,
标题:/title: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: search one field,
日期:2005-02-01..2005-02-28 a date range, tag:… status:…, /regex/,
江青!松江青浦!浙江青年: an occurrence inside 松江青浦 or 浙江青年 does not count.</source>
        <translation>所有词都须出现（按子串匹配）。"短语"，A OR B，-词 表示排除，
标题: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: 只查一个字段，
日期:2005-02-01..2005-02-28 限定日期，tag:… status:…，/正则表达式/，
江青!松江青浦!浙江青年：出现在“松江青浦”或“浙江青年”之内的不算命中。</translation>
    </message>
</context>
<context>
    <name>SelectionToolbar</name>
    <message>
        <location filename="../viewer/ui/selection_toolbar.py" line="80" />
        <source>Correction</source>
        <translation>校正</translation>
    </message>
    <message>
        <location filename="../viewer/ui/selection_toolbar.py" line="81" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../viewer/ui/selection_toolbar.py" line="82" />
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/selection_toolbar.py" line="82" />
        <source>Edit Note</source>
        <translation>编辑批注</translation>
    </message>
    <message>
        <location filename="../viewer/ui/selection_toolbar.py" line="94" />
        <source>Highlight: %1</source>
        <translation>高亮：%1</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../viewer/ui/labels.py" line="13" />
        <source>unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="14" />
        <source>read</source>
        <translation>已读</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="16" />
        <source>problematic</source>
        <translation>有问题</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="17" />
        <source>proofread</source>
        <translation>已校对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="18" />
        <source>validated</source>
        <translation>已核对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="30" />
        <source>open</source>
        <extracomment>A correction's statuses (CorrectionStatus), as the interface says them.</extracomment>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="31" />
        <source>accepted</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="32" />
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="58" />
        <source>%1 by %2, %3</source>
        <translation>%2 于 %3 标为%1</translation>
    </message>
    <message>
        <location filename="../viewer/ui/labels.py" line="15" />
        <source>flagged</source>
        <translation>待查</translation>
    </message>
</context>
<context>
    <name>StatusParts</name>
    <message>
        <location filename="../viewer/ui/status_bar.py" line="56" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="60" />
        <source>%1 selected</source>
        <translation>
            <numerusform>已选 %1 条</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="74" />
        <source>Loading: %1 of %2 file(s)</source>
        <translation>
            <numerusform>正在载入：%1 / %2 个文件</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="76" />
        <source>%1 record(s) (%2 records/s)</source>
        <translation>
            <numerusform>%1 条记录（每秒 %2 条）</numerusform></translation>
    </message>
    <message>
        <location filename="../viewer/ui/status_bar.py" line="95" />
        <source>Shown: %1 of %2 proofread, %3 validated · archive: %4 of %5, %6 validated</source>
        <translation>显示的：%2 条中 %1 条已校对，%3 条已核对 · 全档案：%5 条中 %4 条，%6 条已核对</translation>
    </message>
    <message>
        <location filename="../viewer/ui/status_bar.py" line="99" />
        <source>%1 of %2 proofread, %3 validated</source>
        <translation>%2 条中 %1 条已校对，%3 条已核对</translation>
    </message>
</context>
<context>
    <name>TableController</name>
    <message>
        <location filename="../viewer/ui/table_controller.py" line="386" />
        <source>Sorting %1 records…</source>
        <extracomment>Default column widths, in CJK characters. The columns' order on first start: the annotation columns right after the title, where they are seen without scrolling. Listings up to this size are sorted at once on the GUI thread (a few milliseconds); larger ones in the background, with a busy state. Text columns of up to this many records are ranked on the GUI thread when first sorted by (milliseconds); larger ones in the background (after loading, and when a sort needs ranks not made yet). The sort to make once the archive being opened has loaded: the one shown before it (or, at start, the last one of the previous run), as (column code, descending). (record id, record, pictures) of the current row, once read; the record is None when there is no current row or it cannot be read.</extracomment>
        <translation>正在为 %1 条记录排序…</translation>
    </message>
</context>
<context>
    <name>VocabularyDialog</name>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="98" />
        <source>Tag Vocabulary</source>
        <translation>标签词表</translation>
    </message>
    <message>
        <location filename="../viewer/ui/annotation_dialogs.py" line="100" />
        <source>One tag a line. Keys 1–9 toggle the first nine tags on the selected records.</source>
        <translation>每行一个标签。按 1–9 键为所选记录切换前九个标签。</translation>
    </message>
</context>
</TS>