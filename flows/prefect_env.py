"""Run the flow with as little Prefect overhead as a local job allows.

With no PREFECT_API_URL, Prefect 3 starts a temporary API server in a subprocess (about
8 s on this 2-core machine). We start that server ourselves, once, and put its URL into the
settings the flow runs with: task runs in Dask worker processes then report to it instead
of each starting a server of their own. Its background services (scheduler, late runs,
telemetry, ...) are useless to a one-shot run and are switched off unless set otherwise.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

STARTUP_TIMEOUT_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
DEFAULT_STARTUP_TIMEOUT = 120
# Only read by the temporary server we start (it inherits this environment).
SERVER_DEFAULTS: dict[str, str] = {
    STARTUP_TIMEOUT_ENV: str(DEFAULT_STARTUP_TIMEOUT),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
}
QUIET_LOGGERS: tuple[str, ...] = ("prefect.server", "docket", "uvicorn", "distributed")


def apply_defaults() -> None:
    """Set the server defaults above where the environment does not set them."""
    for name, value in SERVER_DEFAULTS.items():
        os.environ.setdefault(name, value)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def startup_timeout() -> int:
    try:
        return int(float(os.environ.get(STARTUP_TIMEOUT_ENV, DEFAULT_STARTUP_TIMEOUT)))
    except ValueError:
        return DEFAULT_STARTUP_TIMEOUT


@contextmanager
def prefect_api() -> Iterator[str]:
    """Yield the API URL the flow reports to, starting a temporary server if none is set."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    configured = get_current_settings().api.url
    if configured:
        yield str(configured)
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    try:
        server.start(timeout=startup_timeout())
    except RuntimeError as exc:
        raise RuntimeError(
            f"the temporary Prefect server did not start: {exc}. Raise {STARTUP_TIMEOUT_ENV} "
            "(seconds), or run `prefect server start` and set PREFECT_API_URL."
        ) from exc
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield server.api_url
            finally:
                drain()
    finally:
        server.stop()


def drain(timeout: float = 5.0) -> None:
    """Send the logs and events still queued, before the server they go to stops."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        # never let bookkeeping hide the run's own outcome
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=timeout)
