"""The task runner a config asks for: threads on this machine, or a Dask cluster."""

from __future__ import annotations

import os

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from steps.config import RunnerSettings
from steps.errors import ConfigError

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def task_runner(settings: RunnerSettings) -> TaskRunner:
    """A Prefect task runner for these settings.

    `kind = "dask"` with an `address` uses that Dask scheduler (and needs a real Prefect API,
    PREFECT_API_URL); without one, a local cluster of `workers` processes, each loading the
    Whisper model once and reusing it.
    """
    if settings.kind == "threads":
        return ThreadPoolTaskRunner(max_workers=settings.workers)
    # prefect-dask is an optional extra (pip install 'innocast[dask]'): import it only here.
    from prefect_dask import DaskTaskRunner

    if settings.address:
        if not os.environ.get("PREFECT_API_URL"):
            # Without one, every remote worker would start a temporary API of its own.
            raise ConfigError(
                f"runner.address {settings.address}: a remote Dask cluster needs a real Prefect "
                "API; start `prefect server start` and set PREFECT_API_URL"
            )
        return DaskTaskRunner(address=settings.address)
    _plain_process_threads()
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.workers,
            "threads_per_worker": settings.threads_per_worker,
            "processes": True,
            "dashboard_address": None,
        }
    )


def check_runner(settings: RunnerSettings) -> None:
    """Fail now, in one line, if a run could not use this runner (remote Dask, no Prefect API)."""
    task_runner(settings)


def _plain_process_threads() -> None:
    """Start local Dask workers with the thread defaults of a plain process.

    Dask starts its workers with OpenMP, OpenBLAS and MKL pinned to one thread; with one, the
    numeric paths of Whisper's features and decoder change and it can hear a word differently.
    The variables must be set before a worker starts (its libraries read them once), hence the
    nanny's pre-spawn environment, not the worker's. Whisper's own threads are set per task.
    """
    import dask

    key = "distributed.nanny.pre-spawn-environ"
    threads = str(os.cpu_count() or 1)
    dask.config.set({key: {**dask.config.get(key, {}), **dict.fromkeys(THREAD_VARIABLES, threads)}})
