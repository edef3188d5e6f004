"""The results pages: quizzes, gradebook (sorted on the server), drill-down, items, CSV, access."""

from __future__ import annotations

import csv
import io
import re

import pytest
from history_rows import Q, facts, insert_attempts


def _students_in_order(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Student"><a [^>]*>([^<]+)</a>', html)


def _tenths(*scores: float) -> list[list[Q]]:
    return [
        [Q(None, points=1.0)] * round(s * 10) + [Q(None, points=0.0)] * (10 - round(s * 10))
        for s in scores
    ]


def test_index_lists_only_the_quizzes_an_instructor_manages(
    app, client, login_as, make_user, make_quiz
):
    me = login_as("instructor")
    mine = make_quiz(owner=me, title="My quiz")
    make_quiz(owner=make_user(role="instructor"), title="Their quiz")
    insert_attempts(app, mine.id, make_user().id, _tenths(0.5, 0.6))
    html = client.get("/results/").get_data(as_text=True)
    assert "My quiz" in html and "Their quiz" not in html
    assert re.search(
        r'data-label="Students" class="num">1</td>\s*'
        r'<td data-label="Graded attempts" class="num">2</td>',
        html,
    )


def test_admin_sees_every_quiz(client, login_as, make_user, make_quiz):
    login_as("admin")
    make_quiz(owner=make_user(role="instructor"), title="Their quiz")
    assert "Their quiz" in client.get("/results/").get_data(as_text=True)


def test_gradebook_shows_grades_and_sorts_by_column(app, client, login_as, make_user, make_quiz):
    me = login_as("instructor")
    quiz = make_quiz(owner=me, title="Bases", grading_method="highest")
    for name, scores in (("ann", (0.5, 0.7)), ("bob", (0.9,)), ("cat", (0.2, 0.3, 0.1))):
        insert_attempts(app, quiz.id, make_user(name).id, _tenths(*scores))
    html = client.get(f"/results/quiz/{quiz.id}").get_data(as_text=True)
    assert _students_in_order(html) == ["ann", "bob", "cat"]
    assert "Attempt 3</th>" in html
    assert re.search(r'data-label="Final grade" class="num grade">70.0%', html)
    # Each heading links to the sort by that column; the active one says its direction.
    assert f'href="/results/quiz/{quiz.id}?sort=grade&amp;dir=asc"' in html
    by_grade = client.get(f"/results/quiz/{quiz.id}?sort=grade&dir=desc").get_data(as_text=True)
    assert _students_in_order(by_grade) == ["bob", "ann", "cat"]
    assert 'aria-sort="descending"' in by_grade
    by_attempts = client.get(f"/results/quiz/{quiz.id}?sort=attempts").get_data(as_text=True)
    assert _students_in_order(by_attempts) == ["bob", "ann", "cat"]


def test_drill_down_shows_a_students_attempts_with_review_links(
    app, client, login_as, make_user, make_bank, make_quiz
):
    me = login_as("instructor")
    bank = make_bank(owner=me)
    quiz = make_quiz(bank=bank, owner=me)
    student = make_user("dora")
    (fact, kind, label), *_ = facts(app, bank.id, 1)
    (attempt,) = insert_attempts(app, quiz.id, student.id, [[Q(fact, kind, 0.0), Q(None)]])
    html = client.get(f"/results/quiz/{quiz.id}/student/{student.id}").get_data(as_text=True)
    assert "dora" in html and label in html
    assert "✗ incorrect" in html and "✓ correct" in html
    assert f'href="/attempts/{attempt}/review"' in html
    assert client.get(f"/results/quiz/{quiz.id}/student/{me.id}").status_code == 404


def test_item_statistics_page_flags_items_and_counts_options(
    app, client, login_as, make_user, make_bank, make_quiz
):
    me = login_as("instructor")
    bank = make_bank(owner=me)
    quiz = make_quiz(bank=bank, owner=me)
    (f1, _, hard), (f2, _, easy) = facts(app, bank.id, 2)
    choice = {
        "options": [{"id": "a", "label": "Ain al-Asad"}, {"id": "b", "label": "K-1"}],
        "answer": {"correct": ["b"]},
    }
    for right in (True, False, False, False, False):
        insert_attempts(
            app,
            quiz.id,
            make_user().id,
            [
                [
                    Q(
                        f1,
                        "base",
                        1.0 if right else 0.0,
                        qtype="multiple_choice",
                        question=choice,
                        answer="b" if right else "a",
                    ),
                    Q(f2, "date", 1.0),
                ]
            ],
        )
    html = client.get(f"/results/quiz/{quiz.id}/items").get_data(as_text=True)
    assert "5 attempts" in html
    # The visual summary lists the most missed first, a bar per facility.
    bars = html.split('class="facility-bars"')[1].split("</ol>")[0]
    assert bars.index(hard) < bars.index(easy)
    assert 'value="20.0" max="100"' in bars and 'value="100.0" max="100"' in bars
    table = html.split('<table class="table items">')[1]
    row_hard = table.split(hard)[1].split("</tr>")[0]
    assert "20.0%" in row_hard  # facility: one of five
    assert "Ain al-Asad: 4" in row_hard
    assert '✓ K-1</strong><span class="visually-hidden"> (correct)</span>: 1' in row_hard
    row_easy = table.split(easy)[1].split("</tr>")[0]
    assert "⚑ too easy" in row_easy and "100.0%" in row_easy


def test_csv_downloads_parse_and_escape(app, client, login_as, make_user, make_quiz):
    me = login_as("instructor")
    quiz = make_quiz(owner=me)
    insert_attempts(app, quiz.id, make_user("+cmd").id, _tenths(0.4))
    insert_attempts(app, quiz.id, make_user("plain").id, _tenths(0.8))
    response = client.get(f"/results/quiz/{quiz.id}/gradebook.csv")
    assert response.mimetype == "text/csv"
    assert f'filename="quiz-{quiz.id}-gradebook.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "username" and len(rows) == 3
    assert sorted(row[0] for row in rows[1:]) == ["'+cmd", "plain"]
    items = client.get(f"/results/quiz/{quiz.id}/items.csv")
    assert items.mimetype == "text/csv"
    header, *lines = list(csv.reader(io.StringIO(items.get_data(as_text=True))))
    assert header[0] == "item" and len(lines) == 1  # one item: the fact-less question


@pytest.mark.parametrize(
    "path", ["", "/items", "/gradebook.csv", "/items.csv", "/student/{student}"]
)
def test_another_instructors_quiz_is_forbidden(app, client, login_as, make_user, make_quiz, path):
    login_as("instructor")
    quiz = make_quiz(owner=make_user(role="instructor"))
    student = make_user()
    insert_attempts(app, quiz.id, student.id, _tenths(0.5))
    url = f"/results/quiz/{quiz.id}" + path.format(student=student.id)
    response = client.get(url)
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)
    assert client.get("/results/quiz/999999" + path.format(student=student.id)).status_code == 404


def test_a_student_cannot_see_results(client, login_as, make_quiz):
    login_as("student")
    quiz = make_quiz()
    assert client.get("/results/").status_code == 403
    assert client.get(f"/results/quiz/{quiz.id}").status_code == 403


@pytest.mark.parametrize("page", ["", "/items"])
def test_gradebook_and_items_query_count_does_not_grow(
    app, client, login_as, make_user, make_quiz, query_counter, page
):
    me = login_as("instructor")
    quiz = make_quiz(owner=me)
    made = {make_user().id: 0 for _ in range(4)}
    counts = []
    for batch in (10, 990):  # 10 attempts, then 1,000 in all
        for i, student_id in enumerate(made):
            share = batch // len(made) + (1 if i < batch % len(made) else 0)
            insert_attempts(
                app, quiz.id, student_id, _tenths(*[0.5] * share), number_from=made[student_id] + 1
            )
            made[student_id] += share
        client.get(f"/results/quiz/{quiz.id}{page}")
        with query_counter() as queries:
            response = client.get(f"/results/quiz/{quiz.id}{page}")
        assert response.status_code == 200
        counts.append(queries.count)
    assert sum(made.values()) == 1000
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "path",
    [
        "/results/quiz/99999999999999999999",
        "/results/quiz/1/student/99999999999999999999",
        "/results/quiz/99999999999999999999/items.csv",
    ],
)
def test_ids_too_long_for_the_database_are_not_found(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 404
