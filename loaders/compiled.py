"""Compiled copies of the parser's modules, used only while they match their sources.

`make` compiles loaders/*.py with Cython (`python -m loaders.compile`) into
build/compiled/: one extension module per source and a manifest of each source's SHA-256.
Compilation keeps Python's semantics (annotations are not enforced: the same code, run
without the interpreter loop) and takes about a sixth off parse time.

An import of `loaders.X` takes the extension only while loaders/X.py still has the hash it
was compiled from and the extension was built for this interpreter. An edited source, a
missing or failed build, or OGI_PURE_PYTHON=1 in the environment load the .py as usual:
a stale build never shadows a source.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path

PACKAGE = "loaders"
PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR.parent / "build" / "compiled"
MANIFEST = "manifest.json"
PURE_PYTHON_ENV = "OGI_PURE_PYTHON"
# Modules that stay Python: the package itself, this finder and the build command.
NOT_COMPILED = frozenset({"__init__", "compiled", "compile"})


@dataclass(frozen=True)
class Build:
    """What an import of the package takes from a build directory."""

    extensions: dict[str, Path] = field(default_factory=dict)  # module -> extension file
    stale: tuple[str, ...] = ()  # modules whose source changed since they were compiled
    reason: str = ""  # why no module is compiled ("" when some are)

    def describe(self) -> str:
        """One line for run summaries and benchmarks."""
        if not self.extensions:
            return f"parser: pure Python ({self.reason})"
        line = f"parser: compiled with Cython ({len(self.extensions)} modules)"
        if self.stale:
            names = ", ".join(f"{name}.py" for name in self.stale)
            line += f"; changed since the build, run as Python: {names} (`make compile`)"
        return line


def source_hash(path: Path) -> str:
    """SHA-256 of a source file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scan(build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR) -> Build:
    """The extensions in `build_dir` that match their sources in `package_dir`."""
    if os.environ.get(PURE_PYTHON_ENV):
        return Build(reason=f"{PURE_PYTHON_ENV} is set")
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Build(reason="no compiled build; `make compile` builds one")
    try:
        if manifest["cache_tag"] != sys.implementation.cache_tag:
            return Build(reason=f"the build is for {manifest['cache_tag']}; `make compile`")
        return _match(manifest["modules"], build_dir, package_dir)
    except (KeyError, TypeError, AttributeError):
        return Build(reason=f"unreadable {build_dir / MANIFEST}; `make compile`")


def _match(modules: dict[str, dict[str, str]], build_dir: Path, package_dir: Path) -> Build:
    """The Build of a manifest's modules: extensions whose source has its recorded hash."""
    extensions: dict[str, Path] = {}
    stale: list[str] = []
    for name, entry in sorted(modules.items()):
        ext = build_dir / PACKAGE / entry["extension"]
        source = package_dir / f"{name}.py"
        if not ext.is_file() or not ext.name.endswith(tuple(EXTENSION_SUFFIXES)):
            continue
        if source.is_file() and source_hash(source) == entry["source_sha256"]:
            extensions[name] = ext
        else:
            stale.append(name)
    reason = "every module changed since the build" if stale else "the build holds no module"
    return Build(extensions, tuple(stale), "" if extensions else f"{reason}; `make compile`")


class CompiledFinder:
    """A meta path finder that gives `loaders.X` its extension from a Build."""

    def __init__(self, build: Build) -> None:
        self.build = build

    def find_spec(self, fullname: str, path: object = None, target: object = None
                  ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        ext = self.build.extensions.get(name) if package == PACKAGE else None
        if ext is None:
            return None
        return spec_from_file_location(fullname, ext, loader=ExtensionFileLoader(fullname,
                                                                                 str(ext)))


_installed: Build | None = None


def install() -> Build:
    """Scan the build once and put a CompiledFinder for it first on sys.meta_path; the
    Build this process imports from (later calls return it)."""
    global _installed
    if _installed is None:
        _installed = scan()
        if _installed.extensions:
            sys.meta_path.insert(0, CompiledFinder(_installed))
    return _installed
