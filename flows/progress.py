"""Progress of long steps: a log line every few seconds with rate and ETA, and a Prefect
progress artifact the UI shows as a bar."""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import UUID

LOG_EVERY_SECONDS = 10.0


class Progress:
    """Count work done out of `total`; log it with rate and time left, at most every 10 s."""

    def __init__(self, total: int, logger: logging.Logger | Any, unit: str = "files") -> None:
        self.total = total
        self.logger = logger
        self.unit = unit
        self.done_count = 0
        self.started = time.perf_counter()
        self._last_log = self.started
        self._artifact: UUID | None = None
        if total:
            self._artifact = _create_artifact()

    def advance(self, n: int, extra: str = "") -> None:
        self.done_count += n
        now = time.perf_counter()
        if now - self._last_log >= LOG_EVERY_SECONDS and self.done_count < self.total:
            self._last_log = now
            self._report(extra)

    def done(self) -> None:
        if self.total:
            self._report("")

    def line(self, extra: str = "") -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done_count / elapsed
        left = (self.total - self.done_count) / rate if rate else float("inf")
        pct = 100.0 * self.done_count / self.total if self.total else 100.0
        eta = "" if self.done_count >= self.total else f", about {_duration(left)} left"
        tail = f"; {extra}" if extra else ""
        return (
            f"parsed {self.done_count:,} of {self.total:,} {self.unit} ({pct:.0f}%) in "
            f"{_duration(elapsed)}, {rate:,.0f} {self.unit}/s{eta}{tail}"
        )

    def _report(self, extra: str) -> None:
        self.logger.info(self.line(extra))
        if self._artifact is not None:
            _update_artifact(self._artifact, 100.0 * self.done_count / self.total)


def _duration(seconds: float) -> str:
    if seconds == float("inf"):
        return "?"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _create_artifact() -> UUID | None:
    try:
        from prefect.artifacts import create_progress_artifact

        return create_progress_artifact(0.0, key="ogi-parse-progress", description="files parsed")
    except Exception:  # no flow context (tests, scripts): progress goes to the log only
        return None


def _update_artifact(artifact: UUID, progress: float) -> None:
    try:
        from prefect.artifacts import update_progress_artifact

        update_progress_artifact(artifact, progress)
    except Exception:
        pass
