"""Item statistics against values computed by hand, and the grading methods across attempts."""

import pytest

from quizapp.engine.scoring import final_grade
from quizapp.engine.statistics import item_statistics, option_counts, pearson

# Four first attempts, three items. Totals: 3, 2, 1, 0.
ROWS = [
    {"q1": 1.0, "q2": 1.0, "q3": 1.0},
    {"q1": 1.0, "q2": 1.0, "q3": 0.0},
    {"q1": 1.0, "q2": 0.0, "q3": 0.0},
    {"q1": 0.0, "q2": 0.0, "q3": 0.0},
]


def test_facility_is_mean_fraction_in_percent():
    stats = {s.item: s for s in item_statistics(ROWS)}
    assert stats["q1"].facility == pytest.approx(75.0)
    assert stats["q2"].facility == pytest.approx(50.0)
    assert stats["q3"].facility == pytest.approx(25.0)
    assert all(s.attempts == 4 for s in stats.values())


def test_discrimination_correlates_item_with_rest_of_test():
    stats = {s.item: s for s in item_statistics(ROWS)}
    # q2: item (1,1,0,0), rest = total - item = (2,1,1,0).
    # mean item .5, mean rest 1; sxy = .5*1 + .5*0 + -.5*0 + -.5*-1 = 1; sxx = 1; syy = 2.
    assert stats["q2"].discrimination == pytest.approx(100 / 2**0.5)
    # q1: item (1,1,1,0), rest (2,1,0,0): sxy = .25*1 + .25*0 + .25*-.75... computed directly:
    assert stats["q1"].discrimination == pytest.approx(100 * pearson([1, 1, 1, 0], [2, 1, 0, 0]))


def test_flags_items_outside_band_or_not_discriminating():
    rows = [{"easy": 1.0, "bad": 0.0, "ok": 1.0}, {"easy": 1.0, "bad": 1.0, "ok": 0.0}]
    stats = {s.item: s for s in item_statistics(rows)}
    assert "too easy" in stats["easy"].flags
    assert stats["easy"].discrimination is None  # constant item: correlation undefined
    # "bad": right only in the attempt that did worse on the rest -> negative discrimination.
    assert stats["bad"].discrimination == pytest.approx(-100.0)
    assert "does not discriminate" in stats["bad"].flags


def test_items_missing_from_some_attempts_count_only_where_present():
    rows = [{"a": 1.0, "b": 0.0}, {"a": 0.0}, {"b": 1.0}]
    stats = {s.item: s for s in item_statistics(rows)}
    assert stats["a"].attempts == 2
    assert stats["a"].facility == pytest.approx(50.0)
    assert stats["b"].attempts == 2


def test_option_counts_by_label_with_unanswered():
    labels = {"a": "2019", "b": "2020", "c": "2021"}
    counts = option_counts(["a", "b", "b", None, "zz"], labels)
    assert counts == {"2019": 1, "2020": 2, "2021": 0, "": 2}


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", 90.0), ("average", 60.0), ("first", 40.0), ("last", 50.0)],
)
def test_grading_methods_across_attempts(method, expected):
    assert final_grade([40.0, 90.0, 50.0], method) == pytest.approx(expected)


def test_no_attempts_no_grade_and_unknown_method_refused():
    assert final_grade([], "highest") is None
    with pytest.raises(ValueError, match="unknown grading method"):
        final_grade([1.0], "median")
