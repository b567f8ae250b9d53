"""Running letters through worker processes, a bounded number at a time.

Workers start from a fork server that has already imported the renderers
(WeasyPrint takes half a second to import), so each worker starts warm and
no worker is forked from a process that runs threads (the progress bar's).
Only a few letters per worker are in flight at once and each result is
handed on as soon as it is done, so memory stays flat however long the
mailing is.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from letterkit.compose import ComposeOptions
from letterkit.render import REGISTRY
from letterkit.run import worker

IN_FLIGHT = 4
"""Letters queued per worker: enough to keep it busy, few enough to keep memory flat."""


def _context(formats: Iterable[str]) -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:  # Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # By the module's own name: CPython ignores a preload that fails to import, so a
    # spelled-out name that went stale would make every worker start cold, silently.
    context.set_forkserver_preload([worker.__name__, *(REGISTRY[f] for f in set(formats))])
    return context


def in_workers(
    jobs: Sequence[worker.Job], shared: ComposeOptions, workers: int
) -> Iterator[worker.Made]:
    """Make the letters in ``workers`` processes, yielding each as it is done."""
    queue = iter(jobs)
    formats = {fmt for job in jobs for fmt in job.formats}
    with ProcessPoolExecutor(
        workers,
        mp_context=_context(formats),
        initializer=worker.start,
        initargs=(shared,),
    ) as pool:
        pending: set[Future[worker.Made]] = {
            pool.submit(worker.make, job) for job in islice(queue, workers * IN_FLIGHT)
        }
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                pending.update(pool.submit(worker.make, job) for job in islice(queue, 1))
