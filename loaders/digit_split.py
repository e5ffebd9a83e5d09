"""Split run-together digits (`230 000023`, `7000007`) into table cells by the identities.

A printed row is a sequence of atoms: runs of digits, which may hold several cells glued
together (a space between runs is a cell boundary), and fixed cells (a zero mark, a blank,
a number with a unit). The row's cells come in groups of `parts` cells optionally
followed by their total (table 三: 6 applicant cells + 总计; the 复议诉讼 table: three
blocks of 4 + 总计). `split_row` lists every split in which each total equals the sum of
its parts; `resolve_columns` then narrows rows that still have several splits with the
column identities (flow balance, outcome sum) across rows.

Search cost: groups are laid out span by span and each span is solved on its own. In a
span the total is the suffix; each part to its left is at most the sum still missing (so
at most as many digits), the last part is forced, a digit-sum-mod-9 and a length test cut
dead states early, and states are memoised. A state budget caps pathological rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Atom = str | int | float | None  # str: plain digits (splittable); else a fixed cell
Cells = tuple[int | float | None, ...]

MAX_SOLUTIONS = 64
MAX_COMBINATIONS = 20_000
STATE_BUDGET = 40_000  # search steps per row (~0.1 s); past it the row is left unsplit


@dataclass(frozen=True, slots=True)
class Group:
    """`parts` cells, then (if `has_total`) a cell equal to their sum."""

    parts: int
    has_total: bool = True

    @property
    def width(self) -> int:
        return self.parts + int(self.has_total)


def split_row(atoms: Sequence[Atom], groups: Sequence[Group]) -> list[Cells]:
    """Every split of `atoms` into the cells of `groups` that satisfies the group totals.

    Rows repeat across reports (`0000000`), so splits are remembered (up to _SOLVED_MAX
    rows): keyed by the atoms' reprs, which keep 1, 1.0, -0.0 and '1' apart."""
    if not groups:
        return []
    atoms, groups = tuple(atoms), tuple(groups)
    key = (tuple(map(repr, atoms)), groups)
    solved = _SOLVED.get(key)
    if solved is None:
        solved = _Splitter(atoms, groups).solve()
        if len(_SOLVED) >= _SOLVED_MAX:
            _SOLVED.clear()
        _SOLVED[key] = solved
    return list(solved)


_SOLVED_MAX = 4096
_SOLVED: dict[tuple[tuple[str, ...], tuple[Group, ...]], list[Cells]] = {}


_FIXED = "x"  # a fixed atom's slot in the character stream


class _Splitter:
    """Groups are laid out span by span; within a span the total is its suffix, and the
    parts to its left are split right to left, each at most the sum still missing."""

    def __init__(self, atoms: tuple[Atom, ...], groups: tuple[Group, ...]) -> None:
        self.groups = groups
        chars: list[str] = []
        self.fixed: dict[int, int | float | None] = {}
        self.cut: list[bool] = []  # a cell boundary is required before this position
        self.cuts = [0]  # required boundaries before position i
        self.mod9 = [0]  # digit sum mod 9 of text[:i] (= sum of any split of it, mod 9)
        self.unknown = [0]  # blank or fractional fixed cells in text[:i]
        for atom in atoms:
            if isinstance(atom, str):
                for k, ch in enumerate(atom):
                    chars.append(ch)
                    self._mark(k == 0, int(ch), False)
            else:
                self.fixed[len(chars)] = atom
                chars.append(_FIXED)
                known = isinstance(atom, int)
                self._mark(True, int(atom) if known else 0, not known)  # type: ignore[arg-type]
        self.text = "".join(chars)
        self.size = len(self.text)
        self.min_after = [0] * (len(groups) + 1)  # characters the groups from g on need
        for g in range(len(groups) - 1, -1, -1):
            self.min_after[g] = self.min_after[g + 1] + groups[g].width
        self.memo: dict[tuple, list[Cells]] = {}
        self.budget = STATE_BUDGET

    def _mark(self, required: bool, digit: int, unknown: bool) -> None:
        self.cut.append(required)
        self.cuts.append(self.cuts[-1] + int(required))
        self.mod9.append((self.mod9[-1] + digit) % 9)
        self.unknown.append(self.unknown[-1] + int(unknown))

    def solve(self) -> list[Cells]:
        try:
            return self._groups_from(0, 0)
        except _OutOfBudget:
            return []

    def _tick(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _OutOfBudget

    def _groups_from(self, g: int, a: int) -> list[Cells]:
        """Splits of text[a:] into groups g, g+1, ..."""
        if g == len(self.groups):
            return [()] if a == self.size else []
        key = ("g", g, a)
        if key in self.memo:
            return self.memo[key]
        out: list[Cells] = []
        last = self.size - self.min_after[g + 1]
        for b in range(a + self.groups[g].width, last + 1) if g + 1 < len(self.groups) else (last,):
            heads = self._span(g, a, b)
            if heads:
                tails = self._groups_from(g + 1, b)
                out.extend((*h, *t) for h in heads for t in tails)
            if len(out) > MAX_SOLUTIONS:
                break
        self.memo[key] = out
        return out

    def _span(self, g: int, a: int, b: int) -> list[Cells]:
        """Splits of text[a:b] into exactly the cells of group g."""
        group = self.groups[g]
        if not group.has_total:
            return self._parts(a, b, group.parts, None)
        out: list[Cells] = []
        for start, total in self._cells_ending(a + group.parts, b, None):
            out.extend((*head, total) for head in self._parts(a, start, group.parts, total))
        return out

    def _parts(self, a: int, end: int, left: int, missing: int | float | None) -> list[Cells]:
        """Splits of text[a:end] into `left` cells summing to `missing` (None: any sum)."""
        self._tick()
        if not self._possible(a, end, left, missing):
            return []
        if left == 1:
            cell = self._whole(a, end)
            ok = cell is not None and (None in (missing, cell[0]) or cell[0] == missing)
            return [cell] if ok else []  # type: ignore[list-item]
        key = (a, end, left, missing)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        out: list[Cells] = []
        for start, value in self._cells_ending(a + left - 1, end, missing):
            rest = None if missing is None or value is None else missing - value
            out.extend((*head, value) for head in self._parts(a, start, left - 1, rest))
            if len(out) > MAX_SOLUTIONS:
                break
        self.memo[key] = out
        return out

    def _possible(self, a: int, end: int, left: int, missing: int | float | None) -> bool:
        """Necessary conditions for text[a:end] to be `left` cells summing to `missing`:
        room for the cells and the required boundaries; each cell has at most
        len(missing) digits; the smallest sum n digits can make in `left` cells is not
        above it; any split of digits sums to their digit sum, mod 9."""
        n = end - a
        inner_cuts = self.cuts[end] - self.cuts[a + 1] if n > 0 else 0
        if not inner_cuts + 1 <= left <= n:
            return False
        if missing is None or not float(missing).is_integer():
            return True
        need = int(missing)
        if need < 0:
            return False
        if n > left * len(str(need)) or _least_sum(n, left) > need:
            return self.unknown[end] - self.unknown[a] > 0
        if self.unknown[end] - self.unknown[a]:
            return True
        return (self.mod9[end] - self.mod9[a] - need) % 9 == 0

    def _whole(self, a: int, end: int) -> tuple[int | float | None] | None:
        """text[a:end] as one cell, if it can be one."""
        if end - a == 1 and self.text[a] == _FIXED:
            return (self.fixed[a],)
        piece = self.text[a:end]
        crosses = self.cuts[end] - self.cuts[a + 1]
        if _FIXED in piece or crosses or (piece[0] == "0" and len(piece) > 1):
            return None
        return (int(piece),)

    def _cells_ending(
        self, lowest: int, end: int, bound: int | float | None
    ) -> list[tuple[int, int | float | None]]:
        """(start, value) of each cell text[start:end], start >= lowest, value <= bound."""
        if end <= lowest:
            return []
        if self.text[end - 1] == _FIXED:
            value = self.fixed[end - 1]
            ok = bound is None or value is None or value <= bound
            return [(end - 1, value)] if ok else []
        if bound is not None:
            lowest = max(lowest, end - len(str(int(bound))))
        out: list[tuple[int, int | float | None]] = []
        for start in range(end - 1, lowest - 1, -1):
            ch = self.text[start]
            if ch == _FIXED:
                break
            if ch != "0" or start == end - 1:
                value = int(self.text[start:end])
                if bound is not None and value > bound:
                    break
                out.append((start, value))
            if self.cut[start]:
                break
        return out


def _least_sum(n: int, cells: int) -> int:
    """The smallest sum of `cells` numbers written with n digits in all (no leading zeros):
    the lengths as even as possible, each number 10**(length-1) (or 0 for one digit)."""
    q, r = divmod(n, cells)
    low = 10 ** (q - 1) if q > 1 else 0
    return r * 10**q + (cells - r) * low if q >= 1 else 0


class _OutOfBudget(Exception):
    pass


# ---------------------------------------------------------------- across rows


@dataclass(frozen=True, slots=True)
class Balance:
    """sum(plus rows) == sum(minus rows) in column `col`."""

    plus: tuple[str, ...]
    minus: tuple[str, ...]
    col: int

    @property
    def rows(self) -> tuple[str, ...]:
        return self.plus + self.minus

    def holds(self, pick: Mapping[str, Cells]) -> bool | None:
        """True/False, or None when a row is missing or a cell is blank."""
        total = 0
        for sign, names in ((1, self.plus), (-1, self.minus)):
            for name in names:
                cells = pick.get(name)
                if cells is None or self.col >= len(cells) or cells[self.col] is None:
                    return None
                total += sign * cells[self.col]
        return abs(total) < 1e-9


def resolve_columns(
    candidates: Mapping[str, list[Cells]], balances: Sequence[Balance]
) -> dict[str, list[Cells]]:
    """Narrow rows with several splits to those consistent with the column identities.

    Rows with one candidate are taken as given. A filter that would leave a row with no
    candidate is not applied (the report's own figures break the identity).
    """
    rows = {name: list(cands) for name, cands in candidates.items()}
    if all(len(cands) <= 1 for cands in rows.values()):
        return rows  # no row to narrow (the usual case: every row printed in full)
    _propagate(rows, balances)
    _enumerate(rows, balances)
    return rows


def _propagate(rows: dict[str, list[Cells]], balances: Sequence[Balance]) -> None:
    changed = True
    while changed:
        changed = False
        for bal in balances:
            open_rows = [r for r in bal.rows if len(rows.get(r, ())) > 1]
            if len(open_rows) != 1:
                continue
            name = open_rows[0]
            fixed = {r: rows[r][0] for r in bal.rows if r != name and len(rows.get(r, ())) == 1}
            kept = [c for c in rows[name] if bal.holds({**fixed, name: c}) is not False]
            if kept and len(kept) < len(rows[name]):
                rows[name] = kept
                changed = True


def _enumerate(rows: dict[str, list[Cells]], balances: Sequence[Balance]) -> None:
    open_rows = [r for r, c in rows.items() if len(c) > 1]
    if len(open_rows) < 2:
        return
    size = 1
    for r in open_rows:
        size *= len(rows[r])
    if size > MAX_COMBINATIONS:
        return
    relevant = [b for b in balances if any(r in open_rows for r in b.rows)]
    fixed = {r: c[0] for r, c in rows.items() if len(c) == 1}
    survivors: dict[str, set[Cells]] = {r: set() for r in open_rows}
    for combo in itertools.product(*(rows[r] for r in open_rows)):
        pick = {**fixed, **dict(zip(open_rows, combo, strict=False))}
        if all(b.holds(pick) is not False for b in relevant):
            for r, c in zip(open_rows, combo, strict=False):
                survivors[r].add(c)
    for r in open_rows:
        if survivors[r]:
            rows[r] = [c for c in rows[r] if c in survivors[r]]
