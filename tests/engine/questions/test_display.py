"""Answers and responses read as text in reviews and previews."""

from quizapp.engine.bank import Option, Question
from quizapp.engine.questions.display import describe_answer, describe_response

OPTS = (Option("a", "Paris"), Option("b", "Lyon"), Option("c", "Nice"))


def _q(answer, **params):
    return Question("fixed", "Pick", answer, ("q1",), (), "", options=OPTS, params=params)


def test_single_and_multiple_right_answers():
    assert describe_answer(_q({"correct": ["a"]})) == "Paris"
    assert describe_answer(_q({"correct": ["a", "c"], "multiple": True}, multiple=True)) == (
        "Paris and Nice"
    )


def test_responses_use_option_labels():
    assert describe_response(_q({"correct": ["a"]}), "b") == "Lyon"
    assert describe_response(_q({}, multiple=True), ["a", "c"]) == "Paris, Nice"
    assert describe_response(_q({"order": ["a", "b"]}), ["b", "a"]) == "Lyon → Paris"
    assert describe_response(_q({}), None) == "(no answer)"
    assert describe_response(_q({}), "free text") == "free text"


def test_matching_and_true_false():
    right = (Option("1", "2019"), Option("2", "2020"))
    q = Question(
        "matching", "Match", {"pairs": {"a": "2"}}, ("f",), (), "", options=OPTS,
        right_options=right,
    )
    assert describe_answer(q) == "Paris → 2020"
    assert describe_response(q, {"a": "1"}) == "Paris → 2019"
    assert describe_answer(_q({"true": False})) == "False"
