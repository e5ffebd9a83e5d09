"""Regenerate the bundled sample corpus `sample/` (deterministic: same bytes every time).

    .venv/bin/python bench/make_sample.py [--n 300] [--seed 2024] [--out sample]

sample/seeds/      the five seed reports of shared/seeds (real scraped texts)
sample/samples/    shared/samples (a PDF text layer: hard wraps, page numbers)
sample/generated/  N synthetic reports (tests/synthetic): every format, text and HTML layouts,
                   UTF-8 and GB18030, about 5% with a broken identity on purpose
sample/bad/        files that are not reports: empty, binary, a notice that is not a report
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared"))
NOT_A_REPORT = """关于召开2023年度政务公开工作推进会的通知

各乡镇人民政府，县直各单位：
为贯彻落实上级关于政务公开工作的部署，经研究，定于下周三上午9时在县政府三楼会议室召开
政务公开工作推进会。请各单位分管负责同志准时参加，不得缺席。

县人民政府办公室
2023年3月6日
"""


def copy_real(out: Path) -> int:
    """Copy the real texts of shared/seeds and shared/samples; returns how many."""
    copied = 0
    for folder in ("seeds", "samples"):
        source = SHARED / folder
        if not source.is_dir():
            print(f"make_sample: {source} not found, keeping sample/{folder} as it is",
                  file=sys.stderr)
            continue
        target = out / folder
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in sorted(source.glob("*.txt")):
            shutil.copyfile(path, target / path.name)
            copied += 1
    return copied


def write_generated(out: Path, n: int, seed: int) -> int:
    """Write `n` synthetic reports into out/generated (emptied first)."""
    sys.path.insert(0, str(ROOT))
    from tests.synthetic import write_corpus

    target = out / "generated"
    shutil.rmtree(target, ignore_errors=True)
    return len(write_corpus(target, n, seed=seed))


def write_bad(out: Path) -> int:
    """Files a scrape really yields next to reports: empty, binary, not a report."""
    target = out / "bad"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rng = random.Random(0)
    (target / "empty.txt").write_bytes(b"")
    (target / "binary.html").write_bytes(
        b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2048))
    )
    (target / "not_a_report.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    return 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="generated reports (default 300)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=ROOT / "sample")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    real = copy_real(args.out)
    generated = write_generated(args.out, args.n, args.seed)
    bad = write_bad(args.out)
    print(f"sample: {real} real, {generated} generated, {bad} bad files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
