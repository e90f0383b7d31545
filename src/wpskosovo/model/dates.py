"""Partial dates: "2009", "2009-06", "2009-06-08", optionally uncertain ("2023?").

A partial date stands for the whole span it names: "2009" runs from 2009-01-01 to 2009-12-31.
Sorting uses the lower bound (so "2009" sorts before "2009-06"). A record's dates form a
`Timing`, whose bounds the date filters test: "2009" is in 2009, but not in its spring.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(\?)?")


class DateFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        m = _PATTERN.fullmatch(text.strip())
        if not m:
            raise DateFormatError(
                f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in '?')"
            )
        year = int(m[1])
        month, day = (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)
        if year < 1000:
            raise DateFormatError(f"not a date: {text!r} (years run from 1000 to 9999)")
        if month is not None and not 1 <= month <= 12:
            raise DateFormatError(f"impossible date {text!r}: month {month} does not exist")
        if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise DateFormatError(f"impossible date {text!r}: {year}-{month:02d} has no day {day}")
        return cls(year, month, day, bool(m[4]))

    @classmethod
    def coerce(cls, value: Any) -> PartialDate:
        """Accept a string, a bare year (TOML integer) or a TOML date."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise DateFormatError("a date must be a string such as \"2009-06\"")
        if isinstance(value, int):
            if not 1000 <= value <= 9999:
                raise DateFormatError(f"not a year: {value}")
            return cls(value)
        if isinstance(value, dt.datetime):
            raise DateFormatError("a date must not carry a time of day")
        if isinstance(value, dt.date):  # the same years as a string date
            if not 1000 <= value.year <= 9999:
                raise DateFormatError(f"not a date: {value} (years run from 1000 to 9999)")
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            cached = _parsed.get(value)
            if cached is None:
                cached = _parsed[value] = cls.parse(value)
            return cached
        raise DateFormatError(f"a date must be a string such as \"2009-06\", not {type(value).__name__}")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def lower(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> dt.date:
        if self.day:
            return self.lower
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple:
        # The lower bound first; then the coarser date first ("2009" before "2009-01").
        return (self.lower, self.month is not None, self.day is not None)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text + ("?" if self.uncertain else "")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        # What a data file may hold (`wps schema`): a date string or a bare year (a TOML date
        # reaches a schema as its YYYY-MM-DD string).
        return {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?\??$"},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}],
                "description": "YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in '?' (uncertain)"}


# Partial dates are immutable and a dataset repeats the same few thousand of them.
_parsed: dict[str, PartialDate] = {}


@dataclass(frozen=True, slots=True)
class Timing:
    """When a record was, as the documents say it: a point (start == end), a *period* (it ran
    from start to end), a *window* (it happened once, at some time between start and end, not
    known when), or an *open end* (no end stated; `ongoing`: a date at which the documents show
    it still going on, after which it is unknown; without it, only its start is known)."""

    start: PartialDate | None
    end: PartialDate | None
    ongoing: PartialDate | None = None
    window: bool = False

    @property
    def first(self) -> PartialDate:
        """Its earliest known date."""
        d = self.start or self.ongoing or self.end
        assert d is not None  # a Timing has a date
        return d

    @property
    def last(self) -> PartialDate:
        """Its latest known date (an open end's `ongoing`, or its start)."""
        d = self.end or self.ongoing or self.start
        assert d is not None
        return d

    @property
    def point(self) -> bool:
        return self.start == self.end and self.ongoing is None

    def bounds(self) -> tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]:
        """What a date filter tests: (lo, hi), the first and last days it may have been on
        (None where open: before an unknown start, after an unknown end); (first_hi,
        last_lo), the last day of its earliest known date and the first day of its latest
        (None for a window, whose dates bound it without being dates it was on). A record is
        in a range only where the documents put it there: one of its dates, or the days
        certainly between them, in the range (`last_lo >= from`, `first_hi <= to`), or, for a
        window, all of it. So "2009" is in 2009 but not in its spring; "2004, ongoing as of
        2009" is in 2006 but not in 2010. An uncertain date ("2009?") puts it nowhere."""
        if any(d is not None and d.uncertain for d in (self.start, self.end, self.ongoing)):
            return None, None, None, None
        lo = self.start.lower if self.start else None
        hi = self.end.upper if self.end else None
        if self.window:
            return lo, hi, None, None
        return lo, hi, self.first.upper, self.last.lower
