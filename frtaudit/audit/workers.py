"""Worker processes for big scans: tasks run in a pool, results come back in task order.

Used for several inventory files (``frtaudit.scan``) and for the chunks of one big file
(``frtaudit.audit.chunks``). Workers start from a fork server that has imported the rules once, so
none of them copies this process's memory (the text of a big file, the merged report), and
only a few results wait at a time: a finished result stays in memory until it is taken.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

T = TypeVar("T")

#: Tasks handed to each worker ahead of the one whose result is awaited.
AHEAD_PER_WORKER = 2
#: Modules the fork server imports once for all its workers.
PRELOAD = ("frtaudit.scan", "frtaudit.audit.chunks", "frtaudit.audit.engine", "frtaudit.rules")


def wanted(jobs: int) -> int:
    """Workers for ``--jobs``: the number given, or one per CPU for 0."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _context() -> BaseContext:
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the fork server now: it imports the rules while this process reads its input.

    Without it the server starts at the first task, after the input has been read and cut.
    """
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _start_worker() -> None:
    # A worker parses and audits whole files: millions of acyclic objects, freed by reference
    # counting. Full collections would walk all of them again and again (see no_cyclic_gc).
    gc.disable()


@contextmanager
def in_order(
    fn: Callable[..., T], tasks: Iterable[tuple[Any, ...]], workers: int
) -> Iterator[Iterator[T]]:
    """``fn(*task)`` for every task, computed by ``workers`` processes, yielded in task order.

    Tasks are made only when they are handed out, at most AHEAD_PER_WORKER per worker ahead
    of the result awaited. Leaving the block early cancels what has not started. A worker
    that dies (killed, out of memory) is a UsageError: exit 2 with a hint, no traceback.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from frtaudit.errors import UsageError

    with ProcessPoolExecutor(workers, _context(), initializer=_start_worker) as pool:
        pending: deque[Future[T]] = deque()
        queue = iter(tasks)

        def submit(count: int) -> None:
            for task in itertools.islice(queue, count):
                pending.append(pool.submit(fn, *task))

        def results() -> Iterator[T]:
            submit(AHEAD_PER_WORKER * workers)
            while pending:
                try:
                    result = pending.popleft().result()
                except BrokenProcessPool:  # killed from outside, e.g. out of memory
                    raise UsageError("worker_failed") from None
                submit(1)
                yield result

        try:
            yield results()
        finally:
            for future in pending:
                future.cancel()


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while millions of acyclic result objects are made.

    Findings, rows and parsed inventories hold no reference cycles (reference counting frees
    them), but each full collection walks every one of them: on a national run that was 40%
    of the merging process's time. Workers pause it too (see ``_start_worker``).
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
