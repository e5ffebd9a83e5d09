"""Split run-together digits (`230 000023`, `7000007`) into table cells by the identities.

A printed row is a sequence of atoms: runs of digits, which may hold several cells glued
together (a space between runs is a cell boundary), and fixed cells (a zero mark, a blank,
a number with a unit). The row's cells come in groups of `parts` cells optionally
followed by their total (table 三: 6 applicant cells + 总计; the 复议诉讼 table: three
blocks of 4 + 总计). `split_row` lists every split in which each total equals the sum of
its parts; `resolve_columns` then narrows rows that still have several splits with the
column identities (flow balance, outcome sum) across rows.

Search cost: a total is forced once its parts are chosen (it must be the digits of their
sum), part lengths are bounded by the characters left, and dead states are memoised, so
a 30-digit row is a few thousand states at most.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Atom = str | int | float | None  # str: plain digits (splittable); else a fixed cell
Cells = tuple[int | float | None, ...]

MAX_SOLUTIONS = 64
MAX_COMBINATIONS = 20_000


@dataclass(frozen=True, slots=True)
class Group:
    """`parts` cells, then (if `has_total`) a cell equal to their sum."""

    parts: int
    has_total: bool = True

    @property
    def width(self) -> int:
        return self.parts + int(self.has_total)


def split_row(atoms: Sequence[Atom], groups: Sequence[Group]) -> list[Cells]:
    """Every split of `atoms` into the cells of `groups` that satisfies the group totals."""
    return _Splitter(tuple(atoms), tuple(groups)).solve()


class _Splitter:
    def __init__(self, atoms: tuple[Atom, ...], groups: tuple[Group, ...]) -> None:
        self.atoms = atoms
        self.groups = groups
        self.memo: dict[tuple, list[Cells]] = {}
        # characters (fixed atoms count 1) and atoms left from atom i on
        self.chars_after = [0] * (len(atoms) + 1)
        for i in range(len(atoms) - 1, -1, -1):
            size = len(atoms[i]) if isinstance(atoms[i], str) else 1
            self.chars_after[i] = self.chars_after[i + 1] + size
        self.cells_after_group = [0] * (len(groups) + 1)
        for g in range(len(groups) - 1, -1, -1):
            self.cells_after_group[g] = self.cells_after_group[g + 1] + groups[g].width

    def solve(self) -> list[Cells]:
        if not self.groups:
            return []
        return self._from(0, 0, 0, 0, 0)

    def _from(self, ai: int, pos: int, gi: int, j: int, total: int | float | None) -> list[Cells]:
        """Completions from atom `ai` at char `pos`, group `gi`, cell `j` of that group."""
        if gi == len(self.groups):
            return [()] if ai == len(self.atoms) else []
        key = (ai, pos, gi, j, total)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        result = self._expand(ai, pos, gi, j, total) if self._feasible(ai, pos, gi, j) else []
        self.memo[key] = result
        return result

    def _feasible(self, ai: int, pos: int, gi: int, j: int) -> bool:
        cells_left = self.cells_after_group[gi] - j
        chars_left = self.chars_after[ai] - pos
        atoms_left = len(self.atoms) - ai
        return atoms_left <= cells_left <= chars_left

    def _expand(self, ai: int, pos: int, gi: int, j: int, total: int | float | None) -> list[Cells]:
        group = self.groups[gi]
        closing = group.has_total and j == group.parts
        out: list[Cells] = []
        for value, nai, npos in self._next_cells(ai, pos, total if closing else None, closing):
            if closing:
                if value is not None and total is not None and value != total:
                    continue
                rest = self._from(nai, npos, gi + 1, 0, 0)
            else:
                new_total = None if value is None or total is None else total + value
                done = j + 1 == group.parts and not group.has_total
                rest = (
                    self._from(nai, npos, gi + 1, 0, 0)
                    if done
                    else self._from(nai, npos, gi, j + 1, new_total)
                )
            out.extend((value, *tail) for tail in rest)
            if len(out) > MAX_SOLUTIONS:
                break
        return out

    def _next_cells(
        self, ai: int, pos: int, wanted: int | float | None, closing: bool
    ) -> list[tuple[int | float | None, int, int]]:
        """(value, next atom, next pos) for each cell that can start here."""
        if ai >= len(self.atoms):
            return []
        atom = self.atoms[ai]
        if not isinstance(atom, str):
            return [(atom, ai + 1, 0)]
        rest = len(atom) - pos
        if closing and wanted is not None:
            digits = str(int(wanted)) if float(wanted).is_integer() else ""
            if digits and atom.startswith(digits, pos):
                end = pos + len(digits)
                return [(int(digits), *self._advance(ai, end))]
            return []
        if atom[pos] == "0":
            return [(0, *self._advance(ai, pos + 1))]
        return [(int(atom[pos:end]), *self._advance(ai, end)) for end in range(pos + 1, pos + rest + 1)]

    def _advance(self, ai: int, end: int) -> tuple[int, int]:
        atom = self.atoms[ai]
        assert isinstance(atom, str)
        return (ai + 1, 0) if end == len(atom) else (ai, end)


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
        pick = {**fixed, **dict(zip(open_rows, combo))}
        if all(b.holds(pick) is not False for b in relevant):
            for r, c in zip(open_rows, combo):
                survivors[r].add(c)
    for r in open_rows:
        if survivors[r]:
            rows[r] = [c for c in rows[r] if c in survivors[r]]
