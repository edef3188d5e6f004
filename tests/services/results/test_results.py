"""Gradebook, grading methods, drill-down, item statistics by hand, CSV exports, access."""

from __future__ import annotations

import csv
import io

import pytest
from history_rows import Q, facts, insert_attempts
from sqlalchemy import update

from quizapp.extensions import db
from quizapp.models.bank import BankFact
from quizapp.models.quiz import Quiz
from quizapp.services import results
from quizapp.services.results import NotAllowed, ResultsError


def _tenths(*scores: float) -> list[list[Q]]:
    """Return attempts of ten one-point questions scoring 10 x each fraction."""
    return [
        [Q(None, points=1.0)] * round(s * 10) + [Q(None, points=0.0)] * (10 - round(s * 10))
        for s in scores
    ]


def _book(app, quiz_id, **kwargs):
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        return results.gradebook(quiz, **kwargs)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 90.0), ("average", 60.0), ("first", 40.0), ("last", 50.0)],
)
def test_final_grade_follows_the_quizs_grading_method(app, make_user, make_quiz, method, expected):
    student = make_user()
    quiz = make_quiz(grading_method=method)
    insert_attempts(app, quiz.id, student.id, _tenths(0.4, 0.9, 0.5))
    # Neither an open attempt nor a practice one changes the grade.
    insert_attempts(app, quiz.id, student.id, _tenths(1.0), state="in_progress", number_from=4)
    insert_attempts(app, quiz.id, student.id, _tenths(1.0), purpose="practice", number_from=5)
    book = _book(app, quiz.id)
    (line,) = book.students
    assert line.final == pytest.approx(expected)
    assert [a.percent for a in line.attempts] == [
        pytest.approx(40),
        pytest.approx(90),
        pytest.approx(50),
        None,
    ]
    assert book.columns == 4


def test_gradebook_sorts_by_column(app, make_user, make_quiz):
    quiz = make_quiz()
    ann, bob, cat, dan = (make_user(name) for name in ("ann", "bob", "cat", "dan"))
    insert_attempts(app, quiz.id, ann.id, _tenths(0.5, 0.7))
    insert_attempts(app, quiz.id, bob.id, _tenths(0.9))
    insert_attempts(app, quiz.id, cat.id, _tenths(0.2, 0.3, 0.1))
    insert_attempts(app, quiz.id, dan.id, _tenths(0.1), state="in_progress")  # no grade yet

    def order(**kwargs):
        return [s.username for s in _book(app, quiz.id, **kwargs).students]

    assert order() == ["ann", "bob", "cat", "dan"]
    assert order(sort="grade", descending=True) == ["bob", "ann", "cat", "dan"]
    assert order(sort="grade") == ["cat", "ann", "bob", "dan"]  # the ungraded stay last
    assert order(sort="attempts", descending=True) == ["cat", "ann", "dan", "bob"]
    assert order(sort="nonsense") == order()


def test_student_report_lists_attempts_and_questions(app, make_user, make_bank, make_quiz):
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    student = make_user()
    (fact, kind, label), *_ = facts(app, bank.id, 1)
    insert_attempts(app, quiz.id, student.id, [[Q(fact, kind, 1.0), Q(None, points=None)]])
    insert_attempts(
        app, quiz.id, student.id, [[Q(fact, kind, 0.0)]], purpose="practice", number_from=2
    )
    stranger = make_user()
    with app.app_context():
        quiz_row = db.session.get(Quiz, quiz.id)
        report = results.student_report(quiz_row, student.id)
        with pytest.raises(ResultsError):
            results.student_report(quiz_row, stranger.id)
    first, practice = report.student.attempts
    assert report.student.final == pytest.approx(50.0)  # the practice attempt does not count
    assert practice.purpose == "practice"
    lines = report.questions[first.id]
    assert [(q.label, q.outcome, q.points) for q in lines] == [
        (label, "correct", 1.0),
        ("", None, None),
    ]


def _choice(options: list[str], correct: str) -> dict:
    ids = "abcd"[: len(options)]
    return {
        "options": [{"id": i, "label": o} for i, o in zip(ids, options, strict=True)],
        "answer": {"correct": [ids[options.index(correct)]]},
    }


def test_item_statistics_on_first_attempts_match_hand_computed(
    app, make_user, make_bank, make_quiz
):
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    (f1, _, l1), (f2, _, l2), (f3, _, l3), (f4, _, _) = facts(app, bank.id, 4)
    mc = "multiple_choice"
    q2 = _choice(["2019", "2020", "2021"], "2020")
    students = [make_user() for _ in range(4)]
    # Item scores per first attempt (q1, q2, q3, q4); q4 is always right. Totals 4, 3, 2, 1.
    table = [(1, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0)]
    chosen = ["b", "b", "a", None]
    for student, (s1, s2, s3), pick in zip(students, table, chosen, strict=True):
        insert_attempts(
            app,
            quiz.id,
            student.id,
            [
                [
                    Q(f1, "date", float(s1)),
                    Q(f2, "date", float(s2) if pick else None, qtype=mc, question=q2, answer=pick),
                    Q(f3, "base", float(s3)),
                    Q(
                        f4,
                        "base",
                        1.0,
                        qtype="true_false",
                        question={"answer": {"true": True}},
                        answer=True,
                    ),
                ]
            ],
        )
        # Later attempts (all wrong) are not first attempts: they must not count.
        insert_attempts(app, quiz.id, student.id, [[Q(f1, "date", 0.0)]], number_from=2)
    with app.app_context():
        report = results.item_report(db.session.get(Quiz, quiz.id))
    items = {(r.label, r.qtype): r for r in report.items}
    assert report.first_attempts == 4
    one, two, three = items[l1, "short_answer"], items[l2, mc], items[l3, "short_answer"]
    assert (one.facility, two.facility, three.facility) == (75.0, 50.0, 25.0)
    # q2: item (1,1,0,0) against the rest (3,2,2,1) -> means .5 and 2;
    # sxy = .5*1 + .5*0 - .5*0 - .5*-1 = 1, sxx = 1, syy = 1+0+0+1 = 2 -> r = 1/sqrt(2).
    assert two.discrimination == pytest.approx(100 / 2**0.5)
    # q1: item (1,1,1,0), rest (3,2,1,1): means .75 and 1.75;
    # sxy = .25*1.25 + .25*.25 + .25*-.75 + -.75*-.75 = .75, sxx = .75, syy = 2.75.
    assert one.discrimination == pytest.approx(100 * 0.75 / (0.75 * 2.75) ** 0.5)
    assert [(o.label, o.count, o.correct) for o in two.options] == [
        ("2019", 1, False),
        ("2020", 2, True),
        ("2021", 0, False),
        ("(no answer)", 1, False),
    ]
    always = next(r for r in report.items if r.qtype == "true_false")
    assert always.facility == 100.0
    assert always.flags == ("too easy",)  # and no discrimination: the item never varies
    assert always.discrimination is None
    assert [(o.label, o.count, o.correct) for o in always.options] == [
        ("False", 0, False),
        ("True", 4, True),
    ]
    assert two.flags == () and three.flags == ()


def test_gradebook_csv_escapes_formulas_and_parses(app, make_user, make_quiz):
    quiz = make_quiz(grading_method="average")
    evil = make_user("=hyperlink(x)")
    plain = make_user("plain")
    tabbed = make_user("@sum(a1)")
    insert_attempts(app, quiz.id, evil.id, _tenths(0.5, 1.0))
    insert_attempts(app, quiz.id, plain.id, _tenths(0.3))
    insert_attempts(app, quiz.id, tabbed.id, _tenths(0.0))
    rows = list(csv.reader(io.StringIO(results.gradebook_csv(_book(app, quiz.id)))))
    assert rows[0] == [
        "username",
        "display name",
        "attempts",
        "attempt 1 (%)",
        "attempt 2 (%)",
        "final grade (%, average)",
    ]
    assert len(rows) == 4  # a header and one row per student
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["'=hyperlink(x)"][2:] == ["2", "50.0", "100.0", "75.0"]
    assert by_name["'=hyperlink(x)"][1] == "'=hyperlink(x)"  # the display name too
    assert by_name["plain"][2:] == ["1", "30.0", "", "30.0"]
    assert "'@sum(a1)" in by_name
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_items_csv_escapes_labels(app, make_user, make_bank, make_quiz):
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    (fact, _, _), *_ = facts(app, bank.id, 1)
    with app.app_context():
        db.session.execute(update(BankFact).where(BankFact.id == fact).values(label="-2+3 troops"))
        db.session.commit()
    insert_attempts(app, quiz.id, make_user().id, [[Q(fact, "figure", 1.0)]])
    with app.app_context():
        text = results.items_csv(results.item_report(db.session.get(Quiz, quiz.id)))
    header, row = list(csv.reader(io.StringIO(text)))
    assert header[:6] == ["item", "fact", "question type", "kind", "attempts", "facility (%)"]
    assert row[1:6] == ["'-2+3 troops", "short_answer", "figure", "1", "100.0"]


@pytest.mark.parametrize("tricky", ["=1+1", "+1", "-1", "@a", "\tx", "\rx"])
def test_csv_cell_escapes_every_formula_start(tricky):
    assert results.csv_cell(tricky) == "'" + tricky
    assert results.csv_cell("plain =") == "plain ="
    assert results.csv_cell(-12.34) == "-12.3"  # numbers we write are numbers, not formulas


def test_only_managers_and_admins_get_a_quiz(app, make_user, make_quiz):
    owner, other = make_user(role="instructor"), make_user(role="instructor")
    student, admin = make_user(), make_user(role="admin")
    quiz = make_quiz(owner=owner)
    with app.app_context():
        assert results.managed_quiz(owner, quiz.id).id == quiz.id
        assert results.managed_quiz(admin, quiz.id).id == quiz.id
        for outsider in (other, student):
            with pytest.raises(NotAllowed):
                results.managed_quiz(outsider, quiz.id)
        with pytest.raises(ResultsError) as missing:
            results.managed_quiz(admin, 999_999)
        assert missing.value.status == 404
