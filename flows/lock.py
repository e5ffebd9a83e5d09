"""One writer per warehouse: an OS file lock (`fcntl.flock`) on `<warehouse>.lock`.

The kernel drops the lock when its holder exits, however it exits (even `kill -9`), so a
crashed run never leaves a stale lock behind. The file records who holds it, for the
message the next run prints.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse lock."""

    def __init__(self, lock_path: Path, holder: str, waited: float) -> None:
        self.lock_path = lock_path
        self.holder = holder
        waited_text = f" after waiting {waited:.0f} s" if waited else ""
        super().__init__(
            f"another `ogi run` is updating this warehouse{waited_text} "
            f"(lock {lock_path}; holder: {holder or 'unknown'}). "
            "Wait for it to finish, or pass --lock-wait SECONDS to queue behind it."
        )


def lock_path_for(warehouse: Path) -> Path:
    """`warehouse/ogi.duckdb` -> `warehouse/ogi.duckdb.lock`."""
    return warehouse.with_name(warehouse.name + ".lock")


class WarehouseLock:
    """Exclusive lock on a warehouse, waiting at most `wait` seconds for it."""

    def __init__(self, warehouse: Path, wait: float = 0.0, poll: float = 0.2) -> None:
        self.path = lock_path_for(warehouse)
        self.wait = max(0.0, wait)
        self.poll = poll
        self._fd: int | None = None

    def acquire(self) -> WarehouseLock:
        """Take the lock or raise WarehouseBusy once `wait` seconds have passed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= self.wait:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise WarehouseBusy(self.path, holder, waited) from None
                time.sleep(min(self.poll, self.wait - waited))
        self._fd = fd
        _write_holder(fd)
        return self

    def release(self) -> None:
        """Drop the lock (the file stays: deleting it would race with a waiting run)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> WarehouseLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def probe(warehouse: Path) -> str | None:
    """The holder of the lock if another run holds it now, else None (never blocks)."""
    try:
        with WarehouseLock(warehouse, wait=0):
            return None
    except WarehouseBusy as busy:
        return busy.holder or "unknown"


def busy_message(warehouse: str | Path, lock_wait: float = 0.0) -> str | None:
    """Why a run that may not wait (`lock_wait` 0) must stop now, or None if it may go on."""
    if lock_wait > 0:
        return None
    path = Path(warehouse).expanduser().resolve()
    holder = probe(path)
    return None if holder is None else str(WarehouseBusy(lock_path_for(path), holder, 0))


def _write_holder(fd: int) -> None:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    text = f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode(), 0)


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 512, 0).decode(errors="replace").strip()
    except OSError:
        return ""
