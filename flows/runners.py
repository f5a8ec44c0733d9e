"""The task runner a config asks for: threads on this machine, or a Dask cluster."""

from __future__ import annotations

import os

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.config import RunnerSettings


def task_runner(settings: RunnerSettings) -> TaskRunner:
    """A Prefect task runner for these settings.

    `kind = "dask"` with an `address` uses that Dask scheduler; without one, a local cluster
    of `workers` processes, each loading the Whisper model once and reusing it.
    """
    if settings.kind == "threads":
        return ThreadPoolTaskRunner(max_workers=settings.workers)
    # prefect-dask is an optional extra (pip install 'innocast[dask]'): import it only here.
    from prefect_dask import DaskTaskRunner

    if settings.address:
        return DaskTaskRunner(address=settings.address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.workers,
            "threads_per_worker": settings.threads_per_worker,
            "processes": True,
            "dashboard_address": None,
            # Dask pins OpenMP to one thread per worker; with one, CTranslate2 takes another
            # numeric path and Whisper can hear a word differently. Workers get the default of a
            # plain process, so every runner transcribes alike (Whisper's own threads are set
            # per transcription).
            "env": {"OMP_NUM_THREADS": str(os.cpu_count() or 1)},
        }
    )
