"""Build a quiz: a varied, deterministic set of questions from a bank, drawn as a teacher would.

Types take turns (in an order shuffled by the seed) and facts are drawn kind by kind, so a quiz
mixes dates, bases, figures, actors and quotes as well as question types. Within a kind, a core
fact is twice as likely to be drawn as a normal one (`TIER_WEIGHTS`), and peripheral facts are
drawn only when the fair shares below cannot all be kept and their kind has no other left. No
fact is asked twice (ordering and matching questions use up every fact they show); no subject,
source sentence or answer comes twice, no relation takes more than a fifth of the quiz and
quotations no more than a tenth, until the bank has nothing else to give; one relation makes at
most one matching (or ordering) question. Every question passes the linter, and shows no other
question's answer (`giveaways`), or another is tried; the builder counts why questions were
dropped.

A quiz longer than the bank's askable facts ends short rather than asking one twice. Facts are
drawn without replacement through a lazy shuffle per tier, so drawing one costs the same in a
bank of 100 facts as in one of 10,000.

Determinism: everything random comes from `random.Random(seed)`, and every ordering comes from a
tuple, a list or `FACT_KINDS`, never from a set, so PYTHONHASHSEED does not matter.
"""

from __future__ import annotations

import math
import random
from collections import Counter, deque
from collections.abc import Callable, Sequence

from quizapp.engine.bank.fixed import FixedQuestion
from quizapp.engine.bank.loaded import Bank
from quizapp.engine.bank.model import FACT_KINDS, IMPORTANCES, Fact, Question
from quizapp.engine.giveaways import Shown, gives_away, repeats, shown
from quizapp.engine.questions import REGISTRY, QuestionType
from quizapp.engine.questions.lint import lint
from quizapp.engine.questions.types.fixed import NAME as FIXED
from quizapp.engine.questions.types.fixed import make_question

_DRAWS_PER_TYPE = 24
_ROUNDS = 3  # full rounds of types without a question before a quiz ends short
_SPARE_LOOK = 16
TIER_WEIGHTS = {"core": 2.0, "normal": 1.0}  # per fact; peripheral facts come last of all
GIVEN_BY_ANOTHER = "another question of the quiz gives the answer away"
RELATION_SHARE = 0.2  # of the quiz's questions, at most, about one relation
QUOTE_SHARE = 0.1  # of the quiz's questions, at most, about quotations

Pool = Sequence[Sequence[Fact]]  # one kind's facts, by tier (core, normal, peripheral)


class _Drawer:
    """Draw a pool's items in random order without replacement, O(1) per draw (lazy shuffle)."""

    def __init__(self, pool: Sequence[Fact], rng: random.Random) -> None:
        self.pool, self.rng = pool, rng
        self.swapped: dict[int, int] = {}
        self.drawn = 0

    @property
    def left(self) -> int:
        """Return how many items are still to be drawn."""
        return len(self.pool) - self.drawn

    def draw(self) -> Fact | None:
        """Return the next fact, or None when the pool is exhausted."""
        n = len(self.pool)
        if self.drawn >= n:
            return None
        j = self.rng.randrange(self.drawn, n)
        picked = self.swapped.get(j, j)
        self.swapped[j] = self.swapped.get(self.drawn, self.drawn)
        self.drawn += 1
        return self.pool[picked]


class _TierDrawer:
    """Draw one kind's facts: core before normal by weight, peripheral only when both are out."""

    def __init__(self, tiers: Pool, rng: random.Random) -> None:
        self.rng = rng
        self.drawers = [_Drawer(t, rng) for t in tiers]
        self.weights = [TIER_WEIGHTS.get(name, 0.0) for name in IMPORTANCES]

    def draw(self, peripheral: bool) -> Fact | None:
        """Return the next fact: a tier chosen by weight times what is left in it.

        Peripheral facts come only when `peripheral` allows and the other tiers are out.
        """
        if not any(d.left for d in self.drawers[:-1]):
            # a teacher asks trivia only when nothing else is left, in any kind
            return self.drawers[-1].draw() if peripheral else None
        shares = [w * d.left for w, d in zip(self.weights[:-1], self.drawers[:-1], strict=True)]
        total = sum(shares)
        if total <= 0:
            return None
        pick = self.rng.random() * total
        for share, drawer in zip(shares, self.drawers, strict=True):
            if pick < share:
                return drawer.draw()
            pick -= share
        return next(d for d in reversed(self.drawers) if d.left).draw()


class _Builder:
    def __init__(self, bank: Bank, rng: random.Random, pools: list[Pool], count: int) -> None:
        self.bank, self.rng = bank, rng
        self.drawers = [_TierDrawer(p, rng) for p in pools]
        self.turn = 0
        self.spare: deque[Fact] = deque()  # drawn, not asked yet; none is ever dropped
        self.used: set[str] = set()
        self.per_relation: Counter[str] = Counter()
        self.quotes = 0
        self.relation_cap = max(1, math.ceil(count * RELATION_SHARE))
        self.quote_cap = max(1, math.ceil(count * QUOTE_SHARE))
        # Fair shares still kept: 2 all, 1 all but one subject once, 0 none (a full quiz first).
        self.caps = 2
        self.shown: list[Shown] = []  # what each question taken shows, and asks for
        self.subjects: set[str] = set()  # entities the quiz has asked about
        self.grouped: set[tuple[str, str]] = set()  # (type, relation) of each matching question
        self.rejected: Counter[str] = Counter()

    def _draw(self) -> Fact | None:
        for _ in range(len(self.drawers)):
            drawer = self.drawers[self.turn % len(self.drawers)]
            self.turn += 1
            fact = drawer.draw(peripheral=self.caps < 2)
            if fact is not None:
                return fact
        return None

    def _over_cap(self, qtype: QuestionType, fact: Fact) -> bool:
        if (qtype.name, fact.relation) in self.grouped:
            return True  # a second "match each base with its date" only repeats the first
        if self.caps >= 2 and fact.subject in self.subjects:
            return True  # two questions about one event answer each other in other words
        if self.caps < 1:
            return False
        if fact.kind == "quote" and self.quotes >= self.quote_cap:
            return True
        return self.per_relation[fact.relation] >= self.relation_cap

    def _take(self, qtype: QuestionType, fact: Fact) -> Question | None:
        if (
            fact.id in self.used
            or self._over_cap(qtype, fact)
            or not qtype.applies(self.bank, fact)
        ):
            return None
        question = qtype.generate(self.bank, fact, self.rng, frozenset(self.used))
        if question is None:
            return None
        problems = lint(self.bank, question)
        if problems:
            self.rejected.update(problems)
            return None
        seen = shown(self.bank, question)
        if gives_away(seen, self.shown):
            self.rejected[GIVEN_BY_ANOTHER] += 1
            return None
        if self.caps >= 2 and repeats(seen, self.shown):
            return None
        self.shown.append(seen)
        self.used.update(question.fact_ids)
        self.subjects |= seen.subjects
        if len(question.fact_ids) > 1:
            self.grouped.add((qtype.name, fact.relation))
        self.per_relation[fact.relation] += 1
        self.quotes += fact.kind == "quote"
        return question

    def question(self, qtype: QuestionType) -> Question | None:
        """Return a question of this type about an unused fact, or None after bounded tries."""
        for _ in range(min(_SPARE_LOOK, len(self.spare))):
            fact = self.spare.popleft()
            if fact.id in self.used:
                continue  # asked meanwhile, inside an ordering or matching question
            question = self._take(qtype, fact)
            if question is not None:
                return question
            self.spare.append(fact)  # to the back: the next call looks at others first
        for _ in range(_DRAWS_PER_TYPE):
            drawn = self._draw()
            if drawn is None:
                break
            question = self._take(qtype, drawn)
            if question is not None:
                return question
            self.spare.append(drawn)
        return None


def _tiers(bank: Bank, facts: Sequence[Fact]) -> Pool:
    return [tuple(f for f in facts if bank.importance(f) == tier) for tier in IMPORTANCES]


def _pools(bank: Bank, kinds: Sequence[str] | None, fact_ids: Sequence[str] | None) -> list[Pool]:
    unknown = sorted(set(kinds or ()) - set(FACT_KINDS))
    if unknown:
        raise ValueError(f"unknown fact kinds: {', '.join(unknown)}")
    wanted = [k for k in FACT_KINDS if kinds is None or k in kinds]
    if fact_ids is not None:
        chosen = [bank.facts[i] for i in dict.fromkeys(fact_ids) if i in bank.facts]
        by_kind = [[f for f in chosen if f.kind == k] for k in wanted]
        return [_tiers(bank, p) for p in by_kind if p]
    return [
        [bank.facts_by_tier.get((k, tier), ()) for tier in IMPORTANCES]
        for k in wanted
        if bank.facts_by_kind.get(k)
    ]


def _fixed_pool(
    bank: Bank, kinds: Sequence[str] | None, fact_ids: Sequence[str] | None
) -> list[FixedQuestion]:
    if kinds is not None:  # a fact-kind filter chooses facts; fixed questions have no kind
        return []
    if fact_ids is not None:
        return [bank.questions[i] for i in dict.fromkeys(fact_ids) if i in bank.questions]
    return list(bank.questions.values())


def _generated(
    bank: Bank,
    rng: random.Random,
    names: list[str],
    pools: list[Pool],
    count: int,
    rejected: Counter[str] | None = None,
) -> list[Question]:
    if count <= 0 or not names or not pools:
        return []
    rng.shuffle(names)
    rng.shuffle(pools)
    builder = _Builder(bank, rng, pools, count)
    questions: list[Question] = []
    misses = 0
    slot = 0
    while len(questions) < count:
        if misses >= _ROUNDS * len(names):
            if not builder.caps:
                break
            builder.caps -= 1  # the fair shares cannot all be kept: better a full quiz
            misses = 0
        qtype = REGISTRY[names[slot % len(names)]]
        slot += 1
        question = builder.question(qtype)
        if question is not None:
            misses = 0
            questions.append(question)
            continue
        misses += 1
    if rejected is not None:
        rejected.update(builder.rejected)
    return questions


def _mix_fixed(
    bank: Bank,
    seed: int,
    fixed: list[FixedQuestion],
    generate: Callable[[int], list[Question]],
    fact_count: int,
    count: int,
) -> list[Question]:
    """Return generated and fixed questions mixed, each fixed question at most once.

    The fixed share follows the pool sizes, so a fixed question is as likely to appear as a fact.
    A stream of its own keeps the generated questions those of a fact-only quiz of that length.
    """
    rng = random.Random(f"{seed}/fixed")
    if fact_count:
        share = count * len(fixed) / (len(fixed) + fact_count)
        want = int(share) + (rng.random() < share - int(share))
    else:
        want = count
    generated = generate(count - min(want, len(fixed)))
    take = min(len(fixed), count - len(generated))  # fixed questions fill what facts could not
    questions = [make_question(bank, fq, rng) for fq in rng.sample(fixed, take)]
    total = len(generated) + take
    slots = set(rng.sample(range(total), take))
    fixed_iter, generated_iter = iter(questions), iter(generated)
    return [next(fixed_iter) if i in slots else next(generated_iter) for i in range(total)]


def build_quiz(
    bank: Bank,
    *,
    count: int,
    seed: int,
    types: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    fact_ids: Sequence[str] | None = None,
    rejected: Counter[str] | None = None,
) -> list[Question]:
    """Return up to `count` varied questions; the same bank and seed give the same questions.

    The bank's fixed (hand-written) questions join when `types` allows "fixed" and no fact-kind
    filter is given; `fact_ids` may name them too. Each appears at most once per quiz. The
    linter's reasons for every question dropped are added to `rejected`.
    """
    names = list(REGISTRY) if types is None else list(dict.fromkeys(types))
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown question types: {', '.join(unknown)}")
    fixed = _fixed_pool(bank, kinds, fact_ids) if FIXED in names else []
    names = [n for n in names if n != FIXED]
    rng = random.Random(seed)
    pools = _pools(bank, kinds, fact_ids)
    if count <= 0:
        return []
    if not fixed:
        return _generated(bank, rng, names, pools, count, rejected)
    fact_count = sum(len(tier) for p in pools for tier in p) if names else 0
    return _mix_fixed(
        bank,
        seed,
        fixed,
        lambda n: _generated(bank, rng, names, pools, n, rejected),
        fact_count,
        count,
    )
