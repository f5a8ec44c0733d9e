"""JSON-LD from outside: any script in a page gives JSON-LD objects or is ignored, never an
exception (Hypothesis); nesting deep enough to exhaust the parser drops no news file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from news.metadata import MAX_JSON_LD_DEPTH, json_depth, json_ld, structured_dates
from text.dates import is_feed_date

INNOCAST = str(Path(sys.executable).with_name("innocast"))
FIXTURES = Path(__file__).parent / "fixtures"
PROPERTIES = settings(max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers()
    | st.text(max_size=10) | st.sampled_from(["0001-01-01", "9999-12-31T23:00:00-05:00"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["@type", "@graph", "datePublished", "dateModified", "author", "name"]),
        inner, max_size=4),
    max_leaves=20,
)


def _nest(depth: int, opener: str) -> str:
    closer = {"[": "]", "{": "}"}[opener]
    if opener == "[":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + closer * depth


scripts = st.one_of(
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.builds(_nest, st.integers(1, 20_000), st.sampled_from("[{")),
)


def _page(script: str) -> str:
    return (f'<html lang="sv"><head><script type="application/ld+json">{script}</script>'
            "</head><body><h1>Rubrik</h1><p>Text.</p></body></html>")


@PROPERTIES
@given(st.lists(scripts, min_size=1, max_size=3))
def test_metadata_any_json_ld_gives_objects_or_is_ignored(texts: list[str]) -> None:
    soup = BeautifulSoup("".join(_page(t) for t in texts), "lxml")
    objects = json_ld(soup)
    assert all(isinstance(item, dict) for item in objects)
    published, updated = structured_dates(soup, objects)
    assert all(found is None or is_feed_date(found) for found in (published, updated))


@PROPERTIES
@given(json_values)
def test_metadata_json_depth_is_the_nesting_of_the_parsed_value(value: object) -> None:
    def depth(item: object) -> int:
        if isinstance(item, list):
            return 1 + max((depth(v) for v in item), default=0)
        if isinstance(item, dict):
            return 1 + max((depth(v) for v in item.values()), default=0)
        return 0

    assert json_depth(json.dumps(value)) == depth(value)


def test_metadata_deep_json_ld_is_ignored_and_the_page_kept() -> None:
    soup = BeautifulSoup(_page("[" * 100_000 + "]" * 100_000), "lxml")
    assert json_ld(soup) == []
    shallow = _nest(MAX_JSON_LD_DEPTH, "[")
    assert json_ld(BeautifulSoup(_page(shallow), "lxml")) == []  # parsed, but holds no object


def test_metadata_deep_json_ld_drops_no_news_file_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    name = "norrbotten-larprojekt-innovation.txt"
    (folder / name).write_bytes((FIXTURES / name).read_bytes())
    # Under the 200,000-character script limit, and deeper than the JSON parser can recurse.
    deep = '{"a":' + "[" * 99_990 + "]" * 99_990 + "}"
    (folder / "djup.html").write_text(
        '<html lang="sv"><head><title>Djup</title>'
        f'<script type="application/ld+json">{deep}</script></head><body><article>'
        "<h1>Ny mötesplats för innovation</h1>"
        + "<p>Kommunen öppnar en mötesplats där företag och forskare arbetar ihop.</p>" * 8
        + "</article></body></html>",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    result = subprocess.run([INNOCAST, "ingest", "news", str(folder), "--data", str(data)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{folder}: 2 new, ")
    with Catalog(data) as catalog:
        assert {item.title for item in catalog.items("news")} >= {"Ny mötesplats för innovation"}
