"""Each command loads only what it uses: what `innocast tag` and the themes package import."""

from __future__ import annotations

import json
import subprocess
import sys

from themes.evaluation import SEEDS_DIR

SEED = SEEDS_DIR / "partsradet-innovativa-aktiviteter.txt"
# Packages that tagging has no use for; each costs tenths of a second to import. numpy comes
# with the semantic layer, which only `--semantic` uses.
HEAVY = {"news", "bs4", "httpx", "feedparser", "prefect", "faster_whisper", "jinja2",
         "trafilatura", "pyloudnorm", "scipy", "website", "catalog", "podcast", "numpy"}

LOADED_AFTER = """
import json, sys
sys.argv = ["innocast", *sys.argv[1:]]
from flows.entry import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def top_level_modules(code: str, *args: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running `code`."""
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, timeout=120, check=True)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_themes_package_imports_no_news_or_network_libraries() -> None:
    code = ("import json, sys; import themes; "
            "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})), file=sys.stderr)")
    assert top_level_modules(code) & HEAVY == set()


def test_tag_command_imports_only_the_tagger() -> None:
    loaded = top_level_modules(LOADED_AFTER, "tag", str(SEED), "--json")
    assert "themes" in loaded
    # A plain `innocast tag` runs without click (flows/entry.py).
    assert loaded & (HEAVY | {"click"}) == set()


def test_a_run_of_the_pipeline_loads_no_page_builder_until_something_changed() -> None:
    # What `innocast run` imports before its flow begins: the builder, the renderer and the
    # feed writer come only when publishing finds something to publish.
    code = ("import json, sys; import flows.commands.run, flows.pipeline; "
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "flows.pipeline" in loaded
    assert loaded & {"steps.build", "website.render", "website.model", "podcast.feed",
                     "feedgen", "jinja2", "flows.pieces"} == set()


def test_deployments_made_before_the_flows_moved_still_find_them_in_flows_pipeline() -> None:
    import flows.pieces
    import flows.pipeline

    for name in ("add_episode", "news_update", "publish", "tag_flow", "transcribe_flow",
                 "ingest_episodes_flow", "ingest_news_flow"):
        assert getattr(flows.pipeline, name) is getattr(flows.pieces, name)
