"""What a flow run did to each item, summed up for the terminal and as a Prefect artifact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prefect.artifacts import create_table_artifact
from prefect.futures import PrefectFuture, wait

from flows.errors import one_line
from innocast.errors import InnocastError


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
        """Run the publishing task; a failure is recorded and the previous site stays."""
        state = step(*args, return_state=True)
        if state.is_failed():
            self.outcomes.append(Outcome(step.name, "-", "failed", _reason(state)))
            self.totals[step.name] = None
        else:
            self.totals[step.name] = state.result()

    def each(self, step: Any, ids: list[str], *args: str) -> int:
        """Run a per-item task over items concurrently; record each; return how many it did."""
        futures: list[tuple[str, PrefectFuture[bool]]] = [
            (item_id, step.submit(*args, item_id)) for item_id in ids
        ]
        wait([future for _item, future in futures])
        done = 0
        for item_id, future in futures:
            state = future.state
            if state.is_failed():
                self.outcomes.append(Outcome(step.name, item_id, "failed", _reason(state)))
            elif future.result():
                done += 1
                self.outcomes.append(Outcome(step.name, item_id, "done"))
            else:
                self.outcomes.append(Outcome(step.name, item_id, "cached"))
        self.totals[step.name] = done
        return done

    def each_job(
        self,
        step: Any,
        ids: list[str],
        make_job: Callable[[str], Any],
        store: Callable[[Any, Any], None],
        *args: Any,
    ) -> int:
        """Run a task that touches no catalog on each item's job, concurrently; return how many
        it did. Jobs are made (None: cached) and results stored here, in the flow's process."""
        jobs: dict[str, Any] = {}
        for item_id in ids:
            try:
                jobs[item_id] = make_job(item_id)
            except InnocastError as exc:
                self.outcomes.append(Outcome(step.name, item_id, "failed", one_line(exc)))
        futures = {
            item_id: step.submit(job, *args) for item_id, job in jobs.items() if job is not None
        }
        wait(list(futures.values()))
        done = 0
        for item_id, job in jobs.items():
            future = futures.get(item_id)
            if future is None:
                self.outcomes.append(Outcome(step.name, item_id, "cached"))
            elif future.state.is_failed():
                self.outcomes.append(Outcome(step.name, item_id, "failed", _reason(future.state)))
            else:
                try:
                    store(job, future.result())
                except InnocastError as exc:
                    self.outcomes.append(Outcome(step.name, item_id, "failed", one_line(exc)))
                    continue
                done += 1
                self.outcomes.append(Outcome(step.name, item_id, "done"))
        self.totals[step.name] = done
        return done

    @property
    def failures(self) -> list[str]:
        """One line per failed step and item."""
        return [f"{o.step} {o.item}: {o.reason}" for o in self.outcomes if o.result == "failed"]

    def artifact(self, key: str) -> None:
        """Attach the table of outcomes to the flow run, for editors in the Prefect UI."""
        counts = {r: sum(o.result == r for o in self.outcomes)
                  for r in ("done", "cached", "skipped", "failed")}
        create_table_artifact(
            key=key,
            table=[o.__dict__ for o in self.outcomes] or [{"step": "-", "item": "-",
                                                           "result": "nothing to do",
                                                           "reason": ""}],
            description=(
                f"{counts['done']} processed, {counts['cached']} unchanged (cached), "
                f"{counts['skipped']} skipped, {counts['failed']} failed"
            ),
        )


def _reason(state: Any) -> str:
    """The one-line reason a task failed: its exception's message."""
    try:
        state.result()
    except Exception as exc:
        return one_line(exc)
    return state.message or "failed"
