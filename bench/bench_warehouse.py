"""Benchmark: load and build the warehouse from the staging rows of N synthetic reports.

ParseResults are synthesised directly (no text, no parsing) with the shapes of real reports:
a v2019 report has ~220 cells (26 request rows x 7 applicant columns, 15 review/litigation
cells, 24 proactive cells), v2021 ~220, a pre-2019 统计表 ~60. Agencies are county bodies named
after cpca's county list, one report per agency and year, 2015-2023 by default.

    .venv/bin/python bench/bench_warehouse.py [--reports 100000] [--formats mixed|v2019]

Prints the time of each step and the peak memory (max RSS of this process: DuckDB and dbt run
in-process). OGI_DUCKDB_MEMORY_LIMIT bounds DuckDB (default: half the RAM).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.dbt_build import dbt_build, dbt_docs_generate  # noqa: E402
from flows.load import load_results  # noqa: E402
from loaders.catalog import APPLICANT_TYPES, metrics  # noqa: E402
from loaders.rows import ParseResult, Report, StagingRow  # noqa: E402

YEARS_BY_FORMAT = {"pre2019": range(2015, 2019), "v2019": range(2019, 2021),
                   "v2021": range(2021, 2024)}
DEPARTMENTS = (
    "人民政府", "人民政府办公室", "发展和改革局", "教育局", "科学技术局", "工业和信息化局",
    "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
)
Cell = tuple[str, str, str | None, str]  # section, metric, applicant type, unit


def template(fmt: str) -> list[Cell]:
    """The cells a report of `fmt` prints, in order."""
    cells: list[Cell] = []
    for m in metrics().values():
        if fmt not in m.formats:
            continue
        if m.by_applicant:
            cells += [(m.section, m.code, a, m.unit) for a in APPLICANT_TYPES]
        else:
            applicant = "total" if m.code.startswith("legacy.requests.") else None
            cells.append((m.section, m.code, applicant, m.unit))
    return cells


def agency_names(n: int) -> list[str]:
    """`n` agency names built from county names of cpca's region data."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    counties = sorted({i.name for i in cpca.ad_2_addr_dict.values() if i.rank == 2})
    names = [f"{c}{d}" for d in DEPARTMENTS for c in counties]
    if n > len(names):
        raise ValueError(f"{n} agencies asked, {len(names)} names available")
    return names[:n]


def synthesise(n_reports: int, formats: str, seed: int = 7) -> Iterator[ParseResult]:
    """Yield `n_reports` ParseResults, one per agency and year."""
    rng = random.Random(seed)
    years = [(y, f) for f, ys in YEARS_BY_FORMAT.items() for y in ys if formats in ("mixed", f)]
    templates = {f: template(f) for f in YEARS_BY_FORMAT}
    agencies = agency_names(-(-n_reports // len(years)))
    for i in range(n_reports):
        agency = agencies[i // len(years)]
        year, fmt = years[i % len(years)]
        yield _report(rng, i, agency, year, fmt, templates[fmt])


def _report(
    rng: random.Random, i: int, agency: str, year: int, fmt: str, cells: list[Cell]
) -> ParseResult:
    report_id = hashlib.sha256(f"{agency}|{year}|{i}".encode()).hexdigest()[:16]
    source = f"synthetic/{i:06d}.txt"
    rows = []
    for line, (section, code, applicant, unit) in enumerate(cells, start=100):
        value = None if rng.random() < 0.1 else float(rng.randrange(0, 50))
        rows.append(StagingRow(report_id, source, agency, year, fmt, section, code, applicant,
                               value, unit, None, "" if value is None else f"{value:g}", line))
    report = Report(report_id, source, agency, year, fmt, report_id * 4)
    return ParseResult(source=source, file_hash=report_id * 4, report=report, rows=rows)


class Timed:
    """An iterator that records the time spent producing its items."""

    def __init__(self, items: Iterator[ParseResult]) -> None:
        self.items, self.seconds = items, 0.0

    def __iter__(self) -> Iterator[ParseResult]:
        while True:
            started = time.perf_counter()
            try:
                item = next(self.items)
            except StopIteration:
                self.seconds += time.perf_counter() - started
                return
            self.seconds += time.perf_counter() - started
            yield item


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def run(n_reports: int, formats: str, workdir: Path, skip: list[str]) -> None:
    warehouse = workdir / "ogi.duckdb"
    steps: list[tuple[str, float, float]] = []

    def step(name: str, started: float) -> None:
        steps.append((name, time.perf_counter() - started, peak_mb()))
        print(f"{name:<38} {steps[-1][1]:8.1f} s   peak RSS {steps[-1][2]:8.0f} MB", flush=True)

    source = Timed(synthesise(n_reports, formats))
    started = time.perf_counter()
    summary = load_results(source, warehouse)
    total = time.perf_counter() - started
    print(f"synthesise ParseResults (in the loop)   {source.seconds:8.1f} s")
    for name, seconds in summary.seconds.items():
        print(f"  load: {name:<31} {seconds:8.1f} s")
    step("load (without synthesis)", started + source.seconds)
    print(f"  = {summary.reports} reports, {summary.rows} staging rows, "
          f"{total:.1f} s with synthesis")
    started = time.perf_counter()
    dbt_build(warehouse, exclude=["tag:quality", *skip], quiet=True, unit_tests=False)
    step("dbt build --exclude tag:quality", started)
    started = time.perf_counter()
    dbt_build(warehouse, select="tag:quality", exclude=skip or None, quiet=True,
              unit_tests=False)
    step("dbt build --select tag:quality", started)
    started = time.perf_counter()
    dbt_docs_generate(warehouse, quiet=True)
    step("dbt docs generate", started)
    print(f"warehouse {_size_mb(warehouse):.0f} MB, parquet copy "
          f"{_size_mb(workdir / 'parquet'):.0f} MB, total {sum(s[1] for s in steps):.1f} s "
          f"(+ {source.seconds:.1f} s synthesis), peak RSS {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--formats", choices=["mixed", "v2019", "v2021", "pre2019"],
                        default="mixed")
    parser.add_argument("--workdir", type=Path, help="kept afterwards (default: a temp dir)")
    parser.add_argument("--dbt-exclude", nargs="*", default=[], metavar="SELECTOR",
                        help="also exclude these dbt nodes (e.g. int_identity_terms+)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ogi-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        run(args.reports, args.formats, workdir, args.dbt_exclude)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
