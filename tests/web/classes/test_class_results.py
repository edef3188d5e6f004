"""Results by class: the gradebook, item statistics and both CSV exports keep to one class's
students; a class the instructor does not teach is a 404."""

from __future__ import annotations

import csv
import io

import pytest
from history_rows import Q, facts, insert_attempts

from tests.web.class_support import make_class


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def two_classes(app, client, auth, make_user, make_quiz):
    teacher = make_user(role="instructor")
    ann, bob, cat = make_user("ann"), make_user("bob"), make_user("cat")
    first = make_class(app, teacher, (ann, bob), "9A")
    second = make_class(app, teacher, (cat,), "9B")
    quiz = make_quiz(owner=teacher)
    fact = facts(app, quiz.bank_id, 1)[0][0]
    insert_attempts(app, quiz.id, ann.id, [[Q(fact, points=1.0)]])
    insert_attempts(app, quiz.id, bob.id, [[Q(fact, points=1.0)]])
    insert_attempts(app, quiz.id, cat.id, [[Q(fact, points=0.0)]])
    auth.login(teacher.username)
    return quiz, first, second


def test_the_gradebook_filters_by_class(client, two_classes):
    quiz, first, second = two_classes
    everyone = _text(client.get(f"/results/quiz/{quiz.id}"))
    assert all(name in everyone for name in ("ann", "bob", "cat"))
    page = _text(client.get(f"/results/quiz/{quiz.id}?class_id={first}"))
    assert ">ann</a>" in page and ">bob</a>" in page and ">cat</a>" not in page
    assert "Only the students of 9A" in page
    page = _text(client.get(f"/results/quiz/{quiz.id}?class_id={second}"))
    assert ">cat</a>" in page and ">ann</a>" not in page


def test_both_csv_exports_filter_by_class(client, two_classes):
    quiz, first, second = two_classes
    book = client.get(f"/results/quiz/{quiz.id}/gradebook.csv?class_id={first}")
    rows = list(csv.reader(io.StringIO(_text(book))))
    assert [r[0] for r in rows[1:]] == ["ann", "bob"]
    assert "class-" in book.headers["Content-Disposition"]
    items = list(
        csv.reader(
            io.StringIO(_text(client.get(f"/results/quiz/{quiz.id}/items.csv?class_id={second}")))
        )
    )
    header, line = items[0], items[1]
    assert line[header.index("attempts")] == "1"
    assert line[header.index("facility (%)")] == "0.0"  # cat missed it; 9A's two did not count
    items = list(
        csv.reader(
            io.StringIO(_text(client.get(f"/results/quiz/{quiz.id}/items.csv?class_id={first}")))
        )
    )
    assert items[1][header.index("facility (%)")] == "100.0"
    page = _text(client.get(f"/results/quiz/{quiz.id}/items?class_id={first}"))
    assert "2 attempts" in page


def test_a_class_one_does_not_teach_is_a_404(app, client, auth, two_classes, make_user):
    quiz = two_classes[0]
    other = make_user(role="instructor")
    theirs = make_class(app, other, name="Theirs")
    for path in ("", "/items", "/gradebook.csv", "/items.csv"):
        assert client.get(f"/results/quiz/{quiz.id}{path}?class_id={theirs}").status_code == 404
        assert client.get(f"/results/quiz/{quiz.id}{path}?class_id=abc").status_code == 404
