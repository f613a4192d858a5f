"""Decoding: BOMs, strict UTF-8, the GB family, UTF-16/32, corrupt bytes, overrides."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records.decoding import (
    EncodingOverrides,
    decode,
    infer_archive_encoding,
    normalize_encoding,
)

TEXT = record_text(bt="朱镕基考察𠮷㐀")


@pytest.mark.parametrize(
    ("data", "encoding", "codec", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", "utf-8", b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", "utf-16-be", codecs.BOM_UTF16_BE),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32", "utf-32-le", codecs.BOM_UTF32_LE),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32", "utf-32-be", codecs.BOM_UTF32_BE),
        (TEXT.encode("utf-16-le"), "utf-16-le", "utf-16-le", b""),
        (TEXT.encode("utf-16-be"), "utf-16-be", "utf-16-be", b""),
        (TEXT.encode("gb18030"), "gb18030", "gb18030", b""),
    ],
)
def test_encodings_decode_and_encode_back(data, encoding, codec, bom):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert (decoded.encoding, decoded.codec, decoded.bom) == (encoding, codec, bom)
    assert decoded.bad_count == 0
    assert decoded.encode(decoded.text) == data


def test_gb2312_text():
    text = record_text(bt="中央保持共产党员先进性教育活动")
    data = text.encode("gb2312")
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.encoding == "gb18030"


def test_gbk_character_outside_gb2312():
    text = record_text(bt="朱镕基")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gb2312")
    decoded = decode(text.encode("gbk"))
    assert decoded.text == text
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize("char", ["𠮷", "㐀"])
def test_gb18030_four_byte_characters(char):
    text = record_text(bt=f"{char}姓")
    data = text.encode("gb18030")
    assert len(char.encode("gb18030")) == 4
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.encode(decoded.text) == data


def test_crlf_is_kept(seed_text):
    data = seed_text.replace("\n", "\r\n").encode("gb18030")
    decoded = decode(data)
    assert "\r\n" in decoded.text
    assert decoded.encode(decoded.text) == data


def test_corrupt_bytes_are_replaced_and_located():
    good = TEXT.encode("gb18030")
    at = good.index("标题".encode("gb18030"))
    data = good[:at] + b"\xff" + good[at:]
    decoded = decode(data)
    assert decoded.encoding == "gb18030"  # the 〖 signature decides
    assert decoded.detected_by == "signature"
    assert decoded.bad_offsets == [at]
    assert decoded.bad_count == 1
    assert "\ufffd" in decoded.text
    assert decoded.text.replace("\ufffd", "") == TEXT


def test_corrupt_utf8_bytes_are_located():
    good = TEXT.encode("utf-8")
    data = good[:30] + b"\xc3\x28" + good[30:]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.bad_offsets == [30]


def test_many_corrupt_bytes_are_counted():
    data = TEXT.encode("utf-8") + b"\xff" * 500
    decoded = decode(data)
    assert decoded.bad_count == 500
    assert decoded.text.endswith("\ufffd" * 500)


def test_archive_fallback_used_without_signature():
    data = "没有括号的文字".encode("gb18030") + b"\xff"
    decoded = decode(data, fallback="gb18030")
    assert (decoded.encoding, decoded.detected_by) == ("gb18030", "archive")


def test_chardet_only_without_any_cheaper_rule(monkeypatch):
    calls = []
    import chardet

    real = chardet.detect
    monkeypatch.setattr(chardet, "detect", lambda data: calls.append(1) or real(data))
    decode(TEXT.encode("gb18030"))
    decode(TEXT.encode("utf-8"))
    decode(TEXT.encode("gb18030") + b"\xff")
    assert calls == []
    decode("日本語のテキストです。".encode("shift_jis") + b"\xff")
    assert calls == [1]


def test_big5_cannot_hold_the_bracket():
    with pytest.raises(UnicodeEncodeError):
        "〖".encode("big5")
    with pytest.raises(UnicodeEncodeError):
        "〖".encode("shift_jis")


def test_binary_and_empty():
    assert decode(b"\x00\x01\x02\x89PNG\x00\x00").binary
    empty = decode(b"")
    assert (empty.text, empty.encoding, empty.binary) == ("", None, False)


def test_override_wins_over_detection():
    data = "〖BT/标题〗abc〖-BT/标题〗".encode()
    decoded = decode(data, override="latin-1")
    assert decoded.encoding == "iso8859-1"  # Python's name for latin-1
    assert decoded.detected_by == "override"


def test_override_still_respects_bom():
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    assert decode(data, override="gbk").encoding == "utf-8-sig"


@pytest.mark.parametrize(("name", "codec"), [("GBK", "gb18030"), ("gb2312", "gb18030"), ("cp936", "gb18030"), ("UTF8", "utf-8"), ("big5", "big5")])
def test_normalize_encoding(name, codec):
    assert normalize_encoding(name) == codec


def test_unknown_encoding_is_refused():
    with pytest.raises(LookupError):
        normalize_encoding("no-such-codec")


def test_overrides_for_files_and_folders(tmp_path):
    overrides = EncodingOverrides()
    assert overrides.lookup(str(tmp_path / "a.txt")) is None
    overrides.set(str(tmp_path / "old"), "gbk")
    overrides.set(str(tmp_path / "old" / "x" / "b.txt"), "utf-16")
    assert overrides.lookup(str(tmp_path / "old" / "x" / "a.txt")) == "gb18030"
    assert overrides.lookup(str(tmp_path / "old" / "x" / "b.txt")) == "utf-16"
    assert overrides.lookup(str(tmp_path / "new" / "a.txt")) is None
    overrides.set("*", "big5")
    assert overrides.lookup(str(tmp_path / "new" / "a.txt")) == "big5"


def test_infer_archive_encoding():
    assert infer_archive_encoding(["gb18030", "gb18030", "utf-8", None]) == "gb18030"
    assert infer_archive_encoding(["utf-8-sig"]) == "utf-8"
    assert infer_archive_encoding([]) is None


@given(st.binary(max_size=400))
@settings(max_examples=400)
def test_random_bytes_never_raise(data):
    decoded = decode(data)
    assert isinstance(decoded.text, str)
    assert decoded.bad_count >= len(decoded.bad_offsets)
    assert all(0 <= off < len(data) for off in decoded.bad_offsets)


def test_overrides_match_relative_and_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    overrides = EncodingOverrides({"old/": "gbk"})
    assert overrides.lookup(str(tmp_path / "old" / "a.txt")) == "gb18030"
    assert overrides.lookup("old/b.txt") == "gb18030"
    assert overrides.lookup("older/b.txt") is None


@pytest.mark.parametrize(
    "bom, codec",
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bad_bytes_after_a_bom_are_counted_from_the_start_of_the_file(bom, codec):
    good = TEXT.encode(codec)
    at = good.index("标题".encode(codec))
    bad = b"\xff" if codec == "utf-8" else ("\udc00".encode(codec, "surrogatepass"))
    data = bom + good[:at] + bad + good[at:]
    decoded = decode(data)
    assert decoded.bad_offsets == [len(bom) + at]
    assert decoded.text[decoded.bad_positions[0]] == "\ufffd"
    assert decoded.text[: decoded.bad_positions[0]] == TEXT[: TEXT.index("标题")]


def test_a_gb_record_file_with_a_nul_byte_is_text():
    data = TEXT.encode("gb18030") + b"\x00"
    decoded = decode(data)
    assert not decoded.binary
    assert decoded.encoding in ("utf-8", "gb18030")
    assert decoded.text == TEXT + "\x00"
    nul_in_head = b"\x00" + TEXT.encode("gb18030")
    assert decode(nul_in_head).text == "\x00" + TEXT


def test_nul_bytes_without_any_bracket_are_binary():
    assert decode(b"just some text\x00 and more").binary
