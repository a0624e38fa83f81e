"""Times as fact files write them, resolved to a span of days with a precision.

A time is a date (``2022-12-20``), a month (``"2022-12"``), a year (``2023``), a relative phrase resolved from the
document's publication date (``{relative: last week}``, ``{relative: on Friday}``), or explicit bounds
(``{earliest: 2023-01-01, latest: 2023-04-30, precision: season, phrase: January or early spring}``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import TIME

from kg.vocab import OKG

__all__ = ["TimeSpan", "parse_time", "date_bounds", "PRECISIONS", "RELATIVE_PHRASES", "TIME_KEYS", "TimeSpecError"]

PRECISIONS: dict[str, URIRef] = {
    "day": TIME.unitDay,
    "week": TIME.unitWeek,
    "month": TIME.unitMonth,
    "season": OKG.unitSeason,
    "year": TIME.unitYear,
}

_WEEKDAYS = [d.lower() for d in calendar.day_name]
RELATIVE_PHRASES = ("today", "yesterday", "this week", "last week", "last month", "next month", "coming weeks",
                    "on <weekday>", "last <weekday>")


class TimeSpecError(ValueError):
    """A time that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class TimeSpan:
    earliest: dt.date | None
    latest: dt.date | None
    precision: str
    phrase: str | None = None

    def __post_init__(self) -> None:
        if self.earliest is None and self.latest is None:
            raise TimeSpecError("a time needs at least one of 'earliest' and 'latest'")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise TimeSpecError(f"earliest {self.earliest} is after latest {self.latest}")
        if self.precision not in PRECISIONS:
            raise TimeSpecError(f"unknown precision '{self.precision}'; expected one of {', '.join(PRECISIONS)}")


def _period(text: str) -> tuple[dt.date, dt.date, str]:
    """The first and last day of 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise TimeSpecError(f"'{text}' is not a calendar date ({exc})") from None
        return day, day, "day"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise TimeSpecError(f"'{text}' has no month {month}")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    raise TimeSpecError(f"'{text}' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY")


def date_bounds(value: object) -> tuple[dt.date, dt.date, str]:
    """The first and last day of a date, month or year as YAML gives it (a date, a year as a number, or text), and
    its precision (``day``, ``month`` or ``year``); TimeSpecError otherwise."""
    if isinstance(value, dt.datetime):
        raise TimeSpecError(f"'{value}' has a time of day; expected a date")
    if isinstance(value, dt.date):
        return value, value, "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return _period(f"{value:04d}")
    if isinstance(value, str):
        return _period(value.strip())
    raise TimeSpecError(f"{value!r} is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY")


def resolve_relative(phrase: str, reference: dt.date) -> TimeSpan:
    """Resolve a relative phrase against the day a document was published."""
    text = " ".join(phrase.lower().split())
    if text == "today":
        return TimeSpan(reference, reference, "day", phrase)
    if text == "yesterday":
        day = reference - dt.timedelta(days=1)
        return TimeSpan(day, day, "day", phrase)
    monday = reference - dt.timedelta(days=reference.weekday())
    if text == "this week":
        return TimeSpan(monday, monday + dt.timedelta(days=6), "week", phrase)
    if text == "last week":
        start = monday - dt.timedelta(days=7)
        return TimeSpan(start, start + dt.timedelta(days=6), "week", phrase)
    if text == "coming weeks":
        return TimeSpan(reference, reference + dt.timedelta(days=28), "week", phrase)
    if text in ("last month", "next month"):
        first = reference.replace(day=1)
        if text == "last month":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        else:
            first = (first + dt.timedelta(days=32)).replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return TimeSpan(first, last, "month", phrase)
    if m := re.fullmatch(r"(on |last )?(\w+)", text):
        if m[2] in _WEEKDAYS:
            # the news convention: a bare weekday ("on Monday") is the latest such day up to the dateline, so in a
            # Monday article it is that Monday; "last Monday" there is the week before
            back = (reference.weekday() - _WEEKDAYS.index(m[2])) % 7
            if back == 0 and m[1] == "last ":
                back = 7
            day = reference - dt.timedelta(days=back)
            return TimeSpan(day, day, "day", phrase)
    raise TimeSpecError(f"cannot resolve relative time '{phrase}'; expected one of: {', '.join(RELATIVE_PHRASES)}")


#: The keys of a time written as a mapping.
TIME_KEYS = frozenset({"earliest", "latest", "precision", "phrase", "relative"})


def parse_time(value: object, reference: dt.date | None = None) -> TimeSpan:
    """Read one time as written in a fact file (see the module docstring)."""
    if not isinstance(value, dict):
        first, last, precision = date_bounds(value)
        return TimeSpan(first, last, precision)
    keys = set(value)
    if unknown := keys - TIME_KEYS:
        raise TimeSpecError(f"unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(TIME_KEYS))}")
    phrase = value.get("phrase")
    if phrase is not None and not isinstance(phrase, str):
        raise TimeSpecError("'phrase' must be text")
    if "relative" in value:
        if keys & {"earliest", "latest"}:
            raise TimeSpecError("give either 'relative' or 'earliest'/'latest', not both")
        if reference is None:
            raise TimeSpecError("a relative time needs the document's publication day ('published', a single day) "
                                "to resolve from")
        span = resolve_relative(str(value["relative"]), reference)
        return TimeSpan(span.earliest, span.latest, value.get("precision", span.precision), phrase or span.phrase)
    if value.get("earliest") is None and value.get("latest") is None:
        raise TimeSpecError("a time needs 'earliest', 'latest' or 'relative'")
    earliest = date_bounds(value["earliest"]) if value.get("earliest") is not None else None
    latest = date_bounds(value["latest"]) if value.get("latest") is not None else None
    precision = value.get("precision") or (earliest or latest)[2]
    return TimeSpan(earliest[0] if earliest else None, latest[1] if latest else None, precision, phrase)
