"""The quality gate end to end: load -> dbt build -> GX checkpoint -> dbt build tag:quality.

One warehouse is built per module from synthetic staging rows (tests/quality/cases.py: a
report breaking each identity, reports with blanks) and, where the parser is available, the
seed reports 003 and 004 and seed 004 with two natural-person cells exchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from expectations.checkpoint import QualitySummary, run_checkpoint
from expectations.suites import identities
from flows.dbt_build import dbt_build
from flows.load import load_results
from loaders.rows import ParseResult
from tests.quality.cases import NP, blank_cases, break_cases, one_report
from tests.quality.factory import request_rows

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")
ERRORS = {i.name for i in identities() if i.severity == "error"}
CASES = break_cases()
BLANKS = blank_cases()
CLEAN = [one_report(f"clean_{year}", year) for year in (2012, 2017, 2019, 2020, 2021, 2023)]


@dataclass(frozen=True, slots=True)
class Built:
    """The warehouse of this module and what its checkpoint run returned."""

    path: Path
    summary: QualitySummary
    seeds: dict[str, str]  # name -> report_id of parsed seed reports ('' when not parsed)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with duckdb.connect(str(self.path)) as con:
            return con.execute(sql, list(params)).fetchall()

    def checks(self, report_id: str, status: str | None = None) -> list[tuple]:
        """(identity, scope, left, right, difference, severity, status) of a report."""
        sql = """select identity, scope, left_value, right_value, difference, severity, status
                 from quality.identity_checks where report_id = ?"""
        rows = self.query(sql, report_id)
        return [r for r in rows if status is None or r[6] == status]


def _swap_004(text: str) -> str:
    """Seed 004 with the natural-person cells of 予以公开 and 部分公开 exchanged."""
    def first_cell(label: str) -> re.Match[str]:
        match = re.compile(re.escape(label) + r"[^\n]*\n\s*\n(\d+)\n").search(text)
        assert match, label
        return match
    a, b = first_cell("(一)予以公开"), first_cell("(二)部分公开")
    assert a.group(1) != b.group(1)
    chars = list(text)
    chars[b.start(1):b.end(1)] = a.group(1)
    chars[a.start(1):a.end(1)] = b.group(1)
    return "".join(chars)


def _seed_results() -> dict[str, ParseResult]:
    """Seeds 003, 004 and 004 swapped, parsed; empty when the parser is not there yet."""
    try:
        from loaders.parse import parse_bytes
    except ImportError:
        return {}
    text_004 = (SEEDS / "004_a26e816a49efbc48.txt").read_text(encoding="utf-8")
    results = {
        "003": parse_bytes((SEEDS / "003_d7e4656ea917418d.txt").read_bytes(), "seeds/003.txt"),
        "004": parse_bytes(text_004.encode(), "seeds/004.txt"),
        "004_swapped": parse_bytes(_swap_004(text_004).encode(), "seeds/004_swapped.txt"),
    }
    for name, result in results.items():
        assert result.report is not None, (name, result.reject)
    return results


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    path = tmp_path_factory.mktemp("quality") / "ogi.duckdb"
    synthetic = [r for case in CASES.values() for r in case.reports]
    synthetic += [*BLANKS.values(), *CLEAN]
    seeds = _seed_results()
    load_results([*(r.to_result() for r in synthetic), *seeds.values()], path,
                 resolve_regions=False)
    dbt_build(path, exclude="tag:quality", quiet=True)
    summary = run_checkpoint(path, path.parent / "data_docs")
    dbt_build(path, select="tag:quality", quiet=True)
    yield Built(path, summary, {n: r.report.report_id for n, r in seeds.items() if r.report})


def test_every_identity_has_a_case() -> None:
    assert set(CASES) == {i.name for i in identities()}


@pytest.mark.parametrize("identity", sorted(CASES))
def test_each_expectation_can_fail(built: Built, identity: str) -> None:
    case = CASES[identity]
    failed = built.checks(case.broken.report_id, "failed")
    assert {f[0] for f in failed} == {identity}
    assert {f[1] for f in failed} == case.scopes
    severity = "error" if identity in ERRORS else "warning"
    assert {f[5] for f in failed} == {severity}
    assert all(f[4] != 0 and f[2] is not None and f[3] is not None for f in failed)


def test_broken_reports_stay_in_the_warehouse_flagged(built: Built) -> None:
    """dim_report (the warehouse engineer's) reads the checks: error -> broken, else warning."""
    for case in CASES.values():
        rid = case.broken.report_id
        status = built.query("select quality_status from marts.dim_report where report_id = ?",
                             rid)
        assert status == [("broken" if case.identity in ERRORS else "warning",)], case.identity
    rid = CASES["applicant_sum"].broken.report_id
    facts = built.query("select count(*) from marts.fct_request_outcomes where report_id = ?",
                        rid)
    assert facts[0][0] > 0


def test_consistent_reports_pass(built: Built) -> None:
    """Consistent reports of every format (with negative 本年增/减) break nothing."""
    for rep in CLEAN:
        checks = built.checks(rep.report_id)
        assert checks, rep.format
        assert {c[6] for c in checks} == {"passed"}, rep.format
    legacy = {c[0] for c in built.checks(CLEAN[0].report_id)}
    assert ERRORS - legacy == {"flow_balance", "applicant_sum", "outcome_sum_2019",
                               "outcome_sum_2021", "review_sum", "litigation_direct_sum",
                               "litigation_after_review_sum"}


def test_carry_chain_passes_across_years(built: Built) -> None:
    first = CASES["carry_chain"].reports[0]
    assert not [c for c in built.checks(first.report_id) if c[0] == "carry_chain"]
    chain = {c[1]: c[6] for c in built.checks(CASES["carry_chain"].broken.report_id)
             if c[0] == "carry_chain"}
    assert len(chain) == 7
    assert {s for s, status in chain.items() if status == "passed"} == set(chain) - {NP, "total"}


def _status(built: Built, report: str, identity: str) -> dict[str, str]:
    return {c[1]: c[6] for c in built.checks(BLANKS[report].report_id) if c[0] == identity}


def test_blank_total_column_is_not_checkable(built: Built) -> None:
    sums = _status(built, "total_column_blank", "applicant_sum")
    assert set(sums) == set(request_rows("v2019"))
    assert set(sums.values()) == {"not_checkable"}
    assert _status(built, "total_column_blank", "flow_balance")["total"] == "not_checkable"
    assert _status(built, "total_column_blank", "flow_balance")[NP] == "passed"
    assert not built.checks(BLANKS["total_column_blank"].report_id, "failed")


def test_blank_aggregate_cell_is_not_filled_not_zero(built: Built) -> None:
    """A blank （七）总计 cell leaves its column's sums open instead of breaking them."""
    assert _status(built, "blank_outcome_total", "flow_balance")[NP] == "not_checkable"
    assert _status(built, "blank_outcome_total", "outcome_sum_2019")[NP] == "not_checkable"
    assert _status(built, "blank_outcome_total", "applicant_sum")["requests.outcome.total"] == (
        "not_checkable")
    assert _status(built, "blank_outcome_total", "flow_balance")["total"] == "passed"
    assert not built.checks(BLANKS["blank_outcome_total"].report_id, "failed")


def test_blanks_inside_a_printed_table_count_as_zero(built: Built) -> None:
    """Seed 002's shape: a blank column is not checkable, a blank part beside zeros is zero."""
    flow = _status(built, "zero_report", "flow_balance")
    assert flow["legal_service_org"] == "not_checkable"
    assert flow["social_welfare_org"] == "passed"
    sums = _status(built, "zero_report", "applicant_sum")
    assert sums.pop("requests.outcome.total") == "not_checkable"  # blank 总计-row cell
    assert set(sums.values()) == {"passed"}
    assert not built.checks(BLANKS["zero_report"].report_id, "failed")


def test_2021_table_printing_the_single_2019_other_row_is_checked(built: Built) -> None:
    """outcome_sum_2021 reads the three （六） sub-rows, or the single 2019 （六）其他处理 row a
    2021-format table may print instead; with neither, the sub-rows are missing. And
    outcome_sum_2019 reads the three 2021 sub-rows a 2019-format table may print."""
    assert set(_status(built, "single_other_2021", "outcome_sum_2021").values()) == {"passed"}
    off = _status(built, "single_other_2021_off", "outcome_sum_2021")
    assert {scope for scope, status in off.items() if status == "failed"} == {NP, "total"}
    rid = BLANKS["single_other_2021_off"].report_id
    (row,) = built.query(
        """select left_value, right_value, difference from quality.identity_checks
           where report_id = ? and identity = 'outcome_sum_2021' and scope = ?""", rid, NP)
    assert row[2] == -1 and row[1] == row[0] + 1
    none = _status(built, "no_other_2021", "outcome_sum_2021")
    assert set(none.values()) == {"not_checkable"} and len(none) == 7
    (detail,) = built.query(
        """select detail from intermediate.int_identity_terms
           where report_id = ? and identity = 'outcome_sum_2021' and scope = ?""",
        BLANKS["no_other_2021"].report_id, NP)
    assert detail[0].startswith("not printed: requests.outcome.other.no_correction@")
    split = _status(built, "split_other_2019", "outcome_sum_2019")
    assert set(split.values()) == {"passed"} and len(split) == 7


def test_missing_ambiguous_and_approximate_terms_are_not_checkable(built: Built) -> None:
    assert _status(built, "missing_row", "flow_balance")[NP] == "not_checkable"
    assert _status(built, "missing_row", "applicant_sum")["requests.carried_over_out"] == (
        "not_checkable")
    assert _status(built, "ambiguous", "review_sum") == {"report": "not_checkable"}
    assert _status(built, "approximate", "legacy_received_channels") == {
        "report": "not_checkable"}
    assert _status(built, "six_channels", "legacy_received_channels") == {"report": "passed"}
    detail = built.query("""select detail from quality.identity_checks where report_id = ?
        and identity = 'flow_balance' and scope = ?""", BLANKS["missing_row"].report_id, NP)
    assert "not printed: requests.carried_over_out@natural_person" in detail[0][0]


def test_not_checkable_rows_have_no_verdict(built: Built) -> None:
    rows = built.query("""select count(*) from quality.identity_checks where
        (status = 'not_checkable') <> (passed is null)
        or (status = 'not_checkable') <> (difference is null)""")
    assert rows == [(0,)]


def test_gx_verdicts_match_the_arithmetic(built: Built) -> None:
    """Every check GX failed breaks its comparison in SQL terms, and no other does."""
    rows = built.query("""select count(*) from quality.identity_checks as q
        join intermediate.int_identity_terms as t using (report_id, identity, scope)
        where q.status <> 'not_checkable' and (q.status = 'failed') <> case t.comparison
            when 'equal' then t.difference <> 0
            when 'at_most' then t.difference > 0
            else t.difference < 0 end""")
    assert rows == [(0,)]


def test_summary_and_data_docs(built: Built) -> None:
    s = built.summary
    broken = {c.broken.report_id for c in CASES.values() if c.identity in ERRORS}
    assert s.reports_broken >= len(broken)
    assert s.broken >= len(broken) and s.warned >= 3 and s.not_checkable > 0
    assert s.checks == s.passed + s.broken + s.warned + s.not_checkable
    assert not s.success
    assert s.data_docs_index.is_file()
    assert len(list(s.data_docs_index.parent.glob("validations/*/*/*/*.html"))) == 4


def test_rerun_replaces_rows(built: Built) -> None:
    before = built.query("select count(*) from quality.identity_checks")
    again = run_checkpoint(built.path, built.path.parent / "data_docs")
    assert built.query("select count(*) from quality.identity_checks") == before
    assert again.checks == built.summary.checks and again.broken == built.summary.broken
    dupes = built.query("""select count(*) from (select report_id, identity, scope
        from quality.identity_checks group by all having count(*) > 1)""")
    assert dupes == [(0,)]


def test_identity_breaks_in_words(built: Built) -> None:
    rows = built.query("""select scope, scope_zh, left_rows_zh, right_rows_zh, left_value,
        right_value, difference, severity, agency, year, source from marts.identity_breaks
        where report_id = ? order by scope""", CASES["applicant_sum"].broken.report_id)
    assert [r[0] for r in rows] == ["requests.outcome.disclosed",
                                    "requests.outcome.partially_disclosed"]
    _scope, scope_zh, left, right, lv, rv, diff, severity, agency, year, source = rows[0]
    assert scope_zh == "（一）予以公开"
    assert left == "（一）予以公开（总计）"
    assert right.startswith("（一）予以公开（自然人） + （一）予以公开（商业企业）")
    assert lv - rv == diff == -1 and severity == "error"
    assert agency == "break_applicant_sum县" and year == 2020 and source.endswith(".txt")
    n_breaks = built.query("select count(*) from marts.identity_breaks")
    n_failed = built.query("select count(*) from quality.identity_checks where not passed")
    assert n_breaks == n_failed


def test_suites_and_model_agree_on_identities(built: Built) -> None:
    rows = built.query("""select distinct identity, family, comparison, severity
        from intermediate.int_identity_terms""")
    expected = {(i.name, i.family, i.comparison, i.severity) for i in identities()}
    assert set(rows) == expected


def _seed(built: Built, name: str) -> str:
    if not built.seeds:
        pytest.skip("loaders.parse is not available yet")
    return built.seeds[name]


@pytest.mark.parametrize("name", ["003", "004"])
def test_seed_reports_pass_every_error_identity(built: Built, name: str) -> None:
    checks = built.checks(_seed(built, name))
    errors = [c for c in checks if c[5] == "error"]
    assert errors and not [c for c in errors if c[6] == "failed"]
    fmt_errors = {i.name for i in identities() if i.severity == "error"
                  and (i.formats == "all" or ("pre2019" if name == "003" else "v2019")
                       in i.formats.split("|"))}
    assert {c[0] for c in errors if c[6] == "passed"} == fmt_errors


def test_seed_003_prose_disagreement_is_a_warning(built: Built) -> None:
    warned = built.checks(_seed(built, "003"), "failed")
    assert [(c[0], c[1], c[2], c[3]) for c in warned] == [
        ("text_vs_table", "legacy.litigation.other", 3.0, 1.0)]


def test_seed_004_swapped_breaks_only_the_row_totals(built: Built) -> None:
    rid = _seed(built, "004_swapped")
    failed = sorted(built.checks(rid, "failed"))
    assert [(c[0], c[1], c[2], c[3], c[4]) for c in failed] == [
        ("applicant_sum", "requests.outcome.disclosed", 3.0, 1.0, 2.0),
        ("applicant_sum", "requests.outcome.partially_disclosed", 1.0, 3.0, -2.0),
    ]
    facts = built.query("select count(*) from marts.fct_request_outcomes where report_id = ?",
                        rid)
    assert facts[0][0] > 0
    status = built.query("select quality_status from marts.dim_report where report_id = ?", rid)
    assert status == [("broken",)]
