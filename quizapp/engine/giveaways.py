"""Questions of one quiz that give each other's answers away.

An ordering label "Kennedy asks Congress to commit the nation to a Moon landing" answers "Who
said: 'before this decade is out'?" three questions later; a matching column answers a date
question; "the combat mission ended in December 2021" halves "On what date did it end?". The quiz
builder keeps a `Shown` record of each question it takes and refuses a new one whose answer the
others show, or that shows theirs:

- a name asked for (a value, or the subject of a reverse or who-said question) in another's
  stem, options, labels, columns or explanation (shown once it is answered);
- a date asked for, as written, in another's text (the same event asked twice, "ended in
  December 2021" beside "On what date did it end?", is kept apart by the builder's rule that
  no subject is asked about twice);
- a number asked for in another's text, options and explanation included (a wrong option "about
  21.5 kg" is the typed answer two questions on), and a date to be typed in another's text.

`repeats` is softer: two questions about one subject, one source sentence or one answer; the
builder avoids them while the bank has other questions to give.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import DateValue, EntityRef, Quantity, Question, Value
from quizapp.engine.questions.choice import states_number
from quizapp.engine.text import canonical


@dataclass(frozen=True)
class Shown:
    """What one question shows the learner, and the answers it asks for."""

    text: str  # what it states, canonical, padded with spaces for whole-word search
    raw: str  # all it shows, options included, as written (numbers are searched in it)
    answers: tuple[str, ...]  # canonical names and dates of what it asks for
    numbers: tuple[Quantity, ...]
    typed_dates: tuple[str, ...] = ()  # dates a learner types, as options would write them
    subjects: frozenset[str] = frozenset()  # entities its facts are about
    sentences: frozenset[str] = frozenset()  # the source sentences it rests on
    answer_ids: frozenset[str] = frozenset()  # entities it asks for


def _answer_texts(bank: Bank, value: Value) -> list[str]:
    if isinstance(value, EntityRef):
        return list(bank.entities[value.entity_id].names())
    if isinstance(value, DateValue):  # a month alone is shared by too many events to tell one
        return [value.display()] if value.precision != "year" else []
    if isinstance(value, str):
        return [value] if len(value.split()) <= 6 else []  # a long text is never repeated whole
    return []


def _asked(bank: Bank, question: Question) -> list[Value]:
    """Return the values a question asks the learner for."""
    if question.type in ("ordering", "fixed"):  # an ordering asks for an order, not a value
        return []
    facts = [bank.facts[i] for i in question.fact_ids if i in bank.facts]
    if question.type == "matching":
        return [v for f in facts for v in f.values]
    if not facts:
        return []
    if question.type == "who_said" or question.params.get("form") == "reverse":
        return [EntityRef(facts[0].subject)]  # the speaker, the base: the subject is asked
    return list(facts[0].values)


def shown(bank: Bank, question: Question) -> Shown:
    """Return what a question shows and what it asks for."""
    options = [o.label for o in (*question.options, *question.right_options)]
    # A wrong option still tells that its thing exists ("First rocket attack on Camp Taji" beside
    # "Which base did the rockets of 11 March hit?"), and the explanation shows once answered.
    stated = [question.stem, *options, question.explanation]
    values = _asked(bank, question)
    answers = tuple(dict.fromkeys(canonical(t) for v in values for t in _answer_texts(bank, v)))
    numbers = tuple(v for v in values if isinstance(v, Quantity))
    typed = (
        tuple(v.display() for v in values if isinstance(v, DateValue))
        if question.type == "date_entry"
        else ()
    )
    facts = [bank.facts[i] for i in question.fact_ids if i in bank.facts]
    return Shown(
        text=f" {canonical(' | '.join(stated))} ",
        raw=" | ".join(stated),
        answers=tuple(a for a in answers if a),
        numbers=numbers,
        typed_dates=typed,
        subjects=frozenset(f.subject for f in facts),
        sentences=frozenset(c.sentence for f in facts for c in f.claims),
        answer_ids=frozenset(v.entity_id for v in values if isinstance(v, EntityRef)),
    )


def gives_away(new: Shown, others: list[Shown]) -> bool:
    """Return True if the new question shows another's answer, or another shows the new one's."""
    for other in others:
        if any(f" {a} " in other.text for a in new.answers):
            return True
        if any(f" {a} " in new.text for a in other.answers):
            return True
        if states_number(other.raw, new.numbers) or states_number(new.raw, other.numbers):
            return True
        if any(d in other.raw for d in new.typed_dates) or any(
            d in new.raw for d in other.typed_dates
        ):
            return True  # 6 January 2020 among one question's options, typed in the next
    return False


def repeats(new: Shown, others: list[Shown]) -> bool:
    """Return True if the new question asks again about a subject, a sentence or an answer.

    Two questions about one event, or resting on one source sentence, answer each other in other
    words ("the July 2021 decision" beside "On what date did Biden announce it?"); two with one
    answer ("Joe Biden" twice) tell each other.
    """
    return any(
        new.subjects & o.subjects or new.sentences & o.sentences or new.answer_ids & o.answer_ids
        for o in others
    )
