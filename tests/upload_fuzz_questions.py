"""Hypothesis strategies for Moodle XML and Aiken uploads, valid and damaged (see upload_fuzz).

`moodle_xml_files(name, how)` and `aiken_files(name, how)` draw an `Upload` as the other
formats' strategies do: written to be valid, then damaged in one of upload_fuzz's DAMAGES.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import strategies as st
from upload_fuzz import HUGE, WORST, Upload, hostile_text, safe_text


def _answer(fraction: str, text: str, extra: str = "") -> str:
    return (
        f'    <answer fraction="{fraction}"><text>{text}</text>'
        f"<feedback><text>fine</text></feedback>{extra}</answer>\n"
    )


@st.composite
def moodle_question(draw: st.DrawFn, i: int) -> str:
    """Draw one well-formed Moodle XML question of a supported type."""
    kind = draw(st.sampled_from(["multichoice", "truefalse", "shortanswer", "numerical",
                                 "matching"]))  # fmt: skip
    stem = escape(draw(safe_text(2)))
    html = draw(st.booleans())
    text = f"<![CDATA[<p>{stem}</p>]]>" if html else stem
    if kind == "multichoice":
        wrong = "".join(_answer("0", f"wrong {j}") for j in range(draw(st.integers(1, 3))))
        body = "    <single>true</single>\n" + _answer("100", "right") + wrong
    elif kind == "truefalse":
        right = draw(st.booleans())
        body = _answer("100" if right else "0", "true") + _answer("0" if right else "100", "false")
    elif kind == "shortanswer":
        body = _answer("100", escape(draw(safe_text()))) + _answer("0", "*")
    elif kind == "numerical":
        value = draw(st.integers(-1000, 1000))
        body = _answer("100", str(value), f"<tolerance>{draw(st.integers(0, 5))}</tolerance>")
    else:
        body = "".join(
            f"    <subquestion><text>left {j}</text><answer><text>right {j}</text></answer>"
            "</subquestion>\n"
            for j in range(draw(st.integers(2, 4)))
        )
    idnumber = f"    <idnumber>q{i}</idnumber>\n" if draw(st.booleans()) else ""
    return (
        f'  <question type="{kind}">\n'
        f"    <name><text>{escape(draw(safe_text()))} {i}</text></name>\n"
        f'    <questiontext format="{"html" if html else "plain_text"}"><text>{text}</text>'
        f"</questiontext>\n{idnumber}{body}  </question>\n"
    )


@st.composite
def moodle_xml_files(draw: st.DrawFn, name: str = "fuzz", how: str | None = None) -> Upload:
    """Draw a Moodle XML file of questions (with categories), damaged `how` (else any way)."""
    from upload_fuzz import DAMAGES

    count = draw(st.integers(1, 5))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for i in range(count):
        if draw(st.booleans()):
            parts.append('  <question type="category"><category><text>$course$/top/Fuzz'
                         "</text></category></question>\n")  # fmt: skip
        parts.append(draw(moodle_question(i)))
    parts.append("</quiz>\n")
    text = "".join(parts)
    how = how or draw(st.sampled_from(DAMAGES))
    damaged = how != "none"
    if how == "sneak":
        words = [i for i, char in enumerate(text) if char.isalpha()]
        at = draw(st.sampled_from(words))
        text = text[:at] + draw(st.sampled_from(WORST)) + text[at:]
    elif how == "huge":
        huge = escape(draw(st.sampled_from(HUGE)))
        text = text.replace(
            "</quiz>",
            f'  <question type="numerical"><questiontext><text>How many?</text></questiontext>'
            f'<answer fraction="100"><text>{huge}</text></answer></question>\n</quiz>',
        )
    elif damaged:
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            bad = draw(st.one_of(st.sampled_from(WORST), hostile_text(12), st.just("<!DOCTYPE")))
            text = text[:at] + bad + text[at + draw(st.integers(0, 3)) :]
    data = text.encode("utf-8", "surrogatepass")
    return Upload(f"{name}.xml", data, not damaged, None if damaged else (0, count))


@st.composite
def aiken_files(draw: st.DrawFn, name: str = "fuzz", how: str | None = None) -> Upload:
    """Draw an Aiken file of multiple-choice questions, damaged `how` (else any way)."""
    from upload_fuzz import DAMAGES

    blocks = []
    count = draw(st.integers(1, 5))
    for i in range(count):
        options = draw(st.integers(2, 5))
        letters = "ABCDE"[:options]
        lines = [f"{draw(safe_text(2))} {i}?"]
        marks = [draw(st.sampled_from([".", ")"])) for _ in letters]
        for c, mark in zip(letters, marks, strict=True):
            lines.append(f"{c}{mark} {draw(safe_text())} {c}")
        lines.append(f"ANSWER: {draw(st.sampled_from(letters))}")
        blocks.append("\n".join(lines))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ("\n\n".join(blocks) + "\n").replace("\n", newline)
    how = how or draw(st.sampled_from(DAMAGES))
    damaged = how != "none"
    if how in ("sneak", "huge"):
        words = [i for i, char in enumerate(text) if char.isalpha()]
        at = draw(st.sampled_from(words))
        bad = draw(st.sampled_from(WORST if how == "sneak" else HUGE))
        text = text[:at] + bad + text[at:]
    elif damaged:
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            bad = draw(st.one_of(st.sampled_from(WORST), hostile_text(12)))
            text = text[:at] + bad + text[at + draw(st.integers(0, 3)) :]
    data = text.encode("utf-8", "surrogatepass")
    return Upload(f"{name}.aiken", data, not damaged, None if damaged else (0, count))
