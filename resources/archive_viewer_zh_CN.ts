<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
    <name>MainWindow</name>
    <message>
        <location filename="../viewer/ui/main_window.py" line="258" />
        <source>&amp;Open Files…</source>
        <extracomment>Default column widths, in CJK characters. Quick-filter typing pause before filtering, in ms.</extracomment>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="259" />
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="260" />
        <source>&amp;Reload</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="261" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="262" />
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="263" />
        <source>&amp;Find in Article…</source>
        <translation>在文章中查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="264" />
        <source>Filter &amp;Records</source>
        <translation>筛选记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="265" />
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="266" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="267" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="268" />
        <source>&amp;Actual Size</source>
        <translation>原始大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="269" />
        <source>Show &amp;Original Text</source>
        <translation>显示原始文本(&amp;O)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="270" />
        <source>&amp;Next Record</source>
        <translation>下一条记录(&amp;N)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="271" />
        <source>&amp;Previous Record</source>
        <translation>上一条记录(&amp;P)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="272" />
        <source>&amp;About Archive Viewer</source>
        <translation>关于报刊档案阅读器(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="273" />
        <source>&amp;Problems</source>
        <translation>问题(&amp;P)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="279" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="280" />
        <source>Recent &amp;Archives</source>
        <translation>最近的档案(&amp;A)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="281" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="282" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="283" />
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="284" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="285" />
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="286" />
        <source>Filter by title, lead, subtitle, author (Ctrl+L)</source>
        <translation>按标题、引题、副题、作者筛选 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="287" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="298" />
        <source>Archive Viewer</source>
        <translation>报刊档案阅读器</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="343" />
        <source>Open Record Files</source>
        <translation>打开记录文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="343" />
        <source>Record files (*.txt);;All files (*)</source>
        <translation>记录文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="350" />
        <source>Open Archive Folder</source>
        <translation>打开档案文件夹</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="365" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="367" />
        <source>Clear Recent Archives</source>
        <translation>清除最近的档案</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="405" />
        <source>Loading: %1 of %2 files, %3 records (%4 records/s)</source>
        <translation>正在载入：%1 / %2 个文件，%3 条记录（每秒 %4 条）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="439" />
        <source>Loading stopped</source>
        <translation>载入已停止</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="447" />
        <source>%1 of %2 records</source>
        <translation>%1 / %2 条记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="449" />
        <source>%1 records</source>
        <translation>%1 条记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="450" />
        <source>%1 problems</source>
        <translation>%1 个问题</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="452" />
        <source>(loading cancelled)</source>
        <translation>（载入已取消）</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="535" />
        <source>%1 · %2 problems</source>
        <translation>%1 · %2 个问题</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="543" />
        <location filename="../viewer/ui/main_window.py" line="547" />
        <source>%1 has no records</source>
        <translation>%1 中没有记录</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="594" />
        <source>About Archive Viewer</source>
        <translation>关于报刊档案阅读器</translation>
    </message>
    <message>
        <location filename="../viewer/ui/main_window.py" line="596" />
        <source>&lt;h3&gt;Archive Viewer %1&lt;/h3&gt;&lt;p&gt;Read, check and annotate archived Chinese newspaper records.&lt;/p&gt;&lt;p&gt;Python %2, Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;报刊档案阅读器 %1&lt;/h3&gt;&lt;p&gt;阅读、检查和标注中文报刊档案记录。&lt;/p&gt;&lt;p&gt;Python %2，Qt %3。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../viewer/ui/preferences.py" line="27" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="29" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="33" />
        <source>Use the default CJK font</source>
        <translation>使用默认中文字体</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="48" />
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="49" />
        <source>Reader font:</source>
        <translation>阅读字体：</translation>
    </message>
    <message>
        <location filename="../viewer/ui/preferences.py" line="51" />
        <source>Reader font size:</source>
        <translation>阅读字号：</translation>
    </message>
</context>
<context>
    <name>ProblemsDock</name>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="116" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="71" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="72" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="73" />
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="81" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="81" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="81" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../viewer/ui/problems_dock.py" line="81" />
        <source>Message</source>
        <translation>说明</translation>
    </message>
</context>
</TS>