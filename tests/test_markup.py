"""Real dump markup: inline line breaks, picture blocks, nested tags."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, table
from viewer.core.records.archive import Archive
from viewer.core.records.diagnostics import Severity
from viewer.core.records.discovery import SourceFile
from viewer.core.records.loader import read_file
from viewer.core.records.markup import Picture, render
from viewer.core.records.parser import parse_text, serialize
from viewer.core.records.pictures import find_images
from viewer.core.search.bodies import BodyStore
from viewer.core.search.query import parse_query
from viewer.core.search.searcher import Searcher

RECORD = """〖ZQ/总期〗17930〖-ZQ/总期〗
〖RQ/日期〗20141120〖-RQ/日期〗
〖BH/版号〗011〖-BH/版号〗
〖TH/条号〗1〖-TH/条号〗
〖BT/标题〗练兵场上的新变化〖-BT/标题〗
〖ZZ/作者〗团长谢士昌〖HH/换行〗DW：山东省军区某部〖-ZZ/作者〗
〖ZW/正文〗
    〖TM/中图〗
    〖BH/版号〗011〖-BH/版号〗
    〖WJ/文件〗2014112001101.T01〖-WJ/文件〗
    〖-TM/中图〗
    正文第一段，官兵在训练场上摸爬滚打。
    第二段写到〖HH/换行〗RW：张三同志带头冲锋。
〖-ZW/正文〗
"""

VARIANTS = [("gb2312", "\r\n"), ("utf-8", "\n")]


@pytest.fixture(params=VARIANTS, ids=["gb2312-crlf", "utf-8-lf"])
def dump(request, tmp_path):
    encoding, nl = request.param
    day = tmp_path / "2014" / "201411" / "20141120"
    day.mkdir(parents=True)
    path = day / "2014112001101.TXT"
    path.write_bytes(RECORD.replace("\n", nl).encode(encoding))
    return path


def test_each_construct_is_one_record_with_its_whole_body_and_no_problem(dump):
    pf = read_file(SourceFile(str(dump), dump.name, True))
    assert [p for p in pf.problems if p.severity is not Severity.NOTE] == []
    [record] = pf.parsed.records
    assert record.get("ZZ") == "团长谢士昌\nDW：山东省军区某部"
    assert record.paragraphs() == ["正文第一段，官兵在训练场上摸爬滚打。", "第二段写到", "RW：张三同志带头冲锋。"]
    assert record.pictures() == (Picture("011", "2014112001101.T01", 0),)
    assert "〖" not in record.body()


def test_the_round_trip_is_byte_exact(dump):
    pf = read_file(SourceFile(str(dump), dump.name, True))
    assert pf.serialize() == dump.read_bytes()


def test_search_finds_text_after_a_line_break_and_after_a_picture_block(dump, tmp_path):
    archive = Archive.open([dump.parent], workers=0)
    assert len(archive) == 1 and archive.problems == []
    store = BodyStore.build(archive, str(tmp_path / "s"), workers=0)
    searcher = Searcher(archive, store)
    for query, field in [("山东省军区", "ZZ"), ("摸爬滚打", "ZW"), ("张三同志", "ZW")]:
        result = searcher.search(parse_query(query))
        assert result.ids == [0], query
        [hit] = result.hits(0)
        assert hit.field == field
    assert searcher.search(parse_query("2014112001101")).ids == []  # the picture's file name is not text
    assert searcher.search(parse_query("中图")).ids == []
    store.close()


def test_list_gives_the_pictures(dump):
    done = subprocess.run([sys.executable, "-m", "viewer", "list", str(dump), "--format", "jsonl"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    row = json.loads(done.stdout)
    assert row["pictures"] == [{"page": "011", "file": "2014112001101.T01"}]
    assert row["fields"]["ZZ"] == "团长谢士昌\nDW：山东省军区某部"
    assert row["problems"] == []


def test_check_raises_nothing_for_well_formed_markup(dump):
    done = subprocess.run([sys.executable, "-m", "viewer", "check", str(dump)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "1 file, 1 record: 0 errors, 0 warnings, 0 notes"


@pytest.mark.parametrize(
    "body, line",
    [
        ("〖TM/中图〗\n〖WJ/文件〗a.T01〖-WJ/文件〗\n正文", 2),  # the block never closes
        ("〖TM/中图〗\n〖WJ/文件〗a.T01\n〖-TM/中图〗〖-WJ/文件〗\n正文", 4),  # closed out of order
    ],
)
def test_broken_nested_markup_is_still_a_warning_with_its_line(body, line):
    parsed = parse_text(f"〖ZW/正文〗\n{body}\n〖-ZW/正文〗\n", "x.txt")
    warnings = [p for p in parsed.problems if p.severity is Severity.WARNING]
    assert warnings and warnings[0].line == line
    assert len(parsed.records) == 1


def test_unknown_nested_tags_are_kept_and_read_as_their_text():
    text = "〖BT/标题〗甲〖XY/新标记〗乙〖-XY/新标记〗丙〖-BT/标题〗"
    parsed = parse_text(text)
    assert parsed.problems == []
    assert parsed.records[0].get("BT") == "甲乙丙"
    assert serialize(parsed) == text


# -- the text ↔ raw map --------------------------------------------------------------

pieces = st.lists(
    st.one_of(
        st.text(alphabet="甲乙丙 \u3000ab\n", min_size=1, max_size=6),
        st.sampled_from(["〖HH/换行〗", "〖注释〗", "〖XY/x〗内〖-XY/x〗", "\n〖TM/中图〗〖WJ/文件〗f.T01〖-WJ/文件〗〖-TM/中图〗\n"]),
    ),
    max_size=12,
)


@given(pieces, st.booleans())
@settings(max_examples=300)
def test_every_character_of_the_text_comes_from_the_raw_value(parts, body):
    value = "".join(parts)
    r = render(value, body, with_map=True)
    assert r.raw_at is not None and len(r.raw_at) == len(r.text) + 1
    for i, ch in enumerate(r.text):
        if ch == "\n":
            continue
        assert value[r.raw_at[i]] == ch
    assert list(r.raw_at) == sorted(r.raw_at)


def test_a_correction_next_to_markup_leaves_the_markup_alone():
    from viewer.core.annotations.anchoring import make_anchor
    from viewer.core.annotations.model import Annotation, AnnotationKind
    from viewer.core.record_export import HELD_MARKUP, apply_corrections

    record = parse_text(RECORD).records[0]
    author = record.get("ZZ")
    fix = Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(author, "ZZ", 2, 5), replacement="谢士常",
                         status="accepted")
    across = Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(author, "ZZ", 4, 8), replacement="?",
                            status="accepted")
    body = record.body()
    start = body.index("摸爬")
    in_body = Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(body, "ZW", start, start + 4),
                             replacement="摸爬滚打打", status="accepted")
    done = apply_corrections(record, [fix, in_body])
    fixed = done.record
    assert done.applied == [fix, in_body] or sorted(a.id for a in done.applied) == sorted([fix.id, in_body.id])
    assert fixed.field("ZZ").value == "团长谢士常〖HH/换行〗DW：山东省军区某部"
    assert "〖TM/中图〗" in fixed.field("ZW").value and "摸爬滚打打" in fixed.body()
    held = apply_corrections(record, [across])  # crosses the line break: not written blindly
    assert held.applied == [] and held.held == [(across, HELD_MARKUP)]


# -- finding the picture's image ----------------------------------------------------------


def test_the_image_is_found_beside_the_record_or_in_the_day_folder(tmp_path):
    day = tmp_path / "2014" / "201411" / "20141120"
    (day / "sub").mkdir(parents=True)
    record = day / "sub" / "a.txt"
    record.write_text("x")
    picture = Picture("011", "2014112001101.T01", 0)
    assert find_images(str(record), 20141120, picture) == []
    (day / "2014112001101.JPG").write_bytes(b"jpeg")
    assert find_images(str(record), 20141120, picture) == [str(day / "2014112001101.JPG")]
    (day / "sub" / "2014112001101.T01").write_bytes(b"raw")
    assert find_images(str(record), 20141120, picture)[0] == str(day / "sub" / "2014112001101.T01")
    assert find_images(str(record), None, picture) == [str(day / "sub" / "2014112001101.T01")]
    assert find_images(str(record), 20141120, Picture("", "../../etc/passwd", 0)) == []


# -- the reader ------------------------------------------------------------------------


@pytest.fixture
def window_on(open_window):
    return lambda folder: open_window([folder])


def _blocks(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_the_reader_shows_the_unit_on_a_line_of_its_own_and_a_placeholder(qtbot, dump, window_on):
    from viewer.ui.article import FIELD

    w = window_on(dump.parent)
    texts = [(b.blockFormat().property(FIELD), b.text()) for b in _blocks(w.reader.document())]
    assert ("ZZ", "团长谢士昌") in texts and ("ZZ", "DW：山东省军区某部") in texts
    placeholder = [t for f, t in texts if "2014112001101.T01" in t]
    assert placeholder and "no image file" in placeholder[0]
    assert [t for f, t in texts if f == "ZW"] == ["正文第一段，官兵在训练场上摸爬滚打。", "第二段写到", "RW：张三同志带头冲锋。"]
    from viewer.ui.record_model import COLUMNS

    assert table(w).model().index(0, COLUMNS.index("ZZ")).data() == "团长谢士昌 DW：山东省军区某部"  # one line in the table
    # A span after the line break maps to the right place in the field text.
    assert w.reader.select_span("ZZ", 6, 8)
    assert w.reader.textCursor().selectedText() == "DW"
    w.close()


def test_the_reader_shows_the_picture_and_opens_it_full_size(qtbot, dump, window_on):
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    image = QImage(1600, 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(dump.parent / "2014112001101.png"))
    w = window_on(dump.parent)
    qtbot.waitUntil(lambda: bool(w.reader.pictures) and w.reader.pictures[0].image is not None, timeout=5000)
    [shown] = w.reader.pictures
    assert shown.path.endswith("2014112001101.png")
    assert "no image file" not in w.reader.toPlainText()
    with qtbot.waitSignal(w.reader.picture_clicked, timeout=2000):
        w.reader.picture_clicked.emit(0)
    dialogs = [d for d in QApplication.topLevelWidgets() if d.objectName() == "pictureDialog" and d.isVisible()]
    assert dialogs and dialogs[0].label.pixmap().width() == 1600
    dialogs[0].close()
    w.close()


def test_files_and_hit_totals_agree_with_a_byte_level_count(tmp_path):
    """What a grep of the raw bytes finds (files, and non-overlapping hits),
    the search finds too, on records full of markup."""
    import random

    rnd = random.Random(3)
    words = ["官兵", "训练", "山东省军区", "张三", "新变化", "演习", "哈哈哈"]
    root = tmp_path / "dump"
    for i in range(40):
        day = root / "2014" / "201411" / f"201411{i % 28 + 1:02d}"
        day.mkdir(parents=True, exist_ok=True)
        text = RECORD.replace("练兵场上的新变化", "".join(rnd.sample(words, 2)))
        text = text.replace("官兵在训练场上摸爬滚打", "".join(rnd.choice(words) for _ in range(6)))
        text = text.replace("山东省军区某部", rnd.choice(["山东省军区某部", "某部", "演习指挥部"]))
        encoding = "gb2312" if i % 2 else "utf-8"
        (day / f"{i:04d}.TXT").write_bytes(text.replace("\n", "\r\n").encode(encoding))
    for word in words:
        expected_files, expected_hits = set(), 0
        for path in root.rglob("*.TXT"):
            data = path.read_bytes()
            count = data.decode("gb2312" if int(path.stem) % 2 else "utf-8").count(word)
            if count:
                expected_files.add(str(path))
                expected_hits += count
        done = subprocess.run([sys.executable, "-m", "viewer", "search", str(root), word, "--format", "jsonl",
                               "--workers", "0"], capture_output=True, text=True, cwd=ROOT, check=False)
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert {r["file"] for r in rows} == expected_files, word
        assert sum(r["hits"] for r in rows) == expected_hits, word
