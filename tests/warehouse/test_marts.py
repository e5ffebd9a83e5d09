"""Load the seed reports and dbt build the warehouse once; check the marts.

Runs the flow's order: dbt build --exclude tag:quality, (GX checkpoint: here a hand-written
identity_checks row), dbt build --select tag:quality, docs generate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows.dbt_build import DbtBuildError, dbt_build, dbt_docs_generate
from flows.load import load_results
from tests.warehouse.handmade import seed_results


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"
    load_results(seed_results(), path)
    dbt_build(path, exclude="tag:quality", quiet=True)
    with duckdb.connect(str(path)) as con:  # stands in for the GX checkpoint
        con.execute(
            """insert into quality.identity_checks
               select report_id, 'legacy_litigation_sum', 'report', 20, 20, 0, 'error',
                      'passed', true, 'legacy.litigation.total = upheld + corrected + other'
               from raw.reports where format = 'pre2019'"""
        )
    dbt_build(path, select="tag:quality", quiet=True)
    dbt_docs_generate(path, quiet=True)
    return path


@pytest.fixture()
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


SEED_AGENCIES = ("57365线路检测中心", "桂东县")  # seeds 003 (2017) and 004 (2020)


def _outcome(con: duckdb.DuckDBPyConnection, agency: str, metric: str, applicant: str) -> tuple:
    return con.execute(
        """select value, mapping_quality from marts.fct_request_outcomes
           where agency = ? and metric = ? and applicant_type = ?""",
        [agency, metric, applicant],
    ).fetchone()


def test_seed_003_reaches_canonical_metrics_through_the_crosswalk(con) -> None:
    agency = SEED_AGENCIES[0]
    assert _outcome(con, agency, "requests.new_received", "total") == (233, "equivalent")
    assert _outcome(con, agency, "requests.outcome.disclosed", "total") == (122, "approximate")


def test_seed_004_keeps_its_native_figures(con) -> None:
    agency = SEED_AGENCIES[1]
    assert _outcome(con, agency, "requests.new_received", "natural_person") == (4, "native")
    assert _outcome(con, agency, "requests.outcome.disclosed", "total") == (3, "native")
    assert _outcome(con, agency, "requests.outcome.withheld", "total") == (0, "equivalent")


def test_both_years_side_by_side_in_agency_year(con) -> None:
    rows = con.execute(
        """select year, format, requests_received, requests_handled, disclosed,
                  requests_mapping_quality
           from marts.agency_year where agency_name in ? order by year""",
        [list(SEED_AGENCIES)],
    ).fetchall()
    assert rows == [
        (2017, "pre2019", 233, 233, 122, "approximate"),
        (2020, "v2019", 4, 4, 3, "equivalent"),  # withheld, unable: sums of printed rows
    ]


def test_refusals_across_counties_in_one_query(con) -> None:
    rows = con.execute(
        """select county, adcode, year, withheld, share_withheld
           from marts.agency_year where county is not null order by year"""
    ).fetchall()
    assert ("桂东县", "431027", 2020, 0, 0.0) in rows
    assert all(adcode and len(adcode) == 6 for _, adcode, *_ in rows)


def test_litigation_is_comparable_across_formats(con) -> None:
    rows = con.execute(
        """select year, value, mapping_quality, is_derived from marts.fct_review_litigation
           where metric = 'litigation_all.total' and agency in ? order by year""",
        [list(SEED_AGENCIES)],
    ).fetchall()
    assert rows == [(2017, 20, "approximate", False), (2020, 4, "equivalent", True)]


def test_request_flow_balances_for_seed_004(con) -> None:
    rows = con.execute(
        """select applicant_type, new_received, handled, flow_difference
           from marts.fct_request_flow where agency = ? and applicant_type = 'total'""",
        [SEED_AGENCIES[1]],
    ).fetchall()
    assert rows == [("total", 4, 4, 0)]


def test_proactive_columns_are_aligned(con) -> None:
    row = con.execute(
        """select normative_docs_issued, normative_docs_new_made, licensing_decisions,
                  licensing_change, alignment_quality
           from marts.fct_proactive_disclosure where agency = ?""",
        [SEED_AGENCIES[1]],
    ).fetchone()
    assert row == (19, 19, 56829, -57, "approximate")


def test_reports_carry_a_quality_status(con) -> None:
    rows = con.execute(
        """select year, is_quality_checked, quality_status from marts.dim_report
           where agency in ? order by year""",
        [list(SEED_AGENCIES)],
    ).fetchall()
    assert rows == [(2017, True, "ok"), (2020, False, "ok")]


def test_metric_hierarchy(con) -> None:
    parents = dict(con.execute(
        """select metric, parent_metric || ' @' || level from marts.dim_metric
           where metric in ('requests.outcome.withheld.state_secret', 'review.upheld',
                            'requests.new_received')"""
    ).fetchall())
    assert parents == {
        "requests.outcome.withheld.state_secret": "requests.outcome.withheld @3",
        "review.upheld": "review.total @2",
        "requests.new_received": None,
    }


def test_docs_are_generated(warehouse: Path) -> None:
    target = warehouse.parent / "target"
    assert (target / "catalog.json").stat().st_size > 0
    assert (target / "index.html").exists()


def test_prose_only_reports_keep_their_qualifiers(con) -> None:
    row = con.execute(
        """select p.legacy_items, p.has_qualified_figures, a.adcode, a.litigation_total
           from marts.fct_proactive_disclosure as p
           inner join marts.agency_year as a on p.report_id = a.report_id
           where p.agency = '龙山县城市管理行政执法局'"""
    ).fetchone()
    if row is None:
        pytest.skip("the parser cannot read seed 000 yet")
    assert row == (100, True, "433130", 3)


def test_a_failing_build_names_the_failing_nodes(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            """insert into raw.staging_rows select * replace ('no.such.metric' as metric)
               from raw.staging_rows limit 1"""
        )
    try:
        with pytest.raises(DbtBuildError) as failure:
            dbt_build(warehouse, select="stg_ogi__staging_rows", quiet=True)
    finally:
        with duckdb.connect(str(warehouse)) as con:
            con.execute("delete from raw.staging_rows where metric = 'no.such.metric'")
    assert any("relationships_stg_ogi__staging_rows_metric" in f for f in failure.value.failures)

