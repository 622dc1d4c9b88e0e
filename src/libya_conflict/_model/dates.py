"""Partial dates and periods: ISO 8601 dates at the precision a source gives, with EDTF qualifiers.

A :class:`PartialDate` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally followed by ``~``
(approximate), ``?`` (uncertain) or ``%`` (both). It knows its precision and the first and last
calendar days it may stand for, so two partial dates can be ordered and tested for overlap
without inventing a day the source does not give.

A :class:`Period` is an EDTF level-1 interval of partial dates (``1986-12/1987-09``), where a
missing side is unknown (``/2011``) and ``..`` is open, ongoing (``2014-05/..``).
"""

from __future__ import annotations

import enum
import re
from functools import total_ordering
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import datetime as _dt

__all__ = ["PartialDate", "Period", "Precision"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")


class Precision(enum.IntEnum):
    """How much of a date a source gives."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_Day = tuple[int, int, int]
_date_type: type[_dt.date] | None = None


def _calendar_day(day: _Day) -> _dt.date:
    """A :class:`datetime.date`, importing :mod:`datetime` on the first call.

    Loading the data needs no calendar dates, only their parts, and :mod:`datetime` costs a
    fresh process about as much as reading the whole bundled dataset.
    """
    global _date_type
    if _date_type is None:
        from datetime import date

        _date_type = date
    return _date_type(*day)


def _month_length(year: int, month: int) -> int:
    """The number of days in a month of the proleptic Gregorian calendar.

    What :func:`calendar.monthrange` gives, without importing :mod:`calendar` (and its
    locale machinery) or computing the weekday.
    """
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_LENGTHS[month - 1]


@total_ordering
@attrs.frozen(order=False, eq=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Ordering compares the first possible day, then the last: ``2019 < 2019-04 < 2019-04-04``
    is false for the middle pair (``2019`` starts on the same day as ``2019-01``); use
    :meth:`overlaps` to ask whether two dates may be the same day.
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None and self.month is not None:
            last = _month_length(self.year, self.month)
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"{self.year:04d}-{self.month:02d} has {last} days, not {self.day}"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with an optional ``~``/``?``/``%``.

        Raises :class:`ValueError` for text of another shape and for days that do not exist
        (``2019-02-30``).
        """
        match = _DATE_RE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day, qualifier = match.groups()
        return cls(
            year=int(year),
            month=int(month) if month else None,
            day=int(day) if day else None,
            approximate=qualifier in ("~", "%"),
            uncertain=qualifier in ("?", "%"),
        )

    @property
    def precision(self) -> Precision:
        """The precision the source gives: year, month or day."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> _dt.date:
        """The first calendar day this date may stand for."""
        return _calendar_day(self._first())

    @property
    def latest(self) -> _dt.date:
        """The last calendar day this date may stand for."""
        return _calendar_day(self._last())

    def _first(self) -> _Day:
        return (self.year, self.month or 1, self.day or 1)

    def _last(self) -> _Day:
        month = self.month or 12
        return (self.year, month, self.day or _month_length(self.year, month))

    def overlaps(self, other: PartialDate | _dt.date) -> bool:
        """Whether the two may be the same day (``2019-04`` overlaps ``2019-04-10``)."""
        lo, hi = _bounds(other)
        return self.earliest <= hi and lo <= self.latest

    def _key(self) -> tuple[_Day, _Day]:
        return (self._first(), self._last())

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.approximate and self.uncertain:
            text += "%"
        elif self.approximate:
            text += "~"
        elif self.uncertain:
            text += "?"
        return text


def _bounds(value: PartialDate | _dt.date) -> tuple[_dt.date, _dt.date]:
    if isinstance(value, PartialDate):
        return value.earliest, value.latest
    return value, value


@attrs.frozen
class Period:
    """An interval of partial dates.

    ``start``/``end`` are ``None`` when that side is unknown or open; ``open_start`` and
    ``open_end`` say it is open (EDTF ``..``: still going at the source's date) rather than
    unknown. A single partial date is a period whose start and end are that date.
    """

    start: PartialDate | None = None
    end: PartialDate | None = None
    open_start: bool = False
    open_end: bool = False
    single: bool = attrs.field(default=False, kw_only=True)
    """Whether the period was written as one date (``2019-04``) rather than an interval."""

    def __attrs_post_init__(self) -> None:
        if self.single and (self.start is None or self.start != self.end):
            raise ValueError("a single-date period needs start == end")
        if (
            self.start is not None
            and self.end is not None
            and self.end._last() < self.start._first()
        ):
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse an EDTF interval (``1986-12/1987-09``, ``2014-05/..``, ``/2011``) or one date.

        Raises :class:`ValueError` for other shapes, impossible days and an end before the start.
        """
        if "/" not in text:
            date = PartialDate.parse(text)
            return cls(start=date, end=date, single=True)
        if text.count("/") != 1:
            raise ValueError(f"{text!r} is not a period (START/END)")
        left, right = text.split("/")
        if (left, right) in (("", ""), ("..", ""), ("..", "..")):
            raise ValueError(f"{text!r} has neither a start nor an end")
        return cls(
            start=PartialDate.parse(left) if left not in ("", "..") else None,
            end=PartialDate.parse(right) if right not in ("", "..") else None,
            open_start=left == "..",
            open_end=right == "..",
        )

    @property
    def earliest(self) -> _dt.date | None:
        """The first day the period may include, or ``None`` when its start is not known."""
        return self.start.earliest if self.start is not None else None

    @property
    def latest(self) -> _dt.date | None:
        """The last day the period may include, or ``None`` when it is open or its end unknown."""
        return self.end.latest if self.end is not None else None

    def overlaps(
        self, start: PartialDate | _dt.date, end: PartialDate | _dt.date | None = None
    ) -> bool:
        """Whether the period may overlap the span ``start``..``end`` (or the one date ``start``).

        An unknown or open side is treated as unbounded, so the answer is "may overlap".
        """
        lo = _bounds(start)[0]
        hi = _bounds(end if end is not None else start)[1]
        mine_lo, mine_hi = self.earliest, self.latest
        return (mine_lo is None or mine_lo <= hi) and (mine_hi is None or lo <= mine_hi)

    def __str__(self) -> str:
        if self.single and self.start is not None:
            return str(self.start)
        left = ".." if self.open_start else (str(self.start) if self.start else "")
        right = ".." if self.open_end else (str(self.end) if self.end else "")
        return f"{left}/{right}"
