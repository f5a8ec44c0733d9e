"""One round of publishing a pickled synthetic site with the code of one checkout, timed.

    python benchmarks/publish_rounds.py CHECKOUT SITE.pickle OUT SHARD_BYTES

Run by `benchmarks/site_build.py` once per round for this checkout and once for the baseline's
(main's commit in a temporary worktree), so both are timed by the same harness in the same run.
The pickle holds (site, newest, second): the site, and two episodes held back. The steps, each
printed as a JSON line {"step", "wall", "cpu", "pages", "written", "reindexed"}:

- `full`: render and index the site into an empty OUT;
- `same`: publish it again, nothing changed;
- `more`: publish it with `newest` added;
- `staged-same` and `staged-more`: the same two through `steps.staging.staged`, the way
  `innocast publish` does (a hard-linked staging copy swapped in), with `second` added.
"""

from __future__ import annotations

import inspect
import json
import pickle
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    """Publish the site in the steps above with the checkout's code and print their times."""
    checkout, pickled, out = (Path(arg) for arg in sys.argv[1:4])
    shard_bytes = int(sys.argv[4])
    sys.path.insert(0, str(checkout))
    from steps.staging import staged
    from website import build_search_index, render_site

    with pickled.open("rb") as handle:
        site, newest, second = pickle.load(handle)
    given_pages = "pages" in inspect.signature(build_search_index).parameters

    def publish(view, folder: Path, sync: bool):  # type: ignore[no-untyped-def]
        # Through staging, the staging step syncs once before the swap, as `innocast publish`.
        rendered = render_site(view, folder, sync=sync)
        extra = {"pages": rendered.files} if given_pages else {}
        index = build_search_index(folder, shard_bytes, sync=sync, **extra)
        return rendered, index

    def step(name: str, view, *, through_staging: bool = False) -> None:  # type: ignore[no-untyped-def]
        c0, t0 = cpu_seconds(), time.perf_counter()
        if through_staging:
            with staged(out) as stage:
                rendered, index = publish(view, stage, False)
        else:
            rendered, index = publish(view, out, True)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        print(json.dumps({
            "step": name, "wall": wall, "cpu": cpu, "pages": rendered.pages,
            "written": sum(1 for p in rendered.written if p.endswith(".html")),
            "index_written": len(index.written), "reindexed": len(index.reindexed),
            "shards": index.shards,
        }), flush=True)

    grown = replace(site, episodes=(*site.episodes, newest))
    step("full", site)
    step("same", site)
    step("more", grown)
    step("staged-same", grown, through_staging=True)
    step("staged-more", replace(grown, episodes=(*grown.episodes, second)), through_staging=True)


if __name__ == "__main__":
    main()
