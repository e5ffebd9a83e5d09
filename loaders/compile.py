"""Compile the parser's modules with Cython: `python -m loaders.compile [--out DIR]`.

Writes one extension module per loaders/*.py (but NOT_COMPILED) to DIR/loaders/ (default
build/compiled, which loaders.compiled reads), then DIR/manifest.json with the SHA-256 of
each source as compiled. Only sources changed since the last build are recompiled (in
DIR/staging); each extension then replaces its old copy as a new file, so a process that
has the old one loaded keeps running. Needs Cython, setuptools and a C compiler
(`make compile` installs the first two); without them it fails with a message and the
parser runs as Python.

Cython compiles the modules as plain Python: `annotation_typing=False` leaves type hints
unenforced, so a compiled module accepts and returns exactly what its source does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from loaders.compiled import BUILD_DIR, MANIFEST, NOT_COMPILED, PACKAGE, PACKAGE_DIR, source_hash

DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}


def sources(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The modules to compile."""
    return sorted(p for p in package_dir.glob("*.py") if p.stem not in NOT_COMPILED)


def build(out: Path = BUILD_DIR, jobs: int = 2) -> dict[str, dict[str, str]]:
    """Cythonize and compile every source into `out`; the manifest's modules."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    files = sources()
    hashes = {p.stem: source_hash(p) for p in files}  # as read before compiling
    root = PACKAGE_DIR.parent
    extensions = [Extension(f"{PACKAGE}.{p.stem}", [str(p.relative_to(root))]) for p in files]
    modules = cythonize(extensions, compiler_directives=DIRECTIVES, nthreads=jobs,
                        build_dir=str(out / "c"), quiet=True)
    command = build_ext(Distribution({"ext_modules": modules}))
    command.build_lib = str(out / "staging")
    command.parallel = jobs
    with tempfile.TemporaryDirectory(prefix="ogi-compile-") as temp:
        command.build_temp = temp
        command.ensure_finalized()
        command.run()
    names = {name: Path(command.get_ext_filename(f"{PACKAGE}.{name}")).name for name in hashes}
    for name in names.values():
        copy_as_new_file(out / "staging" / PACKAGE / name, out / PACKAGE / name)
    return {name: {"source_sha256": hashes[name], "extension": names[name]} for name in names}


def copy_as_new_file(built: Path, target: Path) -> None:
    """Copy `built` to `target` as a new file (a loaded extension must not be rewritten)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copy2(built, partial)
    os.replace(partial, target)


def write_manifest(out: Path, modules: dict[str, dict[str, str]]) -> None:
    """DIR/manifest.json: this interpreter's tag and each module's source hash."""
    manifest = {"cache_tag": sys.implementation.cache_tag, "modules": modules}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=BUILD_DIR)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    (args.out / MANIFEST).unlink(missing_ok=True)  # a failed build leaves no manifest
    try:
        modules = build(args.out, args.jobs)
    except (Exception, SystemExit) as exc:  # compiler or Cython missing
        print(f"loaders.compile: could not compile ({type(exc).__name__}: {exc}); "
              "the parser runs as pure Python, only slower", file=sys.stderr)
        return 1
    write_manifest(args.out, modules)
    print(f"loaders.compile: {len(modules)} modules compiled into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
