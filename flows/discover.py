"""Find the report files under an input folder and fingerprint them (sha256 of the bytes).

A file's `source` is its absolute path: the same file keeps one key whatever the working
directory or the spelling of `--input`, and `--prune` can tell which warehouse entries
belong to the folder being scanned.

Reading 100,000 files to hash them takes from 3 s (page cache) to a minute (cold disk). As
git does for its index, a file whose stat signature (size, mtime, ctime, inode) is the one
the manifest recorded when the file was hashed keeps that hash without being read: any
write to a file changes its ctime, which no tool can set back. A file the manifest does
not list is parsed anyway, so it is not read here: the parser hashes it (a first run over
100,000 files reads each once).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")
_CHUNK = 1 << 20
# A file changed less than this long ago may change again within the same timestamp tick:
# its signature is not recorded, so the next run reads it again (git's "racy" entries).
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class InputFile:
    """One candidate report file, the hash of its bytes and its stat signature."""

    source: str
    size: int
    file_hash: str
    signature: str = ""


def stat_signature(st: os.stat_result, now_ns: int | None = None) -> str:
    """What changes whenever a file's content may have changed ('' for a racy file)."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    if now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


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


def discover(
    root: Path,
    known: Mapping[str, tuple[str, str]] | None = None,
    listed: Container[str] | None = None,
) -> list[InputFile]:
    """Fingerprint every report file under `root`; unreadable files get an empty hash.

    `known` maps a source to the (signature, hash) the manifest recorded: a file whose
    signature is unchanged keeps that hash and is not read. `listed`: the sources the
    manifest holds, when given; a file outside it is new, will be parsed whatever its
    hash, and is not read here (its hash comes from the parse: one read, not two).
    """
    known = known or {}
    now_ns = time.time_ns()
    found: list[InputFile] = []
    for path in iter_report_paths(root):
        source = str(path)
        try:
            st = path.stat()
            signature = stat_signature(st, now_ns)
            recorded = known.get(source)
            if signature and recorded and recorded[0] == signature and recorded[1]:
                file_hash = recorded[1]
            elif listed is not None and source not in listed:
                file_hash = ""
            else:
                file_hash = sha256_file(path)
            found.append(InputFile(source, st.st_size, file_hash, signature))
        except OSError:
            found.append(InputFile(source, -1, ""))
    return found
