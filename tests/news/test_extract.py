"""Extraction against golden files, and on hostile, broken and oversized pages."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from news import EmptyPageError, NotHTMLError, extract_html, extract_text
from news.extract import MAX_BODY_CHARS

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".txt"))
FIELDS = ("title", "published", "updated", "url", "author", "language", "events", "body")


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_extract_matches_golden(path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    if path.suffix == ".html":
        article = extract_html(path.read_bytes(), source=str(path))
    else:
        article = extract_text(path.read_text(encoding="utf-8"), source=str(path))
    got = article.to_dict()
    assert {field: got[field] for field in FIELDS} == {field: expected[field] for field in FIELDS}
    assert got["source"] == str(path)


def test_extract_every_fixture_has_a_golden_file() -> None:
    assert len(CASES) >= 15
    assert all(p.with_name(p.name + ".json").exists() for p in CASES)


def test_extract_html_keeps_out_navigation_cookies_share_and_footer() -> None:
    page = FIXTURES / "partsradet-innovativa-aktiviteter.html"
    article = extract_html(page.read_bytes(), source="p.html")
    for furniture in ("Meny", "kakor", "Dela", "Facebook", "Box 3267", "Fler nyheter", "gtag"):
        assert furniture not in article.body


def test_extract_html_collects_outgoing_links_against_the_page_url() -> None:
    page = FIXTURES / "partsradet-innovativa-aktiviteter.html"
    article = extract_html(
        page.read_bytes(), source="p", url="https://www.partsradet.se/nyheter/2019/x/"
    )
    assert article.links == (
        "https://www.partsradet.se/arbetsomraden/innovation-och-utveckling/",
        "https://www.partsradet.se/kalender/2019/studiebesok-microsoft/",
        "https://www.tekniskamuseet.se/",
        "https://www.partsradet.se/kalender/2019/innovationslabb/",
    )


def test_extract_html_ignores_a_canonical_url_on_another_host() -> None:
    page = FIXTURES / "partsradet-innovativa-aktiviteter.html"
    article = extract_html(page.read_bytes(), source="p", url="https://mirror.example.org/a")
    assert article.url == "https://mirror.example.org/a"


def test_extract_html_prefers_the_http_charset() -> None:
    html = "<html><body><h1>Åsa öppnar</h1><p>Välkommen till Älvsbyn i höst.</p></body></html>"
    article = extract_html(html.encode("cp1252"), source="p", declared_charset="iso-8859-1")
    assert (article.title, article.body) == ("Åsa öppnar", "Välkommen till Älvsbyn i höst.")


def test_extract_html_reads_structured_metadata() -> None:
    html = """<html lang="en-GB"><head>
    <meta property="article:published_time" content="2023-02-01T08:00:00+01:00">
    <meta property="article:modified_time" content="2023-02-03T10:00:00+01:00">
    <meta name="author" content="Eva Ek">
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Event", "name": "Hackathon", "startDate": "2023-03-10T09:00",
       "endDate": "2023-03-10T16:00", "location": {"@type": "Place", "name": "Umeå Folkets hus"}}
    ]}</script></head>
    <body><article><h1>Open data hackathon</h1><p>Join us for a day of open data work.</p>
    </article></body></html>"""
    article = extract_html(html, source="p")
    assert (article.published.isoformat(), article.updated.isoformat()) == (
        "2023-02-01",
        "2023-02-03",
    )
    assert (article.author, article.language) == ("Eva Ek", "en")
    [event] = article.events
    assert event.starts.isoformat() == "2023-03-10T09:00:00+01:00"
    assert event.ends.isoformat() == "2023-03-10T16:00:00+01:00"
    assert event.place == "Umeå Folkets hus"


def test_extract_html_strips_control_and_invisible_characters() -> None:
    html = "<h1>Ny\x07 tjänst\u200b</h1><p>Text\x1b med\u202e styrtecken som inte ska synas.</p>"
    article = extract_html(html, source="p")
    assert article.title == "Ny tjänst"
    assert article.body == "Text med styrtecken som inte ska synas."


def test_extract_html_survives_deep_nesting() -> None:
    html = "<html><body>" + "<div>" * 5000 + "<p>Djupt ner finns en mening.</p>" + "</div>" * 5000
    article = extract_html("<title>Djup</title>" + html, source="deep.html")
    assert "Djupt ner finns en mening." in article.body


def test_extract_html_bounds_a_very_large_page() -> None:
    paragraph = "<p>" + "Innovation i offentlig sektor handlar om nya lösningar. " * 20 + "</p>\n"
    page = ("<html><head><title>Stor sida</title></head><body><main><h1>Stor sida</h1>"
            + paragraph * 40_000 + "</main></body></html>").encode()  # fmt: skip
    assert len(page) > 40_000_000
    started = time.monotonic()
    article = extract_html(page, source="big.html")
    assert time.monotonic() - started < 20
    assert article.title == "Stor sida"
    assert len(article.body) <= MAX_BODY_CHARS
    assert article.body.startswith("Innovation i offentlig sektor")


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"just words"],
)
def test_extract_html_refuses_what_is_not_html(content: bytes) -> None:
    with pytest.raises(NotHTMLError, match=r"^doc\.bin: not an HTML page$"):
        extract_html(content, source="doc.bin")


def test_extract_html_refuses_a_page_without_text() -> None:
    html = "<html><head><title>Tom</title></head><body><nav><a href='/'>Start</a></nav></body>"
    with pytest.raises(EmptyPageError, match=r"^empty\.html: no article text found$"):
        extract_html(html, source="empty.html")


def test_extract_text_refuses_blank_text() -> None:
    with pytest.raises(EmptyPageError, match=r"^blank\.txt: no text found$"):
        extract_text("\n  \nMeny\n\n", source="blank.txt")


def test_extract_text_ignores_dates_inside_sentences() -> None:
    text = "Uppdraget\n\nArbetet ska pågå till och med den 31 december 2016 och sedan sluta."
    assert extract_text(text, source="t.txt").published is None


SITEVISION = """<html lang="sv"><head><title>Nytt labb - Umeå kommun</title>
<meta name="description" content="Umeå kommuns webbplats om service och nyheter."></head><body>
<div class="sv-layout sv-skip-spacer"><div class="sv-text-portlet sv-use-margins sv-skip-spacer">
<div class="sv-text-portlet-content"><h1 class="heading">Nytt labb för medarbetare</h1></div></div>
<div class="sv-text-portlet sv-use-margins sv-skip-spacer"><div class="sv-text-portlet-content">
<p class="ingress">Från i dag kan alla medarbetare boka tid i kommunens nya innovationslabb.</p>
</div></div>
<div class="sv-image-portlet sv-portlet"><img src="/bild.jpg" alt="">
<p class="bildtext">Labbet ligger i stadshuset. Foto: Anna Berg</p></div>
<div class="sv-text-portlet sv-use-margins"><div class="sv-text-portlet-content">
<p class="normal">Labbet har handledare, material för prototyper och rum för workshoppar.</p>
<h2>Så bokar du</h2><p class="normal">Bokningen görs på intranätet efter samtal med chefen.</p>
</div></div>
<div class="sv-text-portlet sv-use-margins"><div class="sv-text-portlet-content">
<h2>Kontakt</h2><p>Maria Lindqvist, innovationsstrateg<br>Telefon: 090-16 10 00</p></div></div>
<div class="sv-text-portlet sv-use-margins"><div class="sv-text-portlet-content">
<h2>Hjälpte informationen dig?</h2><button>Ja</button><button>Nej</button></div></div>
<div class="sv-text-portlet sv-use-margins"><div class="sv-text-portlet-content">
<p>Sidan uppdaterades 2 maj 2023</p></div></div>
</div></body></html>"""


def test_extract_html_keeps_the_intro_sitevision_marks_skip_spacer() -> None:
    article = extract_html(SITEVISION, source="labb.html")
    assert article.body.split("\n\n") == [
        "Från i dag kan alla medarbetare boka tid i kommunens nya innovationslabb.",
        "Labbet har handledare, material för prototyper och rum för workshoppar.",
        "Så bokar du",
        "Bokningen görs på intranätet efter samtal med chefen.",
    ]


def test_extract_html_summary_is_the_lead_not_a_caption_or_the_site_description() -> None:
    article = extract_html(SITEVISION, source="labb.html")
    assert article.summary == (
        "Från i dag kan alla medarbetare boka tid i kommunens nya innovationslabb."
    )


def test_extract_html_publishes_an_update_only_page_with_its_update_date() -> None:
    article = extract_html(SITEVISION, source="labb.html")
    assert (article.published, article.updated, article.updated_only) == (
        date(2023, 5, 2),
        None,
        True,
    )
    # The contact box's person stands in for an author the page does not name.
    assert article.author == "Maria Lindqvist"
