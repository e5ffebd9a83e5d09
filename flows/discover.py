"""Find the report files under an input folder and fingerprint them (sha256 of the bytes).

A file's `source` is its absolute path: the same file keeps one key whatever the working
directory or the spelling of `--input`, and `--prune` can tell which warehouse entries
belong to the folder being scanned.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    """One candidate report file and the hash of its bytes."""

    source: str
    size: int
    file_hash: str


def iter_report_paths(root: Path) -> Iterator[Path]:
    """Every .txt/.html/.htm file under `root` (recursive, hidden folders skipped), sorted."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield Path(folder) / name


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def input_root(path: str | Path) -> Path:
    """The absolute input folder, or a ValueError saying what to pass instead."""
    root = Path(path).expanduser().resolve()
    if not root.is_dir():
        raise ValueError(
            f"input folder {path!s} does not exist or is not a folder: pass --input DIR, "
            "a folder of .txt/.html/.htm report files"
        )
    return root


def discover(root: Path) -> list[InputFile]:
    """Hash every report file under `root`; unreadable files are kept with an empty hash."""
    found: list[InputFile] = []
    for path in iter_report_paths(root):
        try:
            found.append(InputFile(str(path), path.stat().st_size, sha256_file(path)))
        except OSError:
            found.append(InputFile(str(path), -1, ""))
    return found
