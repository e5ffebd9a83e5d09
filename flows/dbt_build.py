"""Run `dbt build` / `dbt docs generate` in-process with `dbt.cli.main.dbtRunner`.

The project root holds dbt_project.yml; profiles/profiles.yml reads the DuckDB path from the
environment variable OGI_WAREHOUSE, which these functions set for the duration of the call.
dbt's target directory (manifest, run results, docs) and logs go beside the warehouse file,
so warehouses built side by side do not share state.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROFILES_DIR = PROJECT_ROOT / "profiles"
WAREHOUSE_ENV = "OGI_WAREHOUSE"
DEFAULT_WAREHOUSE = Path("warehouse/ogi.duckdb")  # relative to the working directory
_FAILED = frozenset({"error", "fail", "runtime error"})


class DbtBuildError(RuntimeError):
    """A dbt command failed; `failures` names the failing nodes with dbt's message."""

    def __init__(self, command: Sequence[str], failures: list[str], skipped: int = 0) -> None:
        self.command = list(command)
        self.failures = failures
        self.skipped = skipped
        lines = "\n".join(f"  - {failure}" for failure in failures) or "  (no node reported)"
        tail = f"\n  ({skipped} downstream nodes skipped)" if skipped else ""
        super().__init__(f"`dbt {' '.join(command)}` failed:\n{lines}{tail}")


@dataclass(slots=True)
class DbtRunSummary:
    """Outcome of a successful dbt command."""

    command: list[str]
    target_path: Path
    seconds: float
    statuses: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def resolve_warehouse(warehouse: str | Path | None = None) -> Path:
    """The warehouse file, absolute: the argument, else $OGI_WAREHOUSE, else
    warehouse/ogi.duckdb; relative paths are taken from the working directory, as
    flows/load.py does."""
    chosen = warehouse or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE
    return Path(chosen).resolve()


def target_path_for(warehouse: str | Path | None = None) -> Path:
    """dbt's target directory for a warehouse: `<warehouse dir>/target`."""
    return resolve_warehouse(warehouse).parent / "target"


def dbt_build(
    warehouse: str | Path | None = None,
    *,
    select: str | Sequence[str] | None = None,
    exclude: str | Sequence[str] | None = None,
    docs: bool = False,
    threads: int | None = None,
    quiet: bool = False,
    unit_tests: bool = True,
) -> DbtRunSummary:
    """`dbt build [--select ...] [--exclude ...]`, then `dbt docs generate` if `docs`.

    `unit_tests=False` leaves out dbt's unit tests: they check the models' SQL on fixed
    fixtures, not the data, so a run over new data learns nothing from them (the flow skips
    them; the test suite runs them). Raises DbtBuildError naming the failing nodes.
    """
    args = ["build", *_selection("--select", select), *_selection("--exclude", exclude)]
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    if threads:
        args += ["--threads", str(threads)]
    summary = run_dbt(args, warehouse, quiet=quiet)
    if docs:
        dbt_docs_generate(warehouse, quiet=quiet)
    return summary


def dbt_docs_generate(warehouse: str | Path | None = None, *, quiet: bool = False) -> Path:
    """`dbt docs generate`; returns the target directory holding index.html and catalog.json."""
    return run_dbt(["docs", "generate"], warehouse, quiet=quiet).target_path


def run_dbt(
    args: Sequence[str], warehouse: str | Path | None = None, *, quiet: bool = False
) -> DbtRunSummary:
    """Run one dbt command against `warehouse` from the project root."""
    from dbt.cli.main import dbtRunner

    path = resolve_warehouse(warehouse)
    target = target_path_for(path)
    command = [
        *args,
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(PROFILES_DIR),
        "--target-path", str(target),
        "--log-path", str(path.parent / "logs"),
    ]
    if quiet:
        command.insert(0, "--quiet")
    started = time.perf_counter()
    with _environment(WAREHOUSE_ENV, str(path)):
        try:
            result = dbtRunner().invoke(command)
        finally:
            release_duckdb()
    node_results = _node_results(result.result)
    if not result.success:
        raise _build_error(list(args), result.exception, node_results)
    return DbtRunSummary(
        command=list(args),
        target_path=target,
        seconds=time.perf_counter() - started,
        statuses=_count_statuses(node_results),
        warnings=[_describe(r) for r in node_results if _status(r) == "warn"],
    )


def release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a command.

    Without this the file stays locked: another process cannot write it (the GX checkpoint,
    the loader) and this one cannot open it read-only.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager as manager

    with manager._LOCK:
        environment, manager._ENV = manager._ENV, None
    if environment is not None:
        environment.close()
    gc.collect()


def _selection(flag: str, value: str | Sequence[str] | None) -> list[str]:
    if not value:
        return []
    return [flag, *([value] if isinstance(value, str) else value)]


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def _node_results(execution: Any) -> list[Any]:
    return list(getattr(execution, "results", None) or [])


def _status(node_result: Any) -> str:
    return str(getattr(node_result.status, "value", node_result.status)).lower()


def _describe(node_result: Any) -> str:
    node = getattr(node_result, "node", None)
    name = getattr(node, "unique_id", None) or "?"
    message = (getattr(node_result, "message", None) or "").strip().splitlines()
    return f"{name}: {message[0] if message else _status(node_result)}"


def _count_statuses(node_results: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node_result in node_results:
        counts[_status(node_result)] = counts.get(_status(node_result), 0) + 1
    return counts


def _build_error(
    args: list[str], exception: BaseException | None, node_results: list[Any]
) -> DbtBuildError:
    failures = [_describe(r) for r in node_results if _status(r) in _FAILED]
    if exception is not None:
        failures.append(f"{type(exception).__name__}: {exception}")
    skipped = sum(1 for r in node_results if _status(r) == "skipped")
    return DbtBuildError(args, failures, skipped)
