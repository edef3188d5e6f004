"""No page or response served during an open attempt gives away a correct answer.

While an attempt is open, every page and JSON response the student can reach is fetched and
searched for the correct answer (engine.display.describe_answer) and the explanation of every
question whose answer the student may not see yet: the unanswered ones, and under deferred
feedback the answered ones too. Texts the student legitimately sees (stems, option labels, the
quiz's title) are left out of the search, so a multiple-choice answer, which is one of the shown
options, is not counted as a leak; "True"/"False" likewise. Under immediate feedback the feedback
of a checked question is visible by design, so its explanation and source sentences count as
visible text too: a source sentence may name the answer of another question (the bank's facts
share sentences), which is the bank's content rather than a leak of an answer key.
"""

from __future__ import annotations

import html
import json
from typing import Any

import pytest

from quizapp.engine.bank import Question
from quizapp.engine.questions.display import describe_answer
from tests.web.quiz_support import GENERATED_TYPES, frozen, responses, right_form, start, wrong_form


def visible_text(questions: list[dict[str, Any]], *extra: str) -> str:
    """Return everything the learner may see of the questions: stems and option labels."""
    parts = list(extra)
    for q in questions:
        parts.append(q["stem"])
        parts += [o["label"] for o in q["options"] + q["right_options"]]
        parts += [str(v) for k, v in q["params"].items() if not k.startswith("_")]
    return "\n".join(parts)


def secrets(question: dict[str, Any], shown: str) -> list[str]:
    """Return the texts of a question that must not reach the learner yet."""
    found = [describe_answer(Question.from_dict(question)), question["explanation"]]
    if differ := question["params"].get("_differ"):
        found.append(differ)
    labels = question["answer"].get("labels", []) if isinstance(question["answer"], dict) else []
    found += [str(label) for label in labels]
    return [s for s in found if s and len(s) > 3 and s not in ("True", "False") and s not in shown]


def feedback_text(question: dict[str, Any], feedback: str) -> str:
    """Return what the feedback of a checked question shows."""
    sources = [s["sentence"] for s in question["sources"]]
    answer = describe_answer(Question.from_dict(question))
    return "\n".join([feedback, answer, question["explanation"], *sources])


class Collector:
    """Fetch pages and JSON as the student and keep every body."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.bodies: dict[str, str] = {}

    def get(self, path: str) -> Any:
        response = self.client.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        self.bodies[f"GET {path}"] = html.unescape(response.get_data(as_text=True))
        return response

    def post(self, path: str, **kwargs: Any) -> Any:
        response = self.client.post(path, **kwargs)
        body = response.get_data(as_text=True)
        if response.is_json:
            body = json.dumps(response.json, ensure_ascii=False)
        self.bodies[f"POST {path} {kwargs}"] = html.unescape(body)
        return response

    def assert_none_contains(self, hidden: dict[int, list[str]]) -> None:
        leaks = [
            (where, position, secret)
            for where, body in self.bodies.items()
            for position, texts in hidden.items()
            for secret in texts
            if secret in body
        ]
        assert leaks == [], leaks[:5]


def reach_everything(collector: Collector, attempt_id: int, quiz_id: int, total: int) -> None:
    """Fetch every page the student can reach while the attempt is open."""
    for path in (
        "/quizzes",
        f"/quizzes/{quiz_id}",
        "/dashboard",
        f"/attempts/{attempt_id}",
        f"/attempts/{attempt_id}/finish",
        f"/attempts/{attempt_id}/review",
    ):
        collector.get(path)
    for position in range(1, total + 1):
        collector.get(f"/attempts/{attempt_id}/questions/{position}")


def answer_some(
    collector: Collector, attempt_id: int, questions: list[dict[str, Any]], action: str
) -> set[int]:
    """Answer every other question (wrongly where possible) by form and by JSON; return them."""
    answered = set()
    for position, question in enumerate(questions, start=1):
        if position % 2:
            continue
        if question["type"] in ("ordering", "matching"):
            fields = right_form(question, position)
            # A half-right answer: swap the first two entries.
            keys = sorted(fields)
            fields[keys[0]], fields[keys[1]] = fields[keys[1]], fields[keys[0]]
        else:
            fields = wrong_form(question, position)
        if position % 4 == 0 and action != "check":
            answer = next(iter(fields.values())) if len(fields) == 1 else None
            if answer is not None:
                response = collector.post(
                    f"/attempts/{attempt_id}/save",
                    json={"position": position, "seq": 0, "answer": answer},
                )
                assert response.status_code == 200
                answered.add(position)
                continue
        response = collector.post(
            f"/attempts/{attempt_id}/save",
            data={"position": str(position), f"q{position}-seq": "0", "action": action, **fields},
        )
        assert response.status_code == 302
        answered.add(position)
    # A stale save and a double click: the refusals must not leak either.
    position = min(answered)
    collector.post(
        f"/attempts/{attempt_id}/save", json={"position": position, "seq": 0, "answer": "again"}
    )
    collector.post(
        f"/attempts/{attempt_id}/save",
        data={"position": str(position), f"q{position}-seq": "0", f"q{position}-answer": "again"},
    )
    return answered


@pytest.mark.parametrize("layout", ["one_per_page", "all_on_one_page"])
def test_deferred_feedback_leaks_nothing_even_for_answered_questions(
    app, client, login_as, make_quiz, layout
):
    user = login_as("student")
    quiz = make_quiz(
        question_count=24,
        question_types=GENERATED_TYPES,
        feedback="deferred",
        layout=layout,
        title="Leak check",
    )
    attempt_id = start(app, user, quiz)
    questions = frozen(app, attempt_id)
    shown = visible_text(questions, "Leak check")
    collector = Collector(client)
    answered = answer_some(collector, attempt_id, questions, action="save")
    assert answered
    reach_everything(collector, attempt_id, quiz.id, len(questions))
    hidden = {p: secrets(q, shown) for p, q in enumerate(questions, start=1)}
    assert sum(map(len, hidden.values())) > len(questions)  # the check has teeth
    collector.assert_none_contains(hidden)


def test_immediate_feedback_leaks_nothing_of_unanswered_questions(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(
        question_count=24, question_types=GENERATED_TYPES, feedback="immediate", title="Leak check"
    )
    attempt_id = start(app, user, quiz)
    questions = frozen(app, attempt_id)
    shown = visible_text(questions, "Leak check")
    collector = Collector(client)
    checked = answer_some(collector, attempt_id, questions, action="check")
    reach_everything(collector, attempt_id, quiz.id, len(questions))
    saved = responses(app, attempt_id)
    shown += "\n".join(feedback_text(questions[p - 1], saved[p]["feedback"]) for p in checked)
    hidden = {p: secrets(q, shown) for p, q in enumerate(questions, start=1) if p not in checked}
    collector.assert_none_contains(hidden)
    # The checked ones do show their feedback: the test would see a leak if there were one.
    some = min(checked)
    page = collector.bodies[f"GET /attempts/{attempt_id}/questions/{some}"]
    assert questions[some - 1]["explanation"] in page


def test_date_hint_never_shows_the_answer_as_its_example(app, client, login_as, make_quiz):
    user = login_as("student")
    quiz = make_quiz(question_count=1, question_types=["date_entry"], feedback="deferred")
    with app.app_context():
        from quizapp.services import attempts

        attempt_id = attempts.start_attempt(
            user.id, quiz.id, purpose="practice", fact_keys=["al_qaim_handover"]
        )
    question = frozen(app, attempt_id)[0]
    assert "19 March 2020" in question["answer"]["labels"]
    page = html.unescape(client.get(f"/attempts/{attempt_id}").get_data(as_text=True))
    assert "19 March 2020" not in page
    assert "Give the day, month and year, e.g. 4 July 2021." in page
