"""Split run-together digits (`230 000023`, `7000007`) into table cells by the identities.

A printed row is a sequence of atoms: runs of digits, which may hold several cells glued
together (a space between runs is a cell boundary), and fixed cells (a zero mark, a blank,
a number with a unit). The row's cells come in groups of `parts` cells optionally
followed by their total (table 三: 6 applicant cells + 总计; the 复议诉讼 table: three
blocks of 4 + 总计). `split_row` lists every split in which each total equals the sum of
its parts; `resolve_columns` then narrows rows that still have several splits with the
column identities (flow balance, outcome sum) across rows.

Search cost: the search runs right to left. A group's total is the suffix of its span; each
part to its left is at most the sum still missing (so at most as many digits), the last
part is forced, and states (position, cells left, sum missing) are memoised. A 30-digit
row takes well under a millisecond.
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
    if not groups:
        return []
    return _Splitter(tuple(atoms), tuple(groups)).solve()


_FIXED = object()  # a fixed atom's slot in the character stream


class _Splitter:
    """Right-to-left search: a group's total is the suffix of its span, so every part to
    its left is at most the sum still missing, which bounds its length."""

    def __init__(self, atoms: tuple[Atom, ...], groups: tuple[Group, ...]) -> None:
        self.groups = groups
        self.chars: list[object] = []  # a digit character, or _FIXED
        self.fixed: dict[int, int | float | None] = {}
        self.cut: list[bool] = []  # a cell boundary is required before this position
        self.atoms_before = [0]  # atoms starting before position i
        for atom in atoms:
            if isinstance(atom, str):
                for k, ch in enumerate(atom):
                    self._push(ch, k == 0)
            else:
                self.fixed[len(self.chars)] = atom
                self._push(_FIXED, True)
        self.memo: dict[tuple, list[Cells]] = {}
        self.cells_before_group = [0] * (len(groups) + 1)
        for g, group in enumerate(groups):
            self.cells_before_group[g + 1] = self.cells_before_group[g] + group.width

    def _push(self, ch: object, starts_atom: bool) -> None:
        self.chars.append(ch)
        self.cut.append(starts_atom)
        self.atoms_before.append(self.atoms_before[-1] + int(starts_atom))

    def solve(self) -> list[Cells]:
        return self._group(len(self.chars), len(self.groups) - 1)

    def _group(self, end: int, gi: int) -> list[Cells]:
        """Splits of chars[:end] into groups 0..gi."""
        if gi < 0:
            return [()] if end == 0 else []
        group = self.groups[gi]
        if not group.has_total:
            return self._parts(end, gi, group.parts, None)
        out: list[Cells] = []
        for start, total in self._cells_ending(end, None, gi, group.width):
            for head in self._parts(start, gi, group.parts, total):
                out.append((*head, total))
                if len(out) > MAX_SOLUTIONS:
                    return out
        return out

    def _parts(self, end: int, gi: int, left: int, missing: int | float | None) -> list[Cells]:
        """Splits of chars[:end] into groups 0..gi-1 then `left` parts summing to `missing`."""
        if left == 0:
            if missing not in (None, 0):
                return []
            return self._group(end, gi - 1)
        key = (end, gi, left, missing)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        out: list[Cells] = []
        if self._possible(end, gi, left, missing):
            for start, value in self._cells_ending(end, missing, gi, left):
                if left == 1 and None not in (missing, value) and value != missing:
                    continue
                rest = None if missing is None or value is None else missing - value
                for head in self._parts(start, gi, left - 1, rest):
                    out.append((*head, value))
                if len(out) > MAX_SOLUTIONS:
                    break
        self.memo[key] = out
        return out

    def _possible(self, end: int, gi: int, left: int, missing: int | float | None) -> bool:
        """Enough characters and atoms for the cells left; in the first group, parts of
        at most len(missing) digits must cover what is left."""
        cells_left = self.cells_before_group[gi] + left
        if not self.atoms_before[end] <= cells_left <= end:
            return False
        if gi == 0 and missing is not None:
            return end <= left * len(str(int(missing)))
        return True

    def _cells_ending(
        self, end: int, bound: int | float | None, gi: int, cells_here: int
    ) -> list[tuple[int, int | float | None]]:
        """(start, value) of each cell chars[start:end] whose value is at most `bound`."""
        if end <= 0:
            return []
        if self.chars[end - 1] is _FIXED:
            value = self.fixed[end - 1]
            ok = bound is None or value is None or value <= bound
            return [(end - 1, value)] if ok else []
        longest = end - (self.cells_before_group[gi] + cells_here - 1)
        if bound is not None:
            longest = min(longest, len(str(int(bound))))
        out: list[tuple[int, int | float | None]] = []
        for start in range(end - 1, max(end - longest, 0) - 1, -1):
            ch = self.chars[start]
            if ch is _FIXED:
                break
            if ch != "0" or start == end - 1:
                value = int("".join(self.chars[start:end]))  # type: ignore[arg-type]
                if bound is not None and value > bound:
                    break
                out.append((start, value))
            if self.cut[start]:
                break
        return out


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
