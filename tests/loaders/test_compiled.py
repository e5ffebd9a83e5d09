"""The Cython-compiled parser modules (loaders.compiled): used only while they match their
sources, and parsing exactly as the sources do."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from pathlib import Path

import pytest

from loaders import compiled
from loaders.compile import copy_as_new_file
from loaders.compiled import MANIFEST, PURE_PYTHON_ENV, CompiledFinder, scan, source_hash

ROOT = Path(__file__).resolve().parents[2]
EXT = EXTENSION_SUFFIXES[0]


def _fake_build(tmp_path: Path, sources: dict[str, str], compiled_from: dict[str, str],
                cache_tag: str = sys.implementation.cache_tag) -> tuple[Path, Path]:
    """A package dir with `sources` and a build dir whose manifest says each module of
    `compiled_from` was compiled from that text (its extension file is empty: never loaded)."""
    package, build = tmp_path / "pkg", tmp_path / "build"
    package.mkdir()
    (build / "loaders").mkdir(parents=True)
    for name, text in sources.items():
        (package / f"{name}.py").write_text(text, encoding="utf-8")
    modules = {}
    for name, text in compiled_from.items():
        origin = tmp_path / f"{name}.compiled-from"
        origin.write_text(text, encoding="utf-8")
        (build / "loaders" / f"{name}{EXT}").write_bytes(b"")
        modules[name] = {"source_sha256": source_hash(origin), "extension": f"{name}{EXT}"}
    manifest = {"cache_tag": cache_tag, "modules": modules}
    (build / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return build, package


def test_an_extension_is_used_only_while_its_source_is_the_one_it_was_compiled_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    build, package = _fake_build(
        tmp_path, {"cells": "A = 1\n", "prose": "B = 2\n"},
        {"cells": "A = 1\n", "prose": "B = 1\n", "gone": "C = 3\n"},
    )
    found = scan(build, package)
    assert found.extensions == {"cells": build / "loaders" / f"cells{EXT}"}
    assert found.stale == ("gone", "prose")
    assert "1 modules" in found.describe() and "prose.py" in found.describe()


def test_no_extension_without_a_build_for_this_interpreter_or_with_pure_python_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PURE_PYTHON_ENV, raising=False)
    assert "no compiled build" in scan(tmp_path / "none", tmp_path).reason
    build, package = _fake_build(tmp_path, {"cells": "A = 1\n"}, {"cells": "A = 1\n"},
                                 cache_tag="cpython-27")
    found = scan(build, package)
    assert not found.extensions and "cpython-27" in found.reason
    (build / MANIFEST).write_text(json.dumps({"cache_tag": sys.implementation.cache_tag}))
    assert "unreadable" in scan(build, package).reason
    monkeypatch.setenv(PURE_PYTHON_ENV, "1")
    assert scan().describe() == f"parser: pure Python ({PURE_PYTHON_ENV} is set)"


def test_the_finder_answers_for_the_package_modules_it_holds_only(tmp_path: Path) -> None:
    ext = tmp_path / f"cells{EXT}"
    finder = CompiledFinder(compiled.Build({"cells": ext}))
    spec = finder.find_spec("loaders.cells")
    assert spec is not None and spec.origin == str(ext)
    assert isinstance(spec.loader, ExtensionFileLoader)
    assert finder.find_spec("loaders.prose") is None
    assert finder.find_spec("other.cells") is None


def test_a_rebuilt_extension_replaces_the_old_file_instead_of_rewriting_it(
    tmp_path: Path,
) -> None:
    built, target = tmp_path / "staging.so", tmp_path / "loaders" / "cells.so"
    built.write_bytes(b"old")
    copy_as_new_file(built, target)
    loaded = target.open("rb")  # as a running process holds the old extension
    built.write_bytes(b"new")
    copy_as_new_file(built, target)
    assert target.read_bytes() == b"new" and loaded.read() == b"old"
    loaded.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["cells.so"]


def test_each_parser_module_is_loaded_from_where_the_build_says() -> None:
    build = compiled.install()
    for path in sorted((ROOT / "loaders").glob("[!_]*.py")):
        module = importlib.import_module(f"loaders.{path.stem}")
        expected = build.extensions.get(path.stem, path)
        assert Path(module.__file__ or "") == expected, path.stem


def test_compiled_and_pure_python_parsers_print_the_same_rows_and_rejects() -> None:
    if not compiled.install().extensions:
        pytest.skip(f"no compiled parser here ({compiled.install().reason})")
    files = sorted((ROOT / "tests" / "fixtures" / "reports").iterdir())
    files += sorted((ROOT / "tests" / "fixtures" / "realworld").glob("*.*[tl]"))
    files += sorted((ROOT / "sample" / "bad").iterdir())
    files += sorted((ROOT / "sample" / "generated").iterdir())[:60]
    outputs = []
    for pure in ("", "1"):
        env = {**os.environ, PURE_PYTHON_ENV: pure}
        run = subprocess.run([sys.executable, "-m", "flows.cli", "parse", *map(str, files)],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        outputs.append((run.returncode, run.stdout, run.stderr))
    assert outputs[0][1].count("\n") > 10_000
    assert outputs[0] == outputs[1]
