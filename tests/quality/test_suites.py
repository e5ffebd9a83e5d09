"""The committed GX project matches expectations/suites.py and covers every identity."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from expectations.suites import (
    CHECKPOINT,
    FAMILIES,
    PROJECT_DIR,
    SUITE_PREFIX,
    build_suites,
    identities,
)

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "identities.csv"


def _committed(family: str) -> dict:
    path = PROJECT_DIR / "expectations" / f"{SUITE_PREFIX}{family}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _comparable(expectation: dict) -> dict:
    return {k: v for k, v in expectation.items() if k not in ("id", "rendered_content")}


def test_every_identity_is_one_expectation() -> None:
    names = [i.name for i in identities()]
    assert len(names) == len(set(names)) == sum(len(v) for v in FAMILIES.values())
    seen = [e["meta"]["identity"] for f in FAMILIES for e in _committed(f)["expectations"]]
    assert sorted(seen) == sorted(names)


def test_severity_follows_the_contract() -> None:
    for family in FAMILIES:
        for expectation in _committed(family)["expectations"]:
            contract = expectation["meta"]["severity"]
            assert expectation["severity"] == {"error": "critical", "warning": "warning"}[
                contract]


def test_committed_suites_match_the_code() -> None:
    """Regenerate with `.venv/bin/python -m expectations.suites` when this fails."""
    for family, suite in build_suites().items():
        built = [_comparable(e.configuration.to_json_dict()) for e in suite.expectations]
        committed = [_comparable(e) for e in _committed(family)["expectations"]]
        assert built == committed, family


def test_checkpoint_runs_every_suite() -> None:
    checkpoint = json.loads((PROJECT_DIR / "checkpoints" / f"{CHECKPOINT}.json").read_text())
    assert [v["name"] for v in checkpoint["validation_definitions"]] == [
        SUITE_PREFIX + f for f in FAMILIES]
    assert checkpoint["result_format"] == {
        "result_format": "COMPLETE", "exclude_unexpected_values": True}


def test_bundled_identities_are_the_contract() -> None:
    if not SPEC.exists():
        return
    with SPEC.open(encoding="utf-8", newline="") as fh:
        spec = {(r["identity"], r["severity"]) for r in csv.DictReader(fh)}
    assert {(i.name, i.severity) for i in identities()} == spec
