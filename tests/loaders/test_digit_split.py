"""Run-together digits split by the identities: unique, ambiguous, resolved across rows, fast."""

from __future__ import annotations

import random
import time

from loaders.digit_split import Balance, Group, resolve_columns, split_row

ROW = [Group(6)]  # 6 applicant cells + 总计
REVIEW = [Group(4)] * 3  # 复议 / 直接起诉 / 复议后起诉: 4 cells + 总计 each


def test_unique_splits() -> None:
    assert split_row(["7000007"], ROW) == [(7, 0, 0, 0, 0, 0, 7)]
    assert split_row(["230", "000023"], ROW) == [(23, 0, 0, 0, 0, 0, 23)]  # a space is a cut
    assert split_row(["3001530061", "43119"], ROW) == [(3001, 53, 0, 0, 61, 4, 3119)]


def test_several_splits_are_all_listed() -> None:
    assert sorted(split_row(["110000011"], ROW)) == [
        (1, 10, 0, 0, 0, 0, 11),
        (11, 0, 0, 0, 0, 0, 11),
    ]


def test_no_split_when_the_row_total_cannot_hold() -> None:
    assert split_row(["1234567"], ROW) == []


def test_fixed_cells_keep_their_place() -> None:
    assert split_row(["12", 0, "3"], [Group(3)]) == [(1, 2, 0, 3)]
    assert split_row(["12", None, "3"], [Group(3)]) == [(1, 2, None, 3)]  # blank: sum unchecked


def test_review_row_in_three_blocks() -> None:
    solutions = split_row(["7264178373511348126"], REVIEW)
    assert (72, 64, 178, 37, 351, 1, 3, 4, 8, 16, 1, 2, 3, 0, 6) not in solutions
    assert split_row(["000000000000000"], REVIEW) == [(0,) * 15]


def test_column_identities_pick_among_rows() -> None:
    rows = {
        "new": [(11, 0, 11), (1, 10, 11)],
        "out": [(11, 0, 11)],
    }
    balances = [Balance(("new",), ("out",), c) for c in range(3)]
    assert resolve_columns(rows, balances)["new"] == [(11, 0, 11)]


def test_two_rows_that_swap_stay_ambiguous() -> None:
    rows = {"a": [(11, 0, 11), (1, 10, 11)], "b": [(11, 0, 11), (1, 10, 11)], "t": [(12, 10, 22)]}
    balances = [Balance(("t",), ("a", "b"), c) for c in range(3)]
    resolved = resolve_columns(rows, balances)
    assert len(resolved["a"]) == 2 and len(resolved["b"]) == 2


def test_a_broken_identity_does_not_erase_every_reading() -> None:
    rows = {"new": [(11, 0, 11), (1, 10, 11)], "out": [(5, 5, 10)]}
    balances = [Balance(("new",), ("out",), c) for c in range(3)]
    assert len(resolve_columns(rows, balances)["new"]) == 2


def test_realistic_rows_split_fast() -> None:
    rng = random.Random(3)
    rows = []
    for _ in range(300):
        parts = [int(rng.expovariate(1 / rng.choice([1, 5, 40, 600]))) for _ in range(6)]
        rows.append(([*parts, sum(parts)], "".join(map(str, [*parts, sum(parts)]))))
    start = time.perf_counter()
    for cells, digits in rows:
        assert tuple(cells) in split_row([digits], ROW)
    assert time.perf_counter() - start < 3.0  # ~1 ms a row on a busy machine
