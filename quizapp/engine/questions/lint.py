"""The linter: checks every generated question against the rules a machine can check.

Each question type builds only what the bank makes fair; the linter checks the result again from
what the learner will see, so that a slip in one type, or a bank whose names and templates combine
badly, costs a retry instead of a defective question. `lint` returns the reasons a question breaks
(empty when it is fine); the quiz builder drops such a question and counts why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizapp.engine.bank.dates import parse_date
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import EntityRef, Fact, Question, Value
from quizapp.engine.bank.truth import stated
from quizapp.engine.questions.types.ordering import DATE_WORDS
from quizapp.engine.text import canonical, contains_phrase, normalize, parse_number

ANSWER_IN_STEM = "answer in stem"
YEAR_IN_STEM = "year of the answer in stem"
ECHOES_STEM = "answer echoes the stem"
TRUE_OPTION = "wrong option true by the bank"
MIXED = "mixed option types"
LENGTH = "answer stands out by length"
DUPLICATE = "duplicate or synonym options"
DATED_LABEL = "date in an event label"
MATCH_GIVEN = "label gives the match away"
GARBLED = "garbled text"
REASONS = (
    ANSWER_IN_STEM, YEAR_IN_STEM, ECHOES_STEM, TRUE_OPTION, MIXED, LENGTH, DUPLICATE,
    DATED_LABEL, MATCH_GIVEN, GARBLED,
)  # fmt: skip

_GARBLE = re.compile(r"\{(?:subject|value)\}|\s[,.;:?!]|\s{2,}|\b(\w+) \1\b|\(\s*\)")
_LOWER_START = re.compile(r"^\W*[a-z]")
# Words too common to say that an option repeats the stem.
_STOP = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "from", "with", "and", "or", "as",
    "is", "was", "were", "be", "been", "its", "it", "this", "that", "what", "which", "who", "whom",
    "when", "where", "how", "did", "does", "do", "had", "has", "have", "their", "there",
})  # fmt: skip
_PICK_ONE = ("multiple_choice", "who_said")


def lint(bank: Bank, question: Question) -> list[str]:
    """Return why the question breaks a checkable rule; an empty list when it breaks none."""
    if question.type == "fixed":
        return []  # written by hand, asked as written
    return list(dict.fromkeys(_problems(bank, question)))


def _problems(bank: Bank, question: Question) -> Iterator[str]:
    facts = _facts(bank, question)
    labels = [o.label for o in question.options]
    texts = (question.stem, *labels, *(o.label for o in question.right_options))
    if (
        any(_GARBLE.search(t) for t in texts)
        or not all(texts)
        or _LOWER_START.search(question.stem)
    ):
        yield GARBLED
    if question.type in _PICK_ONE and facts:
        yield from _pick_one(bank, question, facts[0])
    elif question.type in ("date_entry", "numeric", "short_answer"):
        yield from _typed(bank, question)
    elif question.type == "ordering":
        if any(DATE_WORDS.search(label) for label in labels):
            yield DATED_LABEL
        if len({canonical(label) for label in labels}) != len(labels):
            yield DUPLICATE
    elif question.type == "matching":
        yield from _matching(bank, question)


def _right_labels(question: Question) -> list[str]:
    answer = question.answer if isinstance(question.answer, dict) else {}
    correct = set(answer.get("correct", ()))
    return [o.label for o in question.options if o.id in correct]


def _pick_one(bank: Bank, question: Question, fact: Fact) -> Iterator[str]:
    right = _right_labels(question)
    wrong = [o.label for o in question.options if o.label not in right]
    labels = [o.label for o in question.options]
    if any(contains_phrase(question.stem, label) for label in right):
        yield ANSWER_IN_STEM
    if len({canonical(label) for label in labels}) != len(labels) or _same_entity(bank, labels):
        yield DUPLICATE
    if len({_shape(label) for label in labels}) > 1:
        yield MIXED
    if right and wrong and _stands_out(len(right[0]), [len(w) for w in wrong]):
        yield LENGTH
    if right and wrong and _echo(question.stem, right[0]) >= _echo_max(question.stem, wrong) + 2:
        yield ECHOES_STEM
    form = question.params.get("form")
    if form == "disagreement":
        return  # the other source's value is meant to be among the options
    if form == "reverse" or question.type == "who_said":
        holders = {
            name
            for v in fact.values
            for s in bank.subjects_with(fact.relation, v)
            for name in _names(bank, EntityRef(s))
        }
        if any(canonical(w) in holders for w in wrong):
            yield TRUE_OPTION
    else:
        true_names = {n for v in _stated(bank, fact) for n in _names(bank, v)}
        if any(canonical(w) in true_names for w in wrong):
            yield TRUE_OPTION


def _typed(bank: Bank, question: Question) -> Iterator[str]:
    answer = question.answer if isinstance(question.answer, dict) else {}
    labels = [str(label) for label in answer.get("labels", ())]
    spellings = [str(s) for s in question.params.get("_spellings", ())]
    if any(contains_phrase(question.stem, t) for t in (*labels, *spellings)):
        yield ANSWER_IN_STEM
    if question.type == "date_entry":
        years = {str(v)[:4] for v in answer.get("values", ())}
        if any(contains_phrase(question.stem, y) for y in years):
            yield YEAR_IN_STEM


def _matching(bank: Bank, question: Question) -> Iterator[str]:
    lefts = [o.label for o in question.options]
    rights = [o.label for o in question.right_options]
    pairs = question.answer.get("pairs", {}) if isinstance(question.answer, dict) else {}
    for column in (lefts, rights):
        if len({canonical(label) for label in column}) != len(column) or _same_entity(bank, column):
            yield DUPLICATE
    if len({_shape(label) for label in rights}) > 1:
        yield MIXED
    right_by_id = {o.id: o.label for o in question.right_options}
    for option in question.options:
        own = right_by_id.get(pairs.get(option.id, ""), "")
        if own and contains_phrase(option.label, own):
            yield MATCH_GIVEN
    by_subject = {bank.entities[f.subject].label(): f for f in _facts(bank, question)}
    for option in question.options:
        fact = by_subject.get(option.label)
        own = right_by_id.get(pairs.get(option.id, ""), "")
        if fact is None:
            continue
        true_names = {n for v in _stated(bank, fact) for n in _names(bank, v)}
        if any(canonical(r) in true_names for r in rights if r != own):
            yield TRUE_OPTION


def _facts(bank: Bank, question: Question) -> list[Fact]:
    return [bank.facts[i] for i in question.fact_ids if i in bank.facts]


def _stated(bank: Bank, fact: Fact) -> list[Value]:
    # A number is true only as of its own date: 5,200 troops in 2020 is a fair wrong for 2021.
    return stated(bank, fact.subject, fact.relation, fact.value)


def _names(bank: Bank, value: Value) -> set[str]:
    if isinstance(value, EntityRef):
        return {canonical(n) for n in bank.entities[value.entity_id].names()}
    return {canonical(bank.display(value))}


def _same_entity(bank: Bank, labels: list[str]) -> bool:
    """Return True if two labels are names of one entity (a name and its alias)."""
    owners: list[set[str]] = [bank.entities_named(label) for label in labels]
    return any(a & b for i, a in enumerate(owners) for b in owners[i + 1 :])


def _shape(label: str) -> str:
    if parse_date(label) is not None:
        return "date"
    if parse_number(label) is not None and any(c.isdigit() for c in label[:24]):
        return "number"
    return "text"


def _stands_out(right: int, wrong: list[int]) -> bool:
    longest, shortest = max(wrong), min(wrong)
    return (right > 2 * longest and right - longest > 25) or (
        2 * right < shortest and shortest - right > 25
    )


def _content(text: str) -> set[str]:
    return {w for w in normalize(text).split() if w not in _STOP and len(w) > 2}


def _echo(stem: str, option: str) -> int:
    return len(_content(stem) & _content(option))


def _echo_max(stem: str, options: list[str]) -> int:
    return max((_echo(stem, o) for o in options), default=0)
