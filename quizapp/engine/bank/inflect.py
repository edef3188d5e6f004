"""Agreement of a unit with its number: "1 rocket", "3 rockets", "1 American fatality"."""

from __future__ import annotations

_INVARIANT = frozenset(
    ["personnel", "staff", "police", "aircraft", "km", "mi", "m", "kg", "t", "ft", "percent"]
)
_IRREGULAR = {"person": "people", "man": "men", "woman": "women", "child": "children"}


def inflect(unit: str, amount: float) -> str:
    """Return `unit` with its last word singular for an amount of 1 and plural otherwise."""
    head, _, last = unit.rpartition(" ")
    word = last
    lower = word.casefold()
    if not word or not word.isalpha() or lower in _INVARIANT or word.isupper():
        return unit
    if lower.endswith("men") and amount != 1:
        return unit  # "militiamen", "servicemen": already plural
    plural_of = {v: k for k, v in _IRREGULAR.items()}
    if amount == 1:
        if lower in plural_of:
            word = plural_of[lower]
        elif lower.endswith("ies") and len(lower) > 4:
            word = word[:-3] + "y"
        elif lower.endswith(("ches", "shes", "sses", "xes")):
            word = word[:-2]
        elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
            word = word[:-1]
    elif lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif not lower.endswith("s") and lower not in plural_of:
        if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
            word = word[:-1] + "ies"
        elif lower.endswith(("ch", "sh", "x")):
            word += "es"
        else:
            word += "s"
    return f"{head} {word}" if head else word
