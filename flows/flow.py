"""The Prefect 3 flow: discover -> parse -> load -> dbt build -> GX -> dbt quality -> publish.

    ogi run --input DIR --warehouse PATH [--prune] [--force] [--rebuild] [--workers N]
            [--dask-address tcp://HOST:PORT] [--lock-wait SECONDS]

Incremental: only files whose sha256 differs from the manifest `raw.files` are parsed; a run
with nothing to do stops after planning and leaves the published warehouse untouched.
Recoverable and safe for readers: the run builds in a private work copy and publishes it with
an atomic rename (flows/publish.py) under an exclusive lock (flows/lock.py).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import parallel, prefect_env
from flows.discover import InputFile, discover, input_root
from flows.ingest import IngestStats, Loader
from flows.lock import EXIT_LOCKED, WarehouseBusy, WarehouseLock, busy_message
from flows.manifest import ManifestRow, Plan, known_hashes, plan_run, read_manifest
from flows.parse_batch import ParsedBatch, parse_paths
from flows.progress import Progress
from flows.publish import (
    Workspace,
    check_work_copy,
    discard_work_copy,
    prepare_work_copy,
    publish,
)
from flows.summary import RunSummary, add_rejects, as_markdown, fill_from_warehouse, render
from loaders import compiled

QUALITY_TAG = "tag:quality"
EXIT_FAILED = 1
EXIT_USAGE = 2
NO_RESULTS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


@dataclass(slots=True)
class RunOptions:
    """The parameters of one run (the flow's parameters, and `ogi run`'s flags)."""

    input_dir: str = "sample"
    warehouse: str = "warehouse/ogi.duckdb"
    prune: bool = False
    force: bool = False
    rebuild: bool = False
    workers: int | None = None
    dask_address: str | None = None
    lock_wait: float = 0.0
    batch_size: int | None = None
    file_timeout: float = 60.0

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RunOptions:
        known = {k: v for k, v in vars(args).items() if k in cls.__dataclass_fields__}
        if "input" in vars(args):
            known["input_dir"] = args.input
        return cls(**{k: v for k, v in known.items() if v is not None})


# ---------------------------------------------------------------------------- tasks


@task(name="discover input files", retries=1, retry_delay_seconds=2, **NO_RESULTS)
def discover_files(
    root: Path, ws: Workspace, force: bool
) -> tuple[list[InputFile], dict[str, ManifestRow]]:
    """Read the published manifest; find the report files and fingerprint them."""
    started = time.perf_counter()
    manifest = read_manifest(ws.published)
    # --force parses every file, and a file the manifest lacks is parsed anyway: neither
    # needs hashing here (the parser hashes what it reads)
    files = discover(root, {} if force else known_hashes(manifest),
                     listed=() if force else manifest.keys())
    size = sum(f.size for f in files if f.size > 0) / 1e6
    get_run_logger().info(
        "found %s report files (%.1f MB) under %s in %.1f s",
        f"{len(files):,}", size, root, time.perf_counter() - started,
    )
    return files, manifest


@task(name="plan incremental load", **NO_RESULTS)
def plan_load(
    files: list[InputFile], manifest: dict[str, ManifestRow], root: Path, opts: RunOptions
) -> Plan:
    """Compare the files with the manifest of the published warehouse."""
    plan = plan_run(files, manifest, root, prune=opts.prune, force=opts.force)
    gone = f"{len(plan.missing):,} gone from the input" + (
        " (pruning them)" if opts.prune else " (kept; --prune removes them)"
    )
    get_run_logger().info(
        "to parse: %s new, %s changed, %s retried; %s unchanged (skipped); %s",
        f"{plan.new:,}", f"{plan.changed:,}", f"{plan.retried:,}", f"{plan.unchanged:,}", gone,
    )
    return plan


@task(name="prepare work copy", retries=1, retry_delay_seconds=2, **NO_RESULTS)
def prepare_work(ws: Workspace) -> None:
    """Copy the published warehouse into the private work area."""
    started = time.perf_counter()
    copied = prepare_work_copy(ws)
    get_run_logger().info(
        "work copy %s ready (%.1f MB copied in %.1f s)",
        ws.work_db, copied / 1e6, time.perf_counter() - started,
    )


@task(
    name="parse batch",
    task_run_name="parse files {index}/{total}",
    retries=1,
    **NO_RESULTS,
)
def parse_batch(sources: list[str], index: int, total: int, file_timeout: float) -> ParsedBatch:
    """Parse one batch of files (in the local process pool, or right here on a Dask worker)."""
    pool = parallel.current_pool()
    if pool is not None:
        return pool.run(parse_paths, sources, file_timeout)
    return parse_paths(sources, file_timeout)


@task(name="load parsed reports", **NO_RESULTS)
def load_parsed(
    futures: list[Any], files: int, ws: Workspace, plan: Plan, present: dict[str, str],
    timeout: float,
) -> IngestStats:
    """Load each parsed batch into the work copy as it arrives; prune; repair lost reports."""
    logger = get_run_logger()
    progress = Progress(files, logger, unit="files")
    with Loader(ws.work_db, ws.work_parquet, signatures=present) as loader:
        for future in parallel.completed(futures):
            batch = future.result()
            del future
            loader.load(batch)
            progress.advance(batch.files, extra=f"{loader.stats.reports:,} reports loaded")
        progress.done()
        _repair_lost(loader, present, timeout)
        loader.resign(plan.resign)
        if plan.prune and plan.missing:
            loader.prune(plan.missing)
            logger.info("pruned %s files gone from the input", f"{len(plan.missing):,}")
        stats = loader.finish()
    logger.info(
        "loaded %s reports (%s rows), %s rejects, %s replaced; %s agencies matched to regions",
        f"{stats.reports:,}", f"{stats.rows:,}", f"{stats.rejects:,}",
        f"{stats.replaced_reports:,}", f"{stats.agencies_resolved:,}",
    )
    return stats


def _repair_lost(loader: Loader, present: dict[str, str], timeout: float) -> None:
    """Parse again the files whose report a replacement removed (two files, one report)."""
    lost = loader.lost_reports(present)
    if lost:
        get_run_logger().info("re-parsing %s files whose shared report was replaced", len(lost))
        loader.load(parse_paths(lost, timeout))


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry IO trouble (a file lock, a full disk that was cleared), not failing models."""
    try:
        state.result()
    except OSError:
        return True
    except Exception as exc:
        return "IO Error" in str(exc) or "Could not set lock" in str(exc)
    return False


@task(name="dbt build models", retries=1, retry_delay_seconds=5, retry_condition_fn=_transient,
      **NO_RESULTS)
def dbt_models(ws: Workspace) -> dict[str, int]:
    """`dbt build --exclude tag:quality` on the work copy."""
    return _dbt(ws, exclude=QUALITY_TAG)


@task(name="dbt build quality models", retries=1, retry_delay_seconds=5,
      retry_condition_fn=_transient, **NO_RESULTS)
def dbt_quality(ws: Workspace) -> dict[str, int]:
    """`dbt build --select tag:quality`: the models that read the GX results."""
    return _dbt(ws, select=QUALITY_TAG)


def _dbt(ws: Workspace, **selection: str) -> dict[str, int]:
    from flows.dbt_build import dbt_build

    logger = get_run_logger()
    flags = " ".join(f"--{k} {v}" for k, v in selection.items())
    logger.info("running dbt build %s on the work copy (logs: %s)", flags, ws.work_dir / "logs")
    result = dbt_build(ws.work_db, quiet=True, unit_tests=False, **selection)
    logger.info("dbt %s: %s in %.1f s", " ".join(result.command), result.statuses, result.seconds)
    for warning in result.warnings:
        logger.warning("dbt warning: %s", warning)
    return result.statuses


@task(name="GX identity checks", retries=1, retry_delay_seconds=5, retry_condition_fn=_transient,
      **NO_RESULTS)
def identity_checks(ws: Workspace) -> str | None:
    """Run the GX checkpoint on the work copy; returns the Data Docs index (in the work area)."""
    logger = get_run_logger()
    try:
        from expectations.checkpoint import run_checkpoint
    except ImportError:
        logger.warning("expectations/checkpoint.py is not there yet: identity checks skipped")
        return None
    result = parallel.call_warm(run_checkpoint, ws.work_db, ws.work_docs)
    logger.info("GX checkpoint: %s", _describe(result))
    return _docs_index(result, ws.work_docs)


def _describe(result: Any) -> str:
    fields = getattr(result, "__dataclass_fields__", None)
    if not fields:
        return str(result)
    return ", ".join(f"{k}={getattr(result, k)}" for k in fields if not k.startswith("_"))[:400]


def _docs_index(result: Any, docs_dir: Path) -> str | None:
    """Where the Data Docs index is, relative to the docs folder."""
    for name in ("docs_index", "data_docs", "docs_path", "index"):
        value = getattr(result, name, None)
        if value:
            path = Path(str(value).removeprefix("file://"))
            if path.is_relative_to(docs_dir):
                return str(path.relative_to(docs_dir))
    found = sorted(docs_dir.rglob("index.html"), key=lambda p: len(p.parts))
    return str(found[0].relative_to(docs_dir)) if found else None


@task(name="check and publish warehouse", retries=1, retry_delay_seconds=2, **NO_RESULTS)
def check_and_publish(ws: Workspace) -> int:
    """Checkpoint and check the work copy, then swap it in atomically."""
    reports = check_work_copy(ws)
    publish(ws)
    get_run_logger().info("published %s (%s reports)", ws.published, f"{reports:,}")
    return reports


@task(name="run summary", **NO_RESULTS)
def write_summary(summary: RunSummary, ws: Workspace) -> RunSummary:
    """Count what the published warehouse holds; save the summary beside it and as an artifact."""
    fill_from_warehouse(summary, ws.published)
    summary_path(ws).write_text(summary.to_json() + "\n", encoding="utf-8")
    create_markdown_artifact(as_markdown(summary), key="ogi-run-summary",
                             description="ogi run summary")
    return summary


def summary_path(ws: Workspace) -> Path:
    """`warehouse/ogi.duckdb` -> `warehouse/ogi.duckdb.last_run.json`."""
    return ws.published.with_name(ws.published.name + ".last_run.json")


# ----------------------------------------------------------------------------- flow


@flow(name="ogi-warehouse", persist_result=False, log_prints=False)
def ogi_warehouse(
    input_dir: str = "sample",
    warehouse: str = "warehouse/ogi.duckdb",
    prune: bool = False,
    force: bool = False,
    rebuild: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    lock_wait: float = 0.0,
    batch_size: int | None = None,
    file_timeout: float = 60.0,
) -> RunSummary:
    """Turn a folder of report files into the published DuckDB warehouse, incrementally."""
    opts = RunOptions(
        input_dir=input_dir, warehouse=warehouse, prune=prune, force=force, rebuild=rebuild,
        workers=workers, dask_address=dask_address, lock_wait=lock_wait,
        batch_size=batch_size, file_timeout=file_timeout,
    )
    root = input_root(input_dir)
    ws = Workspace.for_warehouse(warehouse)
    summary = RunSummary(warehouse=str(ws.published), input_dir=str(root),
                         parser=compiled.install().describe())
    clock = _Clock(summary)
    with WarehouseLock(ws.published, wait=lock_wait):
        with clock("discover"):
            files, manifest = discover_files(root, ws, force)
            plan = plan_load(quote(files), quote(manifest), root, opts)
        _count_plan(summary, plan)
        if not plan.has_work and not rebuild:
            summary.status = "unchanged"
            return _finish(summary, ws)
        try:
            _build(ws, plan, files, opts, summary, clock)
        except BaseException:
            discard_work_copy(ws)
            raise
        return _finish(summary, ws)


def _build(ws: Workspace, plan: Plan, files: list[InputFile], opts: RunOptions,
           summary: RunSummary, clock: _Clock) -> None:
    with clock("prepare"):
        prepare_work(ws)
    with clock("parse+load"):
        stats = _parse_and_load(ws, plan, {f.source: f.signature for f in files}, opts)
    _count_load(summary, stats)
    with parallel.warm_process("expectations.checkpoint", "great_expectations"):
        with clock("dbt"):
            dbt_models(ws)
        with clock("gx"):
            docs = identity_checks(ws)
    with clock("dbt quality"):
        dbt_quality(ws)
    with clock("publish"):
        check_and_publish(ws)
    summary.data_docs = str(ws.published_docs / docs) if docs else None
    summary.parquet_dir = str(ws.published_parquet) if ws.published_parquet.exists() else None


def _parse_and_load(
    ws: Workspace, plan: Plan, present: dict[str, str], opts: RunOptions
) -> IngestStats:
    """Submit the parse batches, and load them as they complete."""
    sources = [f.source for f in plan.to_parse]
    with _parse_runner(opts, len(sources)) as (runner, workers):
        batches = parallel.make_batches(sources, workers, opts.batch_size)
        if batches:
            get_run_logger().info(
                "parsing %s files in %s batches of up to %s on %s workers%s",
                f"{len(sources):,}", len(batches), max(map(len, batches)), workers,
                f" (Dask {opts.dask_address})" if opts.dask_address else "",
            )
        futures = [
            runner.submit(parse_batch, _batch_parameters(batch, i, len(batches), opts))
            for i, batch in enumerate(batches, start=1)
        ]
        return load_parsed(quote(futures), len(sources), ws, quote(plan), quote(present),
                           opts.file_timeout)


def _batch_parameters(batch: list[str], index: int, total: int, opts: RunOptions) -> dict[str, Any]:
    return {"sources": batch, "index": index, "total": total, "file_timeout": opts.file_timeout}


@contextmanager
def _parse_runner(opts: RunOptions, files: int) -> Iterator[tuple[Any, int]]:
    """The task runner of the parse batches (local threads + processes, or Dask) and its size."""
    if opts.dask_address:
        from prefect_dask import DaskTaskRunner

        with DaskTaskRunner(address=opts.dask_address) as dask_runner:
            yield dask_runner, max(1, sum(dask_runner.client.nthreads().values()))
        return
    workers = opts.workers or parallel.default_workers()
    with ThreadPoolTaskRunner(max_workers=workers) as runner, parallel.local_pool(workers, files):
        yield runner, workers


def _count_plan(summary: RunSummary, plan: Plan) -> None:
    summary.files_seen = plan.seen
    summary.files_new = plan.new
    summary.files_changed = plan.changed
    summary.files_retried = plan.retried
    summary.files_unchanged = plan.unchanged
    summary.files_missing = len(plan.missing)


def _count_load(summary: RunSummary, stats: IngestStats) -> None:
    summary.files_parsed = stats.files
    summary.files_pruned = stats.pruned_files
    summary.reports_loaded = stats.reports
    summary.rejected = stats.rejects
    summary.parser_errors = stats.errors
    add_rejects(summary, stats.reject_reasons)


def _finish(summary: RunSummary, ws: Workspace) -> RunSummary:
    if summary.data_docs is None and ws.published_docs.is_dir():
        found = sorted(ws.published_docs.rglob("index.html"), key=lambda p: len(p.parts))
        summary.data_docs = str(found[0]) if found else None
    if summary.parquet_dir is None and ws.published_parquet.exists():
        summary.parquet_dir = str(ws.published_parquet)
    return write_summary(summary, ws)


class _Clock:
    """Time the steps of a run into summary.seconds."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.summary.seconds[step] = round(time.perf_counter() - started, 2)


# ------------------------------------------------------------------------------ CLI


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler's timeout, `kill`): unwind, so the work copy and server go away."""
    raise SystemExit(128 + signum)


def run_from_cli(args: argparse.Namespace) -> int:
    """`ogi run`: run the flow (temporary Prefect server unless PREFECT_API_URL is set)."""
    opts = RunOptions.from_args(args)
    prefect_env.apply_defaults()
    try:
        input_root(opts.input_dir)
    except ValueError as exc:
        print(f"ogi run: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ws = Workspace.for_warehouse(opts.warehouse)
    if busy := busy_message(ws.published, opts.lock_wait):
        print(f"ogi run: {busy}", file=sys.stderr)
        return EXIT_LOCKED
    started = time.perf_counter()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        with prefect_env.prefect_api():
            summary = ogi_warehouse(**asdict(opts))
    except WarehouseBusy as exc:
        print(f"ogi run: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print(f"ogi run: interrupted; {ws.published} was left as it was", file=sys.stderr)
        return 130
    except SystemExit as exc:
        print(f"ogi run: terminated; {ws.published} was left as it was", file=sys.stderr)
        return int(exc.code or 1)
    except Exception as exc:
        print(f"ogi run failed: {exc}\nThe published warehouse {ws.published} was left as it "
              "was; fix the cause and run again (the next run redoes the unfinished work).",
              file=sys.stderr)
        return EXIT_FAILED
    summary.seconds["total"] = round(time.perf_counter() - started, 2)
    print(render(summary))
    return 0
