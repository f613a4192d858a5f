"""The table's quick filter (core)."""

from __future__ import annotations

from conftest import record_text
from viewer.core.records.archive import Archive
from viewer.core.search.quickfilter import quick_filter


def archive_of(write, tmp_path, specs):
    for i, extra in enumerate(specs):
        write(f"r{i}.txt", record_text(th=str(i), bt=extra.pop("bt", "无关"), extra="".join(
            f"〖{c}/名〗{v}〖-{c}/名〗" for c, v in extra.items())))
    return Archive.open([tmp_path], workers=0)


def test_matches_title_lead_subtitle_and_author(write, tmp_path):
    a = archive_of(write, tmp_path, [
        {"bt": "党员教育"}, {"YT": "党员大会"}, {"FT": "先进党员"}, {"ZZ": "党员记者"}, {"bt": "其他", "BM": "党员版"},
    ])
    assert quick_filter(a, a.ids(), "党员") == [0, 1, 2, 3]


def test_one_character_and_and_terms(write, tmp_path):
    a = archive_of(write, tmp_path, [{"bt": "江青"}, {"bt": "浙江青年", "ZZ": "王"}, {"bt": "长江"}])
    assert quick_filter(a, a.ids(), "江") == [0, 1, 2]
    assert quick_filter(a, a.ids(), "江 王") == [1]
    assert quick_filter(a, a.ids(), "  ") == [0, 1, 2]


def test_latin_letters_ignore_case_and_order_is_kept(write, tmp_path):
    a = archive_of(write, tmp_path, [{"bt": "WTO谈判"}, {"bt": "无关"}, {"bt": "加入wto"}])
    assert quick_filter(a, [2, 1, 0], "Wto") == [2, 0]
