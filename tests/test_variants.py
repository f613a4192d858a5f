"""Simplified and traditional forms matched alike (OpenCC's character tables)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records.archive import Archive
from viewer.core.search.bodies import BodyStore
from viewer.core.search.query import parse_query
from viewer.core.search.searcher import Searcher
from viewer.core.search.variants import MOST_VARIANTS, fold, forms, variants


def test_a_character_has_all_its_forms():
    assert set(forms("发")) == {"发", "發", "髮"}
    assert set(forms("後")) == {"后", "後"}
    assert forms("中") == "中"  # no other form
    assert variants("发展")[0] == "发展" and set(variants("发展")) == {"发展", "發展", "髮展"}


@given(st.text(alphabet="发展后来学习国台湾历史乾隆中华", min_size=1, max_size=6))
def test_every_variant_is_a_spelling_of_the_text_in_its_forms(text):
    found = variants(text)
    if found is None:
        return
    assert found[0] == text and len(set(found)) == len(found) <= MOST_VARIANTS
    for v in found:
        assert len(v) == len(text) and all(a in forms(b) for a, b in zip(v, text))


def test_a_folded_query_finds_every_form_and_only_those(tmp_path, write):
    bodies = ["经济發展很快。", "经济发展很快。", "头髮很长。", "没有这个词。", "後来的事。"]
    for i, body in enumerate(bodies):
        write(f"r{i}.txt", record_text(th=str(i), body=body))
    archive = Archive.open([tmp_path], workers=0)
    store = BodyStore.build(archive, str(tmp_path / "cache"), workers=0)
    searcher = Searcher(archive, store)
    found = searcher.search(fold(parse_query("发展")))
    assert sorted(archive.value(r, "TH") for r in found.ids) == ["0", "1"]
    assert [h.start for h in searcher.hits(found.ids[0], found.terms)]  # hits in the form the text has
    assert sorted(archive.value(r, "TH") for r in searcher.search(fold(parse_query("后来"))).ids) == ["4"]
    assert searcher.search(parse_query("发展")).ids != found.ids  # without it: the simplified form only
    negated = searcher.search(fold(parse_query("很快 -發展")))
    assert negated.ids == []  # none of the forms may be there
    store.close()


def test_too_many_forms_become_a_pattern_that_finds_the_same():
    text = "发后干台历发后干台历"
    assert variants(text) is None
    [[term]] = fold(parse_query(text)).groups
    assert term.regex is not None and term.regex.fullmatch("發後乾臺歷发后干台历")
    assert re.fullmatch(term.regex, text)


def test_the_cli_searches_forms_alike(tmp_path, write, capsys):
    from viewer.cli import main

    write("t.txt", record_text(body="學習培訓。"))
    assert main(["search", str(tmp_path), "学习", "--workers", "0", "--no-cache"]) == 1
    capsys.readouterr()
    assert main(["search", str(tmp_path), "学习", "--variants", "--workers", "0", "--no-cache"]) == 0
    assert "(1 record" in capsys.readouterr().out


def test_the_window_matches_forms_alike_when_asked_and_remembers_it(qtbot, open_window, tmp_path, write):
    from PySide6.QtWidgets import QLineEdit

    from conftest import widget

    write("a/t.txt", record_text(body="學習培訓。另一段学习。"))
    w = open_window([tmp_path / "a"])
    qtbot.waitUntil(w.session.search_ready, timeout=20000)
    box = widget(w, QLineEdit, "searchBox")
    box.setText("學習")
    w.search.start_search()
    qtbot.waitUntil(lambda: w.search.applied == "學習", timeout=5000)
    assert len(w.search.result.ids) == 1
    qtbot.waitUntil(lambda: w.reader.search_hit_count == 1, timeout=5000)  # the traditional form only
    w.action("variants").trigger()  # Edit → Match Simplified and Traditional Forms
    assert w.settings.match_variants
    qtbot.waitUntil(lambda: w.reader.search_hit_count == 2, timeout=5000)  # both forms, searched again
    w.action("variants").trigger()
    assert not w.settings.match_variants
    qtbot.waitUntil(lambda: w.reader.search_hit_count == 1, timeout=5000)
