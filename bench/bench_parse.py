"""Parse benchmark: a mixed synthetic corpus parsed by one process on one core.

    .venv/bin/python bench/bench_parse.py [--n 10000] [--seed 0] [--out DIR] [--check]

Generates --n reports (tests/synthetic, every format x layout x encoding x html) in a
separate process, then parses them one by one with loaders.parse.parse_file in this
process, pinned to one CPU. Prints reports per second and the resident memory at
checkpoints (2,500 / 5,000 / 10,000 files by default): the sampled current RSS, the
peak of those samples, and getrusage's ru_maxrss, to show memory stays flat in the
number of files. OGI_PURE_PYTHON=1 times the parser without its compiled modules
(loaders.compiled). --check also compares every parse with its truth (outside the timed
part). Prints figures; asserts nothing (target: >= 500 reports/s).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_EVERY = 50
TARGET = 500


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    try:
        import psutil
        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # /proc fallback (Linux)
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def maxrss_mb() -> float:
    """Peak RSS of this process so far (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def interpreter() -> str:
    """The Python that runs the benchmark: its build changes the figures (README.md)."""
    base = os.path.realpath(sys._base_executable)
    return f"{base} {sys.version.split()[0]}"


def generate(out_dir: Path, n: int, seed: int) -> float:
    """Write the corpus in a child process (its memory stays out of the figures)."""
    t0 = time.perf_counter()
    code = ("import sys; from tests.synthetic import write_corpus; "
            "write_corpus(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", code, str(out_dir), str(n), str(seed)],
                   cwd=ROOT, check=True)
    return time.perf_counter() - t0


def pin_one_cpu() -> str:
    """Run on a single CPU where the OS allows it."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def checkpoints(n: int) -> list[int]:
    marks = [c for c in (2500, 5000, 10000) if c < n]
    return [*marks, n]


def parse_all(paths: list[Path], marks: list[int]) -> dict:
    """Parse every file; time only parse_file; sample RSS every SAMPLE_EVERY files. The
    collector runs as in the flow's parse workers and `ogi parse` (loaders.collection)."""
    from loaders.collection import fewer_collections
    from loaders.parse import parse_file

    gc.collect()
    with fewer_collections():
        return _parse_each(paths, marks, parse_file)


def _parse_each(paths: list[Path], marks: list[int], parse_file: Callable[[Path], Any]) -> dict:
    """The timed loop of parse_all."""
    stats = {"rows": 0, "rejects": 0, "seconds": 0.0, "cpu": 0.0, "baseline": rss_mb(),
             "marks": []}
    sampled_peak = stats["baseline"]
    for i, path in enumerate(paths, 1):
        t0, c0 = time.perf_counter(), time.process_time()
        result = parse_file(path)
        stats["seconds"] += time.perf_counter() - t0
        stats["cpu"] += time.process_time() - c0
        stats["rows"] += len(result.rows)
        stats["rejects"] += result.reject is not None
        del result
        if i % SAMPLE_EVERY == 0 or i in marks:
            sampled_peak = max(sampled_peak, rss_mb())
        if i in marks:
            stats["marks"].append((i, rss_mb(), sampled_peak, maxrss_mb(), stats["seconds"]))
    return stats


def check_all(paths: list[Path], n: int, seed: int) -> tuple[int, dict[str, int]]:
    """How many parses equal their truth exactly; failures counted by (format, layout)."""
    from loaders.parse import parse_file
    from tests.synthetic import iter_corpus
    from tests.synthetic.compare import differences

    exact, failures = 0, {}
    for path, rep in zip(paths, iter_corpus(n, seed), strict=True):
        if differences(rep, parse_file(path)):
            key = f"{rep.fmt}/{rep.layout}{'/html' if rep.html else ''}"
            failures[key] = failures.get(key, 0) + 1
        else:
            exact += 1
    return exact, failures


def report(n: int, size_mb: float, gen_s: float, pinned: str, stats: dict) -> None:
    from loaders import compiled

    rate = n / stats["seconds"] if stats["seconds"] else float("inf")
    cpu_rate = n / stats["cpu"] if stats["cpu"] else float("inf")
    print(f"corpus:  {n:,} files, {size_mb:.1f} MB, generated in {gen_s:.1f} s "
          f"({n / gen_s:,.0f} reports/s, separate process)")
    print(f"parse:   {n:,} files in {stats['seconds']:.2f} s on one core ({pinned}): "
          f"{rate:,.0f} reports/s, {stats['rows'] / stats['seconds']:,.0f} rows/s; "
          f"{stats['rows']:,} rows, {stats['rejects']:,} rejects "
          f"[target >= {TARGET} reports/s: {'met' if rate >= TARGET else 'NOT met'}]")
    print(f"         {compiled.install().describe()}; interpreter {interpreter()}")
    print(f"         CPU time {stats['cpu']:.2f} s: {cpu_rate:,.0f} reports per CPU-second "
          f"(the wall-clock rate is lower when other processes share the core)")
    print(f"memory:  baseline RSS {stats['baseline']:.1f} MB (interpreter + parser imported)")
    print(f"{'files':>8} {'RSS now':>10} {'RSS peak*':>10} {'ru_maxrss':>10} {'reports/s':>10}")
    for i, now, peak, maxrss, secs in stats["marks"]:
        print(f"{i:>8,} {now:>8.1f}MB {peak:>8.1f}MB {maxrss:>8.1f}MB {i / secs:>10,.0f}")
    first, last = stats["marks"][0], stats["marks"][-1]
    print(f"         * sampled every {SAMPLE_EVERY} files; peak growth from {first[0]:,} to "
          f"{last[0]:,} files: {last[2] - first[2]:+.1f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports to generate and parse")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="keep the corpus here (default: a temp dir)")
    ap.add_argument("--check", action="store_true", help="also compare parses with the truth")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ogi-bench-") as tmp:
        out = args.out or Path(tmp) / "corpus"
        gen_s = generate(out, args.n, args.seed)
        paths = sorted(out.iterdir())[: args.n]
        size_mb = sum(p.stat().st_size for p in paths) / 2**20
        pinned = pin_one_cpu()
        stats = parse_all(paths, checkpoints(args.n))
        report(args.n, size_mb, gen_s, pinned, stats)
        if args.check:
            exact, failures = check_all(paths, args.n, args.seed)
            print(f"truth:   {exact:,}/{args.n:,} parses equal their truth exactly "
                  f"({100 * exact / args.n:.1f}%)")
            for key, count in sorted(failures.items(), key=lambda kv: -kv[1]):
                print(f"         {count:>6,} differ: {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
