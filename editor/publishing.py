"""Publishing from the editor: one run at a time in the background, its outcome kept to show."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from innocast.errors import InnocastError

# What the app is given to publish with: it returns the run's summary (its counts and URLs,
# at least `site_url`), or raises an InnocastError whose message is shown.
Publisher = Callable[[], dict[str, Any]]


@dataclass
class PublishState:
    """The latest publication started from the editor."""

    state: str = "idle"  # idle, running, done, failed
    message: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    started: str = ""
    finished: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready data, for the page that waits for it."""
        return {"state": self.state, "message": self.message, "summary": self.summary,
                "started": self.started, "finished": self.finished}


class Publishing:
    """Runs the publisher in a thread, one run at a time, and remembers how the last ended."""

    def __init__(self, publisher: Publisher | None) -> None:
        self._publisher = publisher
        self._lock = threading.Lock()
        self.current = PublishState()

    @property
    def available(self) -> bool:
        """Whether this app can publish (it was given a publisher)."""
        return self._publisher is not None

    def start(self) -> bool:
        """Start a publication unless one is running; say whether one was started."""
        if self._publisher is None:
            return False
        with self._lock:
            if self.current.state == "running":
                return False
            self.current = PublishState(state="running", message="Publiceringen pågår.",
                                        started=_now())
        threading.Thread(target=self._run, name="innocast-publish", daemon=True).start()
        return True

    def _run(self) -> None:
        assert self._publisher is not None
        try:
            summary = self._publisher()
        except InnocastError as exc:
            self._finish("failed", " ".join(str(exc).split()) or type(exc).__name__, {})
            return
        except Exception as exc:
            # A bug: the editor sees one line, the traceback goes to the log.
            self._finish("failed", f"Publiceringen misslyckades ({type(exc).__name__}); "
                         "se loggen.", {})
            raise
        self._finish("done", "Publicerat.", summary)

    def _finish(self, state: str, message: str, summary: dict[str, Any]) -> None:
        with self._lock:
            self.current = PublishState(state=state, message=message, summary=summary,
                                        started=self.current.started, finished=_now())


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
