"""Where a build's tasks run: in this process (the serial build) or on a Dask cluster; results come back in task order.

Both executors take the same task function (a generator: task → results) and the same tasks, and hand the
results back in the tasks' order, so the one writer (the driver) loads them exactly as a serial run would.
On a cluster every task is submitted as a pure function of its task: a worker lost mid-run costs only the
time to run its tasks again elsewhere (the scheduler does it), never a result.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from pipeline.pages import PAGES_PER_TASK
from scrapers.errors import ClusterError, InputError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10       # seconds to reach a scheduler
WORKERS_TIMEOUT = 60       # seconds to wait for a cluster's first worker
TASKS_PER_THREAD = 4       # tasks in flight (submitted, not yet loaded) per worker thread: bounds memory
# The workers of a local cluster do not sample their own stacks every 10 ms (Dask's statistical profiler, for
# its dashboard, which nobody watches during a build): CPU for parsing instead.
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
LOCAL_HTTP_ADDRESS = "127.0.0.1:0"   # the local scheduler's status server: loopback, any free port


def collect(work, task) -> list:
    """Run one task on a worker: the list of its results (what travels back to the driver)."""
    return list(work(task))


class InProcess:
    """Runs the tasks one after the other in this process, streaming each task's results."""

    pages_per_task = None   # a task per WARC file: each file is read once
    description = "in this process"

    def ordered(self, work, tasks, done=lambda pages: None):
        for task in tasks:
            for result in work(task):
                yield result
                done(1)


class DaskExecutor:
    """Runs the tasks on a Dask cluster through *client*; results are yielded in task order as they arrive."""

    pages_per_task = PAGES_PER_TASK   # a large file is several tasks, so that every worker has work

    def __init__(self, client, description: str):
        self.client = client
        self.description = description

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, work, task):
        return self.client.submit(collect, work, task, pure=False)

    def ordered(self, work, tasks, done=lambda pages: None):
        """The results of every task, in task order; *done(pages)* is called as each task completes."""
        from distributed import as_completed

        tasks = list(tasks)
        window = TASKS_PER_THREAD * self.threads()
        running = as_completed(loop=self.client.loop)
        index_of, finished = {}, {}
        submitted = consumed = 0
        try:
            while consumed < len(tasks):
                while submitted < len(tasks) and submitted - consumed < window:
                    future = self.submit(work, tasks[submitted])
                    index_of[future.key] = submitted
                    running.add(future)
                    submitted += 1
                if consumed in finished:
                    results = self._result(finished.pop(consumed))
                    consumed += 1
                    yield from results
                    continue
                future = next(running)
                index = index_of[future.key]
                done(tasks[index].pages)
                finished[index] = future
        finally:
            outstanding = [*finished.values(), *list(running.futures)]
            if outstanding:
                self.client.cancel(outstanding)

    def _result(self, future):
        from distributed import KilledWorker
        from distributed.client import FutureCancelledError

        try:
            results = future.result()
        except KilledWorker as exc:
            raise ClusterError(f"a task killed its workers again and again and was given up: {exc}") from exc
        except FutureCancelledError as exc:
            raise ClusterError(f"the cluster dropped a task (was the scheduler restarted?): {exc}") from exc
        future.release()
        return results


def _quiet_cluster_logs(verbose: bool) -> None:
    for name in ("distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.ERROR)


@contextmanager
def executor_for(scheduler: str | None = None, workers: int | None = None, verbose: bool = False):
    """The executor of a run: an existing cluster (*scheduler* address), a local cluster of *workers* worker
    processes started for the run (one thread each), or this process when neither is given."""
    if scheduler and workers:
        raise InputError("--scheduler and --workers exclude each other: use an existing cluster or start one")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    if not scheduler and not workers:
        yield InProcess()
        return
    import dask
    from distributed import Client, LocalCluster

    _quiet_cluster_logs(verbose)   # after the import, which sets Dask's own log levels

    cluster = None
    try:
        if workers:
            with dask.config.set(LOCAL_WORKER_CONFIG):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=LOCAL_HTTP_ADDRESS,
                                       silence_logs=logging.INFO if verbose else logging.ERROR)
            client = Client(cluster)
            description = f"a local cluster of {workers} worker process{'es' if workers > 1 else ''}"
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            description = f"the cluster at {scheduler}"
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        raise ClusterError(f"cannot reach {where}: {exc}") from exc
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError as exc:
            raise ClusterError(f"no worker joined {description} within {WORKERS_TIMEOUT} s "
                               "(start some with `dask worker ADDRESS`)") from exc
        yield DaskExecutor(client, description)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
