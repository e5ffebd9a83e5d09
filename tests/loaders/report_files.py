"""Where the test reports are: the fixture copies, else shared/ beside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
SHARED = Path(__file__).parents[2].parent / "shared"


def report_path(name: str) -> Path:
    """The report file `name`, preferring tests/fixtures/reports over shared/."""
    for folder in (FIXTURES, SHARED / "seeds", SHARED / "samples"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{name}: neither in {FIXTURES} nor in {SHARED}")
