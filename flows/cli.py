"""The `ogi` command line: `ogi parse FILE...` and `ogi run --input DIR --warehouse PATH`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parse_command(args: argparse.Namespace) -> int:
    """Print the staging rows of each file as JSON Lines; rejects go to stderr."""
    from loaders.collection import fewer_collections
    from loaders.parse import parse_file

    failed = 0
    out = sys.stdout
    try:
        with fewer_collections():
            for name in args.files:
                result = parse_file(Path(name))
                if result.reject is not None:
                    failed += 1
                    print(f"ogi parse: {name}: {result.reject.reason}", file=sys.stderr)
                    continue
                for row in result.rows:
                    out.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    except BrokenPipeError:  # the reader stopped (`ogi parse ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())  # no error at exit
    return 1 if failed else 0


def _run_command(args: argparse.Namespace) -> int:
    """Run the whole pipeline (see flows/flow.py)."""
    from flows.lock import EXIT_LOCKED, busy_message
    from flows.prefect_env import start_early

    if busy := busy_message(args.warehouse, args.lock_wait):  # before the slow imports
        print(f"ogi run: {busy}", file=sys.stderr)
        return EXIT_LOCKED
    start_early()  # the temporary Prefect server boots while the flow's modules import
    from flows.flow import run_from_cli

    return run_from_cli(args)


def _add_run_options(p_run: argparse.ArgumentParser) -> None:
    """The flags of `ogi run` beyond --input/--warehouse (see flows/flow.py)."""
    p_run.add_argument(
        "--prune", action="store_true",
        help="remove the reports of files that are gone from --input (default: keep them)",
    )
    p_run.add_argument(
        "--force", action="store_true",
        help="parse every file again, changed or not (after a parser upgrade)",
    )
    p_run.add_argument(
        "--rebuild", action="store_true",
        help="run dbt, the checks and publish even if no input changed (after a model change)",
    )
    p_run.add_argument(
        "--workers", type=int, metavar="N", help="parser processes (default: the CPU cores)"
    )
    p_run.add_argument(
        "--dask-address", metavar="tcp://HOST:PORT",
        help="parse on an existing Dask cluster (prefect-dask) instead of local processes",
    )
    p_run.add_argument(
        "--lock-wait", type=float, default=0.0, metavar="SECONDS",
        help="wait this long for another run on the same warehouse (default 0: exit at once)",
    )
    p_run.add_argument(
        "--batch-size", type=int, metavar="N", help="files per parse task (default: automatic)"
    )
    p_run.add_argument(
        "--file-timeout", type=float, default=60.0, metavar="SECONDS",
        help="give up on a file the parser spends longer on (default 60; 0: no limit)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ogi", description="Government information disclosure annual reports -> warehouse."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_parse = sub.add_parser("parse", help="print the staging rows of report files as JSON Lines")
    p_parse.add_argument("files", nargs="+", metavar="FILE", help=".txt, .html or .htm report")
    p_parse.set_defaults(func=_parse_command)

    p_run = sub.add_parser("run", help="parse a folder, load, dbt build, validate, publish")
    p_run.add_argument("--input", default="sample", help="folder of report files (default: sample)")
    p_run.add_argument(
        "--warehouse", default="warehouse/ogi.duckdb", help="published DuckDB file"
    )
    _add_run_options(p_run)
    p_run.set_defaults(func=_run_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
