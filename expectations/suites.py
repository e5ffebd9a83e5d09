"""The GX 1.x file project under expectations/: one suite per table family, one checkpoint.

Every identity of shared/spec/identities.csv (bundled as seeds/identities.csv) is one
expectation on the compact frame of `int_identity_terms` (one row per report x identity x
scope): `difference` (left side minus right side) must be 0, at most 0 (`legacy_subset`) or at
least 0 (`non_negative`). Rows that are not checkable carry a null difference, which GX does
not evaluate. Warning identities get GX severity `warning`, error identities `critical`.

The JSON under expectations/{expectations,validation_definitions,checkpoints} is generated
from this module and committed; regenerate it after a change with

    .venv/bin/python -m expectations.suites

(tests/quality/test_suites.py fails while the committed JSON and this module disagree).
"""

from __future__ import annotations

import csv
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent
SEEDS_DIR = PROJECT_DIR.parent / "seeds"
DATASOURCE = "warehouse"
ASSET = "identity_terms"
BATCH = "all_reports"
CHECKPOINT = "identity_checks"
SITE = "local_site"
SUITE_PREFIX = "identities_"

# family -> identities, in the order of identities.csv; the comparison `difference` must meet
FAMILIES: dict[str, tuple[str, ...]] = {
    "requests": (
        "flow_balance", "applicant_sum", "outcome_sum_2019", "outcome_sum_2021", "carry_chain",
    ),
    "review_litigation": ("review_sum", "litigation_direct_sum", "litigation_after_review_sum"),
    "legacy": (
        "legacy_received_channels", "legacy_closed_split", "legacy_answered_sum",
        "legacy_refused_reasons", "legacy_review_sum", "legacy_litigation_sum",
        "legacy_staff_sum", "legacy_subset",
    ),
    "proactive_other": ("non_negative", "text_vs_table"),
}
COMPARISONS: dict[str, dict[str, float]] = {
    "equal": {"min_value": 0, "max_value": 0},
    "at_most": {"max_value": 0},
    "at_least_zero": {"min_value": 0},
}
COMPARISON_OF: dict[str, str] = {"legacy_subset": "at_most", "non_negative": "at_least_zero"}
ID_NAMESPACE = uuid.UUID("5f0b6f4e-6c1a-4d0e-9a53-0f1f8a3c2b10")


@dataclass(frozen=True, slots=True)
class Identity:
    """One row of identities.csv plus where and how the warehouse checks it."""

    name: str
    formats: str
    scope: str
    severity: str  # 'error' | 'warning', the contract's words
    rule: str
    family: str
    comparison: str


def identities() -> list[Identity]:
    """Every identity of the contract, with its family and comparison."""
    family_of = {name: fam for fam, names in FAMILIES.items() for name in names}
    with (SEEDS_DIR / "identities.csv").open(encoding="utf-8", newline="") as fh:
        return [
            Identity(
                name=r["identity"], formats=r["formats"], scope=r["scope"],
                severity=r["severity"], rule=r["rule"], family=family_of[r["identity"]],
                comparison=COMPARISON_OF.get(r["identity"], "equal"),
            )
            for r in csv.DictReader(fh)
        ]


def stable_id(*parts: str) -> str:
    """A uuid that stays the same across regenerations (keeps the committed JSON diff-free)."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def expectation_for(identity: Identity) -> Any:
    """The GX expectation of one identity, evaluated on that identity's rows only."""
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    return gx.expectations.ExpectColumnValuesToBeBetween(
        column="difference",
        row_condition=Column("identity") == identity.name,
        severity="warning" if identity.severity == "warning" else "critical",
        description=f"{identity.name} ({identity.scope}): {identity.rule}",
        meta={
            "identity": identity.name,
            "severity": identity.severity,
            "scope": identity.scope,
            "formats": identity.formats,
            "comparison": identity.comparison,
        },
        **COMPARISONS[identity.comparison],
    )


def build_suites() -> dict[str, Any]:
    """One ExpectationSuite per table family, keyed by family."""
    import great_expectations as gx

    by_family: dict[str, list[Identity]] = {family: [] for family in FAMILIES}
    for identity in identities():
        by_family[identity.family].append(identity)
    return {
        family: gx.ExpectationSuite(
            name=SUITE_PREFIX + family,
            expectations=[expectation_for(i) for i in members],
            meta={"family": family, "identities": [i.name for i in members]},
        )
        for family, members in by_family.items()
    }


def write_project(root: Path = PROJECT_DIR) -> None:
    """(Re)write the file project under `root`: data source, suites, validations, checkpoint."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for folder in ("expectations", "validation_definitions", "checkpoints"):
        shutil.rmtree(root / folder, ignore_errors=True)
    context = gx.get_context(mode="file", context_root_dir=str(root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.analytics_enabled = False
    sites = context.variables.data_docs_sites or {}
    sites[SITE]["show_how_to_buttons"] = False
    context.variables.data_docs_sites = sites
    context.variables.save()
    source = context.data_sources.add_or_update_pandas(name=DATASOURCE)
    asset = source.add_dataframe_asset(name=ASSET)
    batch = asset.add_batch_definition_whole_dataframe(BATCH)
    validations = []
    for family, suite in build_suites().items():
        suite = context.suites.add(suite)
        for expectation in suite.expectations:  # GX assigns random ids; keep them stable
            expectation.id = stable_id("expectation", expectation.meta["identity"])
        suite.save()
        validations.append(context.validation_definitions.add(
            gx.ValidationDefinition(name=SUITE_PREFIX + family, data=batch, suite=suite)
        ))
    context.checkpoints.add(gx.Checkpoint(
        name=CHECKPOINT,
        validation_definitions=validations,
        actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs", site_names=[SITE])],
        # every failing row's check_id, without the failing values themselves: the values
        # are in quality.identity_checks, and serialising them (a result per failure) into
        # the stored results and Data Docs took most of the checkpoint's time at scale
        result_format={"result_format": "COMPLETE", "exclude_unexpected_values": True},
    ))


if __name__ == "__main__":
    write_project()
    print(f"GX project written under {PROJECT_DIR}")
