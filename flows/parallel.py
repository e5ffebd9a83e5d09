"""Spread the parse batches over local processes or a Dask cluster, and gather them back.

Locally, each `parse batch` task runs in a thread of the flow's process and hands its files
to a process pool (spawned processes that import only the loaders, never Prefect): one
task run per batch of files, no Prefect engine in the workers. On Dask, the same task runs
in the Dask workers (prefect-dask), which then do the parsing themselves.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MIN_BATCH = 16
MAX_BATCH = 2000
BATCHES_PER_WORKER = 8  # while many files are left: batches of files / (workers x 8)
TAPER = 2  # near the end: batches of what is left / (workers x 2), so the workers finish together
INLINE_BELOW = 64  # fewer files than this: parse in the flow's process, no pool to start

_pool: LocalPool | None = None
_warm: dict[str, ProcessPoolExecutor] = {}


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def batch_size_for(files: int, workers: int, requested: int | None = None) -> int:
    """About BATCHES_PER_WORKER batches per worker, each of MIN_BATCH..MAX_BATCH files."""
    if requested:
        return max(1, requested)
    return max(MIN_BATCH, min(MAX_BATCH, math.ceil(files / (max(1, workers) * BATCHES_PER_WORKER))))


def make_batches(items: Sequence[T], workers: int, requested: int | None = None) -> list[list[T]]:
    """Split `items` into batches handed out in order: `requested` files each if given, else
    batch_size_for(all) files, tapering off as the end nears (what is left / (workers x
    TAPER), at least MIN_BATCH) so that no worker is left with a long last batch while the
    others have nothing to do."""
    size = batch_size_for(len(items), workers, requested)
    batches, start = [], 0
    while start < len(items):
        left = len(items) - start
        if not requested:
            size = min(size, max(MIN_BATCH, math.ceil(left / (max(1, workers) * TAPER))))
        batches.append(list(items[start : start + size]))
        start += size
    return batches


class LocalPool:
    """A spawn-based process pool that is rebuilt once if a worker dies (OOM, segfault)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        executor = self._executor
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._new()
            raise

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """Import the parser once per worker process, before the first batch arrives."""
    import contextlib
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with contextlib.suppress(ImportError):
        import loaders.parse  # noqa: F401


@contextmanager
def local_pool(workers: int, files: int) -> Iterator[LocalPool | None]:
    """A process pool for this run, or None where the files are too few to be worth one."""
    global _pool
    if workers <= 1 or files < INLINE_BELOW:
        yield None
        return
    _pool = LocalPool(min(workers, math.ceil(files / MIN_BATCH)))
    try:
        yield _pool
    finally:
        pool, _pool = _pool, None
        pool.shutdown()


def current_pool() -> LocalPool | None:
    """The pool of the run in this process, if any (None inside Dask workers)."""
    return _pool


@contextmanager
def warm_process(*modules: str) -> Iterator[None]:
    """A spawned process that imports `modules` now, while this process does other work.

    `call_warm(fn, ...)` for a function of one of them then runs in it without waiting for
    the imports: the flow starts one for the GX checkpoint (GX takes about 6 s of CPU to
    import) before `dbt build`, whose start-up and tests leave the second core mostly idle.
    """
    executor = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"),
        initializer=_import_quietly, initargs=modules,
    )
    executor.submit(int)  # starts the process (and its imports) now, not at the first call
    _warm.update(dict.fromkeys(modules, executor))
    try:
        yield
    finally:
        for module in modules:
            _warm.pop(module, None)
        executor.shutdown(wait=True, cancel_futures=True)


def call_warm(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in the warm process that imported fn's module if there is one, else here.

    A warm process that could not start (an import failed) or died is passed over: the call
    then runs here, where a failing import raises its own error.
    """
    executor = _warm.get(fn.__module__)
    if executor is not None:
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            pass
    return fn(*args)


def _import_quietly(*modules: str) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for module in modules:
        importlib.import_module(module)


def completed(futures: list[Any]) -> Iterator[Any]:
    """Yield futures as they finish, holding none of them after it has been yielded.

    Unlike prefect.futures.as_completed, which keeps every future (and so every batch of
    parsed rows) alive until the last one is done, this empties `futures` and lets each
    batch be freed once it has been loaded.
    """
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    total = len(futures)
    for future in futures:
        register = getattr(future, "_add_prefect_done_callback", None) or future.add_done_callback
        register(done.put)
    futures.clear()
    for _ in range(total):
        yield done.get()
