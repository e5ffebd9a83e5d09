"""Parse a synthetic corpus and group the differences from the truth.

    .venv/bin/python -m tests.synthetic.diagnose [--n 600] [--seed 0] [--examples 2]

For each (format, layout, html) it prints how many reports parse exactly to their truth
and, for the rest, the most frequent kinds of difference with the generate_report(...)
calls that reproduce them: the material for tests/synthetic/KNOWN_FAILURES.md.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from loaders.parse import parse_bytes

from .compare import describe, differences
from .generator import iter_corpus


def kind(problem: str) -> str:
    """A difference without its numbers: what groups failures of one cause."""
    head = problem.split(":")[0]
    metrics = sorted(set(re.findall(r"([a-z_]+(?:\.[a-z_]+)+)\[", problem)))[:3]
    return head + (" " + ",".join(metrics) if metrics else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--examples", type=int, default=2)
    ap.add_argument("--broken", type=float, default=0.05)
    args = ap.parse_args(argv)
    totals: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rep in iter_corpus(args.n, args.seed, {"broken": args.broken}):
        group = f"{rep.fmt}/{rep.layout}{'/html' if rep.html else ''}"
        totals[group] += 1
        try:
            problems = differences(rep, parse_bytes(rep.data, rep.filename))
        except Exception as exc:  # the parser must never raise; show it as a difference
            problems = [f"raised {type(exc).__name__}: {exc}"]
        if not problems:
            exact[group] += 1
            continue
        for p in problems:
            k = kind(p)
            kinds[group][k] += 1
            if len(examples[(group, k)]) < args.examples:
                examples[(group, k)].append(f"{describe(rep)}\n        {p[:300]}")
    print(f"exact: {sum(exact.values())}/{sum(totals.values())}")
    for group in sorted(totals):
        print(f"\n{group}: {exact[group]}/{totals[group]} exact")
        for k, count in kinds[group].most_common(8):
            print(f"  {count:>4} x {k}")
            for ex in examples[(group, k)]:
                print(f"        {ex}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
