"""Quality-gate benchmark: the GX checkpoint on a warehouse of 100,000 synthetic reports.

    .venv/bin/python bench/bench_quality.py [--reports 100000] [--broken 0.03] [--out DIR]
                                            [--keep]

Synthesises staging rows directly (tests/quality/factory.py: consistent v2019/v2021 reports,
about 200 rows each, agencies with four consecutive years so carry_chain is checked; a share
`--broken` of them gets one break: two cells exchanged, a shifted cell, a negative count, a
blank total, an ambiguous cell, a carry-over that does not chain), loads them with
flows/load.py, builds with dbt (everything but tag:quality), then times `run_checkpoint` in a
fresh process and prints its wall time and peak resident memory (VmHWM of that process), plus
the time of every step before it.
Prints figures; asserts only that the checkpoint found the breaks it was given.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.rows import ParseResult  # noqa: E402
from tests.quality.factory import SynthReport, agency_series  # noqa: E402

YEARS = range(2019, 2023)
NP = "natural_person"


def _swap(rep: SynthReport, rng: random.Random) -> None:
    col = rng.choice(["natural_person", "commercial_enterprise"])
    rep.swap(("requests.outcome.disclosed", col), ("requests.outcome.not_processed.duplicate", col))
    rep.set("requests.outcome.disclosed", col, (rep.get("requests.outcome.disclosed", col) or 0)
            + 1)  # make sure the exchange shows


def _shift(rep: SynthReport, rng: random.Random) -> None:
    rep.shift(NP, {"requests.new_received": rng.randint(1, 9)})


def _negative(rep: SynthReport, rng: random.Random) -> None:
    rep.set("proactive.penalty.decisions", None, -float(rng.randint(1, 50)))


def _blank_total(rep: SynthReport, rng: random.Random) -> None:
    rep.set("requests.outcome.total", "total", None)


def _ambiguous(rep: SynthReport, rng: random.Random) -> None:
    rep.qualify("review.upheld", None, "ambiguous")


def _review(rep: SynthReport, rng: random.Random) -> None:
    rep.set("review.upheld", None, (rep.get("review.upheld") or 0) + rng.randint(1, 3))


def _carry(rep: SynthReport, rng: random.Random) -> None:
    """Carried over in more than last year carried out: a carry_chain warning."""
    rep.shift(NP, {"requests.carried_over_in": 1, "requests.outcome.disclosed": 1,
                   "requests.outcome.total": 1})


BREAKS: tuple[Callable[[SynthReport, random.Random], None], ...] = (
    _swap, _shift, _negative, _blank_total, _ambiguous, _review, _carry,
)


def reports(n: int, broken_share: float, seed: int) -> Iterator[ParseResult]:
    """n synthetic reports (four years per agency), a share of them broken once."""
    rng = random.Random(seed)
    for i in range(0, n, len(YEARS)):
        years = range(YEARS.start, YEARS.start + min(len(YEARS), n - i))
        for rep in agency_series(rng, f"合成机构{i // len(YEARS):06d}", years, f"bench{seed}"):
            if rng.random() < broken_share:
                rng.choice(BREAKS)(rep, rng)
            yield rep.to_result()


def build(path: Path, n: int, broken_share: float, seed: int) -> dict[str, float]:
    """Load and dbt-build the warehouse; seconds per step."""
    from flows.dbt_build import dbt_build
    from flows.load import load_results

    times: dict[str, float] = {}
    started = time.perf_counter()
    summary = load_results(reports(n, broken_share, seed), path, resolve_regions=False)
    times["generate_and_load"] = time.perf_counter() - started
    times["staging_rows"] = summary.rows
    started = time.perf_counter()
    dbt_build(path, exclude="tag:quality", quiet=True)
    times["dbt_build"] = time.perf_counter() - started
    return times


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across
    the fork + exec that starts a spawned process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def checkpoint_child(path: str, docs: str, queue: multiprocessing.Queue) -> None:
    """Run in a fresh process so its peak memory is the checkpoint's alone."""
    from expectations.checkpoint import run_checkpoint

    started = time.perf_counter()
    summary = run_checkpoint(Path(path), Path(docs))
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    queue.put({"seconds": seconds, "peak_rss_mb": peak_mb, "summary": str(summary),
               "broken": summary.broken, "reports_broken": summary.reports_broken,
               "checks": summary.checks})


def run_checkpoint_measured(path: Path) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=checkpoint_child, args=(str(path), str(path.parent / "data_docs"),
                                                      queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--broken", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "quality")
    parser.add_argument("--keep", action="store_true", help="reuse a warehouse built before")
    args = parser.parse_args()
    path = args.out / "ogi.duckdb"
    times: dict[str, float] = {}
    if not (args.keep and path.exists()):
        shutil.rmtree(args.out, ignore_errors=True)
        args.out.mkdir(parents=True)
        times = build(path, args.reports, args.broken, args.seed)
    result = run_checkpoint_measured(path)
    print(json.dumps({"reports": args.reports, **times, "checkpoint": result},
                     ensure_ascii=False, indent=1))
    print(f"checkpoint on {args.reports} reports: {result['seconds']:.1f} s, "
          f"peak RSS {result['peak_rss_mb']:.0f} MB")
    assert result["broken"] > 0, "the breaks were not found"
    return 0


if __name__ == "__main__":
    sys.exit(main())
