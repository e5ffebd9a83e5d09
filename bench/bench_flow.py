"""Benchmark the whole flow (`ogi run`) on generated corpora of growing size.

    .venv/bin/python bench/bench_flow.py [--sizes 1000,10000,100000] [--workers N]
                                         [--changed 10] [--reuse] [--out bench/out/flow]

For each size: generate the corpus once (tests/synthetic, cached under --out), build a fresh
warehouse with `ogi run` in a subprocess, and report wall time, reports per second, the
peak memory of the whole process tree (flow, parser processes, Prefect server; sampled every
0.2 s) and its CPU time (user + system: on a shared machine, CPU time / cores is what the
run would take alone). Then, over the largest corpus, an incremental run after
changing --changed files, and an unchanged rerun. --reuse keeps an existing warehouse of the
largest size instead of building it again. Results go to stdout and to <out>/results.json.
Targets on a 2-core machine: 100,000 reports under 5 minutes, the unchanged rerun under 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
SEED = 7


@dataclass(slots=True)
class Measure:
    """One `ogi run`."""

    label: str
    files: int
    wall_s: float
    peak_mb: float
    exit_code: int
    cpu_s: float = 0.0  # user + system time of the whole process tree
    peak_at_s: float = 0.0  # when the peak was sampled, from the start of the run
    peak_by_process: dict[str, float] = field(default_factory=dict)  # MB, at the peak
    reports: int = 0
    steps_s: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.files / self.wall_s if self.wall_s else 0.0


def corpus(out: Path, n: int) -> Path:
    """The generated corpus of `n` reports (written once, reused while complete)."""
    folder = out / f"corpus_{n}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    sys.path.insert(0, str(ROOT))
    from tests.synthetic import write_corpus

    started = time.perf_counter()
    write_corpus(folder, n, seed=SEED)
    marker.write_text(str(n))
    print(f"  generated {n:,} reports in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def tree_rss(proc: psutil.Process) -> dict[str, int]:
    """Resident memory (bytes) of a process and each of its descendants, by short name."""
    sizes: dict[str, int] = {}
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            name = _short_name(p.cmdline())
            sizes[name] = sizes.get(name, 0) + p.memory_info().rss
    return sizes


def _short_name(cmdline: list[str]) -> str:
    text = " ".join(cmdline)
    for needle, name in (("uvicorn", "prefect server"), ("spawn_main", "parser processes"),
                         ("flows.cli", "ogi run (load, dbt, GX)")):
        if needle in text:
            return name
    return cmdline[0] if cmdline else "?"


def run_flow(label: str, folder: Path, warehouse: Path, files: int, flags: list[str],
             env: dict[str, str]) -> Measure:
    """Run `ogi run` once, sampling the memory of its process tree."""
    log = warehouse.with_name(f"{label}.log")
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", "--input", str(folder),
             "--warehouse", str(warehouse), *flags],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        peak, peak_at, breakdown = _sample_peak(proc, started)
        code = proc.wait()
    wall = time.perf_counter() - started
    measure = Measure(label, files, wall, peak / 1e6, code, _children_cpu() - cpu_before,
                      peak_at, {k: round(v / 1e6) for k, v in breakdown.items()})
    summary_file = warehouse.with_name(warehouse.name + ".last_run.json")
    if summary_file.exists():
        data: dict[str, Any] = json.loads(summary_file.read_text(encoding="utf-8"))
        measure.reports = int(data.get("reports_total", 0))
        measure.steps_s = data.get("seconds", {})
    if code != 0:
        print(f"  {label}: exit {code}, see {log}", flush=True)
    return measure


def _children_cpu() -> float:
    """CPU seconds of all finished descendants (the run's processes, once it has ended)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sample_peak(
    proc: subprocess.Popen[bytes], started: float
) -> tuple[int, float, dict[str, int]]:
    """Peak memory of the process tree, when it happened, and which processes held it."""
    peak: list[Any] = [0, 0.0, {}]
    handle = psutil.Process(proc.pid)

    def sample() -> None:
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                sizes = tree_rss(handle)
                if sum(sizes.values()) > peak[0]:
                    peak[:] = [sum(sizes.values()), time.perf_counter() - started, sizes]
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    proc.wait()
    thread.join()
    return peak[0], peak[1], peak[2]


def change_files(folder: Path, n: int) -> int:
    """Append a line to the first `n` report files (a content change each)."""
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".htm", ".html"))[:n]
    for path in paths:
        path.write_bytes(path.read_bytes() + "\n（本报告于发布后更正）\n".encode())
    return len(paths)


def report_line(m: Measure) -> str:
    steps = ", ".join(f"{k} {v:.1f}" for k, v in m.steps_s.items())
    outside = m.wall_s - sum(m.steps_s.values())  # imports, Prefect server and engine
    return (f"{m.label:>18}  {m.files:>8,} files  {m.wall_s:>7.1f} s  {m.rate:>7.0f} files/s  "
            f"peak {m.peak_mb:>6.0f} MB at {m.peak_at_s:.0f} s {m.peak_by_process}  "
            f"cpu {m.cpu_s:>7.0f} s  exit {m.exit_code}  [{steps}; outside the steps "
            f"(start-up, Prefect) {outside:.1f}]")


def _parser_line(env: dict[str, str]) -> str:
    """Which parser the runs use (loaders.compiled), as their processes import it."""
    code = "from loaders import compiled; print(compiled.install().describe())"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env=env, check=False)
    return run.stdout.strip() or run.stderr.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--workers", type=int, help="parser processes (default: all cores)")
    parser.add_argument("--changed", type=int, default=10,
                        help="files changed before the incremental run (default 10)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep an existing warehouse of the largest size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "flow")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ,
           "PREFECT_HOME": os.environ.get("PREFECT_HOME") or tempfile.mkdtemp(prefix="ogi-bench-")}
    flags = ["--workers", str(args.workers)] if args.workers else []
    results: list[Measure] = []
    largest = max(sizes)
    print(_parser_line(env), flush=True)
    for n in sizes:
        print(f"{n:,} reports:", flush=True)
        folder = corpus(args.out, n)
        warehouse = args.out / f"warehouse_{n}" / "ogi.duckdb"
        if not (args.reuse and n == largest and warehouse.exists()):
            shutil.rmtree(warehouse.parent, ignore_errors=True)
            warehouse.parent.mkdir(parents=True)
            results.append(run_flow(f"first run {n}", folder, warehouse, n, flags, env))
            print(report_line(results[-1]), flush=True)
        if n == largest:
            if args.changed:
                change_files(folder, args.changed)
                (folder / ".complete").unlink(missing_ok=True)  # no longer the pristine corpus
                label = f"{args.changed} changed {n}"
                results.append(run_flow(label, folder, warehouse, n, flags, env))
                print(report_line(results[-1]), flush=True)
            results.append(run_flow(f"unchanged rerun {n}", folder, warehouse, n, flags, env))
            print(report_line(results[-1]), flush=True)
    (args.out / "results.json").write_text(
        json.dumps([{**asdict(m), "files_per_s": m.rate} for m in results], indent=2) + "\n"
    )
    return 0 if all(m.exit_code == 0 for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
