"""An unreachable database answers 503 with Retry-After, never a 500 (issue 12 #8)."""

from __future__ import annotations

from tests.web.quiz_support import response_count, responses, start


def test_pages_and_saves_answer_503_while_the_database_is_away(
    app, client, login_as, make_quiz, database_outage
):
    user = login_as("student")
    attempt_id = start(app, user, make_quiz(question_count=2, feedback="deferred"))
    save = {"position": 1, "seq": 0, "answer": "a"}
    with database_outage():
        page = client.get("/dashboard")
        assert page.status_code == 503
        assert int(page.headers["Retry-After"]) > 0
        assert "database cannot be reached" in page.get_data(as_text=True)
        saved = client.post(f"/attempts/{attempt_id}/save", json=save)
        assert saved.status_code == 503
        assert int(saved.headers["Retry-After"]) > 0
        assert "database cannot be reached" in saved.get_json()["message"]
        form = client.post(f"/attempts/{attempt_id}/save",
                           data={"position": "1", "q1-seq": "0", "q1-answer": "b"})
        assert form.status_code == 503
    assert response_count(app) == 0
    # Back again: the same save goes through, and nothing else needed restarting.
    assert client.post(f"/attempts/{attempt_id}/save", json=save).status_code == 200
    assert responses(app, attempt_id)[1]["answer"] == "a"
    assert client.get("/dashboard").status_code == 200


def test_a_refused_statement_is_still_a_500_not_an_outage(app, app_config):
    """Only an unreachable database is a 503: a broken query stays a (logged) server error."""
    from sqlalchemy import text

    from quizapp import create_app
    from quizapp.extensions import db

    other = create_app(app_config)

    @other.route("/test-broken-query")
    def broken() -> str:
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "never"

    other.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 page
    response = other.test_client().get("/test-broken-query")
    assert response.status_code == 500 and "Retry-After" not in response.headers
