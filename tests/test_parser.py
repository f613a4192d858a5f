"""The record parser: every format feature, every problem, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records.diagnostics import ProblemKind, Severity
from viewer.core.records.parser import parse_text, scan_simple, serialize
from viewer.core.records.record import make_key, parse_date, parse_number, split_key


def kinds(parsed) -> list[ProblemKind]:
    return [p.kind for p in parsed.problems]


def test_seed_record_fields_in_order(seed_text):
    parsed = parse_text(seed_text)
    assert parsed.problems == []
    [record] = parsed.records
    assert record.codes() == ["ZQ", "RQ", "BH", "TH", "YT", "BT", "FL", "BM", "TC", "ZW"]
    assert record.get("YT") == "中央保持共产党员先进性教育活动领导小组发出通知"
    assert record.get("BT") == "要求参加第一批活动的单位把学习培训工作引向深入"
    assert record.get("BH") == "04"
    bt = record.field("BT")
    assert (bt.code, bt.name, bt.line) == ("BT", "标题", 6)
    assert record.field("ZW").line == 10
    paragraphs = record.paragraphs()
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("新华社北京2月16日电")
    assert paragraphs[-1].startswith("请采取适当方式")
    assert not any(p.startswith(" ") for p in paragraphs)


def test_raw_value_is_kept_and_text_is_stripped():
    parsed = parse_text("〖BT/标题〗  标题　\n〖-BT/标题〗\n")
    field = parsed.records[0].fields[0]
    assert field.value == "  标题　\n"
    assert field.text == "标题"


def test_unknown_codes_are_kept_in_order():
    text = record_text(extra="〖XX/未知〗神秘〖-XX/未知〗\n〖PIC/图片〗a.jpg〖-PIC/图片〗")
    parsed = parse_text(text)
    assert parsed.problems == []
    record = parsed.records[0]
    assert record.codes() == ["ZQ", "RQ", "BH", "TH", "BT", "XX", "PIC", "ZW"]
    assert record.get("XX") == "神秘"
    assert record.field("PIC").name == "图片"
    assert serialize(parsed) == text


def test_tag_without_name():
    parsed = parse_text("〖BT〗标题〖-BT〗")
    assert parsed.problems == []
    assert parsed.records[0].get("BT") == "标题"
    assert parsed.records[0].fields[0].name == ""


def test_several_records_split_at_new_zq_after_body():
    text = record_text(th="1", bt="一") + record_text(th="2", bt="二") + record_text(th="3", bt="三")
    parsed = parse_text(text)
    assert parsed.problems == []
    assert [r.get("BT") for r in parsed.records] == ["一", "二", "三"]
    assert [r.index for r in parsed.records] == [0, 1, 2]
    assert [r.line for r in parsed.records] == [1, 10, 19]
    assert serialize(parsed) == text


def test_new_record_at_rq_after_body_without_zq():
    text = "〖RQ/日期〗20050217〖-RQ/日期〗〖ZW/正文〗一〖-ZW/正文〗〖RQ/日期〗20050218〖-RQ/日期〗〖ZW/正文〗二〖-ZW/正文〗"
    parsed = parse_text(text)
    assert [r.get("RQ") for r in parsed.records] == ["20050217", "20050218"]
    assert parsed.problems == []


def test_repeated_field_starts_a_new_record_with_a_problem():
    text = "〖BT/标题〗一〖-BT/标题〗\n〖BT/标题〗二〖-BT/标题〗\n"
    parsed = parse_text(text, "a.txt")
    assert [r.get("BT") for r in parsed.records] == ["一", "二"]
    [problem] = parsed.problems
    assert problem.kind is ProblemKind.REPEATED_FIELD
    assert (problem.file, problem.line) == ("a.txt", 2)
    assert "BT" in problem.message


def test_records_without_body_split_at_repeated_zq_silently():
    text = "〖ZQ/总期〗1〖-ZQ/总期〗〖BT/标题〗一〖-BT/标题〗\n〖ZQ/总期〗1〖-ZQ/总期〗〖BT/标题〗二〖-BT/标题〗"
    parsed = parse_text(text)
    assert len(parsed.records) == 2
    assert parsed.problems == []


def test_missing_closing_tag_before_next_field():
    text = "〖BT/标题〗标题\n〖ZZ/作者〗作者〖-ZZ/作者〗\n"
    parsed = parse_text(text, "f.txt")
    assert kinds(parsed) == [ProblemKind.MISSING_CLOSE]
    assert parsed.problems[0].line == 1
    assert "BT" in parsed.problems[0].message
    record = parsed.records[0]
    assert record.get("BT") == "标题"
    assert record.get("ZZ") == "作者"
    assert serialize(parsed) == text


def test_truncated_file_ends_inside_a_field():
    text = record_text()
    truncated = text[: text.index("第二段")]
    parsed = parse_text(truncated)
    assert kinds(parsed) == [ProblemKind.MISSING_CLOSE]
    assert parsed.problems[0].line == 6
    assert "ends inside" in parsed.problems[0].message
    assert parsed.records[0].paragraphs() == ["第一段。"]
    assert serialize(parsed) == truncated


def test_mismatched_closing_tag():
    text = "〖BT/标题〗标题〖-YT/引题〗\n〖ZZ/作者〗作者〖-ZZ/作者〗"
    parsed = parse_text(text)
    assert kinds(parsed) == [ProblemKind.MISMATCHED_CLOSE]
    assert parsed.records[0].get("BT") == "标题"
    assert serialize(parsed) == text


def test_stray_closing_tag():
    text = "〖-BT/标题〗\n〖ZZ/作者〗作者〖-ZZ/作者〗"
    parsed = parse_text(text)
    assert ProblemKind.STRAY_CLOSE in kinds(parsed)
    assert parsed.records[0].get("ZZ") == "作者"
    assert serialize(parsed) == text


def test_text_outside_any_tag_names_its_line():
    text = "〖BT/标题〗标题〖-BT/标题〗\n\n这行在外面\n〖ZZ/作者〗作者〖-ZZ/作者〗\n尾巴"
    parsed = parse_text(text, "f.txt")
    assert kinds(parsed) == [ProblemKind.OUTSIDE_TEXT, ProblemKind.OUTSIDE_TEXT]
    assert [p.line for p in parsed.problems] == [3, 5]
    assert "这行在外面" in parsed.problems[0].message
    assert serialize(parsed) == text


@pytest.mark.parametrize("value", ["2005021", "20050230", "2005-02-17", "", "abcdefgh", "２００５０２１７"])
def test_bad_date_is_a_problem_and_kept_as_text(value):
    parsed = parse_text(record_text(rq=value))
    assert kinds(parsed) == [ProblemKind.BAD_DATE]
    assert parsed.problems[0].line == 2
    assert parsed.records[0].get("RQ") == value


def test_empty_and_blank_files():
    for text in ("", "  \r\n\r\n"):
        parsed = parse_text(text)
        assert parsed.records == []
        assert kinds(parsed) == [ProblemKind.EMPTY_FILE]
        assert serialize(parsed) == text


def test_text_without_fields_is_not_a_record_file():
    parsed = parse_text("just some notes\n")
    assert kinds(parsed) == [ProblemKind.NOT_RECORDS]


def test_crlf_lines_and_round_trip(seed_text):
    text = seed_text.replace("\n", "\r\n")
    parsed = parse_text(text)
    assert parsed.problems == []
    assert parsed.records[0].field("ZW").line == 10
    assert serialize(parsed) == text


def test_old_mac_newlines_count_lines():
    parsed = parse_text("〖BT/标题〗一〖-BT/标题〗\r\r〖BT/标题〗二〖-BT/标题〗")
    assert parsed.problems[0].line == 3


def test_edited_value_serializes_with_same_tags(seed_text):
    parsed = parse_text(seed_text)
    parsed.records[0].field("BT").value = "新标题"
    out = serialize(parsed)
    assert "〖BT/标题〗新标题〖-BT/标题〗" in out
    assert out.replace("新标题", "要求参加第一批活动的单位把学习培训工作引向深入") == seed_text


def test_typed_values():
    assert parse_date("20050217") == 20050217
    assert parse_date(" 20050217\r\n") == 20050217
    assert parse_date("20050230") is None
    assert parse_number("04") == 4
    assert parse_number("１２") == 12
    assert parse_number("4A") is None
    assert parse_number("") is None


def test_keys_use_forward_slashes_and_round_trip():
    key = make_key("2005\\200502\\20050217\\a.txt", 3)
    assert key == "2005/200502/20050217/a.txt#3"
    assert split_key(key) == ("2005/200502/20050217/a.txt", 3)
    assert split_key(make_key("odd#name.txt", 0)) == ("odd#name.txt", 0)


def test_fast_path_agrees_with_full_parse(seed_text):
    pairs, line = scan_simple(seed_text)
    record = parse_text(seed_text).records[0]
    assert pairs == [(f.code, f.value) for f in record.fields]
    assert line == record.line


@pytest.mark.parametrize(
    "text",
    [
        record_text() + record_text(),  # two records
        "〖BT/标题〗标题\n〖ZZ/作者〗作者〖-ZZ/作者〗",  # missing close
        "x〖BT/标题〗标题〖-BT/标题〗",  # outside text
        record_text(rq="2005"),  # bad date
        "〖BT/标题〗一〖-BT/标题〗〖ZW/正文〗正文〖-ZW/正文〗〖ZQ/总期〗2〖-ZQ/总期〗",  # ZQ after body
        "",
    ],
)
def test_fast_path_declines_anything_unusual(text):
    assert scan_simple(text) is None


# -- property tests -------------------------------------------------------

codes = st.sampled_from(["ZQ", "RQ", "BH", "TH", "YT", "BT", "FT", "ZZ", "FL", "BM", "TC", "ZW", "XX", "Q1"])
values = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_characters="〖〗", blacklist_categories=("Cs",)),
        st.sampled_from("中文　\r\n 𠮷㐀"),
    ),
    max_size=40,
)
seps = st.sampled_from(["", "\n", "\r\n", "\r\n\r\n", " \n"])


@st.composite
def record_files(draw):
    parts = []
    for code, value, sep in draw(st.lists(st.tuples(codes, values, seps), max_size=25)):
        parts.append(f"{sep}〖{code}/名〗{value}〖-{code}/名〗")
    parts.append(draw(seps))
    return "".join(parts)


@given(record_files())
@settings(max_examples=300)
def test_round_trip_on_generated_records(text):
    parsed = parse_text(text)
    assert serialize(parsed) == text
    assert not any(p.kind in (ProblemKind.MISSING_CLOSE, ProblemKind.MISMATCHED_CLOSE) for p in parsed.problems)


@given(record_files())
@settings(max_examples=300)
def test_fast_path_matches_full_parse_on_generated_records(text):
    simple = scan_simple(text)
    if simple is None:
        return
    parsed = parse_text(text)
    assert parsed.problems == []
    assert len(parsed.records) == 1
    assert simple[0] == [(f.code, f.value) for f in parsed.records[0].fields]
    assert simple[1] == parsed.records[0].line


@given(st.text(alphabet=st.sampled_from("〖〗-/ABZQW标题\r\n x"), max_size=200))
@settings(max_examples=500)
def test_any_text_parses_without_raising_and_round_trips(text):
    parsed = parse_text(text, "fuzz.txt")
    assert serialize(parsed) == text
    for p in parsed.problems:
        assert p.file == "fuzz.txt"
        assert p.line is None or 1 <= p.line <= text.count("\n") + text.count("\r") + 1


# -- tags inside a field ------------------------------------------------------


@pytest.mark.parametrize("word", ["〖注释〗", "〖注/释〗", "〖X〗", "〖-注/释〗"])
def test_tag_like_words_in_a_body_are_text(word):
    body = f"文中引用{word}一词。"
    text = record_text(body=body)
    parsed = parse_text(text, "a.txt")
    assert len(parsed.records) == 1
    record = parsed.records[0]
    assert record.codes() == ["ZQ", "RQ", "BH", "TH", "BT", "ZW"]
    assert record.body() == body
    assert not [p for p in parsed.problems if p.severity is not Severity.NOTE]
    assert serialize(parsed) == text


def test_an_unclosed_tag_like_word_gets_a_note_with_its_line():
    parsed = parse_text(record_text(body="一\n文中引用〖注释〗一词。"), "a.txt")
    (note,) = parsed.problems
    assert (note.severity, note.kind, note.line) == (Severity.NOTE, ProblemKind.UNCLOSED_TAG, 8)


def test_only_the_fields_own_closing_tag_ends_it():
    text = "〖BT/标题〗甲〖YT/引题〗乙〖-YT/引题〗丙〖-BT/标题〗\n〖ZW/正文〗正文〖-ZW/正文〗\n"
    parsed = parse_text(text)
    assert parsed.problems == []
    assert parsed.records[0].codes() == ["BT", "ZW"]
    assert parsed.records[0].field("BT").value == "甲〖YT/引题〗乙〖-YT/引题〗丙"
    assert serialize(parsed) == text


def test_nested_fields_never_start_a_record():
    body = "〖TM/中图〗\n    〖BH/版号〗011〖-BH/版号〗\n    〖ZQ/总期〗1〖-ZQ/总期〗〖-TM/中图〗\n    正文第一段"
    text = record_text(body=body)
    parsed = parse_text(text)
    assert len(parsed.records) == 1
    assert parsed.problems == []
    assert serialize(parsed) == text


def test_unclosed_markup_inside_a_field_is_a_warning():
    parsed = parse_text("〖ZW/正文〗\na〖TM/中图〗b\n〖-ZW/正文〗\n", "a.txt")
    assert [(p.kind, p.severity, p.line) for p in parsed.problems] == [
        (ProblemKind.UNCLOSED_TAG, Severity.WARNING, 2)
    ]


def test_misnested_tags_inside_a_field_are_a_warning():
    text = "〖ZW/正文〗〖TM/中图〗〖WJ/文件〗x〖-TM/中图〗〖-WJ/文件〗〖-ZW/正文〗"
    parsed = parse_text(text)
    assert ProblemKind.MISNESTED in kinds(parsed)
    assert serialize(parsed) == text


def test_a_missing_close_still_ends_at_the_next_field_despite_text_tags():
    text = "〖BT/标题〗标题〖注释〗\n〖ZZ/作者〗作者〖-ZZ/作者〗\n"
    parsed = parse_text(text)
    assert kinds(parsed) == [ProblemKind.MISSING_CLOSE]
    assert parsed.records[0].get("BT") == "标题〖注释〗"
    assert parsed.records[0].get("ZZ") == "作者"


def test_a_missing_close_ends_before_the_next_record_of_the_same_field():
    text = "〖ZW/正文〗一\n〖ZQ/总期〗2〖-ZQ/总期〗\n〖ZW/正文〗二〖-ZW/正文〗\n"
    parsed = parse_text(text)
    assert [r.body() for r in parsed.records] == ["一", "二"]
    assert kinds(parsed) == [ProblemKind.MISSING_CLOSE]


# -- line numbers in every newline style ---------------------------------------


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_problem_lines_in_every_newline_style(nl):
    text = record_text(rq="2005", nl=nl) + nl.join(["", "〖YT/引题〗x", "〖ZZ/作者〗y〖-ZZ/作者〗", ""])
    parsed = parse_text(text)
    assert [(p.kind, p.line) for p in parsed.problems] == [
        (ProblemKind.BAD_DATE, 2),
        (ProblemKind.MISSING_CLOSE, 11),
    ]


def test_mixed_newlines_count_each_break_once():
    text = "〖BT/标题〗一〖-BT/标题〗\r\n\r\n\n\r〖BT/标题〗二〖-BT/标题〗"
    parsed = parse_text(text)
    assert parsed.problems[0].line == 5


def test_problems_are_in_line_order():
    parsed = parse_text(record_text(rq="2005") + "〖-YT/引题〗")
    lines = [p.line for p in parsed.problems]
    assert lines == sorted(lines)
