import pytest
from history_rows import Q, facts, insert_attempts
pytestmark = pytest.mark.browser

def test_shots(app, page, make_user, make_bank, make_quiz, tmp_path):
    me = make_user("teacher", role="instructor")
    bank = make_bank(owner=me)
    quiz = make_quiz(bank=bank, owner=me, title="Handover dates quiz", grading_method="average")
    fs = facts(app, bank.id, 6)
    choice = {"options": [{"id": "a", "label": "Ain al-Asad"}, {"id": "b", "label": "K-1"}, {"id": "c", "label": "Taji"}],
              "answer": {"correct": ["b"]}}
    import random
    rng = random.Random(3)
    for n in range(12):
        s = make_user(f"student{n:02d}" if n != 3 else "=cmd()")
        specs = []
        for k in range(rng.randint(1, 3)):
            spec = [Q(f, kind, float(rng.random() < 0.3 + n / 20)) for f, kind, _ in fs[:5]]
            pick = rng.choice("abc")
            spec.append(Q(fs[5][0], "base", 1.0 if pick == "b" else 0.0, qtype="multiple_choice", question=choice, answer=pick))
            specs.append(spec)
        insert_attempts(app, quiz.id, s.id, specs)
    page.goto("/login")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(me.password)
    page.get_by_role("button", name="Log in").click()
    page.goto("/results/")
    page.screenshot(path="/tmp/web5_shots/r_index.png", full_page=True)
    page.goto(f"/results/quiz/{quiz.id}?sort=grade&dir=desc")
    page.screenshot(path="/tmp/web5_shots/r_book.png", full_page=True)
    page.goto(f"/results/quiz/{quiz.id}/items")
    page.screenshot(path="/tmp/web5_shots/r_items.png", full_page=True)
    page.goto(f"/results/quiz/{quiz.id}")
    page.locator("th[scope=row] a").first.click()
    page.screenshot(path="/tmp/web5_shots/r_student.png", full_page=True)
