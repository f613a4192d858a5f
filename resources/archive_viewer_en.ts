<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnnotationController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="258" />
        <source>Annotations of %1 file(s) are kept outside the archive, e.g. %2</source>
        <translation>
            <numerusform>Annotations of %1 file are kept outside the archive: %2</numerusform><numerusform>Annotations of %1 files are kept outside the archive, e.g. %2</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="531" />
        <source>Removed “%2” from %1 record(s) — %3 to undo</source>
        <translation>
            <numerusform>Removed “%2” from %1 record — %3 to undo</numerusform><numerusform>Removed “%2” from %1 records — %3 to undo</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="532" />
        <source>Tagged %1 record(s) “%2” — %3 to undo</source>
        <translation>
            <numerusform>Tagged %1 record “%2” — %3 to undo</numerusform><numerusform>Tagged %1 records “%2” — %3 to undo</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/annotation_controller.py" line="768" />
        <source>Exported %1 annotation(s) to %2</source>
        <translation>
            <numerusform>Exported %1 annotation to %2</numerusform><numerusform>Exported %1 annotations to %2</numerusform></translation>
    </message>
</context>
<context>
    <name>BatchController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="88" />
        <source>Propose %1 correction(s)</source>
        <translation>
            <numerusform>Propose %1 correction</numerusform><numerusform>Propose %1 corrections</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="89" />
        <location filename="../viewer/ui/batch_controller.py" line="111" />
        <source>Accept %1 correction(s)</source>
        <translation>
            <numerusform>Accept %1 correction</numerusform><numerusform>Accept %1 corrections</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/batch_controller.py" line="112" />
        <source>Reject %1 correction(s)</source>
        <translation>
            <numerusform>Reject %1 correction</numerusform><numerusform>Reject %1 corrections</numerusform></translation>
    </message>
</context>
<context>
    <name>DiffController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="288" />
        <source>Accept %1 correction(s)</source>
        <translation>
            <numerusform>Accept %1 correction</numerusform><numerusform>Accept %1 corrections</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="289" />
        <source>Reject %1 correction(s)</source>
        <translation>
            <numerusform>Reject %1 correction</numerusform><numerusform>Reject %1 corrections</numerusform></translation>
    </message>
</context>
<context>
    <name>DiffDock</name>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="216" />
        <source>%1 change(s) marked</source>
        <translation>
            <numerusform>%1 change marked</numerusform><numerusform>%1 changes marked</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/diff_dock.py" line="217" />
        <source>%1 correction(s)</source>
        <translation>
            <numerusform>%1 correction</numerusform><numerusform>%1 corrections</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="93" />
        <source>Exported %1 record(s) to %2</source>
        <translation>
            <numerusform>Exported %1 record to %2</numerusform><numerusform>Exported %1 records to %2</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="95" />
        <source>Exported %1 record(s) to %2 (corrections applied: %3, held back: %4)</source>
        <translation>
            <numerusform>Exported %1 record to %2 (corrections applied: %3, held back: %4)</numerusform><numerusform>Exported %1 records to %2 (corrections applied: %3, held back: %4)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/export_controller.py" line="96" />
        <source>Exporting %1 record(s)…</source>
        <translation>
            <numerusform>Exporting %1 record…</numerusform><numerusform>Exporting %1 records…</numerusform></translation>
    </message>
</context>
<context>
    <name>KwicDock</name>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="234" />
        <source>%1 hit(s) so far…</source>
        <translation>
            <numerusform>%1 hit so far…</numerusform><numerusform>%1 hits so far…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="236" />
        <source>%1 hit(s), sorting…</source>
        <translation>
            <numerusform>%1 hit, sorting…</numerusform><numerusform>%1 hits, sorting…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/kwic_dock.py" line="238" />
        <source>%1 hit(s)</source>
        <translation>
            <numerusform>%1 hit</numerusform><numerusform>%1 hits</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="414" />
        <source>%1 · %2 problem(s)</source>
        <translation>
            <numerusform>%1 · %2 problem</numerusform><numerusform>%1 · %2 problems</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="417" />
        <source>%1 note(s)</source>
        <translation>
            <numerusform>%1 note</numerusform><numerusform>%1 notes</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="530" />
        <source>%1 of %2 record(s)</source>
        <translation>
            <numerusform>%1 of %2 record</numerusform><numerusform>%1 of %2 records</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="532" />
        <source>%1 record(s)</source>
        <translation>
            <numerusform>%1 record</numerusform><numerusform>%1 records</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="533" />
        <source>%1 problem(s)</source>
        <translation>
            <numerusform>%1 problem</numerusform><numerusform>%1 problems</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/main_window.py" line="545" />
        <source>%1 folder(s) had changed since the last opening: only those were listed again and their files checked. The other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks every file.</source>
        <translation>
            <numerusform>%1 folder had changed since the last opening: only that one was listed again and its files checked. The other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks every file.</numerusform><numerusform>%1 folders had changed since the last opening: only those were listed again and their files checked. The other files were not checked one by one (Preferences). A file rewritten in place would not show; Reload checks every file.</numerusform></translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message numerus="yes">
        <location filename="../viewer/ui/reader.py" line="151" />
        <source> … %1 more character(s), not shown here (View → Show Original Text, Ctrl+U, shows them)</source>
        <extracomment>Preferred reader fonts, first installed wins (Qt falls back per glyph). Search hits and find matches: outlined boxes, the current one filled. Neither is a highlight's colour, and a box leaves a highlight under it visible.</extracomment>
        <translation>
            <numerusform> … %1 more character, not shown here (View → Show Original Text, Ctrl+U, shows it)</numerusform><numerusform> … %1 more characters, not shown here (View → Show Original Text, Ctrl+U, shows them)</numerusform></translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/review_controller.py" line="44" />
        <source>Marked %1 record(s) %2 — %3 to undo</source>
        <translation>
            <numerusform>Marked %1 record %2 — %3 to undo</numerusform><numerusform>Marked %1 records %2 — %3 to undo</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/review_controller.py" line="73" />
        <source>%3 record(s) not marked %1: %2</source>
        <translation>
            <numerusform>%3 record not marked %1: %2</numerusform><numerusform>%3 records not marked %1: %2</numerusform></translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="409" />
        <source>search: %1 record(s)</source>
        <translation>
            <numerusform>search: %1 record</numerusform><numerusform>search: %1 records</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="411" />
        <source>%1 hit(s)</source>
        <translation>
            <numerusform>%1 hit</numerusform><numerusform>%1 hits</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="581" />
        <source>%1 record(s) shown</source>
        <translation>
            <numerusform>%1 record shown</numerusform><numerusform>%1 records shown</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/search_controller.py" line="619" />
        <source>%1 records over %2 month(s)</source>
        <translation>
            <numerusform>%1 records over %2 month</numerusform><numerusform>%1 records over %2 months</numerusform></translation>
    </message>
</context>
<context>
    <name>StatusParts</name>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="60" />
        <source>%1 selected</source>
        <translation>
            <numerusform>%1 selected</numerusform><numerusform>%1 selected</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="74" />
        <source>Loading: %1 of %2 file(s)</source>
        <translation>
            <numerusform>Loading: %1 of %2 file</numerusform><numerusform>Loading: %1 of %2 files</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../viewer/ui/status_bar.py" line="76" />
        <source>%1 record(s) (%2 records/s)</source>
        <translation>
            <numerusform>%1 record (%2 records/s)</numerusform><numerusform>%1 records (%2 records/s)</numerusform></translation>
    </message>
</context>
</TS>