"""Run the flow with as little Prefect overhead as a local job allows.

With no PREFECT_API_URL, Prefect 3 runs a temporary API server in a subprocess. Prefect
would start it lazily, at the first API call, after importing its server code in this
process too (about 4 s here). `ogi run` instead starts that same server (uvicorn with
`prefect.server.api.server:create_app`, as Prefect's SubprocessASGIServer does) first thing,
without importing it, so its start-up overlaps with the imports of the flow; then it puts the
server's URL into the settings the flow runs with, so task runs in Dask worker processes
report to it too instead of each starting a server of their own. Background services that a
one-shot run does not need (scheduler, late runs, telemetry, ...) are switched off unless
the environment sets them.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

STARTUP_TIMEOUT_ENV = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
DEFAULT_STARTUP_TIMEOUT = 120
PORT_IN_USE = 3  # uvicorn's exit code when the port is taken
# Read by the temporary server (it inherits this environment).
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
# What Prefect's SubprocessASGIServer sets for its server (prefect 3.8).
SERVER_FLAGS: dict[str, str] = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
QUIET_LOGGERS: tuple[str, ...] = ("prefect.server", "docket", "uvicorn", "distributed")

# Linux: the server gets SIGTERM when the run that started it dies, even by SIGKILL
# (PR_SET_PDEATHSIG survives the exec into uvicorn); argv: parent pid, then uvicorn's argv.
_DIE_WITH_PARENT = """\
import ctypes, os, signal, sys
ctypes.CDLL(None).prctl(1, signal.SIGTERM)
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1: no proxy
_early: TemporaryServer | None = None


def apply_defaults() -> None:
    """Set the server defaults above where the environment does not set them."""
    for name, value in SERVER_DEFAULTS.items():
        os.environ.setdefault(name, value)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def startup_timeout() -> float:
    try:
        return float(os.environ.get(STARTUP_TIMEOUT_ENV, DEFAULT_STARTUP_TIMEOUT))
    except ValueError:
        return float(DEFAULT_STARTUP_TIMEOUT)


class TemporaryServer:
    """Prefect's temporary API server in a subprocess, on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> TemporaryServer:
        """Launch the server; returns at once (see wait_ready)."""
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("prefect is not installed in this environment")
        self.port = _free_port()
        uvicorn = ["-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
                   "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        launcher = ["-c", _DIE_WITH_PARENT, str(os.getpid())] if sys.platform == "linux" else []
        self.proc = subprocess.Popen(
            [sys.executable, *launcher, *uvicorn], env={**os.environ, **SERVER_FLAGS}
        )
        atexit.register(self.stop)
        return self

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers /health, or raise saying what to do."""
        deadline = time.monotonic() + timeout
        while not self._healthy():
            code = self.proc.poll() if self.proc else None
            if code == PORT_IN_USE:
                self.start()
            elif code is not None:
                raise RuntimeError(
                    f"the temporary Prefect server exited with code {code} (its output is above)"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the temporary Prefect server did not answer within {timeout:g} s. Raise "
                    f"{STARTUP_TIMEOUT_ENV}, or run `prefect server start` and set "
                    "PREFECT_API_URL."
                )
            time.sleep(0.1)

    def _healthy(self) -> bool:
        try:
            with _DIRECT.open(f"{self.api_url}/health", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_early() -> None:
    """Start the temporary server now, unless PREFECT_API_URL names a server to use."""
    global _early
    if _early is not None or _configured_api_url():
        return
    apply_defaults()
    with contextlib.suppress(Exception):  # prefect_api() starts one later, or says why not
        _early = TemporaryServer().start()


def _configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment, or from Prefect's settings if already imported."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    settings = sys.modules.get("prefect.settings")
    if settings is None:
        return None
    url = settings.get_current_settings().api.url
    return str(url) if url else None


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """Yield the API URL the flow reports to, running a temporary server if none is set."""
    global _early
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    server, _early = _early, None
    configured = get_current_settings().api.url
    if configured:
        if server is not None:
            server.stop()
        yield str(configured)
        return
    server = server or TemporaryServer().start()
    try:
        server.wait_ready(startup_timeout())
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
