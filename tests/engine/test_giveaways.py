"""No question of a quiz shows another's answer (an ordering label naming who struck, a matching
column holding a date asked elsewhere)."""

from __future__ import annotations

from random import Random

from quizapp.engine.giveaways import gives_away, shown
from quizapp.engine.questions import REGISTRY
from quizapp.engine.quiz import build_quiz


def test_a_matching_column_gives_a_date_question_away(bank, days_apart):
    date = REGISTRY["date_entry"].generate(bank, bank.facts["qayyarah_handover"], Random(0))
    matching = next(
        q
        for seed in range(50)
        if (q := REGISTRY["matching"].generate(bank, bank.facts["taji_handover"], Random(seed)))
        and "qayyarah_handover" in q.fact_ids
    )
    assert date is not None
    assert gives_away(shown(bank, date), [shown(bank, matching)])
    assert gives_away(shown(bank, matching), [shown(bank, date)])


def test_unrelated_questions_leave_each_other_alone(bank):
    date = REGISTRY["date_entry"].generate(bank, bank.facts["qayyarah_handover"], Random(0))
    who = REGISTRY["who_said"].generate(bank, bank.facts["trump_quote"], Random(0))
    assert date is not None and who is not None
    assert not gives_away(shown(bank, date), [shown(bank, who)])


def test_no_quiz_holds_a_question_that_answers_another(bank):
    for seed in range(30):
        quiz = build_quiz(bank, count=10, seed=seed)
        seen = [shown(bank, q) for q in quiz]
        for i, question in enumerate(seen):
            assert not gives_away(question, seen[:i] + seen[i + 1 :]), quiz[i].stem


def test_an_explanation_shown_after_answering_gives_the_next_question_away(bank):
    from dataclasses import replace

    date = REGISTRY["date_entry"].generate(bank, bank.facts["qayyarah_handover"], Random(0))
    who = REGISTRY["who_said"].generate(bank, bank.facts["trump_quote"], Random(0))
    assert date is not None and who is not None
    assert not gives_away(shown(bank, date), [shown(bank, who)])
    told = replace(who, explanation=who.explanation + " Q-West was handed over on 26 March 2020.")
    assert gives_away(shown(bank, date), [shown(bank, told)])


def test_a_small_number_written_in_words_states_the_number():
    # statements write small numbers in words: "Fire kills three astronauts" tells a crew of 3
    from quizapp.engine.bank import Quantity
    from quizapp.engine.questions.choice import states_number

    three = [Quantity(3, "astronauts")]
    assert states_number("Fire kills three astronauts during a launch rehearsal", three)
    assert states_number("Fire kills Three astronauts", three)
    assert not states_number("Fire kills threesome astronauts", three)
    assert not states_number("One of the astronauts", [Quantity(1, "astronaut")])  # too common
