"""Serve the flow on a schedule from a long-running process (needs a Prefect server).

    prefect server start                                   # in another terminal, or a service
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    .venv/bin/python -m flows.serve --input /data/ogi/reports \
        --warehouse /data/ogi/warehouse/ogi.duckdb --cron "30 2 * * *"

The process registers the deployment `ogi-warehouse/nightly` and runs it at each cron tick
until stopped (Ctrl-C). See docs/scheduling.md; prefect.yaml does the same with a work pool.
"""

from __future__ import annotations

import argparse
import sys

from flows.flow import ogi_warehouse

DEFAULT_CRON = "30 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="folder of report files")
    parser.add_argument("--warehouse", required=True, help="published DuckDB file")
    parser.add_argument("--cron", default=DEFAULT_CRON, help=f"default {DEFAULT_CRON!r}")
    parser.add_argument("--timezone", default=DEFAULT_TIMEZONE)
    parser.add_argument("--name", default="nightly", help="deployment name")
    parser.add_argument("--prune", action="store_true")
    parser.add_argument("--lock-wait", type=float, default=600.0)
    args = parser.parse_args(argv)
    from prefect.schedules import Cron

    ogi_warehouse.serve(
        name=args.name,
        schedule=Cron(args.cron, timezone=args.timezone),
        parameters={
            "input_dir": args.input,
            "warehouse": args.warehouse,
            "prune": args.prune,
            "lock_wait": args.lock_wait,
        },
        tags=["ogi"],
        limit=1,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
