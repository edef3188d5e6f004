"""Hand-written questions as flashcards: the stem in front, what earns full marks behind."""

from __future__ import annotations

from quizapp.engine.cards import card_for_question
from quizapp.engine.importers import parse_upload
from tests.web.bank_samples import SAMPLE_GIFT


def test_each_kind_of_hand_written_question_shows_its_full_mark_answer() -> None:
    bank = parse_upload(SAMPLE_GIFT.encode(), "lights.gift")
    backs = {q.title: card_for_question(bank, q).back for q in bank.questions.values()}
    assert backs["Tallest"] == "North Head"
    assert backs["Lit"] == "True"
    assert backs["Keeper"] == "Mara Lind or Mara"
    assert backs["Height"] == "36 ± 1"
    assert backs["Match"] == "North Head → Mara Lind; Gull Rock → Tom Hale"
    fronts = [card_for_question(bank, q).front for q in bank.questions.values()]
    assert "Which lighthouse is the tallest?" in fronts
