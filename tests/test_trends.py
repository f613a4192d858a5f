"""Terms over time (core): splitting terms, counts and shares per month, round ticks."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records.archive import Archive
from viewer.core.search.trends import nice_step, nice_top, split_terms, trend


def test_terms_are_split_on_commas_and_enumeration_marks():
    assert split_terms("党员, 群众、干部；党员 ,") == ["党员", "群众", "干部"]
    assert split_terms("标题:教育，\"先进性 教育\"") == ["标题:教育", "\"先进性 教育\""]
    assert split_terms("  ") == []


def test_a_trend_spans_the_whole_archive_as_counts_or_per_1000(tmp_path, write):
    for i, rq in enumerate(["20050101", "20050102", "20050301", "bad"]):
        write(f"r{i}.txt", record_text(rq=rq, th=str(i)))
    archive = Archive.open([tmp_path], workers=0)
    counts = trend(archive, {"甲": [0, 2], "乙": []}, relative=False)
    assert counts.labels == ["2005-01", "2005-02", "2005-03"]  # February has no record: still there
    assert counts.totals == [2, 0, 1]
    assert counts.series == {"甲": [1.0, 0.0, 1.0], "乙": [0.0, 0.0, 0.0]}
    shares = trend(archive, {"甲": [0, 2]}, relative=True)
    assert shares.series["甲"] == [500.0, 0.0, 1000.0]  # a month without records is 0, not a division by 0
    assert shares.rows()[0] == ["period", "records", "甲"] and shares.rows()[1] == ["2005-01", 2, 500.0]


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_ticks_are_round_and_reach_the_top(top):
    step = nice_step(top)
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 5, 10))
    upper, ticks = nice_top(top)
    assert upper >= top * (1 - 1e-12) and 2 <= ticks <= 12
    assert math.isclose(upper, step * (ticks - 1), rel_tol=1e-9)
