"""The metric catalog of shared/spec, as bundled in the project's dbt seeds."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import loaders

# From the package's __init__.py, which stays a source file (a compiled module's __file__
# is in build/compiled/, loaders.compiled).
SEEDS_DIR = Path(loaders.__file__).resolve().parent.parent / "seeds"

# The 7 applicant columns of table 三, in printed order.
APPLICANT_TYPES: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
FORMATS: tuple[str, ...] = ("pre2019", "v2019", "v2021")


@dataclass(frozen=True, slots=True)
class Metric:
    """One row of metrics.csv."""

    code: str
    section: str
    formats: tuple[str, ...]
    label_zh: str
    unit: str
    by_applicant: bool


@cache
def metrics() -> dict[str, Metric]:
    """Every metric code of the contract, keyed by code."""
    with (SEEDS_DIR / "metrics.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["metric"]: Metric(
                code=r["metric"],
                section=r["section"],
                formats=tuple(r["formats"].split("|")),
                label_zh=r["label_zh"],
                unit=r["unit"],
                by_applicant=r["by_applicant"] == "yes",
            )
            for r in csv.DictReader(fh)
        }


def metric(code: str) -> Metric:
    """The catalog entry for `code`; KeyError names the unknown code."""
    try:
        return metrics()[code]
    except KeyError:
        raise KeyError(f"metric code {code!r} is not in seeds/metrics.csv") from None
