"""Tests of the synthetic report generator itself (not of the parser)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from loaders.catalog import APPLICANT_TYPES, metrics
from tests.synthetic import (
    BREAKABLE,
    ENCODINGS,
    check_identities,
    generate_report,
    iter_corpus,
    truth_values,
    write_corpus,
)
from tests.synthetic.generator import YEARS
from tests.synthetic.splits import (
    ambiguous_pair,
    block_candidates,
    candidates,
    join,
    plan_review_row,
    plan_table,
    resolve,
)

TABLE_COMBOS = [
    (fmt, layout, html)
    for fmt in ("pre2019", "v2019", "v2021")
    for layout, html in (("cells", False), ("pipes", False), ("spaces", False),
                         ("run_together", False), ("table", True))
    if not (fmt == "pre2019" and layout == "run_together")
]
SEEDS = range(12)


def expected_keys(fmt: str, six_channels: bool = False) -> set[tuple[str, str | None]]:
    """Every (metric, applicant_type) a table report of `fmt` prints."""
    keys = set()
    for code, m in metrics().items():
        if fmt not in m.formats:
            continue
        optional = code in ("legacy.requests.received.email", "legacy.requests.received.other")
        if optional and not six_channels:
            continue
        if m.by_applicant:
            keys |= {(code, a) for a in APPLICANT_TYPES}
        else:
            keys.add((code, "total" if code.startswith("legacy.requests") else None))
    return keys


def decoded(rep) -> str:
    return rep.data.decode("utf-8-sig" if rep.encoding.startswith("utf-8") else "gb18030")


@pytest.mark.parametrize(("fmt", "layout", "html"), TABLE_COMBOS)
def test_truth_covers_every_printed_metric_and_identities_hold(fmt, layout, html):
    for seed in SEEDS:
        rep = generate_report(seed, fmt=fmt, layout=layout, html=html)
        keys = [(r["metric"], r["applicant_type"]) for r in rep.truth]
        assert len(keys) == len(set(keys)), "a metric cell appears twice in the truth"
        six = ("legacy.requests.received.email", "total") in keys
        assert set(keys) == expected_keys(fmt, six)
        results = check_identities(truth_values(rep.truth), fmt)
        assert not [k for k, ok in results.items() if ok is False], (seed, results)
        assert results["non_negative"] is True


@pytest.mark.parametrize("fmt", ["v2019", "v2021"])
def test_request_identities_are_checkable_when_no_column_is_blank(fmt):
    checked = Counter()
    for seed in range(30):
        rep = generate_report(seed, fmt=fmt, layout="spaces", html=False)
        for name, ok in check_identities(truth_values(rep.truth), fmt).items():
            assert ok is not False
            checked[name] += ok is True
    assert checked["flow_balance"] == checked["applicant_sum"] == 30
    assert checked[f"outcome_sum_{fmt[1:]}"] == checked["review_sum"] == 30


def test_truth_rows_carry_catalog_units_and_sections():
    for seed in SEEDS:
        rep = generate_report(seed)
        for row in rep.truth:
            m = metrics()[row["metric"]]
            assert rep.fmt in m.formats
            assert (row["unit"], row["section"]) == (m.unit, m.section)
            assert set(row) == {"metric", "applicant_type", "value", "qualifier", "unit", "section"}


@pytest.mark.parametrize(("fmt", "identity"), [(f, i) for f, ids in BREAKABLE.items() for i in ids])
def test_break_identity_breaks_exactly_that_one(fmt, identity):
    middle = "spaces" if fmt == "pre2019" else "run_together"
    layouts = ("cells", middle, "table")
    for seed, layout in zip(range(6), layouts * 2, strict=True):
        rep = generate_report(seed, fmt=fmt, layout=layout, html=layout == "table",
                              break_identity=identity)
        assert rep.broken == identity
        results = check_identities(truth_values(rep.truth), fmt)
        assert {k for k, ok in results.items() if ok is False} == {identity}, (seed, layout)


def test_applicant_sum_break_swaps_natural_person_cells_and_keeps_column_sums():
    broken = generate_report(5, fmt="v2021", layout="cells", html=False, encoding="utf-8",
                             break_identity="applicant_sum")
    v = truth_values(broken.truth)
    for m in ("requests.outcome.disclosed", "requests.outcome.partially_disclosed"):
        others = sum(v[(m, a)] or 0 for a in APPLICANT_TYPES[1:6])
        assert (v[(m, "natural_person")] or 0) + others != v[(m, "total")]
    results = check_identities(v, "v2021")
    assert results["applicant_sum"] is False and results["outcome_sum_2021"] is True
    assert results["flow_balance"] is True


def test_break_identity_rejects_unknown_or_impossible():
    with pytest.raises(ValueError):
        generate_report(1, fmt="v2019", layout="cells", html=False,
                        break_identity="legacy_staff_sum")
    with pytest.raises(ValueError):
        generate_report(1, fmt="pre2019", layout="prose", html=False,
                        break_identity="legacy_review_sum")
    with pytest.raises(ValueError):
        generate_report(1, fmt="pre2019", layout="run_together", html=False)
    with pytest.raises(ValueError):
        generate_report(1, fmt="v2019", layout="table", html=False)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings_round_trip(encoding):
    for seed in SEEDS:
        rep = generate_report(seed, encoding=encoding)
        assert rep.encoding == encoding
        if encoding == "utf-8-sig":
            assert rep.data.startswith(b"\xef\xbb\xbf")
            text = rep.data[3:].decode("utf-8")
        elif encoding == "utf-8":
            assert not rep.data.startswith(b"\xef\xbb\xbf")
            text = rep.data.decode("utf-8")
        else:
            with pytest.raises(UnicodeDecodeError):
                rep.data.decode("utf-8")
            text = rep.data.decode("gbk")  # GB18030 files stay inside GBK, as Windows writes them
            assert text == rep.data.decode("gb18030")
        assert text.encode(encoding if encoding != "utf-8-sig" else "utf-8")[:50] in rep.data
        assert rep.agency in text and str(rep.year) in text


def test_encodings_change_only_the_bytes():
    for seed in SEEDS:
        first = generate_report(seed)
        reps = [generate_report(seed, fmt=first.fmt, layout=first.layout, html=first.html,
                                encoding=e) for e in ENCODINGS]
        texts = [re.sub(r"charset=\"?[\w-]+", "", decoded(r).replace("\xa0", " ")) for r in reps]
        assert texts[0] == texts[1] == texts[2]
        assert reps[0].truth == reps[1].truth == reps[2].truth


def test_same_seed_same_bytes_and_truth():
    for seed in (0, 1, 99, 12345):
        a, b = generate_report(seed), generate_report(seed)
        assert (a.data, a.truth, a.filename) == (b.data, b.truth, b.filename)
    assert len({generate_report(s).data for s in range(20)}) == 20


def test_years_agencies_and_filenames_fit_the_format():
    for seed in range(60):
        rep = generate_report(seed)
        lo, hi = YEARS[rep.fmt]
        assert lo <= rep.year <= hi
        assert re.search(r"(局|厅|委员会|[省市县区镇乡]|街道|办事处)$", rep.agency)
        assert not rep.agency.endswith("人民政府")
        assert rep.filename.endswith((".html", ".htm") if rep.html else ".txt")


def test_layouts_look_like_their_seeds():
    cells = decoded(generate_report(2, fmt="v2019", layout="cells", html=False))
    assert "\n\n" in cells and "三、本年度办理结果" in cells
    pipes = decoded(generate_report(2, fmt="pre2019", layout="pipes", html=False))
    assert re.search(r"^\|$|^.+ \|$", pipes, re.M)
    spaces = decoded(generate_report(2, fmt="v2021", layout="spaces", html=False))
    assert "|" not in spaces and re.search(r"^- \d+ -$", spaces, re.M)
    page = decoded(generate_report(2, fmt="v2021", layout="table", html=True))
    assert page.startswith("<!DOCTYPE html>") and 'rowspan="' in page and 'colspan="' in page
    prose = decoded(generate_report(2, fmt="pre2019", layout="prose", html=False))
    assert "统计指标" not in prose and "行政复议" in prose


def test_blank_cells_are_whitespace_only_lines_in_the_cells_layout():
    for seed in range(60):
        rep = generate_report(seed, fmt="v2019", layout="cells", html=False, encoding="utf-8")
        if any(r["value"] is None for r in rep.truth):
            lines = rep.data.decode().splitlines()
            assert any(line and not line.strip() for line in lines)
            return
    pytest.fail("no report with blank cells in 60 seeds")


def test_prose_only_truth_is_the_stated_figures():
    quals = Counter()
    for seed in range(40):
        rep = generate_report(seed, fmt="pre2019", layout="prose")
        metrics_ = {r["metric"] for r in rep.truth}
        assert metrics_ == {"legacy.proactive.items", "legacy.requests.received",
                            "legacy.review.total", "legacy.litigation.total"}
        quals.update(r["qualifier"] for r in rep.truth)
        text = decoded(rep)
        for r in rep.truth:
            ascii_text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            assert str(r["value"]) in ascii_text
    assert quals["more_than"] and quals["about"] and quals[None]


# ---------------------------------------------------------------- the run-together oracle

def test_candidates_of_the_issue_examples():
    assert candidates(["7000007"]) == [(7, 0, 0, 0, 0, 0, 7)]
    assert candidates(["230", "000023"]) == [(23, 0, 0, 0, 0, 0, 23)]
    assert sorted(candidates(["121000013"])) == [(1, 2, 10, 0, 0, 0, 13), (12, 1, 0, 0, 0, 0, 13)]
    assert candidates(["12", "1", "0", "0", "0", "0", "13"]) == [(12, 1, 0, 0, 0, 0, 13)]
    assert candidates(["0100007"]) == []  # no number has a leading zero


def test_block_candidates_of_table_four():
    huaian = (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)
    spaced = [str(v) for v in huaian]
    assert block_candidates(spaced, 3, 4) == [huaian]
    joined = block_candidates(["".join(spaced)], 3, 4)
    assert huaian in joined and len(joined) == 3  # 12,1,1,6 or 1,2,1,16 or 1,2,11,6 (sum 20)
    rng = random.Random(5)
    for _ in range(50):
        vals = [rng.choice([0, 0, 1, 2, 13]) for _ in range(4)]
        row = tuple(v for _ in range(3) for v in (*vals, sum(vals)))
        assert block_candidates(plan_review_row(rng, row, 0.8), 3, 4) == [row]


def test_candidates_match_a_naive_enumeration():
    rng = random.Random(3)
    for _ in range(200):
        vals = [rng.choice([0, 0, 1, 3, 12, 40, 105]) for _ in range(6)]
        row = (*vals, sum(vals))
        groups = join(row, [rng.random() < 0.7 for _ in range(6)])
        assert sorted(candidates(groups)) == sorted(_naive(groups))
        assert row in candidates(groups)


def _naive(groups):
    out = []
    def splits(s):
        if not s:
            yield []
            return
        for i in range(1, len(s) + 1):
            if i > 1 and s[0] == "0":
                break
            for rest in splits(s[i:]):
                yield [int(s[:i]), *rest]
    for combo in _product([list(splits(g)) for g in groups]):
        nums = [n for part in combo for n in part]
        if len(nums) == 7 and nums[-1] == sum(nums[:-1]):
            out.append(tuple(nums))
    return out


def _product(lists):
    if not lists:
        yield []
        return
    for head in lists[0]:
        for rest in _product(lists[1:]):
            yield [head, *rest]


def _table(fmt, overrides):
    from tests.synthetic.numbers import request_metrics
    rows = {m: (0,) * 7 for m in request_metrics(fmt)}
    rows.update(overrides)
    return rows


def test_cells_that_agree_in_every_reading_are_read():
    a, b = (12, 1, 0, 0, 0, 0, 13), (1, 2, 10, 0, 0, 0, 13)
    total = tuple(x + y for x, y in zip(a, b, strict=True))
    rows = _table("v2019", {"requests.outcome.disclosed": a, "requests.outcome.other": b,
                            "requests.outcome.total": total, "requests.new_received": total})
    cands = {m: [v] for m, v in rows.items()}
    cands["requests.outcome.disclosed"] = cands["requests.outcome.other"] = [a, b]
    got = resolve("v2019", cands)
    assert got["requests.outcome.disclosed"] == (None, None, None, 0, 0, 0, 13)


def test_column_identities_resolve_a_single_ambiguous_row():
    row = (12, 1, 0, 0, 0, 0, 13)
    rows = _table("v2019", {"requests.new_received": row, "requests.outcome.disclosed": row,
                            "requests.outcome.total": row})
    cands = {m: [v] for m, v in rows.items()}
    cands["requests.outcome.disclosed"] = candidates(["121000013"])
    assert len(cands["requests.outcome.disclosed"]) == 2
    assert resolve("v2019", cands)["requests.outcome.disclosed"] == row


def test_an_ambiguous_pair_stays_ambiguous():
    rng = random.Random(1)
    for _ in range(20):
        a, b = ambiguous_pair(rng)
        assert a != b and "".join(map(str, a)) == "".join(map(str, b))
        total = tuple(x + y for x, y in zip(a, b, strict=True))
        rows = _table("v2021", {
            "requests.outcome.disclosed": a, "requests.outcome.unable.not_held": b,
            "requests.outcome.total": total, "requests.new_received": total})
        forced = ("requests.outcome.disclosed", "requests.outcome.unable.not_held")
        _, ambiguous = plan_table(rng, "v2021", rows, p_join=0.0, forced=forced)
        differ = {c for c in range(7) if a[c] != b[c]}
        assert len(differ) >= 2
        assert ambiguous == {(m, c) for m in forced for c in differ}


def test_run_together_reports_mark_ambiguous_rows_in_the_truth():
    seen = 0
    for seed in range(40):
        rep = generate_report(seed, fmt="v2021", layout="run_together", html=False)
        amb = [r for r in rep.truth if r["qualifier"] == "ambiguous"]
        assert {(r["metric"], r["applicant_type"]) for r in amb} == set(rep.ambiguous)
        assert all(r["value"] is None for r in amb) and len(amb) == len(rep.ambiguous)
        seen += bool(amb)
    assert seen >= 5


# ---------------------------------------------------------------- corpora

def test_write_corpus_is_deterministic(tmp_path):
    a = write_corpus(tmp_path / "a", 25, seed=7)
    b = write_corpus(tmp_path / "b", 25, seed=7)
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 25
    assert all(p.read_bytes() == q.read_bytes() for p, q in zip(a, b, strict=True))
    assert a[0].name.startswith("00000_")


def test_iter_corpus_mix():
    reps = list(iter_corpus(40, seed=2, mix={"fmt": "v2019", "html": True, "broken": 1.0}))
    assert {r.fmt for r in reps} == {"v2019"} and all(r.html for r in reps)
    assert all(r.broken in BREAKABLE["v2019"] for r in reps)
    mixed = list(iter_corpus(300, seed=2))
    assert {r.fmt for r in mixed} == {"pre2019", "v2019", "v2021"}
    layouts = {"cells", "pipes", "spaces", "run_together", "prose", "table"}
    assert {r.layout for r in mixed} >= layouts
    assert {r.encoding for r in mixed} == set(ENCODINGS)
