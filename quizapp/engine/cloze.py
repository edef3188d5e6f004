"""Cloze cards: a fact's source sentence with the fact's answer hidden, in Anki's syntax.

A sentence makes a good cloze when it writes the fact's answer exactly once, in a form the
sentence itself uses (a date as "19 March 2020", "March 19, 2020" or "26 March 20"; a number as
"5,200", "5200" or, from two to nine, "three"; an entity by its name or an alias; a text value
verbatim), the hidden part is no more than `MAX_HIDDEN_SHARE` of the sentence, the rest does
not state the answer again (another alias, the same number, the same date), and the sentence
fits on a card (`MAX_SENTENCE`). Contested facts get no cloze: the sentence would teach one
source's value as the answer. `[1]`-style footnote marks and a leading list number ("2. ") are
dropped from the text, and runs of spaces closed up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quizapp.engine.bank.dates import parse_date
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import Claim, DateValue, EntityRef, Fact, Quantity, Value
from quizapp.engine.bank.truth import dates_overlap
from quizapp.engine.questions.choice import states_number
from quizapp.engine.questions.phrasing import SMALL_NUMBERS
from quizapp.engine.text import canonical, is_abbreviation, normalize

#: Longer sentences make a card to read rather than recall.
MAX_SENTENCE = 320
#: Hide more than this share of the sentence and too little is left to recall it from.
MAX_HIDDEN_SHARE = 0.5
#: What stays in view must be a clue, not a couple of words.
MIN_VISIBLE_WORDS = 6
#: One thing to recall, not a clause to reproduce word for word.
MAX_HIDDEN_WORDS = 8

Span = tuple[int, int]
Restated = Callable[[str], bool]  # does a text state the answer?


@dataclass(frozen=True)
class Cloze:
    """A fact's cloze note: `text` in Anki's syntax, and where its sentence comes from.

    `context` names what the sentence is about when the sentence does not ("The base was used
    by French troops" is about the Abu Ghraib base); it is empty when the sentence names it.
    """

    fact_id: str
    text: str
    hidden: str
    source_id: str
    source_title: str
    context: str = ""


def bank_clozes(bank: Bank) -> list[Cloze]:
    """Return the clozes of a bank's facts, in fact order, one per distinct card.

    Facts resting on one sentence with one answer ("On 9 December 2017, Iraq declared victory
    ...", the end of one war and the start of an insurgency) would make the same card twice;
    the first fact keeps it (with its context, if it has one).
    """
    out: dict[str, Cloze] = {}
    for fact in bank.facts.values():
        cloze = cloze_for(bank, fact)
        if cloze is not None:
            out.setdefault(cloze.text, cloze)
    return list(out.values())


def cloze_for(bank: Bank, fact: Fact) -> Cloze | None:
    """Return the fact's cloze, or None when none of its sentences makes a good one."""
    verdict = judge(bank, fact)
    return verdict if isinstance(verdict, Cloze) else None


def judge(bank: Bank, fact: Fact) -> Cloze | str:
    """Return the fact's cloze from the first claim whose sentence makes one, else why not."""
    if fact.contested:
        return "contested: the sources differ"
    reason = "no sentence"
    for claim in fact.claims:
        verdict = _from_claim(bank, fact, claim)
        if isinstance(verdict, Cloze):
            return verdict
        reason = verdict
    return reason


_FOOTNOTE = re.compile(r"\[\d+\]")
_LIST_NUMBER = re.compile(r"^\d{1,2}\.\s+")


def clean(sentence: str) -> str:
    """Return the sentence as a card shows it: no footnote marks, list number or double spaces."""
    text = _LIST_NUMBER.sub("", _FOOTNOTE.sub("", sentence))
    return re.sub(r"\s+", " ", text).strip()


def _from_claim(bank: Bank, fact: Fact, claim: Claim) -> Cloze | str:
    sentence = clean(claim.sentence)
    if len(sentence) > MAX_SENTENCE:
        return f"sentence longer than {MAX_SENTENCE} characters"
    if "{{" in sentence or "}}" in sentence:
        return "sentence holds Anki's cloze braces"
    spans, restated = _answer_spans(bank, claim.value, sentence)
    if not spans:
        return "the sentence does not write the answer as the bank gives it"
    if len(spans) > 1:
        return "the sentence writes the answer more than once"
    start, end = spans[0]
    hidden = sentence[start:end]
    rest = f"{sentence[:start]} … {sentence[end:]}"
    if restated(rest):
        return "the rest of the sentence states the answer again"
    if isinstance(claim.value, Quantity) and _CONVERSION.match(sentence[end:]):
        return "the sentence gives the number in another unit too"
    if len(hidden) > MAX_HIDDEN_SHARE * len(sentence):
        return "the answer is most of the sentence"
    if len(normalize(hidden).split()) > MAX_HIDDEN_WORDS:
        return f"the answer is more than {MAX_HIDDEN_WORDS} words"
    if len(normalize(rest).split()) < MIN_VISIBLE_WORDS:
        return "too little of the sentence is left as a clue"
    context = _context(bank, fact, rest)
    if context and restated(context):
        return "the sentence does not say what it is about, and its subject's name holds the answer"
    if "::" in hidden:
        return "the answer holds Anki's hint separator"
    text = f"{sentence[:start]}{{{{c1::{hidden}}}}}{sentence[end:]}"
    title = bank.source_title(claim.source_id)
    return Cloze(fact.id, text, hidden, claim.source_id, title, context)


def _context(bank: Bank, fact: Fact, rest: str) -> str:
    """Return the subject's name when what stays in view does not name it, else ''."""
    subject = bank.entities.get(fact.subject)
    if subject is None or _name_spans(subject.names(), rest):
        return ""
    return subject.label()


def _answer_spans(bank: Bank, value: Value, sentence: str) -> tuple[list[Span], Restated]:
    """Return where the sentence writes the value, and a test that a text restates it."""
    if isinstance(value, DateValue):
        found = list(_dates(sentence))
        spans = [span for span, date in found if _same_date(date, value)]
        return spans, lambda rest: any(_restates_date(d, value) for _, d in _dates(rest))
    if isinstance(value, Quantity):
        return _number_spans(value, sentence), lambda rest: states_number(rest, [value])
    names = bank.entities[value.entity_id].names() if isinstance(value, EntityRef) else (value,)
    spans = _name_spans(names, sentence)
    return spans, lambda rest: bool(_name_spans(names, rest))


# --- dates ----------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Longest forms first: at one place the regex takes the first alternative that matches.
_DATE = re.compile(
    rf"\b(?:(?P<dmy>{_DAY}(?:\s+of)?\s+{_MONTH}\.?,?\s+(?P<y1>\d{{4}}|\d{{2}}))"
    rf"|(?P<mdy>{_MONTH}\.?\s+{_DAY},?\s+\d{{4}})"
    rf"|(?P<dm>{_DAY}(?:\s+of)?\s+{_MONTH})"
    rf"|(?P<md>{_MONTH}\.?\s+{_DAY})"
    rf"|(?P<my>{_MONTH}\.?,?\s+\d{{4}})"
    r"|(?P<y>1[5-9]\d\d|20\d\d))\b(?![,.]?\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Written:
    """A date as a sentence writes it: a full date, or a day and month with no or two-digit year."""

    date: DateValue | None
    month: int | None = None
    day: int | None = None
    short_year: int | None = None  # "26 March 20": the year's last two digits


def _dates(text: str) -> Iterator[tuple[Span, _Written]]:
    for match in _DATE.finditer(text):
        written = match.group(0)
        full = parse_date(written) if not match.group("y1") or len(match.group("y1")) == 4 else None
        if full is not None:
            yield match.span(), _Written(full)
            continue
        short = match.group("y1")
        day_month = written[: -len(short)] if short else written
        # A day and month alone read as a date of any year: take 2000 (a leap year) for parsing.
        partial = parse_date(f"{day_month.strip(' ,')} 2000")
        if partial is not None and partial.day is not None:
            year = int(short) if short else None
            yield match.span(), _Written(None, partial.month, partial.day, year)


def _same_date(written: _Written, value: DateValue) -> bool:
    if written.date is not None:
        return written.date == value
    if value.precision != "day" or (written.month, written.day) != (value.month, value.day):
        return False
    return written.short_year is None or written.short_year == value.year % 100


def _restates_date(written: _Written, value: DateValue) -> bool:
    """Return True if a date elsewhere in the sentence tells the answer (a bare year does not)."""
    if written.date is None:
        return _same_date(written, DateValue(value.year, value.month, value.day))
    if written.date.precision == "year" and value.precision != "year":
        return False  # "in 2020" beside "on 19 March 2020" leaves day and month to recall
    return dates_overlap(written.date, value)


# --- numbers --------------------------------------------------------------------------------

# "27 km (17 mi)", "110 metres (363 feet)": the other unit tells the hidden number.
_CONVERSION = re.compile(r"\s*[^\W\d]+\.?\s*\(\s*(?:about\s+)?[\d.,]+\s*[^\W\d]+\.?\s*\)")
_LARGER = r"(?![- ](?:hundred|thousand|million|billion)\b)"


def _number_spans(value: Quantity, sentence: str) -> list[Span]:
    """Return where the sentence writes the quantity's number, in the forms `states_number` reads.

    A small number in words stays unmatched before a larger one: "Five-hundred" is not 5.
    """
    forms = dict.fromkeys((value.number(), value.number().replace(",", "")))
    patterns = [rf"(?<![\w.,-]){re.escape(f)}(?![\w-]|[.,]\d)" for f in forms]
    amount = float(value.amount)
    if amount.is_integer() and 2 <= amount < len(SMALL_NUMBERS):
        patterns.append(rf"\b{SMALL_NUMBERS[int(amount)]}\b{_LARGER}")
    found = {m.span() for p in patterns for m in re.finditer(p, sentence, re.IGNORECASE)}
    return sorted(found)


# --- names and texts ------------------------------------------------------------------------

# A word, with what a hyphen or a dot joins to it: "al-Qaim", "K-1", "CJTF-OIR" and "U.S" are
# one word each, so no part of one is hidden alone ("al-{{c1::Qaim}}"); a dash separates.
_WORD = re.compile(r"[\w'’]+(?:[-.][\w'’]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_ARTICLE = re.compile(r"^(?:the|a|an)\b", re.IGNORECASE)


def _name_spans(names: tuple[str, ...], sentence: str) -> list[Span]:
    """Return each place the sentence writes one of the names (whole words, after `canonical`).

    Overlapping matches count once: as the first name itself where it is written ("{{c1::west}}
    of Baghdad", not the alias "west of Baghdad"), else as the longest ("US-led coalition", not
    "coalition"), so that no part of a name is hidden alone. A leading article stays in view
    unless the name has it; "Iraq’s" holds "Iraq".
    """
    wanted = {normalize(n) for n in names if normalize(n)}
    keys = {canonical(n) for n in names if normalize(n)}
    if not wanted:
        return []
    longest = max(len(n.split()) for n in wanted) + 1
    words = list(_WORD.finditer(sentence))
    own = normalize(names[0]) if names else ""
    matches: list[tuple[int, int, bool]] = []
    for i, first in enumerate(words):
        for last in words[i : i + longest]:
            ends = {last.end()}
            possessive = _POSSESSIVE.search(last.group(0))
            if possessive:
                ends.add(last.start() + possessive.start())
            for end in ends:
                piece = sentence[first.start() : end]
                exact = normalize(piece) in wanted
                if exact or (canonical(piece) in keys and not _ARTICLE.match(piece)):
                    span_end = _extend(sentence, piece, end)
                    matches.append((first.start(), span_end, normalize(piece) == own))
    return _one_per_place(matches)


def _extend(sentence: str, piece: str, end: int) -> int:
    """Return the end of the span, past a bracket it opened or the dot of its abbreviation."""
    after = sentence[end : end + 1]
    if after == ")" and piece.count("(") > piece.count(")"):
        return end + 1
    if after == "." and is_abbreviation(piece.split()[-1]):
        return end + 1  # "Lt. {{c1::Gen.}} Dempsey", not "{{c1::Gen}}. Dempsey"
    return end


def _one_per_place(matches: list[tuple[int, int, bool]]) -> list[Span]:
    """Group overlapping matches; keep of each the name itself, else the longest."""
    groups: list[list[tuple[int, int, bool]]] = []
    for match in sorted(matches):
        if groups and match[0] < max(m[1] for m in groups[-1]):
            groups[-1].append(match)
        else:
            groups.append([match])
    best = [max(g, key=lambda m: (m[2], m[1] - m[0], -m[0])) for g in groups]
    return [(start, end) for start, end, _ in best]
