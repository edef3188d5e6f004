"""Anki export: the .apkg opens in Anki's own library, and a re-export updates notes in place."""

from __future__ import annotations

import copy
import datetime as dt
import html

import genanki
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quizapp.engine.bank import bank_to_dict, parse_bank_data
from quizapp.services import flashcards
from quizapp.services.banks import bank_content, import_bank

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def _import(collection: Collection, data: bytes, tmp_path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    # Anki's defaults: update a note when the package's copy is newer.
    collection.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions(merge_notetypes=True)
        )
    )


def _notes(collection: Collection) -> dict[str, list[str]]:
    return {
        note.guid: list(note.fields)
        for note in (collection.get_note(nid) for nid in collection.find_notes(""))
    }


def _edited(bank, fact_id: str, sentence: str):
    """Return the bank with one fact's source sentence changed (as an instructor's edit would)."""
    data = copy.deepcopy(bank_to_dict(bank))
    fact = next(f for f in data["facts"] if f["id"] == fact_id)
    fact["sentence"] = sentence
    texts = dict(bank_content(bank)["source_texts"])
    texts[fact["source"]] += "\n" + sentence  # the corrected source states it verbatim
    return parse_bank_data(data, filename="edited.yaml", source_texts=texts)


def test_export_opens_in_anki_and_reexport_updates_notes(app, make_bank, iraq_bank, tmp_path):
    bank = make_bank(slug="iraq-anki")
    facts = list(iraq_bank.facts.values())
    with app.app_context():
        first = flashcards.export_bank(bank.id, now=T0)

    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(collection, first, tmp_path, "first.apkg")
        notes = _notes(collection)
        assert len(notes) == len(facts)
        expected_guids = {genanki.guid_for("iraq-anki", f.id) for f in facts}
        assert set(notes) == expected_guids
        assert bank.title in [deck.name for deck in collection.decks.all_names_and_ids()]
        model = collection.models.by_name("quizapp fact")
        assert [f["name"] for f in model["flds"]] == ["Front", "Back", "Source", "Source title"]

        target = next(f for f in facts if not f.contested)
        guid = genanki.guid_for("iraq-anki", target.id)
        front, back, source, title = notes[guid]
        assert front and back
        assert source == html.escape(target.claims[0].sentence)
        assert title == html.escape(iraq_bank.source_title(target.claims[0].source_id))

        contested = next(f for f in facts if f.contested)
        assert "Sources differ" in notes[genanki.guid_for("iraq-anki", contested.id)][1]

        # An instructor edits one fact's source sentence: a new version of the same bank.
        new_sentence = target.claims[0].sentence.rstrip(".") + " (as corrected)."
        edited = _edited(_with_slug(iraq_bank, "iraq-anki"), target.id, new_sentence)
        with app.app_context():
            result = import_bank(edited, owner_id=None, publish=True)
            assert result.version == 2
            second = flashcards.export_bank(bank.id, now=T0 + dt.timedelta(days=1))

        _import(collection, second, tmp_path, "second.apkg")
        again = _notes(collection)
        assert set(again) == expected_guids  # no duplicates, no lost notes
        assert len(collection.find_notes("")) == len(facts)
        assert again[guid][2] == html.escape(new_sentence)
        changed = {g for g in again if again[g] != notes[g]}
        assert changed == {guid}
    finally:
        collection.close()


def _with_slug(bank, slug: str):
    import dataclasses

    return dataclasses.replace(bank, info=dataclasses.replace(bank.info, id=slug))


def test_ids_are_pinned():
    # Anki recognises earlier exports by these numbers: they must never depend on the run.
    assert flashcards.deck_id("iraq-withdrawal") == 1_129_344_742
    assert flashcards.deck_id("other") != flashcards.deck_id("iraq-withdrawal")
    assert flashcards.MODEL.model_id == 1_607_392_319
    assert flashcards.note_guid("b", "f1") == genanki.guid_for("b", "f1")
    assert flashcards.CLOZE_MODEL.model_id == 1_607_392_320
    assert flashcards.cloze_guid("b", "f1") == genanki.guid_for("b", "f1", "cloze")


GIFT_ONLY = "::Sun::The sun is a star.{T}\n\n::Capital::Capital of France?{=Paris ~Lyon}\n"


def test_a_bank_of_only_hand_written_questions_makes_a_deck_anki_reads(app, make_bank, tmp_path):
    from quizapp.engine.importers import parse_gift

    bank = make_bank(bank=parse_gift(GIFT_ONLY, filename="gift-only.gift"), slug="gift-only")
    with app.app_context():
        data = flashcards.export_bank(bank.id, now=T0)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(collection, data, tmp_path, "gift.apkg")
        notes = _notes(collection)
        assert set(notes) == {genanki.guid_for("gift-only", q) for q in ("sun", "capital")}
        fronts = {fields[0]: fields[1] for fields in notes.values()}
        assert fronts == {"The sun is a star.": "True", "Capital of France?": "Paris"}
        tags = {tag for nid in collection.find_notes("") for tag in collection.get_note(nid).tags}
        assert tags == {"question"}
    finally:
        collection.close()


def test_no_two_notes_share_a_question_side(app, make_bank, iraq_bank, tmp_path):
    bank = make_bank(slug="iraq-fronts")
    with app.app_context():
        data = flashcards.export_bank(bank.id, now=T0)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(collection, data, tmp_path, "iraq.apkg")
        fronts = [fields[0] for fields in _notes(collection).values()]
        assert len(fronts) == len(iraq_bank.facts)
        assert len(set(fronts)) == len(fronts)
        # Facts that asked alike now name the other answers, so each front has one answer.
        trainers = [f for f in fronts if f.startswith("Troops from which of these countries")]
        assert len(trainers) > 1 and all("(other than " in f for f in trainers)
    finally:
        collection.close()


def test_an_empty_bank_gets_a_clear_message_instead_of_an_empty_deck():
    from quizapp.engine.bank import parse_bank_data

    empty = parse_bank_data({"bank": {"id": "empty", "title": "Empty"}}, filename="e.yaml")
    import pytest

    with pytest.raises(flashcards.EmptyDeck) as caught:
        flashcards.package_bytes("empty", "Empty", empty, T0)
    assert "no facts and no hand-written questions" in str(caught.value)


def test_cloze_notes_open_in_anki_render_the_hidden_text_and_update_in_place(
    app, make_bank, iraq_bank, tmp_path
):
    from quizapp.engine.cloze import bank_clozes

    bank = make_bank(slug="iraq-cloze")
    clozes = bank_clozes(iraq_bank)
    with app.app_context():
        plain = flashcards.export_bank(bank.id, now=T0)
        first = flashcards.export_bank(bank.id, now=T0, cloze=True)
        later = flashcards.export_bank(bank.id, now=T0 + dt.timedelta(days=1), cloze=True)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(collection, plain, tmp_path, "plain.apkg")
        assert len(collection.find_cards("")) == len(iraq_bank.facts)  # off by default
        _import(collection, first, tmp_path, "first.apkg")
        notes = _notes(collection)
        cloze_guids = {flashcards.cloze_guid("iraq-cloze", c.fact_id) for c in clozes}
        basic_guids = {flashcards.note_guid("iraq-cloze", f) for f in iraq_bank.facts}
        assert not cloze_guids & basic_guids
        assert set(notes) == cloze_guids | basic_guids
        cloze_cards = collection.find_cards("tag:cloze")
        assert len(cloze_cards) == len(clozes) == 221
        date = next(c for c in clozes if c.fact_id == "soleimani_strike_date")
        guid = flashcards.cloze_guid("iraq-cloze", date.fact_id)
        [note] = [n for n in map(collection.get_note, collection.find_notes("")) if n.guid == guid]
        [card] = note.cards()
        assert "3 January 2020" not in card.question() and "[...]" in card.question()
        assert "Airstrike that killed Qasem Soleimani" in card.question()  # the context line
        answer = card.answer()
        assert '<span class="cloze" data-ordinal="1">3 January 2020</span>' in answer
        assert "Withdrawal of American military forces from Iraq" in answer  # the source title

        _import(collection, later, tmp_path, "later.apkg")  # a re-export updates, adds nothing
        assert set(_notes(collection)) == cloze_guids | basic_guids
        assert len(collection.find_cards("tag:cloze")) == 221
    finally:
        collection.close()
