"""Flashcard pages: study, rate, settings, Anki download and the dashboard panel."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.bank import BankFact
from quizapp.models.card import Card, ReviewLog
from quizapp.models.types import utcnow
from quizapp.models.user import User
from quizapp.services import flashcards


def _text(response) -> str:
    return response.get_data(as_text=True)


def _field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" (?:type="hidden" )?value="([^"]*)"', page)
    assert match, f"no {name} field"
    return match.group(1)


def _rate_url(page: str) -> str:
    match = re.search(r'action="(/cards/facts/\d+/rate)"', page)
    assert match, "no rating form"
    return match.group(1)


def _count(page: str, which: str) -> int:
    match = re.search(rf'data-count="{which}">(\d+)<', page)
    assert match, f"no {which} count"
    return int(match.group(1))


def test_index_lists_studyable_banks_with_counts(client, login_as, make_bank, make_user):
    login_as("student")
    published = make_bank()
    make_bank(owner=make_user(role="instructor"), status="draft")
    page = _text(client.get("/cards/"))
    assert published.title in page
    assert page.count('class="count-new">20<') == 1  # one bank, the daily limit of new cards
    assert "draft" not in page
    assert f"/cards/{published.id}/export.apkg" in page


def test_reviewing_a_card_front_back_and_rating(app, client, login_as, make_bank):
    user = login_as("student")
    bank = make_bank()
    page = _text(client.get(f"/cards/{bank.id}"))
    assert "Show answer" in page
    assert re.search(r'id="flashcard-back"\s+hidden', page)
    for label, key in (("Again", 1), ("Hard", 2), ("Good", 3), ("Easy", 4)):
        assert re.search(
            rf'<button[^>]*name="rating" value="{key}"[^>]*>\s*<span class="rate-label">{label}',
            page,
        )
    assert _count(page, "new") == 20 and _count(page, "done") == 0
    assert "<progress" in page

    # Without JavaScript, "Show answer" reloads the page with the back shown.
    shown = _text(client.get(f"/cards/{bank.id}?show=1"))
    assert not re.search(r'id="flashcard-back"\s+hidden', shown)
    assert 'class="source-sentence"' in shown

    url = _rate_url(page)
    response = client.post(
        url,
        data={
            "rating": "4",
            "seen": _field(page, "seen"),
            "bank_id": bank.id,
            "duration_ms": "2500",
        },
    )
    assert response.status_code == 302
    assert response.location == f"/cards/{bank.id}"
    after = _text(client.get(response.location))
    assert _count(after, "new") == 19 and _count(after, "done") == 1
    assert _rate_url(after) != url  # the next fact
    with app.app_context():
        log = db.session.scalars(select(ReviewLog)).one()
        assert (log.rating, log.source, log.duration_ms) == (4, "flashcard", 2500)
        assert db.session.scalar(select(Card.user_id)) == user.id


def test_the_same_rating_form_sent_twice_counts_once(app, client, login_as, make_bank):
    login_as("student")
    bank = make_bank()
    page = _text(client.get(f"/cards/{bank.id}"))
    form = {"rating": "3", "seen": _field(page, "seen"), "bank_id": bank.id}
    client.post(_rate_url(page), data=form)
    second = client.post(_rate_url(page), data=form, follow_redirects=True)
    assert "already rated" in _text(second)
    with app.app_context():
        assert len(db.session.scalars(select(ReviewLog)).all()) == 1


def test_a_bad_rating_changes_nothing(app, client, login_as, make_bank):
    login_as("student")
    bank = make_bank()
    page = _text(client.get(f"/cards/{bank.id}"))
    response = client.post(
        _rate_url(page), data={"rating": "7", "bank_id": bank.id}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Rate your recall" in _text(response)
    with app.app_context():
        assert db.session.scalar(select(ReviewLog.id)) is None


def test_kinds_filter_keeps_to_the_chosen_kind(client, login_as, make_bank):
    login_as("student")
    bank = make_bank()
    page = _text(client.get(f"/cards/{bank.id}?kind=quote"))
    assert re.search(r'<span class="badge">quote</span>', page)
    assert 'name="kind" value="quote"' in page  # carried into the rating form
    response = client.post(
        _rate_url(page), data={"rating": "3", "bank_id": bank.id, "kind": "quote"}
    )
    assert response.location == f"/cards/{bank.id}?kind=quote"


def test_draft_bank_is_404_for_students_and_other_instructors(
    app, client, login_as, make_bank, make_user
):
    owner = make_user(role="instructor")
    draft = make_bank(owner=owner, status="draft")
    login_as("student")
    with app.app_context():
        fact_id = db.session.scalar(select(BankFact.id).where(BankFact.bank_id == draft.id))
    assert client.get(f"/cards/{draft.id}").status_code == 404
    assert client.get(f"/cards/{draft.id}/export.apkg").status_code == 404
    assert client.post(f"/cards/facts/{fact_id}/rate", data={"rating": "3"}).status_code == 404
    assert client.get("/cards/999999").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Card.id)) is None


def test_anki_download(client, login_as, make_bank):
    login_as("student")
    bank = make_bank()
    response = client.get(f"/cards/{bank.id}/export.apkg")
    assert response.status_code == 200
    assert f"filename={bank.slug}.apkg" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        assert "collection.anki2" in package.namelist()


def test_a_learner_downloads_the_deck_with_cloze_cards(client, login_as, make_bank, tmp_path):
    import sqlite3
    from contextlib import closing

    login_as("student")
    bank = make_bank()
    page = _text(client.get(f"/cards/{bank.id}"))
    assert "Anki deck with cloze cards" in page
    assert f"/cards/{bank.id}/export.apkg?cloze=1" in page
    response = client.get(f"/cards/{bank.id}/export.apkg?cloze=1")
    assert response.status_code == 200
    assert f"filename={bank.slug}-cloze.apkg" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
    with closing(sqlite3.connect(tmp_path / "c.anki2")) as collection:
        by_type = dict(collection.execute("select mid, count(*) from notes group by mid"))
    assert by_type == {flashcards.MODEL.model_id: 363, flashcards.CLOZE_MODEL.model_id: 221}


def test_other_learners_cards_never_show(app, client, login_as, make_bank, make_user):
    bank = make_bank()
    other = make_user()
    with app.app_context():
        first = db.session.scalar(
            select(BankFact.id).where(BankFact.bank_id == bank.id).order_by(BankFact.id)
        )
        # The other learner lapsed on the first fact a day ago: it is due for them, not for us.
        flashcards.rate_card(other.id, first, 1, utcnow() - dt.timedelta(days=1))
    login_as("student")
    page = _text(client.get(f"/cards/{bank.id}"))
    assert _count(page, "due") == 0 and _count(page, "done") == 0
    assert 'class="badge badge-new">new<' in page
    dashboard = _text(client.get("/dashboard"))
    assert re.search(r"<strong>0</strong> cards due today", dashboard)


def test_dashboard_and_review_page_show_due_cards(app, client, login_as, make_bank):
    user = login_as("student")
    bank = make_bank()
    with app.app_context():
        facts = db.session.scalars(
            select(BankFact.id).where(BankFact.bank_id == bank.id).order_by(BankFact.id).limit(2)
        ).all()
        for fact_id in facts:
            flashcards.rate_card(user.id, fact_id, 1, utcnow() - dt.timedelta(days=1))
        # A quiz answer about the first fact was the last recall.
        card = db.session.scalars(select(Card).where(Card.bank_fact_id == facts[0])).one()
        db.session.add(ReviewLog(card_id=card.id, rating=3, source="quiz", reviewed_at=utcnow()))
        db.session.commit()
    dashboard = _text(client.get("/dashboard"))
    assert re.search(r"<strong>2</strong> cards due today", dashboard)
    assert f'href="/cards/{bank.id}"' in dashboard
    page = _text(client.get(f"/cards/{bank.id}"))
    assert _count(page, "due") == 2
    assert "last seen in a quiz" in page


def test_time_zone_settings(app, client, login_as):
    user = login_as("student")
    page = _text(client.get("/cards/settings"))
    assert '<option selected value="UTC">UTC</option>' in page
    bad = client.post("/cards/settings", data={"timezone": "Mars/Olympus_Mons"})
    assert bad.status_code == 200 and "Not a valid choice" in _text(bad)
    good = client.post("/cards/settings", data={"timezone": "Asia/Kolkata"}, follow_redirects=True)
    assert "Your flashcard day now follows Asia/Kolkata time." in _text(good)
    assert "midnight in <strong>Asia/Kolkata</strong>" in _text(good)
    with app.app_context():
        assert db.session.get(User, user.id).timezone == "Asia/Kolkata"


def test_browser_time_zone_is_offered_once_and_never_overrides(app, client, login_as):
    user = login_as("student")
    assert 'id="tz-detect"' in _text(client.get("/cards/"))
    response = client.post("/cards/settings/detect", data={"timezone": "Pacific/Auckland"})
    assert response.get_json() == {"changed": True}
    page = _text(client.get("/cards/"))
    assert "browser&#39;s time zone, Pacific/Auckland" in page
    assert 'id="tz-detect"' not in page
    again = client.post("/cards/settings/detect", data={"timezone": "Europe/Oslo"})
    assert again.get_json() == {"changed": False}
    with app.app_context():
        assert db.session.get(User, user.id).timezone == "Pacific/Auckland"


def test_rating_needs_a_csrf_token(csrf_client, make_user, make_bank):
    user = make_user()
    bank = make_bank()
    login_page = _text(csrf_client.get("/login"))
    token = _field(login_page, "csrf_token")
    csrf_client.post(
        "/login", data={"username": user.username, "password": user.password, "csrf_token": token}
    )
    page = _text(csrf_client.get(f"/cards/{bank.id}"))
    assert csrf_client.post(_rate_url(page), data={"rating": "3"}).status_code == 400
    ok = csrf_client.post(
        _rate_url(page),
        data={"rating": "3", "bank_id": bank.id, "csrf_token": _field(page, "csrf_token")},
    )
    assert ok.status_code == 302


def test_index_queries_do_not_grow_with_banks(client, login_as, make_bank, query_counter):
    login_as("student")
    make_bank()
    client.get("/cards/")
    with query_counter() as one:
        client.get("/cards/")
    make_bank()
    make_bank()
    with query_counter() as three:
        page = _text(client.get("/cards/"))
    assert page.count("Anki deck") == 3
    assert three.count == one.count
