"""Words as users type them: folding for case, accents and typographic marks, and the names
of the kinds; and the patterns of an id and of characters that must never be shown. Light on
purpose (no Pydantic): shell completion imports it on every Tab."""

from __future__ import annotations

import re
import unicodedata

# A record id: lower-case letters and digits in words joined by single hyphens (`wssi-plus`).
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Characters that must never reach a terminal from the data: C0 and C1 controls, line and
# paragraph separators, bidirectional embeddings, overrides and isolates, and the invisible
# format characters (zero-width spaces and joiners, marks, the Arabic letter mark, word joiners,
# a byte-order mark inside the text, tag characters, the soft hyphen, the combining grapheme
# joiner, the Hangul fillers, the interlinear annotation marks), which can hide or disguise text:
# two names that print alike must be alike.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f"
                     "\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb"
                     "\U000e0000-\U000e007f]")

# The four pillars of UNSCR 1325 the dataset codes activities with, and what each covers
# (docs/codebook.md has the rules and examples): light here, for help and completion.
PILLARS = {
    "participation": "women's participation and representation in decision-making, peace processes and "
                     "security institutions; women's organizations' voice and capacity",
    "protection": "women's and girls' rights and their protection from violence: laws, strategies, services, justice",
    "prevention": "preventing conflict and violence against women: gender in security institutions, awareness",
    "relief and recovery": "women's needs after conflict: victims of wartime violence, reconciliation, resettlement",
}

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Letters that carry no combining mark to strip (Serbian đ, Nordic ø, Polish ł, ...).
_BASE_LETTERS = {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe"}
_HAS_BASE_LETTER = re.compile("[" + "".join(_BASE_LETTERS) + "]")


# Typographic apostrophes, quotes and dashes read as the ones on a keyboard.
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                              "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_HAS_PUNCTUATION = re.compile("[’‘ʼ“”„«»–—‐‑−]")


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form: 'Shtërpcë' and 'SHTERPCE' both give 'shterpce';
    "Women’s" and "Women's" alike."""
    if text.isascii():
        return text.lower()
    text = text.casefold()
    if _HAS_PUNCTUATION.search(text):  # str.translate looks up every character: only when needed
        text = text.translate(_PUNCTUATION)
    if _HAS_BASE_LETTER.search(text):  # rare: str.translate on every text would cost a fifth of search
        text = _HAS_BASE_LETTER.sub(lambda m: _BASE_LETTERS[m[0]], text)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


LEADING_QUOTES = "\"'“”‘’«»„‚ "  # set aside when ordering names ("Say No…" under S)


def name_key(name: str) -> str:
    """A name as a reader orders it: folded, leading quote marks aside."""
    return fold(name).lstrip(LEADING_QUOTES)


_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """The words of a text: runs of letters and digits."""
    return _WORD.findall(text)
