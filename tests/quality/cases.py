"""Synthetic reports for the quality tests: one that breaks each identity, and blank cases.

`BREAKS[identity]` builds the reports of one case (the last one is the report that breaks
`identity`, and only it) and names the scopes where it breaks. The changes keep every other
identity true: a cell moved in one applicant column is moved in the total column too, and
what one side gains the other side of the same identity gains as well.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tests.quality.factory import SynthReport, agency_series, make_report, report_id

NP = "natural_person"


@dataclass(frozen=True, slots=True)
class Case:
    """Reports to load; the last breaks `identity` exactly in `scopes`."""

    identity: str
    reports: list[SynthReport]
    scopes: frozenset[str]

    @property
    def broken(self) -> SynthReport:
        return self.reports[-1]


def one_report(name: str, year: int) -> SynthReport:
    """A consistent report of its own agency, reproducible from `name`."""
    rep, _ = make_report(random.Random(name), report_id(name), f"{name}县", year)
    return rep


def _bump(metric: str, year: int = 2020) -> Callable[[str], SynthReport]:
    def build(name: str) -> SynthReport:
        rep = one_report(name, year)
        rep.set(metric, None, (rep.get(metric) or 0) + 1)
        return rep
    return build


def _flow_balance(name: str) -> SynthReport:
    rep = one_report(name, 2020)
    rep.shift(NP, {"requests.new_received": 1})
    return rep


def _applicant_sum(name: str) -> SynthReport:
    """Seed 004's case: two cells of one column exchanged, so only the row totals break."""
    rep = one_report(name, 2020)
    rep.shift(NP, {"requests.outcome.partially_disclosed": 1, "requests.outcome.total": 1,
                   "requests.new_received": 1})
    disclosed = rep.get("requests.outcome.disclosed", NP) or 0
    rep.set("requests.outcome.disclosed", NP, disclosed + 1)
    partial = rep.get("requests.outcome.partially_disclosed", NP) or 0
    rep.set("requests.outcome.partially_disclosed", NP, partial - 1)
    return rep


def _outcome_sum(year: int) -> Callable[[str], SynthReport]:
    def build(name: str) -> SynthReport:
        rep = one_report(name, year)
        rep.shift(NP, {"requests.outcome.total": 1, "requests.new_received": 1})
        return rep
    return build


def _legacy_subset(name: str) -> SynthReport:
    rep = one_report(name, 2016)
    rep.set("legacy.proactive.normative_docs_published", None,
            (rep.get("legacy.proactive.items") or 0) + 1)
    return rep


def _non_negative(name: str) -> SynthReport:
    rep = one_report(name, 2020)
    rep.set("proactive.penalty.decisions", None, -5)
    return rep


def _text_vs_table(name: str) -> SynthReport:
    rep = one_report(name, 2017)
    table = rep.get("legacy.litigation.other") or 0
    rep.state("legacy.litigation.other", table, table + 2)
    return rep


def _carry_chain(name: str) -> list[SynthReport]:
    reports = list(agency_series(random.Random(name), f"{name}县", range(2020, 2022), name))
    reports[-1].shift(NP, {"requests.carried_over_in": 1, "requests.outcome.disclosed": 1,
                           "requests.outcome.total": 1})
    return reports


SINGLE: dict[str, tuple[Callable[[str], SynthReport], set[str]]] = {
    "flow_balance": (_flow_balance, {NP, "total"}),
    "applicant_sum": (_applicant_sum, {"requests.outcome.disclosed",
                                       "requests.outcome.partially_disclosed"}),
    "outcome_sum_2019": (_outcome_sum(2020), {NP, "total"}),
    "outcome_sum_2021": (_outcome_sum(2022), {NP, "total"}),
    "review_sum": (_bump("review.upheld"), {"report"}),
    "litigation_direct_sum": (_bump("litigation_direct.other"), {"report"}),
    "litigation_after_review_sum": (_bump("litigation_after_review.pending", 2021), {"report"}),
    "legacy_received_channels": (_bump("legacy.requests.received.fax", 2015), {"report"}),
    "legacy_closed_split": (_bump("legacy.requests.closed.extended", 2015), {"report"}),
    "legacy_answered_sum": (_bump("legacy.requests.answered.agreed", 2014), {"report"}),
    "legacy_refused_reasons": (_bump("legacy.requests.answered.refused.privacy", 2013),
                               {"report"}),
    "legacy_review_sum": (_bump("legacy.review.corrected", 2012), {"report"}),
    "legacy_litigation_sum": (_bump("legacy.litigation.upheld", 2011), {"report"}),
    "legacy_staff_sum": (_bump("legacy.capacity.staff_parttime", 2010), {"report"}),
    "legacy_subset": (_legacy_subset, {"legacy.proactive.normative_docs_published"}),
    "non_negative": (_non_negative, {"proactive.penalty.decisions"}),
    "text_vs_table": (_text_vs_table, {"legacy.litigation.other"}),
}


def break_cases() -> dict[str, Case]:
    """One case per identity of identities.csv."""
    cases = {
        identity: Case(identity, [build(f"break_{identity}")], frozenset(scopes))
        for identity, (build, scopes) in SINGLE.items()
    }
    cases["carry_chain"] = Case("carry_chain", _carry_chain("break_carry_chain"),
                                frozenset({NP, "total"}))
    return cases


def blank_cases() -> dict[str, SynthReport]:
    """Reports whose blanks, missing rows or inexact figures leave some checks open."""
    cases = {name: one_report(f"blank_{name}", year) for name, year in (
        ("total_column_blank", 2020), ("zero_report", 2019), ("missing_row", 2021),
        ("ambiguous", 2020), ("approximate", 2016), ("six_channels", 2012),
        ("blank_outcome_total", 2020), ("single_other_2021", 2022),
        ("single_other_2021_off", 2022), ("no_other_2021", 2022), ("split_other_2019", 2020))}
    for (metric, col) in list(cases["total_column_blank"].cells):
        if col == "total" and metric.startswith("requests."):
            cases["total_column_blank"].set(metric, col, None)
    _zero_report(cases["zero_report"])
    cases["blank_outcome_total"].set("requests.outcome.total", NP, None)
    cases["missing_row"].drop("requests.carried_over_out", NP)
    cases["ambiguous"].qualify("review.upheld", None, "ambiguous")
    cases["approximate"].qualify("legacy.requests.received", None, "more_than")
    for name in ("single_other_2021", "single_other_2021_off", "no_other_2021"):
        _single_other_row(cases[name], keep=name != "no_other_2021")
    _split_other_row(cases["split_other_2019"])
    off = cases["single_other_2021_off"]  # one more 其他处理 in the NP column (and total)
    for col in (NP, "total"):
        off.set("requests.outcome.other", col, (off.get("requests.outcome.other", col) or 0) + 1)
    six = cases["six_channels"]
    six.set("legacy.requests.received.email", None, 2)
    six.set("legacy.requests.received", None, (six.get("legacy.requests.received") or 0) + 2)
    return cases


def _single_other_row(rep: SynthReport, keep: bool) -> None:
    """A 2021-format table printing the single 2019 （六）其他处理 row instead of its three
    sub-rows (their sum), or (keep=False) printing neither."""
    subrows = [f"requests.outcome.other.{s}" for s in ("no_correction", "fee_unpaid", "other")]
    for metric, col in list(rep.cells):
        if metric == subrows[0]:
            total = sum(rep.get(m, col) or 0 for m in subrows)
            if keep:
                rep.set("requests.outcome.other", col, total)
    for metric, col in list(rep.cells):
        if metric in subrows:
            rep.drop(metric, col)


def _split_other_row(rep: SynthReport) -> None:
    """A 2019-format table printing the three 2021 sub-rows of （六）其他处理: the single
    row's figure under 3.其他, zeros beside it."""
    for metric, col in list(rep.cells):
        if metric == "requests.outcome.other":
            rep.set("requests.outcome.other.no_correction", col, 0)
            rep.set("requests.outcome.other.fee_unpaid", col, 0)
            rep.set("requests.outcome.other.other", col, rep.get(metric, col))
            rep.drop(metric, col)


def _zero_report(rep: SynthReport) -> None:
    """Seed 002's shape: no requests at all, zeros printed in some columns, blanks in others."""
    for metric, col in list(rep.cells):
        if metric.startswith("requests."):
            rep.set(metric, col, None if col == "legal_service_org" else 0.0)
    rep.set("requests.carried_over_in", "social_welfare_org", None)
