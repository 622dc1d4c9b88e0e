"""The date and party indexes give exactly what a scan of every record gives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import libya_conflict as lc
from libya_conflict._model.records import span as _span
from libya_conflict._queries.collection import _parties
from libya_conflict._queries.indexes import DateIndex

DAY0 = dt.date(2011, 1, 1)
days = st.integers(min_value=0, max_value=4000).map(lambda n: DAY0 + dt.timedelta(days=n))
ends = st.one_of(st.none(), days)
spans = st.one_of(
    st.none(),
    st.tuples(ends, ends).map(lambda s: s if None in s or s[0] <= s[1] else (s[1], s[0])),  # type: ignore[operator]
)


def _scan(
    records: list[tuple[dt.date | None, dt.date | None] | None], lo: dt.date, hi: dt.date
) -> list[int]:
    return [
        i
        for i, span in enumerate(records)
        if span is not None
        and (span[0] is None or span[0] <= hi)
        and (span[1] is None or lo <= span[1])
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=60), days, days)
def test_date_index_finds_exactly_the_overlapping_spans(
    records: list[tuple[dt.date | None, dt.date | None] | None], a: dt.date, b: dt.date
) -> None:
    lo, hi = min(a, b), max(a, b)
    assert DateIndex(records).overlapping(lo, hi) == _scan(records, lo, hi)


def test_between_and_involving_agree_with_a_scan_on_the_bundled_data(ds: lc.Dataset) -> None:
    queries = (("2011", "2011"), ("2014-05", "2015-02-10"), ("2019-04-04", "2019-04-04"))
    for collection in (ds.events, ds.relations, ds.support):
        records = list(collection)
        for start, end in queries:
            lo, hi = lc.PartialDate.parse(start).earliest, lc.PartialDate.parse(end).latest
            expected = [records[i].id for i in _scan([_span(r) for r in records], lo, hi)]
            assert list(collection.between(start, end).ids()) == expected
        for party in ("lna", "khalifa-haftar", "russia", "islamic-state"):
            expected = [r.id for r in records if party in _parties(r)]
            assert list(collection.involving(party).ids()) == expected
        with pytest.raises(lc.RecordNotFound):  # no record has this ID or name
            collection.involving("nobody")
