"""The bank example in the README is a bank the loader accepts, so newcomers can copy it."""

import re
from pathlib import Path

from quizapp.engine.bank import load_bank_text

ROOT = Path(__file__).resolve().parents[2]


def test_readme_bank_example_loads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bank format", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example, "README's Bank format section has no ```yaml example"
    bank = load_bank_text(
        example.group(1), filename="README.md", base_dir=ROOT / "question_bank"
    )
    fact = bank.facts["al_qaim_handover"]
    assert fact.contested and len(fact.claims) == 2
    assert bank.entities["al_qaim"].attributes["province"] == "Anbar"
    relation = bank.relations["handed_over_on"]
    assert (relation.values, relation.closed, relation.importance) == ("one", True, "core")
    assert relation.label and fact.distractors and bank.entities["erbil_attack"].article == "the"


def test_readme_fact_counts_match_the_shipped_bank(iraq_bank):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The shipped bank", 1)[1].split("\n## ", 1)[0]
    stated = {
        m.group(1): int(m.group(2))
        for m in re.finditer(r"^\| (\w+) \([^)]*\) \| (\d+) \|", section, re.M)
    }
    actual = {kind: len(facts) for kind, facts in iraq_bank.facts_by_kind.items()}
    assert stated == actual
    total = re.search(r"\*\*total\*\* \| \*\*(\d+)\*\*", section)
    assert total and int(total.group(1)) == len(iraq_bank.facts)


def _example(readme: str, section: str, fence: str) -> str:
    part = readme.split(f"### {section}", 1)[1].split("\n### ", 1)[0]
    found = re.search(rf"```{fence}\n(.*?)```", part, re.S)
    assert found, f"README's {section} section has no ```{fence} example"
    return found.group(1)


def test_readme_format_examples_import():
    from quizapp.engine.importers import parse_upload

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cases = {
        ("CSV format", "csv", "lights.csv"): (1, 0),
        ("GIFT format", "gift", "quiz.gift"): (0, 2),
        ("Moodle XML format", "xml", "quiz.xml"): (0, 1),
        ("Aiken format", "aiken", "quiz.aiken"): (0, 1),
    }
    for (section, fence, filename), (facts, questions) in cases.items():
        bank = parse_upload(_example(readme, section, fence).encode(), filename)
        assert (len(bank.facts), len(bank.questions)) == (facts, questions), section
    gift = parse_upload(_example(readme, "GIFT format", "gift").encode(), "quiz.gift")
    assert list(gift.questions) == ["capital", "planets"]
