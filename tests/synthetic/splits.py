"""The oracle for run-together rows of table 三 (`（一）予以公开7000007`).

A row's digits lose some or all of the spaces between its 7 cells. A split is valid when
every number is `0` or has no leading zero, there are exactly 7 numbers, and the total
(last) equals the sum of the other six (applicant_sum). Spaces that remain are cell
boundaries. Rows are then resolved jointly with the column identities (flow_balance and
outcome_sum in each applicant column) by brute force over the rows' candidate splits. A
cell whose value differs between the jointly consistent solutions is ambiguous; a cell
with the same value in all of them (often the total) is read, since the text admits one
reading of it.

To keep the brute force small, the planner prints a row with spaces (so it has a single
split) whenever running it together would give too many candidates.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

from .numbers import APPLICANTS6, APPLICANTS7, Key, Num, outcome_metrics, request_metrics

NCELLS = 7
MAX_ROW_CANDIDATES = 6
MAX_AMBIGUOUS_ROWS = 3


def candidates(groups: Sequence[str], n: int = NCELLS, cap: int = 64) -> list[tuple[int, ...]]:
    """Every valid split of the digit groups into `n` numbers (at most cap + 1 of them).

    The last number (the total) is a suffix of the last group; the other n - 1 numbers
    must add up to it, which prunes the search.
    """
    out: list[tuple[int, ...]] = []
    last = groups[-1]
    for k in range(1, len(last) + 1):
        suffix = last[-k:]
        if len(suffix) > 1 and suffix[0] == "0":
            continue
        head = [*groups[:-1], last[:-k]] if k < len(last) else list(groups[:-1])
        if not head or any(not g for g in head):
            continue
        for parts in _splits(head, n - 1, int(suffix)):
            out.append((*parts, int(suffix)))
            if len(out) > cap:
                return out
    return out


def _splits(groups: Sequence[str], n: int, total: int) -> list[list[int]]:
    """Splits of the groups into exactly n valid numbers that add up to `total`."""
    out: list[list[int]] = []
    lens = [len(g) for g in groups]

    def rec(gi: int, pos: int, acc: list[int], acc_sum: int) -> None:
        if gi == len(groups):
            if len(acc) == n and acc_sum == total:
                out.append(acc)
            return
        g = groups[gi]
        if pos == len(g):
            rec(gi + 1, 0, acc, acc_sum)
            return
        need = n - len(acc)
        digits_left = lens[gi] - pos + sum(lens[gi + 1:])
        if need < len(groups) - gi or digits_left < need:
            return
        for end in range(pos + 1, len(g) + 1):
            t = g[pos:end]
            if len(t) > 1 and t[0] == "0":
                break
            v = int(t)
            if acc_sum + v > total:
                break
            rec(gi, end, [*acc, v], acc_sum + v)

    rec(0, 0, [], 0)
    return out


def block_candidates(groups: Sequence[str], nblocks: int, parts: int,
                     cap: int = 64) -> list[tuple[int, ...]]:
    """Splits into `nblocks` blocks of `parts` numbers each followed by their sum (table 四:
    three blocks of 4 results + 总计). At most cap + 1 of them."""
    out: list[tuple[int, ...]] = []
    ncells = nblocks * (parts + 1)
    lens = [len(g) for g in groups]

    def rec(gi: int, pos: int, acc: list[int]) -> None:
        if len(out) > cap:
            return
        if gi == len(groups):
            if len(acc) == ncells:
                out.append(tuple(acc))
            return
        g = groups[gi]
        if pos == len(g):
            rec(gi + 1, 0, acc)
            return
        need = ncells - len(acc)
        if need < len(groups) - gi or lens[gi] - pos + sum(lens[gi + 1:]) < need:
            return
        if len(acc) % (parts + 1) == parts:  # a total: forced to the sum of its parts
            t = str(sum(acc[-parts:]))
            if g.startswith(t, pos):
                rec(gi, pos + len(t), [*acc, int(t)])
            return
        for end in range(pos + 1, len(g) + 1):
            t = g[pos:end]
            if len(t) > 1 and t[0] == "0":
                break
            rec(gi, end, [*acc, int(t)])

    rec(0, 0, [])
    return out


def plan_review_row(rng: random.Random, values: Sequence[int], p_join: float) -> list[str]:
    """Digit groups for the 15 numbers of table 四, run together only where the split is
    unique (the truth needs no ambiguity convention there)."""
    for _ in range(3):
        groups = join(values, [rng.random() < p_join for _ in range(len(values) - 1)])
        if max(len(g) for g in groups) <= MAX_JOINED_DIGITS and block_candidates(
                groups, 3, 4, cap=1) == [tuple(values)]:
            return groups
    return [str(v) for v in values]


def join(values: Sequence[int], joins: Sequence[bool]) -> list[str]:
    """The digit groups of a row whose gap i is dropped where joins[i]."""
    groups, cur = [], str(values[0])
    for v, j in zip(values[1:], joins, strict=True):
        if j:
            cur += str(v)
        else:
            groups.append(cur)
            cur = str(v)
    return [*groups, cur]


MAX_JOINED_DIGITS = 14


def plan_row(rng: random.Random, values: Sequence[int], p_join: float,
             allow_ambiguous: bool) -> tuple[list[str], list[tuple[int, ...]]]:
    """Digit groups for one row and their candidate splits (the truth is among them)."""
    for _ in range(3):
        joins = [rng.random() < p_join for _ in range(len(values) - 1)]
        groups = join(values, joins)
        if max(len(g) for g in groups) > MAX_JOINED_DIGITS:
            continue
        cands = candidates(groups, cap=MAX_ROW_CANDIDATES)
        if len(cands) == 1 or (allow_ambiguous and len(cands) <= MAX_ROW_CANDIDATES):
            return groups, cands
    return [str(v) for v in values], [tuple(values)]


def ambiguous_pair(rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two different rows that print the same run-together digits (both valid splits)."""
    while True:
        p = [rng.randint(1, 60), rng.randint(0, 15), rng.randint(0, 12), 0,
             rng.randint(0, 12), rng.randint(0, 9)]
        row = (*p, sum(p))
        cands = [c for c in candidates(["".join(map(str, row))]) if c != row]
        if cands:
            return row, rng.choice(cands)


def inject_ambiguous_pair(rng: random.Random, v: dict[Key, Num], fmt: str) -> tuple[str, str]:
    """Overwrite two outcome rows with an ambiguous pair; re-balance table 三's identities.

    Printed fully run together, the two rows have the same digits, and swapping their
    values satisfies every identity, so neither row can be resolved.
    """
    outcomes = outcome_metrics(fmt)
    a, b = rng.sample(outcomes, 2)
    for m, vals in zip((a, b), ambiguous_pair(rng), strict=True):
        for app, x in zip(APPLICANTS7, vals, strict=True):
            v[(m, app)] = x
    for app in APPLICANTS6:
        tot = sum(v[(m, app)] for m in outcomes)
        cin, cout = v[("requests.carried_over_in", app)], v[("requests.carried_over_out", app)]
        v[("requests.outcome.total", app)] = tot
        v[("requests.new_received", app)] = max(0, tot + cout - cin)
        v[("requests.carried_over_in", app)] = cin if tot + cout >= cin else tot + cout
    for m in request_metrics(fmt):
        v[(m, "total")] = sum(v[(m, x)] for x in APPLICANTS6)
    return a, b


def resolve(fmt: str, cands: dict[str, list[tuple[int, ...]]]
            ) -> dict[str, tuple[int | None, ...]]:
    """Joint resolution under the column identities: each row's cells, None where a cell
    takes several values across the consistent solutions."""
    outcomes = outcome_metrics(fmt)
    multi = [m for m, c in cands.items() if len(c) > 1]
    fixed = {m: c[0] for m, c in cands.items() if len(c) == 1}
    seen: dict[str, set[tuple[int, ...]]] = {m: set() for m in multi}
    for combo in itertools.product(*(cands[m] for m in multi)):
        rows = {**fixed, **dict(zip(multi, combo, strict=True))}
        if _consistent(rows, outcomes):
            for m, vals in zip(multi, combo, strict=True):
                seen[m].add(vals)
    out: dict[str, tuple[int | None, ...]] = dict(fixed)
    for m in multi:
        columns = zip(*seen[m], strict=True)
        out[m] = tuple(col[0] if len(set(col)) == 1 else None for col in columns)
    return out


def _consistent(rows: dict[str, tuple[int, ...]], outcomes: Sequence[str]) -> bool:
    new, cin = rows["requests.new_received"], rows["requests.carried_over_in"]
    tot, cout = rows["requests.outcome.total"], rows["requests.carried_over_out"]
    for c in range(NCELLS):
        if new[c] + cin[c] != tot[c] + cout[c]:
            return False
        if tot[c] != sum(rows[m][c] for m in outcomes):
            return False
    return True


def plan_table(rng: random.Random, fmt: str, rows: dict[str, tuple[int, ...]],
               p_join: float, forced: Sequence[str] = ()
               ) -> tuple[dict[str, list[str]], set[tuple[str, int]]]:
    """Digit groups for every row of table 三 and the (row, column index) cells that stay
    ambiguous.

    Rows in `forced` are printed fully run together (an injected ambiguous pair).
    """
    groups: dict[str, list[str]] = {}
    cands: dict[str, list[tuple[int, ...]]] = {}
    n_multi = 0
    for metric, values in rows.items():
        if metric in forced:
            g = ["".join(map(str, values))]
            c = candidates(g, cap=MAX_ROW_CANDIDATES * 4)
        else:
            g, c = plan_row(rng, values, p_join, n_multi < MAX_AMBIGUOUS_ROWS)
        groups[metric], cands[metric] = g, c
        n_multi += len(c) > 1
    ambiguous = set()
    for metric, vals in resolve(fmt, cands).items():
        for col, (got, want) in enumerate(zip(vals, rows[metric], strict=True)):
            if got is None:
                ambiguous.add((metric, col))
            elif got != want:
                raise AssertionError(f"oracle read {metric}[{col}] as {got}, truth {want}")
    return groups, ambiguous
