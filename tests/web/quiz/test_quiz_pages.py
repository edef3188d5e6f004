"""Taking quizzes through the pages: answer every type, save, resume, finish, review."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from quizapp.models.types import utcnow
from quizapp.web.formatting import quoted
from tests.web.quiz_support import (
    GENERATED_TYPES,
    attempt_state,
    frozen,
    page_token,
    response_count,
    responses,
    right_form,
    right_json,
    start,
    wrong_form,
)

DEFERRED = {"feedback": "deferred"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def all_types_quiz(make_quiz, seed_attempts):
    """A deferred-feedback quiz whose attempts hold every generated question type."""
    quiz = make_quiz(question_count=24, question_types=GENERATED_TYPES, **DEFERRED)
    seed_attempts(quiz.id, GENERATED_TYPES)
    return quiz


def test_start_answer_every_type_finish_and_review_with_sources(
    app, client, login_as, all_types_quiz
):
    login_as("student")
    started = client.post(f"/quizzes/{all_types_quiz.id}/start")
    assert started.status_code == 302
    attempt_id = int(re.search(r"/attempts/(\d+)", started.location).group(1))
    questions = frozen(app, attempt_id)
    assert {q["type"] for q in questions} == set(GENERATED_TYPES)

    for position, question in enumerate(questions, start=1):
        page = client.get(f"/attempts/{attempt_id}/questions/{position}")
        assert page.status_code == 200
        assert question["stem"] in text(page)
        fields = {
            "position": str(position),
            f"q{position}-seq": "0",
            "action": "next",
            **right_form(question, position),
        }
        saved = client.post(f"/attempts/{attempt_id}/save", data=fields)
        assert saved.status_code == 302, text(saved)[:800]
    assert len(responses(app, attempt_id)) == len(questions)

    confirm = text(client.get(f"/attempts/{attempt_id}/finish"))
    assert "Every question has an answer." in confirm
    done = client.post(f"/attempts/{attempt_id}/finish")
    assert done.location.endswith(f"/attempts/{attempt_id}/review")
    review = text(client.get(done.location))
    total = len(questions)
    assert f"Score: <strong>{total} of {total}</strong>" in review
    assert review.count("Correct answer:") == total
    for question in questions:
        for source in question["sources"]:
            assert quoted(source["sentence"]) in review  # shown without its "[17]" markers
            assert source["source_title"] in review
        assert question["explanation"] in review
    assert "Practise what I missed" not in review  # nothing was missed


def test_inputs_per_type_are_labelled_controls(app, client, login_as, all_types_quiz):
    user = login_as("student")
    attempt_id = start(app, user, all_types_quiz)
    for position, question in enumerate(frozen(app, attempt_id), start=1):
        page = client.get(f"/attempts/{attempt_id}/questions/{position}").get_data(as_text=True)
        kind = question["type"]
        if kind in ("multiple_choice", "who_said", "true_false"):
            assert page.count(f'type="radio" name="q{position}-answer"') == len(question["options"])
            assert '<label class="option">' in page
        elif kind == "ordering":
            assert page.count(f'name="move" value="{position}:') == 2 * len(question["options"])
            assert (
                page.count(">Move up<span")
                == page.count(">Move down<span")
                == len(question["options"])
            )
            assert page.count(f'<select class="input input-small" id="q{position}-rank-') == len(
                question["options"]
            )
        elif kind == "matching":
            assert page.count(f'<label for="q{position}-match-') == len(question["options"])
        else:
            assert f'<label class="label" for="q{position}-answer">' in page
        if kind == "numeric":
            assert f'<span class="unit">{html.escape(question["params"]["unit"])}</span>' in page
        if kind == "date_entry":
            assert "e.g." in page
        assert '<progress class="progress"' in page and 'aria-label="Answered 0 of' in page


def test_resume_after_reload_keeps_answers(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(
        question_count=4, question_types=["short_answer", "multiple_choice"], **DEFERRED
    )
    attempt_id = start(app, user, quiz)
    questions = frozen(app, attempt_id)
    for position, question in enumerate(questions[:2], start=1):
        fields = {
            "position": str(position),
            f"q{position}-seq": "0",
            **right_form(question, position),
        }
        assert client.post(f"/attempts/{attempt_id}/save", data=fields).status_code == 302

    # Starting again resumes the same attempt, and the reloaded pages show the saved answers.
    again = client.post(f"/quizzes/{quiz.id}/start")
    assert again.location.endswith(f"/attempts/{attempt_id}")
    for position, question in enumerate(questions[:2], start=1):
        page = text(client.get(f"/attempts/{attempt_id}/questions/{position}"))
        answer = right_json(question)
        if question["type"] == "short_answer":
            assert f'value="{answer}"' in page
        else:
            assert f'value="{answer}" checked' in page
        assert f'name="q{position}-seq" value="1"' in page
        assert "Saved" in page
    # The page opens at the first unanswered question.
    first = text(client.get(f"/attempts/{attempt_id}"))
    assert 'name="position" value="3"' in first
    assert 'aria-label="Answered 2 of 4 questions"' in first


def test_stale_json_save_is_refused_with_409_and_writes_nothing(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    url = f"/attempts/{attempt_id}/save"
    first = client.post(url, json={"position": 1, "seq": 0, "answer": "first"})
    assert first.status_code == 200
    assert first.json["seq"] == 1 and first.json["message"] == "Saved"
    assert first.json["csrf_token"]

    # A second tab still holding seq 0 must not overwrite it.
    stale = client.post(url, json={"position": 1, "seq": 0, "answer": "from the old tab"})
    assert stale.status_code == 409
    assert stale.json["error"] == "stale"
    assert "out of date" in stale.json["message"]
    assert responses(app, attempt_id)[1] == {
        "answer": "first",
        "seq": 1,
        "late": False,
        "outcome": None,
        "feedback": "",
    }

    newer = client.post(url, json={"position": 1, "seq": 1, "answer": "second"})
    assert newer.status_code == 200 and newer.json["seq"] == 2
    assert responses(app, attempt_id)[1]["answer"] == "second"


def test_unreadable_json_save_is_a_400_not_a_500(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=1, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    url = f"/attempts/{attempt_id}/save"
    for body in (
        {"position": 1},
        {"position": "x", "seq": 0, "answer": "a"},
        {"position": 1, "seq": 0, "answer": {"a": 3}},
        [1, 2],
    ):
        response = client.post(url, json=body)
        assert response.status_code == 400
        assert response.json["message"] == "That answer cannot be read."
    missing = client.post(url, json={"position": 99, "seq": 0, "answer": "a"})
    assert missing.status_code == 404
    assert response_count(app) == 0


def test_double_form_post_saves_once_and_says_out_of_date(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=2, question_types=["multiple_choice"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    question = frozen(app, attempt_id)[0]
    fields = {"position": "1", "q1-seq": "0", "action": "next", **right_form(question, 1)}
    assert client.post(f"/attempts/{attempt_id}/save", data=fields).status_code == 302
    second = client.post(
        f"/attempts/{attempt_id}/save",
        data={**wrong_form(question, 1), "position": "1", "q1-seq": "0"},
    )
    assert second.status_code == 409
    page = text(second)
    assert "This page is out of date" in page
    assert 'name="q1-seq" value="1"' in page  # the page now shows what is saved
    assert response_count(app) == 1
    assert responses(app, attempt_id)[1]["answer"] == right_json(question)


def test_identical_resubmit_with_current_seq_writes_nothing(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    fields = {"position": "1", "q1-seq": "0", "q1-answer": "same"}
    client.post(f"/attempts/{attempt_id}/save", data=fields)
    again = client.post(f"/attempts/{attempt_id}/save", data={**fields, "q1-seq": "1"})
    assert again.status_code == 302
    assert responses(app, attempt_id)[1]["seq"] == 1


def test_save_and_next_previous_and_finish_go_where_they_say(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=3, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    url = f"/attempts/{attempt_id}/save"
    nxt = client.post(
        url, data={"position": "2", "q2-seq": "0", "q2-answer": "a", "action": "next"}
    )
    assert nxt.location.endswith(f"/attempts/{attempt_id}/questions/3")
    prev = client.post(
        url, data={"position": "2", "q2-seq": "1", "q2-answer": "b", "action": "prev"}
    )
    assert prev.location.endswith(f"/attempts/{attempt_id}/questions/1")
    fin = client.post(
        url, data={"position": "3", "q3-seq": "0", "q3-answer": "", "action": "finish"}
    )
    assert fin.location.endswith(f"/attempts/{attempt_id}/finish")
    assert 3 not in responses(app, attempt_id)  # an empty box saves nothing
    confirm = text(client.get(fin.location))
    assert "2 questions still without an answer" in confirm
    assert "Question 1" in confirm and "Question 3" in confirm


def test_ordering_without_script_uses_position_boxes_and_move_buttons(
    app, client, login_as, make_quiz
):
    user = login_as("student")
    quiz = make_quiz(question_count=1, question_types=["ordering"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    question = frozen(app, attempt_id)[0]
    ids = [o["id"] for o in question["options"]]
    ranks = {f"q1-rank-{oid}": str(i + 1) for i, oid in enumerate(ids)}
    # "Move down" on the first item swaps it with the second, and the page comes back.
    moved = client.post(
        f"/attempts/{attempt_id}/save",
        data={"position": "1", "q1-seq": "0", **ranks, "move": f"1:{ids[0]}:down"},
    )
    assert moved.status_code == 302 and moved.location.endswith("/questions/1#q1")
    assert responses(app, attempt_id)[1]["answer"] == [ids[1], ids[0], *ids[2:]]
    page = text(client.get(f"/attempts/{attempt_id}/questions/1"))
    labels = [o["label"] for o in question["options"]]
    assert page.index(labels[1]) < page.index(labels[0])  # shown in the saved order

    # The position boxes alone give the order too (here: reversed).
    reverse = {f"q1-rank-{oid}": str(len(ids) - i) for i, oid in enumerate(ids)}
    client.post(f"/attempts/{attempt_id}/save", data={"position": "1", "q1-seq": "1", **reverse})
    assert responses(app, attempt_id)[1]["answer"] == list(reversed(ids))


@pytest.mark.parametrize("junk", ["\u00b2", "9" * 5000, "-1", ""])
def test_ordering_boxes_with_junk_ranks_keep_the_shown_order(
    app, client, login_as, make_quiz, junk
):
    user = login_as("student")
    quiz = make_quiz(question_count=1, question_types=["ordering"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    ids = [o["id"] for o in frozen(app, attempt_id)[0]["options"]]
    ranks = {f"q1-rank-{oid}": junk for oid in ids}
    saved = client.post(f"/attempts/{attempt_id}/save",
                        data={"position": "1", "q1-seq": "0", **ranks})
    assert saved.status_code == 302
    assert responses(app, attempt_id)[1]["answer"] == ids


def test_late_answers_are_kept_ungraded_and_the_attempt_closes(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(
        question_count=3, question_types=["short_answer"], time_limit_minutes=5, **DEFERRED
    )
    attempt_id = start(app, user, quiz, now=utcnow() - dt.timedelta(minutes=10))
    questions = frozen(app, attempt_id)
    late = client.post(
        f"/attempts/{attempt_id}/save",
        json={"position": 1, "seq": 0, "answer": right_json(questions[0])},
    )
    assert late.status_code == 200
    assert late.json["late"] is True and "not be graded" in late.json["message"]
    form = client.post(
        f"/attempts/{attempt_id}/save",
        data={"position": "2", "q2-seq": "0", **right_form(questions[1], 2)},
    )
    assert form.status_code == 302
    assert responses(app, attempt_id)[2]["late"] is True

    # Opening the attempt runs the overdue sweep: it closes and sends to the review.
    opened = client.get(f"/attempts/{attempt_id}")
    assert opened.location.endswith(f"/attempts/{attempt_id}/review")
    assert attempt_state(app, attempt_id) == "overdue"
    review = text(client.get(opened.location))
    assert review.count("saved late, not graded") == 2
    assert "Score: <strong>0 of 3</strong>" in review
    closed = client.post(
        f"/attempts/{attempt_id}/save", json={"position": 3, "seq": 0, "answer": "x"}
    )
    assert closed.status_code == 409 and "closed" in closed.json["message"]


def test_quiz_list_sweeps_overdue_attempts(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=1, time_limit_minutes=1, title="Timed one", **DEFERRED)
    attempt_id = start(app, user, quiz, now=utcnow() - dt.timedelta(minutes=5))
    page = text(client.get("/quizzes"))
    assert attempt_state(app, attempt_id) == "overdue"
    assert "Timed one" in page and "Continue attempt" not in page


def test_timer_uses_the_server_deadline(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=1, time_limit_minutes=30, **DEFERRED)
    attempt_id = start(app, user, quiz)
    page = text(client.get(f"/attempts/{attempt_id}"))
    deadline = re.search(r'data-deadline="([^"]+)"', page).group(1)
    server_now = re.search(r'data-now="([^"]+)"', page).group(1)
    left = dt.datetime.fromisoformat(deadline) - dt.datetime.fromisoformat(server_now)
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    assert 'role="timer"' in page and 'id="timeout-form"' in page


def test_all_on_one_page_layout_saves_every_answer_from_one_form(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(
        question_count=3,
        question_types=["short_answer", "multiple_choice"],
        layout="all_on_one_page",
        **DEFERRED,
    )
    attempt_id = start(app, user, quiz)
    questions = frozen(app, attempt_id)
    page = text(client.get(f"/attempts/{attempt_id}"))
    assert page.count('<fieldset class="question card"') == 3
    assert 'name="position"' not in page
    assert 'href="#q2"' in page  # navigation jumps within the page
    fields = {"action": "save"}
    for position, question in enumerate(questions, start=1):
        fields |= {f"q{position}-seq": "0", **right_form(question, position)}
    saved = client.post(f"/attempts/{attempt_id}/save", data=fields)
    assert saved.status_code == 302
    assert {p: r["answer"] for p, r in responses(app, attempt_id).items()} == {
        p: right_json(q) for p, q in enumerate(questions, start=1)
    }
    # Sent again unchanged, nothing is written; one changed answer with a stale seq is refused.
    assert (
        client.post(
            f"/attempts/{attempt_id}/save",
            data={**fields, "q1-seq": "1", "q2-seq": "1", "q3-seq": "1"},
        ).status_code
        == 302
    )
    assert all(r["seq"] == 1 for r in responses(app, attempt_id).values())
    stale = client.post(
        f"/attempts/{attempt_id}/save", data={**fields, **wrong_form(questions[0], 1)}
    )
    assert stale.status_code == 409
    assert responses(app, attempt_id)[1]["answer"] == right_json(questions[0])


def test_immediate_feedback_check_shows_that_question_only_and_is_final(
    app, client, login_as, practice_quiz
):
    user = login_as("student")
    attempt_id = start(app, user, practice_quiz)
    questions = frozen(app, attempt_id)
    # A question whose wrong answer differs from its right one (not ordering/matching).
    p = next(i for i, q in enumerate(questions, 1) if q["type"] not in ("ordering", "matching"))
    other_p = 2 if p == 1 else 1
    question, other = questions[p - 1], questions[other_p - 1]
    url = f"/attempts/{attempt_id}/questions/{p}"
    page = text(client.get(url))
    assert ">Check</button>" in page and ">Save</button>" not in page
    assert "data-autosave" not in page  # no autosave: a check is final
    checked = client.post(
        f"/attempts/{attempt_id}/save",
        data={"position": str(p), f"q{p}-seq": "0", "action": "check", **right_form(question, p)},
    )
    assert checked.location.endswith(url)
    page = text(client.get(checked.location))
    assert "Correct" in page and question["explanation"] in page
    assert quoted(question["sources"][0]["sentence"]) in page  # markers such as [4] dropped
    assert "Checked: this answer is final." in page and ">Check</button>" not in page
    elsewhere = text(client.get(f"/attempts/{attempt_id}/questions/{other_p}"))
    assert "Correct answer:" not in elsewhere and ">Correct<" not in elsewhere
    if other["explanation"] not in other["stem"]:  # a true statement is its own explanation
        assert other["explanation"] not in elsewhere

    again = client.post(
        f"/attempts/{attempt_id}/save",
        data={"position": str(p), f"q{p}-seq": "1", **wrong_form(question, p)},
    )
    assert again.status_code == 302
    assert responses(app, attempt_id)[p]["answer"] == right_json(question)
    assert "already checked" in text(client.get(again.location))


def test_review_says_when_sources_differ_and_offers_practice(
    app, client, login_as, make_quiz, iraq_bank
):
    assert iraq_bank.facts["al_qaim_handover"].contested  # the two seeds disagree on the date
    user = login_as("student")
    quiz = make_quiz(question_count=3, question_types=["multiple_choice", "date_entry"], **DEFERRED)
    with app.app_context():
        from quizapp.services import attempts

        attempt_id = attempts.start_attempt(
            user.id, quiz.id, purpose="practice", fact_keys=["al_qaim_handover"]
        )
    assert any(q["contested"] for q in frozen(app, attempt_id))
    client.post(f"/attempts/{attempt_id}/finish")
    review = text(client.get(f"/attempts/{attempt_id}/review"))
    assert "Sources differ" in review
    assert "Sources differ. Sources differ" not in review  # said once (issue 11)
    assert "TIC Brief" in review and "Withdrawal of American military forces" in review
    assert "(no answer)" in review
    practise = client.post(f"/attempts/{attempt_id}/practise")
    assert practise.status_code == 302
    new_id = int(re.search(r"/attempts/(\d+)", practise.location).group(1))
    assert new_id != attempt_id
    assert "practice" in text(client.get(practise.location))


@pytest.mark.parametrize(
    ("policy", "shown"), [("after_finish", True), ("never", False), ("after_close", False)]
)
def test_review_policy_decides_what_the_learner_sees(
    app, client, login_as, make_quiz, make_user, auth, policy, shown
):
    owner = make_user(role="instructor")
    quiz = make_quiz(
        owner=owner,
        question_count=2,
        question_types=["short_answer"],
        review_policy=policy,
        **DEFERRED,
    )
    user = login_as("student")
    attempt_id = start(app, user, quiz)
    question = frozen(app, attempt_id)[0]
    client.post(
        f"/attempts/{attempt_id}/save",
        data={"position": "1", "q1-seq": "0", "q1-answer": "my own words"},
    )
    client.post(f"/attempts/{attempt_id}/finish")
    review = text(client.get(f"/attempts/{attempt_id}/review"))
    assert "my own words" in review
    assert ("Correct answer:" in review) is shown
    # the page shows sentences without citation markers such as [3]
    for secret in (question["explanation"], quoted(question["sources"][0]["sentence"])):
        if secret not in question["stem"]:  # a who-said stem quotes its source sentence
            assert (secret in review) is shown
    assert ("Practise what I missed" in review) is shown
    if not shown:
        assert client.post(f"/attempts/{attempt_id}/practise").status_code == 404
    # The instructor who manages the quiz always sees the answers.
    auth.logout()
    auth.login(owner.username, owner.password)
    staff = text(client.get(f"/attempts/{attempt_id}/review"))
    assert question["explanation"] in staff and "my own words" in staff


def test_csrf_failure_on_a_form_save_keeps_the_answer_in_the_page(
    app, csrf_client, make_user, make_quiz
):
    user = make_user()
    login_page = csrf_client.get("/login").get_data(as_text=True)
    assert (
        csrf_client.post(
            "/login",
            data={
                "username": user.username,
                "password": user.password,
                "csrf_token": page_token(login_page),
            },
        ).status_code
        == 302
    )
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    url = f"/attempts/{attempt_id}/save"
    fields = {"position": "1", "q1-seq": "0", "q1-answer": "an answer typed for an hour"}
    refused = csrf_client.post(url, data={**fields, "csrf_token": "expired-token"})
    assert refused.status_code == 400
    page = text(refused)
    assert "press Save again" in page
    assert 'value="an answer typed for an hour"' in page
    assert response_count(app) == 0
    # The page it came back with carries a good token: pressing Save again keeps the answer.
    resent = csrf_client.post(url, data={**fields, "csrf_token": page_token(page)})
    assert resent.status_code == 302
    assert responses(app, attempt_id)[1]["answer"] == "an answer typed for an hour"


def test_csrf_failure_on_a_json_save_returns_a_fresh_token(app, csrf_client, make_user, make_quiz):
    user = make_user()
    login_page = csrf_client.get("/login").get_data(as_text=True)
    csrf_client.post(
        "/login",
        data={
            "username": user.username,
            "password": user.password,
            "csrf_token": page_token(login_page),
        },
    )
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    url = f"/attempts/{attempt_id}/save"
    body = {"position": 1, "seq": 0, "answer": "kept"}
    refused = csrf_client.post(url, json=body, headers={"X-CSRFToken": "stale"})
    assert refused.status_code == 400 and refused.json["error"] == "csrf"
    assert response_count(app) == 0
    ok = csrf_client.post(url, json=body, headers={"X-CSRFToken": refused.json["csrf_token"]})
    assert ok.status_code == 200
    again = csrf_client.post(
        url,
        json={**body, "seq": 1, "answer": "still kept"},
        headers={"X-CSRFToken": ok.json["csrf_token"]},
    )
    assert again.status_code == 200
    assert responses(app, attempt_id)[1]["answer"] == "still kept"


def test_json_save_runs_few_statements(app, client, login_as, make_quiz, query_counter):
    user = login_as("student")
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    attempt_id = start(app, user, quiz)
    client.post(f"/attempts/{attempt_id}/save", json={"position": 1, "seq": 0, "answer": "a"})
    with query_counter() as counted:
        response = client.post(
            f"/attempts/{attempt_id}/save", json={"position": 1, "seq": 1, "answer": "b"}
        )
    assert response.status_code == 200
    # The logged-in user, the question with its attempt and response, and the update.
    assert counted.count <= 4, counted.statements


def test_other_students_attempt_gives_404_and_changes_nothing(
    app, client, make_user, auth, make_quiz
):
    quiz = make_quiz(question_count=2, question_types=["short_answer"], **DEFERRED)
    owner = make_user()
    attempt_id = start(app, owner, quiz)
    with app.app_context():
        from quizapp.services import attempts

        attempts.save_response(owner.id, attempt_id, 1, "mine", 0)
    intruder = make_user()
    auth.login(intruder.username, intruder.password)
    base = f"/attempts/{attempt_id}"
    for path in (base, f"{base}/questions/1", f"{base}/finish", f"{base}/review"):
        response = client.get(path)
        assert response.status_code == 404
        assert "mine" not in response.get_data(as_text=True)
    assert (
        client.post(f"{base}/save", json={"position": 1, "seq": 1, "answer": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"{base}/save", data={"position": "1", "q1-seq": "1", "q1-answer": "x"}
        ).status_code
        == 404
    )
    assert client.post(f"{base}/finish").status_code == 404
    assert client.post(f"{base}/practise").status_code == 404
    assert responses(app, attempt_id)[1]["answer"] == "mine"
    assert attempt_state(app, attempt_id) == "in_progress"


def test_quiz_list_and_dashboard_show_grade_and_continue(
    app, client, login_as, make_quiz, query_counter
):
    user = login_as("student")
    first = make_quiz(
        question_count=1,
        question_types=["short_answer"],
        title="Alpha quiz",
        attempts_allowed=2,
        **DEFERRED,
    )
    make_quiz(question_count=1, title="Beta quiz", **DEFERRED)
    attempt_id = start(app, user, first)
    question = frozen(app, attempt_id)[0]
    client.post(
        f"/attempts/{attempt_id}/save",
        json={"position": 1, "seq": 0, "answer": right_json(question)},
    )
    dashboard = text(client.get("/dashboard"))
    assert "Continue attempt" in dashboard and f"/attempts/{attempt_id}" in dashboard
    client.post(f"/attempts/{attempt_id}/finish")
    with query_counter() as counted:
        listing = text(client.get("/quizzes"))
    assert "Alpha quiz" in listing and "Beta quiz" in listing
    assert "Attempts: 1 of 2" in listing and "Your grade: <strong>100%</strong>" in listing
    few = counted.count
    for n in range(5):
        make_quiz(question_count=1, title=f"More {n}", **DEFERRED)
    with query_counter() as counted:
        client.get("/quizzes")
    assert counted.count == few  # no query per quiz
    detail = text(client.get(f"/quizzes/{first.id}"))
    assert "1 left" in detail and "Start attempt" in detail
    assert "Latest results" in text(client.get("/dashboard"))


def test_attempts_allowed_and_closed_quizzes_refuse_to_start(app, client, login_as, make_quiz):
    user = login_as("student")
    once = make_quiz(question_count=1, attempts_allowed=1, **DEFERRED)
    attempt_id = start(app, user, once)
    client.post(f"/attempts/{attempt_id}/finish")
    detail = text(client.get(f"/quizzes/{once.id}"))
    assert "You have used all your attempts." in detail and "Start attempt" not in detail
    refused = client.post(f"/quizzes/{once.id}/start", follow_redirects=True)
    assert "used all 1 attempt" in text(refused)
    closed = make_quiz(question_count=1, closes_at=utcnow() - dt.timedelta(days=1), **DEFERRED)
    assert "This quiz is closed." in text(client.get(f"/quizzes/{closed.id}"))
    assert "has closed" in text(client.post(f"/quizzes/{closed.id}/start", follow_redirects=True))


def test_a_timed_quiz_asks_before_the_clock_starts(app, client, login_as, make_quiz):
    login_as("student")
    quiz = make_quiz(question_count=1, time_limit_minutes=1, title="Quick one", **DEFERRED)
    asked = client.post(f"/quizzes/{quiz.id}/start")
    assert asked.status_code == 200
    assert "The clock starts now: 1 minute." in text(asked)  # one minute, not "1 minutes"
    with app.app_context():
        from quizapp.extensions import db
        from quizapp.models.attempt import Attempt

        assert db.session.query(Attempt).count() == 0  # nothing started yet
    started = client.post(f"/quizzes/{quiz.id}/start", data={"confirm": "1"})
    assert started.status_code == 302 and "/attempts/" in started.location
    resumed = client.post(f"/quizzes/{quiz.id}/start")  # resuming asks nothing
    assert resumed.status_code == 302 and resumed.location == started.location
