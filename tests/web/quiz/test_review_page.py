"""The review: a summary that says how it went, a filter, clean quotations (issue 11)."""

from __future__ import annotations

import html

from quizapp.services import attempts
from quizapp.web.formatting import duration, points, quoted
from tests.web.quiz_support import frozen, right_json, start, wrong_form


def test_citation_markers_are_dropped_on_display_only() -> None:
    said = "On 17 March 20, troops withdrew from the al-Qaim[1] base.[17][citation needed]"
    assert quoted(said) == "On 17 March 20, troops withdrew from the al-Qaim base."
    assert quoted("Arrays [i] and [1984] stay.") == "Arrays [i] and [1984] stay."


def test_scores_and_durations_read_as_a_person_writes_them() -> None:
    assert points(5.416666) == "5.42" and points(25.0) == "25" and points(None) == "—"
    assert duration(65) == "1 minute 5 seconds" and duration(3600 + 180) == "1 hour 3 minutes"
    assert duration(0) == "0 seconds" and duration(7200) == "2 hours"


def test_review_summary_links_each_question_and_filters_the_missed(
    app, client, login_as, make_quiz
):
    user = login_as("student")
    quiz = make_quiz(question_count=3, question_types=["date_entry"], feedback="deferred")
    attempt_id = start(app, user, quiz)
    questions = frozen(app, attempt_id)
    with app.app_context():
        attempts.save_response(user.id, attempt_id, 1, right_json(questions[0]), 0)
        wrong = wrong_form(questions[1], 2)["q2-answer"]
        attempts.save_response(user.id, attempt_id, 2, wrong, 0)
        attempts.finish_attempt(user.id, attempt_id)
    page = html.unescape(client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True))
    assert "Score: <strong>1 of 3</strong> (33%)" in page
    assert "Time taken:" in page and "2 questions missed" in page
    for position, outcome in ((1, "right"), (2, "wrong"), (3, "unanswered")):
        assert f'class="outcome-chip outcome-{outcome}" href="#q{position}"' in page
    assert page.count("Sources differ. Sources differ") == 0
    missed = html.unescape(
        client.get(f"/attempts/{attempt_id}/review?only=missed").get_data(as_text=True)
    )
    assert 'id="q1"' not in missed and 'id="q2"' in missed and 'id="q3"' in missed
    assert "Show every question" in missed
