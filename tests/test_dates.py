"""Partial dates keep the source's precision, refuse impossible days, and overlap honestly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from libya_conflict import PartialDate, Period, Precision


def test_parse_keeps_precision_and_qualifiers() -> None:
    assert PartialDate.parse("2019").precision is Precision.YEAR
    assert PartialDate.parse("2019-04").precision is Precision.MONTH
    assert PartialDate.parse("2019-04-04").precision is Precision.DAY
    approx = PartialDate.parse("2019-09~")
    assert approx.approximate and not approx.uncertain
    both = PartialDate.parse("2019%")
    assert both.approximate and both.uncertain


@pytest.mark.parametrize("text", ["2019-02-30", "2019-13", "2019-04-31", "19", "2019-4", ""])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        PartialDate.parse(text)


def test_leap_day_exists_only_in_leap_years() -> None:
    assert PartialDate.parse("2016-02-29").day == 29
    with pytest.raises(ValueError, match="28 days"):
        PartialDate.parse("2015-02-29")


def test_month_spans_all_its_days() -> None:
    april = PartialDate.parse("2019-04")
    assert april.earliest == dt.date(2019, 4, 1)
    assert april.latest == dt.date(2019, 4, 30)
    assert april.overlaps(dt.date(2019, 4, 10))
    assert april.overlaps(PartialDate.parse("2019-04-10"))
    assert not april.overlaps(PartialDate.parse("2019-05-01"))


def test_ordering_is_by_first_then_last_possible_day() -> None:
    dates = [PartialDate.parse(t) for t in ("2019-04-04", "2019", "2019-04", "2018-12")]
    assert [str(d) for d in sorted(dates)] == ["2018-12", "2019", "2019-04", "2019-04-04"]


def test_period_forms() -> None:
    closed = Period.parse("1986-12/1987-09")
    assert closed.earliest == dt.date(1986, 12, 1)
    assert closed.latest == dt.date(1987, 9, 30)
    ongoing = Period.parse("2014-05/..")
    assert ongoing.open_end and ongoing.latest is None
    unknown_start = Period.parse("/2011")
    assert unknown_start.start is None and not unknown_start.open_start
    assert Period.parse("2019-04").single


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period.parse("2019-05/2019-04")


def test_open_period_overlaps_everything_after_its_start() -> None:
    ongoing = Period.parse("2014-05/..")
    assert ongoing.overlaps(dt.date(2030, 1, 1))
    assert not ongoing.overlaps(dt.date(2014, 4, 30))


_dates = st.builds(
    lambda d, precision, q: d.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]] + q,
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from([1, 2, 3]),
    st.sampled_from(["", "~", "?", "%"]),
)


@given(_dates)
def test_partial_date_text_round_trips(text: str) -> None:
    assert str(PartialDate.parse(text)) == text


@given(_dates, _dates)
def test_period_text_round_trips_when_ordered(a: str, b: str) -> None:
    first, second = sorted((PartialDate.parse(a), PartialDate.parse(b)))
    text = f"{first}/{second}"
    if second.latest < first.earliest:
        return
    assert str(Period.parse(text)) == text
