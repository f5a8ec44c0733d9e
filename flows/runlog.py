"""What a flow run did to each item, summed up for the terminal and as a Prefect artifact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import TaskRunner
from prefect.utilities.callables import get_call_parameters

from flows.errors import one_line
from flows.tasks import WORKER_FAULT
from innocast.errors import InnocastError

# Finds the title and published page of each item id it knows, for the run's table.
Pages = Callable[[list[str]], dict[str, tuple[str, str]]]
# Steps whose failures are sources that could not be read, not items of the catalog.
INGEST_STEPS = ("ingest-episodes", "ingest-news", "ingest-episode")


@dataclass(frozen=True)
class Outcome:
    """One step on one item: done, cached (nothing to do), or failed with a reason."""

    step: str
    item: str
    result: str
    reason: str = ""


@dataclass
class RunLog:
    """The outcomes of a run, in the order they happened."""

    outcomes: list[Outcome] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    # The one line of a worker unfit to run anything (no store, another store), if any.
    fault: str | None = None

    def ingested(self, step: str, result: dict[str, Any]) -> None:
        """Record an ingest step's created/updated/unchanged/skipped/failed lists or counts."""
        self.totals[step] = result
        for change in ("created", "updated", "unchanged"):
            value = result.get(change, [])
            for item in value if isinstance(value, list) else []:
                self.outcomes.append(Outcome(step, item, "done" if change != "unchanged"
                                             else "cached", change))
        for source, reason in result.get("skipped", []):
            self.outcomes.append(Outcome(step, source, "skipped", reason))
        for source, reason in result.get("failed", []):
            self.outcomes.append(Outcome(step, source, "failed", reason))

    def ingest(self, step: Any, *args: str) -> None:
        """Run an ingest task; a failure (after its retries) is recorded, not raised."""
        state = step(*args, return_state=True)
        if state.is_failed():
            self.outcomes.append(Outcome(step.name, "-", "failed", _reason(state)))
            return
        self.ingested(step.name, state.result())

    def publish(self, step: Any, *args: str) -> None:
        """Run the publishing task unless an item failed: a failure, or one that would leave a
        failed item out of the site, is recorded, and the previous publication stays."""
        if self.items_failed:
            self.outcomes.append(
                Outcome(step.name, "-", "skipped", "items failed; the previous publication stays")
            )
            self.totals[step.name] = None
            return
        get_run_logger().info("%s: publishing the catalog", step.name)
        state = step(*args, return_state=True)
        if state.is_failed():
            self.outcomes.append(Outcome(step.name, "-", "failed", _reason(state)))
            self.totals[step.name] = None
        else:
            self.totals[step.name] = result = state.result()
            if result.get("up_to_date"):
                get_run_logger().info(
                    "%s: nothing changed; the publication is up to date", step.name)

    def each_job(
        self,
        step: Any,
        ids: list[str],
        make_job: Callable[[str], Any],
        store: Callable[[Any, Any], None],
        *args: Any,
        runner: TaskRunner,
    ) -> int:
        """Run a task that touches no catalog on each item's job, concurrently on `runner`;
        return how many it did.

        Jobs are made (None: cached) and results stored here, in the flow's process; the task
        runs wherever the runner puts it. A worker unfit for any item (no store, another store)
        stops the run: see `fault`.
        """
        jobs = {}
        for item_id in ids:
            try:
                jobs[item_id] = make_job(item_id)
            except InnocastError as exc:
                self.outcomes.append(Outcome(step.name, item_id, "failed", one_line(exc)))
        todo = {item_id: job for item_id, job in jobs.items() if job is not None}
        # One line a phase, cached or not, so that a reader of the log sees every phase begin.
        get_run_logger().info("%s: %d to do, %d up to date", step.name, len(todo),
                              len(jobs) - len(todo))
        futures = [(item_id, job, submit(runner, step, job, *args))
                   for item_id, job in todo.items()]
        wait([future for _item, _job, future in futures])
        done = 0
        for item_id, job in jobs.items():
            if job is None:
                self.outcomes.append(Outcome(step.name, item_id, "cached"))
        for item_id, job, future in futures:
            state = future.state
            if state.is_failed():
                self.failed(step.name, [item_id], state)
                continue
            try:
                store(job, future.result())
            except InnocastError as exc:
                self.outcomes.append(Outcome(step.name, item_id, "failed", one_line(exc)))
                continue
            done += 1
            self.outcomes.append(Outcome(step.name, item_id, "done"))
        self.totals[step.name] = done
        return done

    def failed(self, step: str, ids: list[str], state: Any) -> None:
        """Record every item of a step as failed for the reason a preliminary task failed."""
        reason = _reason(state)
        if state.name == WORKER_FAULT and self.fault is None:
            self.fault = reason
        self.outcomes += [Outcome(step, item_id, "failed", reason) for item_id in ids]

    @property
    def items_failed(self) -> bool:
        """True if a per-item step failed for some item (ingest failures are sources, not items)."""
        return any(o.result == "failed" and o.step not in INGEST_STEPS for o in self.outcomes)

    @property
    def failures(self) -> list[str]:
        """One line per failed step and item."""
        return [f"{o.step} {o.item}: {o.reason}" for o in self.outcomes if o.result == "failed"]

    def artifact(self, key: str, pages: Pages | None = None) -> None:
        """Attach the table of outcomes to the flow run, for editors in the Prefect UI: each
        item by its title with the address of its published page (`pages` finds them by id)."""
        counts = {r: sum(o.result == r for o in self.outcomes)
                  for r in ("done", "cached", "skipped", "failed")}
        found = pages([o.item for o in self.outcomes]) if pages is not None else {}
        create_table_artifact(
            key=key,
            table=[_row(o, found) for o in self.outcomes] or [
                {"step": "-", "item": "-", "page": "", "result": "nothing to do", "reason": ""}
            ],
            description=(
                f"{counts['done']} processed, {counts['cached']} unchanged (cached), "
                f"{counts['skipped']} skipped, {counts['failed']} failed"
            ),
        )


def _row(outcome: Outcome, pages: dict[str, tuple[str, str]]) -> dict[str, str]:
    """One row of the table: an item's title and page where it is one, else what was named."""
    title, page = pages.get(outcome.item, (outcome.item, ""))
    return {"step": outcome.step, "item": title, "page": page, "result": outcome.result,
            "reason": outcome.reason}


def submit(runner: TaskRunner, step: Any, *args: Any) -> PrefectFuture:
    """Submit a task to a runner the flow entered itself (the config's, not the flow's own)."""
    return runner.submit(step, get_call_parameters(step.fn, args, {}))


def _reason(state: Any) -> str:
    """The one-line reason a task failed: its exception's message."""
    try:
        state.result()
    except Exception as exc:
        return one_line(exc)
    return state.message or "failed"
