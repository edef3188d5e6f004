"""How many questions a quiz's settings can draw from a bank, counted before anyone starts it.

A quiz never asks about a fact twice, so a fact counts once however many of the chosen types
apply to it (ordering and matching questions use several facts, which only lowers the real
number: this is the most a quiz can ask). Hand-written questions count when their type is chosen
and no fact kind is, as in the quiz builder.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.engine.bank.loaded import Bank
from quizapp.engine.questions import REGISTRY

FIXED = "fixed"


def quiz_capacity(
    bank: Bank, types: Sequence[str] | None = None, kinds: Sequence[str] | None = None
) -> int:
    """Return how many questions of `types` about facts of `kinds` the bank can yield at most.

    An empty or missing `types` or `kinds` means all of them; unknown names count nothing.
    """
    names = list(REGISTRY) if not types else [n for n in dict.fromkeys(types) if n in REGISTRY]
    handlers = [REGISTRY[n] for n in names if n != FIXED]
    facts = (
        bank.facts.values()
        if not kinds
        else (f for kind in dict.fromkeys(kinds) for f in bank.facts_by_kind.get(kind, ()))
    )
    count = sum(1 for fact in facts if any(h.applies(bank, fact) for h in handlers))
    if FIXED in names and not kinds:
        count += len(bank.questions)
    return count
