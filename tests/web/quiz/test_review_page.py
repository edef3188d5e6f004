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


ROD_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="numerical">
    <name><text>Rod</text></name>
    <questiontext format="html"><text>How long is the rod?</text></questiontext>
    <idnumber>rod</idnumber>
    <answer fraction="100"><text>1.5</text><tolerance>0.01</tolerance></answer>
    <units>
      <unit><multiplier>1</multiplier><unit_name>m</unit_name></unit>
      <unit><multiplier>100</multiplier><unit_name>cm</unit_name></unit>
      <unit><multiplier>1000</multiplier><unit_name>mm</unit_name></unit>
    </units>
    <unitgradingtype>1</unitgradingtype>
    <unitpenalty>0.1</unitpenalty>
    <showunits>0</showunits>
    <unitsleft>0</unitsleft>
  </question>
</quiz>
"""


def test_a_student_typing_150_cm_for_a_question_in_metres_is_marked_right_in_the_review(
    app, client, login_as, make_bank, make_quiz
):
    from quizapp.engine.importers import parse_moodle_xml

    bank = make_bank(bank=parse_moodle_xml(ROD_XML, filename="rod.xml"), slug="rods")
    quiz = make_quiz(bank=bank, question_count=1, question_types=["fixed"], feedback="deferred")
    login_as("student")
    started = client.post(f"/quizzes/{quiz.id}/start")
    attempt_id = int(started.location.rsplit("/attempts/", 1)[1].split("/")[0])
    page = html.unescape(client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True))
    assert "How long is the rod? (write the unit after the number: m, cm or mm)" in page
    fields = {"position": "1", "q1-seq": "0", "q1-answer": "150 cm", "action": "next"}
    assert client.post(f"/attempts/{attempt_id}/save", data=fields).status_code == 302
    done = client.post(f"/attempts/{attempt_id}/finish")
    assert done.location.endswith(f"/attempts/{attempt_id}/review")
    review = html.unescape(client.get(done.location).get_data(as_text=True))
    assert "Score: <strong>1 of 1</strong> (100%)" in review
    assert 'class="outcome-chip outcome-right" href="#q1"' in review
    assert "150 cm" in review and "1.5 ± 0.01 m" in review  # the answer given, the answer due
