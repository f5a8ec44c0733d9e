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
from flows.cli import main
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


def test_tag_command_imports_only_the_tagger_and_click() -> None:
    loaded = top_level_modules(LOADED_AFTER, "tag", str(SEED), "--json")
    assert "themes" in loaded
    assert loaded & HEAVY == set()
