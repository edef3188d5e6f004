"""The JSON answer save checks the login inside its own query: ended sessions save nothing."""

from __future__ import annotations

from tests.web.quiz_support import response_count, responses, start


def _save(client, attempt_id, seq=0, answer="a"):
    return client.post(
        f"/attempts/{attempt_id}/save", json={"position": 1, "seq": seq, "answer": answer}
    )


def test_json_save_works_for_the_logged_in_owner(app, client, login_as, make_quiz):
    user = login_as("student")
    attempt_id = start(app, user, make_quiz(question_count=2, feedback="deferred"))
    response = _save(client, attempt_id)
    assert response.status_code == 200 and response.get_json()["seq"] == 1
    assert responses(app, attempt_id)[1]["answer"] == "a"


def test_session_ended_by_logout_elsewhere_saves_nothing(
    app, client, make_user, auth, make_quiz
):
    user = make_user()
    attempt_id = start(app, user, make_quiz(question_count=2, feedback="deferred"))
    auth.login(user.username, user.password)
    other = app.test_client()
    auth.login(user.username, user.password, client=other)
    auth.logout(client=other)  # ends every session of this user, the first browser's too
    response = _save(client, attempt_id)
    assert response.status_code == 401  # the page keeps the answer and sends it after login
    assert response.get_json()["error"] == "login"
    assert "logged out" in response.get_json()["message"]
    assert "csrf_token" in response.get_json()
    assert response_count(app) == 0


def test_anonymous_json_save_is_told_to_log_in(app, client, make_user, make_quiz):
    user = make_user()
    attempt_id = start(app, user, make_quiz(question_count=2, feedback="deferred"))
    response = _save(client, attempt_id)
    assert response.status_code == 401
    assert "log in" in response.get_json()["message"]
    assert response_count(app) == 0


def test_someone_elses_attempt_is_not_found_and_untouched(app, client, login_as, make_user,
                                                          make_quiz):
    owner = make_user()
    attempt_id = start(app, owner, make_quiz(question_count=2, feedback="deferred"))
    login_as("student")
    assert _save(client, attempt_id).status_code == 404
    assert response_count(app) == 0


def test_wrong_shaped_answers_never_break_the_attempt_page(app, client, login_as, make_quiz):
    """A hand-made request may store any JSON; the page still renders and grading says no."""
    from tests.web.quiz_support import frozen

    user = login_as("student")
    quiz = make_quiz(question_count=3, question_types=["matching", "ordering"],
                     feedback="deferred")
    attempt_id = start(app, user, quiz)
    for position, _question in enumerate(frozen(app, attempt_id), start=1):
        for seq, junk in enumerate((["a", "b"], "text", {"x": [1]}, 42)):
            response = client.post(f"/attempts/{attempt_id}/save",
                                   json={"position": position, "seq": seq, "answer": junk})
            assert response.status_code in (200, 400), response.get_data(as_text=True)
            if response.status_code == 400:
                break
        page = client.get(f"/attempts/{attempt_id}/questions/{position}")
        assert page.status_code == 200
    finish = client.post(f"/attempts/{attempt_id}/finish")
    assert finish.status_code == 302
    assert client.get(f"/attempts/{attempt_id}/review").status_code == 200


def test_huge_position_or_seq_is_refused_cleanly(app, client, login_as, make_quiz):
    user = login_as("student")
    attempt_id = start(app, user, make_quiz(question_count=2, feedback="deferred"))
    huge = 10**20
    for body in ({"position": huge, "seq": 0}, {"position": 1, "seq": huge},
                 {"position": -1, "seq": 0}):
        response = client.post(f"/attempts/{attempt_id}/save", json={**body, "answer": "a"})
        assert response.status_code in (404, 409), response.get_data(as_text=True)
    form = client.post(f"/attempts/{attempt_id}/save",
                       data={"position": "1", "q1-seq": str(huge), "q1-answer": "a"})
    assert form.status_code in (302, 409)
    assert response_count(app) == 0


def test_form_save_after_the_session_ended_keeps_the_answer_through_login(
    app, client, make_user, auth, make_quiz
):
    user = make_user()
    quiz = make_quiz(question_count=2, feedback="deferred", question_types=["date_entry"])
    attempt_id = start(app, user, quiz)
    auth.login(user.username, user.password)
    other = app.test_client()
    auth.login(user.username, user.password, client=other)
    auth.logout(client=other)  # ends this browser's session too
    form = {"position": "2", "q2-seq": "0", "q2-answer": "Ain al-Asad", "action": "next"}
    response = client.post(f"/attempts/{attempt_id}/save", data=form)
    assert response.status_code == 302
    back = f"/attempts/{attempt_id}/questions/2"
    assert response.headers["Location"].startswith("/login?next=")
    assert response_count(app) == 0
    login = auth.login(user.username, user.password, query_string={"next": back})
    assert login.headers["Location"] == back  # the attempt page, not the POST-only save URL
    page = client.get(back).get_data(as_text=True)
    assert 'value="Ain al-Asad"' in page and "these answers were not saved yet" in page
    assert response_count(app) == 0  # shown again, saved only when the learner says so
    again = client.get(back).get_data(as_text=True)
    assert "these answers were not saved yet" not in again  # given back once
    client.post(f"/attempts/{attempt_id}/save", data=form)
    assert responses(app, attempt_id)[2]["answer"] == "Ain al-Asad"


def test_kept_answers_are_not_given_back_over_a_newer_save(
    app, client, make_user, auth, make_quiz
):
    user = make_user()
    quiz = make_quiz(question_count=2, feedback="deferred", question_types=["date_entry"])
    attempt_id = start(app, user, quiz)
    client.post(f"/attempts/{attempt_id}/save",
                data={"position": "1", "q1-seq": "0", "q1-answer": "old", "action": "save"})
    back = f"/attempts/{attempt_id}/questions/1"
    auth.login(user.username, user.password)
    with app.app_context():
        from quizapp.services import attempts

        attempts.save_response(user.id, attempt_id, 1, "newer", 0)  # from another tab
    auth.logout()
    client.post(f"/attempts/{attempt_id}/save",
                data={"position": "1", "q1-seq": "0", "q1-answer": "stale", "action": "save"})
    auth.login(user.username, user.password)
    page = client.get(back).get_data(as_text=True)
    assert 'value="newer"' in page and 'value="stale"' not in page
