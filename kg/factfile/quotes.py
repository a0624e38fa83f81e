"""Finding an evidence quote in a document's text, as an analyst types it.

A quote copied from a page and retyped differs from the page in its punctuation more often than in its words:
straight against typographic quotes and apostrophes (' " against ‘ ’ “ ”), a hyphen against a dash, a space against
a no-break space. Those characters are matched as one (each maps to one character, so a match in the normalised
text has the same offsets in the source), and the evidence keeps the source's own characters and offsets. A quote
that is not there even so is reported with where it stops matching: the longest beginning of it that the text
holds, and the first character that differs."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["QuoteMatch", "find_quote", "same_passage"]

#: Characters read as the plain one they stand for: one character each, so offsets do not move.
_EQUIVALENT = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
})


def _plain(text: str) -> str:
    return text.translate(_EQUIVALENT)


def same_passage(source: str, quote: str) -> bool:
    """Whether ``source`` (a slice of the text) is ``quote`` up to the equivalent punctuation."""
    return len(source) == len(quote) and _plain(source) == _plain(quote)


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote is: ``start`` and ``end`` in the text (None when it is not there), how many times it occurs,
    and, when it is not there, how far it matched: ``matched`` characters of the quote from text offset ``at``."""

    start: int | None
    end: int | None
    occurrences: int
    matched: int = 0
    at: int | None = None

    def mismatch(self, text: str, quote: str) -> str:
        """A sentence saying where a quote that is not in the text stops matching it."""
        if self.matched == 0 or self.at is None:
            return f"no part of its beginning ({quote[:20]!r}) is in the text"
        stop = self.at + self.matched
        has = repr(text[stop]) if stop < len(text) else "the end of the text"
        return (f"it matches the text at offset {self.at} for {self.matched} characters "
                f"(…{quote[max(0, self.matched - 30):self.matched]!r}), then the quote has "
                f"{quote[self.matched]!r} where the text has {has} (offset {stop})")


def find_quote(text: str, quote: str) -> QuoteMatch:
    """Find ``quote`` in ``text``, exactly or up to the equivalent punctuation."""
    plain_text, plain_quote = _plain(text), _plain(quote)
    start = plain_text.find(plain_quote)
    if start >= 0:
        occurrences = 1 + (plain_text.find(plain_quote, start + 1) >= 0)
        return QuoteMatch(start, start + len(quote), occurrences)
    low, high = 0, len(plain_quote)  # the longest beginning of the quote that the text holds (it is monotone)
    while low < high:
        middle = (low + high + 1) // 2
        if plain_text.find(plain_quote[:middle]) >= 0:
            low = middle
        else:
            high = middle - 1
    return QuoteMatch(None, None, 0, low, plain_text.find(plain_quote[:low]) if low else None)
