"""Reading what learners type: forgiving text comparison and numbers (dates: `bank.dates`).

Normalisation folds what a learner should not lose marks for: case, accents, typographic quotes and
dashes, punctuation and extra whitespace. `normalize("  Al-Qa'im  ")` == `normalize("al qaim")`.

Numbers (`parse_number`) accept thousands separators (``2,500``, ``2 500``, ``2_500``), a decimal
point, a leading ``about``/``approximately``/``around``/``~`` or bound (``more than``, ``over``,
``at least``, ``fewer than`` ...), a multiplier word or suffix
(``2.5k``, ``2.5 thousand``, ``1.2 million``) and any trailing unit text (``2,500 troops``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(?:the|a|an) ")


def fold_typography(text: str) -> str:
    """Replace typographic quotes, dashes and odd spaces with their plain ASCII forms."""
    return text.translate(_FOLD)


@lru_cache(maxsize=65536)  # pure, and called for the same few labels over and over
def normalize(text: str) -> str:
    """Return `text` casefolded, without accents, punctuation or extra whitespace."""
    decomposed = unicodedata.normalize("NFKD", fold_typography(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Apostrophes join ("Qa'im" -> "qaim"); other punctuation separates ("al-Qaim" -> "al qaim").
    stripped = stripped.replace("'", "")
    spaced = _NON_WORD.sub(" ", stripped.casefold()).replace("_", " ")
    return _SPACES.sub(" ", spaced).strip()


def answer_key(text: str) -> str:
    """Return the form typed answers are compared in: `canonical`, without spaces."""
    return canonical(text).replace(" ", "")


_MIDDLE_INITIAL = re.compile(r"^\s*([^\W\d_]{2,})\s+[A-Z]\.\s*([^\W\d_][\w'’-]+)\s*$")


def response_keys(text: str) -> set[str]:
    """Return the keys a typed response may match: today's and the older unabbreviated one.

    A name typed with a middle initial ("Richard M. Nixon") also matches the name without it.
    """
    # Questions frozen before abbreviations were spelled out hold keys of the older form.
    keys = {answer_key(text), _ARTICLE.sub("", normalize(text)).replace(" ", "")}
    initial = _MIDDLE_INITIAL.match(text)
    if initial:
        keys.add(answer_key(f"{initial[1]} {initial[2]}"))
    return keys


# Abbreviations that name the same thing as their long form ("Maj. Gen." is "Major General").
_ABBREVIATIONS = {
    "gen": "general", "maj": "major", "lt": "lieutenant", "col": "colonel", "capt": "captain",
    "cpt": "captain", "sgt": "sergeant", "adm": "admiral", "brig": "brigadier", "cmdr": "commander",
    "pres": "president", "sec": "secretary", "dept": "department", "govt": "government",
    "gov": "government", "intl": "international", "natl": "national", "mt": "mount",
    "us": "united states", "usa": "united states", "u s": "united states",
    "u s a": "united states", "uk": "united kingdom", "u k": "united kingdom",
}  # fmt: skip
_ABBREVIATION = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + r")\b"
)


def is_abbreviation(word: str) -> bool:
    """Return True if the word is one `canonical` spells out ("Gen", "Lt", "U.S") or an initial."""
    key = normalize(word)
    return len(key) == 1 or key in _ABBREVIATIONS or key.replace(" ", "") in ("us", "uk")


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """Return the form in which two labels that name the same thing compare equal.

    Normalised, abbreviations spelled out, a leading article dropped: "Maj. Gen." and "Major
    General", "U.S. Army" and "United States Army", "the Taliban" and "Taliban" are one each.
    """
    expanded = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], normalize(text))
    return _ARTICLE.sub("", expanded)


def contains_phrase(haystack: str, needle: str) -> bool:
    """Return True if `needle` occurs in `haystack` as whole words, after normalisation."""
    n = normalize(needle)
    if not n:
        return False
    return f" {n} " in f" {normalize(haystack)} "


_NUMBER = re.compile(
    r"^(?:about|approximately|approx|around|roughly|some|nearly|almost|~|c\.?|ca\.?|"
    r"more than|over|at least|at most|fewer than|less than|under|up to|>=|<=|>|<)?\s*"
    r"(?P<sign>[-+])?\s*"
    r"(?P<num>\d{1,3}(?:[,\s_]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<mult>k|thousand|m|mn|million|bn|billion)?\b"
    r"(?P<rest>.*)$"
)
_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def parse_number(text: object) -> float | None:
    """Read a typed number in one of the documented forms; return None if it cannot be read."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if text == text and abs(text) != float("inf") else None
    if not isinstance(text, str):
        return None
    raw = fold_typography(text).strip().casefold()
    if len(raw) > 60:
        return None
    match = _NUMBER.match(raw)
    if not match:
        return None
    rest = match.group("rest").strip()
    if rest and not rest[0].isalpha() and rest[0] not in "%(":
        return None  # "2,500-3,000" or "12.5.3": not one number
    value = float(re.sub(r"[,\s_]", "", match.group("num")))
    mult = match.group("mult")
    if mult == "m" and rest:
        return None  # "2 m wide": metres, not millions
    if mult:
        value *= _MULT[mult]
    return -value if match.group("sign") == "-" else value
