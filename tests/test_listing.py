"""The listing's filters are boolean arrays over the record ids: the same
rows, in the same order, as plain Python sets would give."""

from __future__ import annotations

import random

import numpy as np
import pytest

from viewer.bench import generate
from viewer.core.annotations.index import AnnotationIndex
from viewer.core.listing import Listing, _IdSet
from viewer.core.records.archive import Archive
from viewer.core.records.loader import load


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    generate(root, 300, seed=9)
    return Archive.open([root], workers=0)


def test_filters_show_what_sets_would(archive):
    rng = random.Random(4)
    listing = Listing(archive, AnnotationIndex())
    listing.add(archive.ids())
    listing.sort("BT")
    everything = list(listing.order)
    for _ in range(30):
        search = set(rng.sample(range(len(archive)), rng.randint(0, 300))) if rng.random() < 0.7 else None
        facets = set(rng.sample(range(len(archive)), rng.randint(0, 300))) if rng.random() < 0.5 else None
        listing.set_search(search)
        listing.set_facets(facets)
        want = [r for r in everything if (search is None or r in search) and (facets is None or r in facets)]
        assert listing.ids.tolist() == want
        assert [listing.row_of(r) for r in range(len(archive))] == [want.index(r) if r in want else -1 for r in range(len(archive))]
        assert listing.row_of(None) == -1 and listing.row_of(10**6) == -1 and listing.row_of(-1) == -1
        assert listing.filtering() == (search is not None or facets is not None)


def test_records_loaded_after_a_filter_are_filtered_too(tmp_path, archive):
    generate(tmp_path, 400, seed=2)
    fresh = Archive()
    listing = Listing(fresh, AnnotationIndex())
    batches = list(load([tmp_path], workers=0, batch=1))  # a folder a batch
    assert len(batches) > 3
    first = listing.add(fresh.extend(batches[0]))
    listing.set_search({first[0], first[-1]})
    listing.set_quick_filter("的", [r for r in first if "的" in fresh.value(r, "BT") + fresh.value(r, "YT")
                                    + fresh.value(r, "FT") + fresh.value(r, "ZZ")], len(first))
    for batch in batches[1:]:
        shown = listing.add(fresh.extend(batch))
        assert shown.tolist() == []  # the search did not find records loaded after it
    listing.set_search(None)
    want = [r for r in fresh.ids() if any("的" in fresh.value(r, c) for c in ("YT", "BT", "FT", "ZZ"))]
    assert listing.ids.tolist() == want


def test_id_sets_grow_and_answer_for_any_integer():
    found = _IdSet([3, 1])
    assert 1 in found and 3 in found and 2 not in found and 99 not in found and -1 not in found
    assert np.int64(3) in found and "3" not in found
    found.update(range(95, 100))
    assert 99 in found and 94 not in found
    assert found.holds(np.array([0, 1, 3, 99, 1000])).tolist() == [False, True, True, True, False]
    assert not _IdSet().holds(np.array([0, 5])).any()
    # with room for every id there is (the listing's records), and a bound that says so
    sized = _IdSet([3, 1], size=10)
    assert sized.holds(np.array([0, 1, 3, 9]), bound=10).tolist() == [False, True, True, False]
    assert sized.holds(np.array([0, 1, 3, 1000]), bound=1001).tolist() == [False, True, True, False]  # past its room
    assert _IdSet([], size=4).holds(np.array([3, 2]), bound=4).tolist() == [False, False]


def test_a_default_order_worked_out_elsewhere_is_the_one_the_listing_would_make(archive):
    worked_out = archive.default_order_array()
    sorted_first = Listing(archive, AnnotationIndex())
    sorted_first.add(archive.ids())
    sorted_first.sort("BT")  # (the user sorted while the archive loaded)
    sorted_first.default_order()
    given = Listing(archive, AnnotationIndex())
    given.add(archive.ids())
    given.sort("BT")
    given.default_order(worked_out)
    assert given.ids.tolist() == sorted_first.ids.tolist() == worked_out.tolist()
    assert given.sorted_by is None
    partial = Listing(archive, AnnotationIndex())
    partial.add(range(10, len(archive)))  # not every record: worked out again from what it holds
    partial.default_order(worked_out)
    assert partial.ids.tolist() == archive.default_order_array(range(10, len(archive))).tolist()


def test_summaries_set_at_once_are_those_set_one_by_one():
    """A load's summaries go in with one call (the window's thread spent
    50 ms comparing 20,000 of them with the empty one); an empty summary
    removes its record's, as :meth:`set` does."""
    from viewer.core.annotations.index import EMPTY, Summary, summarize

    assert summarize([]) is EMPTY  # (told apart by identity)
    one_by_one, at_once = AnnotationIndex(), AnnotationIndex()
    for index in (one_by_one, at_once):
        index.set(1, Summary(tags=("旧",)))
        index.set(2, Summary(notes=1))
    summaries = {1: summarize([]), 3: Summary(tags=("新",), status="proofread"), 2: Summary(notes=2)}
    for rid, summary in summaries.items():
        one_by_one.set(rid, summary)
    at_once.update(summaries)
    assert sorted(at_once.labelled()) == sorted(one_by_one.labelled()) == [2, 3]
    assert [at_once.get(r) for r in range(5)] == [one_by_one.get(r) for r in range(5)]
