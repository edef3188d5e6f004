"""The progress page, "practise this fact", the dashboard panel, and the score chart."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from history_rows import Q, facts, insert_attempts
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.attempt import Attempt
from quizapp.models.types import utcnow
from quizapp.web.results.charts import Point, describe, score_chart

SVG = "{http://www.w3.org/2000/svg}"


def _recent(days: float = 2) -> dt.datetime:
    return utcnow() - dt.timedelta(days=days)


def test_progress_page_shows_history_chart_mastery_and_missed_facts(
    app, client, login_as, make_bank, make_quiz
):
    student = login_as("student")
    bank = make_bank()
    quiz = make_quiz(bank=bank, title="Handover dates")
    (fact, _, label), (other, _, _) = facts(app, bank.id, 2)
    first, second = insert_attempts(
        app,
        quiz.id,
        student.id,
        [
            [Q(fact, "date", 0.0), Q(other, "base", 1.0)],
            [
                Q(fact, "date", 0.0),
                Q(other, "base", 1.0),
                Q(other, "base", 1.0),
                Q(fact, "date", 1.0),
            ],
        ],
        start=_recent(),
    )
    html = client.get("/progress/").get_data(as_text=True)

    assert html.count("Handover dates") >= 2
    assert "50%" in html and "75%" in html
    assert "5 min 0 s" in html  # time taken
    assert (
        f'href="/attempts/{first}/review"' in html and f'href="/attempts/{second}/review"' in html
    )
    # The chart, its description and the table state the same two scores, oldest first.
    assert '<svg class="chart"' in html
    assert re.search(r"<desc[^>]*>2 attempts from .*Scores, oldest first: 50% \(.*\), 75% ", html)
    table = html.split('<details class="chart-table">')[1].split("</details>")[0]
    assert re.findall(r'<td class="num">(\d+%)</td>', table) == ["50%", "75%"]
    # Mastery by kind: dates 1 of 3, bases 3 of 3.
    assert re.search(r"Date</th>\s*<td class=\"num\">1 / 3 right", html)
    assert re.search(r"Base</th>\s*<td class=\"num\">3 / 3 right", html)
    # The fact missed twice, with a button to practise it.
    assert label in html and "missed 2 of 3 times" in html
    practise = re.search(r'action="(/progress/practise/\d+)"', html).group(1)
    assert practise == f"/progress/practise/{fact}"
    assert "not open for practice" not in html


def test_progress_page_pages_through_history_newest_first(app, client, login_as, make_quiz):
    student = login_as("student")
    quiz = make_quiz(title="Long history")
    ids = insert_attempts(app, quiz.id, student.id, [[Q(None)]] * 25, start=_recent(30))
    first = client.get("/progress/").get_data(as_text=True)
    shown = [int(n) for n in re.findall(r'href="/attempts/(\d+)/review"', first)]
    assert shown == ids[::-1][:20]
    older = re.search(r'href="(/progress/\?before=\d+)" rel="next"', first).group(1)
    second = client.get(older).get_data(as_text=True)
    assert [int(n) for n in re.findall(r'href="/attempts/(\d+)/review"', second)] == ids[4::-1]
    assert 'rel="next"' not in second
    newer = re.search(r'href="(/progress/\?after=\d+)" rel="prev"', second).group(1)
    back = client.get(newer.replace("&amp;", "&")).get_data(as_text=True)
    assert [int(n) for n in re.findall(r'href="/attempts/(\d+)/review"', back)] == shown


def test_a_learner_sees_only_their_own_attempts(app, client, login_as, make_user, make_quiz):
    login_as("student")
    someone = make_user()
    quiz = make_quiz(title="Someone else's quiz")
    (theirs,) = insert_attempts(app, quiz.id, someone.id, [[Q(None)]], start=_recent())
    html = client.get("/progress/").get_data(as_text=True)
    assert "Someone else" not in html
    assert "No attempts yet." in html
    # Nor through the page cursor.
    assert "Someone else" not in client.get(f"/progress/?before={theirs + 1}").get_data(
        as_text=True
    )


def test_practise_starts_a_practice_attempt_and_opens_it(app, client, login_as, practice_quiz):
    student = login_as("student")
    (fact, _, _), *_ = facts(app, practice_quiz.bank_id, 1)
    response = client.post(f"/progress/practise/{fact}")
    assert response.status_code == 302
    with app.app_context():
        attempt = db.session.scalars(select(Attempt).where(Attempt.user_id == student.id)).one()
        assert (attempt.purpose, attempt.quiz_id) == ("practice", practice_quiz.id)
    assert response.location == f"/attempts/{attempt.id}"
    assert client.get(response.location).status_code == 200


def test_dashboard_shows_the_week_summary(app, client, login_as, make_quiz):
    student = login_as("student")
    quiz = make_quiz()
    insert_attempts(
        app, quiz.id, student.id, [[Q(None, points=0.0)], [Q(None, points=0.0)]], start=_recent(10)
    )
    insert_attempts(
        app,
        quiz.id,
        student.id,
        [[Q(None, points=1.0)], [Q(None, points=0.0)]],
        start=_recent(2),
        number_from=3,
    )
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Your week" in html
    assert re.search(r"Attempts this week</dt><dd>2</dd>", html)
    assert re.search(r"Average score</dt><dd>50%</dd>", html)
    assert "▲ Up</span> from 0% the week before" in html


def test_progress_page_query_count_does_not_grow_with_history(
    app, client, login_as, make_bank, make_quiz, query_counter
):
    student = login_as("student")
    bank = make_bank()
    quiz = make_quiz(bank=bank)
    (a, _, _), (b, _, _) = facts(app, bank.id, 2)
    spec = [Q(a, "date", 1.0), Q(b, "base", 0.0), Q(a, "date", None)]
    counts = []
    for size, number_from, listed in ((10, 1, 10), (990, 11, 20)):  # 10 attempts, then 1,000
        insert_attempts(
            app,
            quiz.id,
            student.id,
            [spec] * size,
            number_from=number_from,
            start=_recent(60) + dt.timedelta(days=number_from / 100),
            step=dt.timedelta(minutes=10),
        )
        client.get("/progress/")  # the first request after a change may fill caches
        with query_counter() as queries:
            response = client.get("/progress/")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("/review") == listed  # one page at most
        counts.append(queries.count)
    assert counts[0] == counts[1], counts


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 (our own output, not untrusted input)


def _points(count: int) -> list[Point]:
    values = [40.0, 55.0, 100.0, 72.5, 0.0, 90.0, 65.0, 80.0, 30.0, 95.0, 50.0, 60.0, 70.0, 85.0]
    return [
        Point(f"{i + 1} Mar", values[i % len(values)], f"Quiz, {i + 1} March") for i in range(count)
    ]


def test_chart_without_attempts_says_so():
    svg = _svg(score_chart([], title="Your scores"))
    assert svg.find(f"{SVG}title").text == "Your scores"
    assert "No finished attempts yet" in svg.find(f"{SVG}desc").text
    assert svg.findall(f".//{SVG}circle") == []
    assert any(t.text == "No scores yet" for t in svg.iter(f"{SVG}text"))


def test_chart_with_one_attempt_has_one_labelled_marker():
    svg = _svg(score_chart(_points(1), title="Your scores"))
    assert len(svg.findall(f".//{SVG}circle")) == 1
    assert svg.find(f".//{SVG}polyline") is None
    assert svg.find(f"{SVG}desc").text == "One attempt so far: 40% on 1 Mar."
    assert "40%" in [t.text for t in svg.iter(f"{SVG}text")]
    assert svg.get("role") == "img"


def test_chart_with_many_attempts_states_every_score_in_its_description():
    points = _points(14)
    svg = _svg(score_chart(points, title="Your scores"))
    assert len(svg.findall(f".//{SVG}circle")) == 14
    assert len(svg.find(f".//{SVG}polyline").get("points").split()) == 14
    desc = svg.find(f"{SVG}desc").text
    assert desc == describe(points)
    stated = re.findall(r"(\d+)% \(", desc)
    assert stated == [p.value_text.rstrip("%") for p in points]
    assert "Lowest 0%, highest 100%, latest 85%." in desc
    # With many points the values written on the chart are first, last, lowest and highest.
    written = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert sorted(written) == sorted(["40%", "85%", "0%", "100%"])
    # Each marker's tooltip names the attempt and its score.
    assert svg.find(f".//{SVG}g/{SVG}title").text == "Quiz, 1 March: 40%"
    # Higher scores are drawn higher (smaller y).
    ys = [float(c.get("cy")) for c in svg.findall(f".//{SVG}circle")]
    assert ys[2] < ys[0] < ys[4]


def test_bad_page_cursors_and_fact_ids_are_not_errors(client, login_as):
    login_as("student")
    for cursor in ("99999999999999999999", "-1", "abc"):
        response = client.get(f"/progress/?before={cursor}")
        assert response.status_code == 200 and "No attempts yet." in response.get_data(True)
    assert client.post("/progress/practise/99999999999999999999").status_code == 404
    assert client.post("/progress/practise/123456").status_code == 404


def test_practise_all_of_the_missed_facts_in_one_attempt(
    app, client, login_as, make_bank, iraq_bank
):
    from quizapp.engine.questions import REGISTRY
    from quizapp.models.bank import BankFact
    from quizapp.models.quiz import Quiz

    student = login_as("student")
    bank = make_bank()
    askable = [f.id for f in iraq_bank.facts.values()
               if any(t.applies(iraq_bank, f) for n, t in REGISTRY.items() if n != "fixed")][:3]
    with app.app_context():
        quiz_id = db.session.scalar(
            select(Quiz.id).where(Quiz.bank_id == bank.id, Quiz.is_practice))
        ids = dict(db.session.execute(select(BankFact.fact_key, BankFact.id).where(
            BankFact.bank_id == bank.id, BankFact.fact_key.in_(askable))).all())
    first, second, known = (ids[key] for key in askable)
    insert_attempts(app, quiz_id, student.id,
                    [[Q(first, "date", 0.0), Q(second, "date", 0.0), Q(known, "date", 1.0)]],
                    start=_recent())
    html = client.get("/progress/").get_data(as_text=True)
    assert "Practise all of these" in html
    response = client.post("/progress/practise-missed")
    assert response.status_code == 302 and response.location.startswith("/attempts/")
    with app.app_context():
        attempt = db.session.scalars(
            select(Attempt).where(Attempt.purpose == "practice").order_by(Attempt.id.desc())
        ).first()
        asked = {aq.bank_fact_id for aq in attempt.questions}
    assert asked <= {first, second} and asked  # only the missed ones, never the known fact


def test_chart_keeps_quizzes_apart_and_writes_each_day_once():
    points = [
        Point("01 Dec", 40.0, "Dates quiz, 01 Dec 09:00", "Dates quiz"),
        Point("01 Dec", 60.0, "Bases quiz, 01 Dec 10:00", "Bases quiz"),
        Point("01 Dec", 62.0, "Dates quiz, 01 Dec 11:00", "Dates quiz"),
        Point("03 Dec", 90.0, "Bases quiz, 03 Dec 08:00", "Bases quiz"),
    ]
    svg = str(score_chart(points, title="Scores"))
    root = ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)
    ns = {"s": "http://www.w3.org/2000/svg"}
    lines = root.findall(".//s:polyline", ns)
    assert len(lines) == 2  # one per quiz: no line joins the two quizzes into one trend
    days = [t.text for t in root.findall(".//s:text", ns) if "chart-day" in t.get("class", "")]
    assert days == ["01 Dec", "03 Dec"]  # not "01 Dec" three times
    legend = [t.text for t in root.findall(".//s:g[@class='chart-legend']/s:text", ns)]
    assert legend == ["Dates quiz", "Bases quiz"]
    values = [t for t in root.findall(".//s:text", ns) if t.get("class") == "chart-value"]
    boxes = [(float(t.get("x")), float(t.get("y"))) for t in values]
    for i, (x, y) in enumerate(boxes):  # value labels never overlap
        for x2, y2 in boxes[i + 1:]:
            assert abs(x - x2) >= 34 or abs(y - y2) >= 14
    assert len(values) >= 3  # 60% and 62% are close: one of them may give way, not both
