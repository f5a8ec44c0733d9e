"""The demo's news published as events: events.ics read by two independent iCalendar parsers
(icalendar and vobject), the Evenemang page, calendar files per event, related items and the
accessibility statement."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from bs4 import BeautifulSoup

from catalog import Catalog
from demo import DEMO_CONFIG
from steps.config import load_config
from steps.publish import publish
from tests.steps.test_publish import demo_catalog
from themes.taxonomy import default_taxonomy

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BASE = "http://localhost:8000/"
# The three events the demo's news announce (issue 19), as a reader finds them.
EXPECTED = {
    "innovativa-aktiviteter-20190402@localhost": (date(2019, 4, 2), date(2019, 4, 3),
                                                  "Microsoft"),
    "innovativa-aktiviteter-20190508@localhost": (date(2019, 5, 8), date(2019, 5, 10),
                                                  "Tekniska museet i Stockholm"),
    "larprojekt-innovation-20210910@localhost": (
        datetime(2021, 9, 10, 9, 0, tzinfo=STOCKHOLM),
        datetime(2021, 9, 10, 11, 30, tzinfo=STOCKHOLM), "Teams"),
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The demo's news and two of its episodes (audio prepared, not transcribed), tagged."""
    return demo_catalog(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def site(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo published as on 1 April 2019: every event still to come."""
    out = tmp_path_factory.mktemp("site") / "public"
    publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy(), today=date(2019, 4, 1))
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_events_ics_parsed_by_icalendar_holds_the_three_demo_events(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == set(EXPECTED)
    for uid, (starts, ends, place) in EXPECTED.items():
        event = events[uid]
        assert (event.decoded("dtstart"), event.decoded("dtend")) == (starts, ends), uid
        assert str(event["location"]) == place
        assert str(event["url"]).startswith(BASE + "news/")
    timed = events["larprojekt-innovation-20210910@localhost"]
    assert timed["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    # The event's news page is published where its URL says.
    for event in events.values():
        relative = str(event["url"])[len(BASE):]
        assert (site / relative / "index.html").is_file()


def test_events_ics_parsed_by_vobject_agrees(site: Path) -> None:
    calendar = vobject.readOne((site / "events.ics").read_text(encoding="utf-8"))
    found = {e.uid.value: e for e in calendar.vevent_list}
    assert set(found) == set(EXPECTED)
    for uid, (starts, ends, place) in EXPECTED.items():
        event = found[uid]
        assert event.location.value == place
        if isinstance(starts, datetime):
            # vobject resolves the VTIMEZONE itself: the same moments in UTC.
            assert event.dtstart.value.astimezone(ZoneInfo("UTC")) == starts.astimezone(
                ZoneInfo("UTC"))
            assert event.dtend.value - event.dtstart.value == timedelta(hours=2, minutes=30)
        else:
            assert (event.dtstart.value, event.dtend.value) == (starts, ends)
        assert event.url.value.startswith(BASE + "news/")


def test_events_uids_and_calendar_stay_the_same_on_the_next_publication(
    catalog: Catalog, site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "again"
    publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy(), today=date(2019, 4, 1))
    assert (out / "events.ics").read_bytes() == (site / "events.ics").read_bytes()


def test_events_page_lists_coming_first_and_archives_past_ones(
    catalog: Catalog, site: Path, tmp_path: Path
) -> None:
    def listed(doc: BeautifulSoup, heading: str) -> list[str]:
        return [li["id"] for li in doc.select(f"#{heading} ~ ul li.event")]

    early = soup(site / "events/index.html")
    assert listed(early, "coming-heading") == [
        "event-innovativa-aktiviteter-20190402", "event-innovativa-aktiviteter-20190508",
        "event-larprojekt-innovation-20210910",
    ]
    assert listed(early, "past-heading") == []
    # On the lab's last day the study visit is archived, the lab still on.
    out = tmp_path / "later"
    publish(catalog, load_config(DEMO_CONFIG), out, default_taxonomy(), today=date(2019, 5, 9))
    later = soup(out / "events/index.html")
    assert listed(later, "coming-heading") == [
        "event-innovativa-aktiviteter-20190508", "event-larprojekt-innovation-20210910",
    ]
    assert listed(later, "past-heading") == ["event-innovativa-aktiviteter-20190402"]
    lab = later.select_one("#event-innovativa-aktiviteter-20190508").get_text(" ")
    assert "8–9 maj 2019" in lab and "Tekniska museet i Stockholm" in lab
    meeting = later.select_one("#event-larprojekt-innovation-20210910").get_text(" ")
    assert "10 september 2021 kl. 09.00–11.30" in meeting and "Teams" in meeting


def test_each_event_offers_add_to_calendar_with_its_own_file(site: Path) -> None:
    page = site / "news/innovativa-aktiviteter/index.html"
    links = [a["href"] for a in soup(page).select("section.events a.add-to-calendar")]
    assert links == ["../../events/innovativa-aktiviteter-20190402.ics",
                     "../../events/innovativa-aktiviteter-20190508.ics"]
    for link in links:
        one = icalendar.Calendar.from_ical((page.parent / link).resolve().read_bytes())
        [event] = one.walk("VEVENT")
        assert str(event["uid"]) == Path(link).stem + "@localhost"
        # All-day events: dates, no time zone to explain.
        assert one.walk("VTIMEZONE") == []
        assert event["dtstart"].params["VALUE"] == "DATE"
    listing = soup(site / "events/index.html")
    assert len(listing.select("a.add-to-calendar")) == 3


def test_every_item_page_lists_at_most_five_related_items_that_resolve(site: Path) -> None:
    pages = [*site.glob("episodes/*/index.html"), *site.glob("news/*/index.html")]
    kinds = set()
    listed = 0
    for page in pages:
        links = soup(page).select("section.related a")
        assert len(links) <= 5, page
        for link in links:
            target = (page.parent / link["href"]).resolve() / "index.html"
            assert target.is_file() and target != page.resolve(), (page, link["href"])
            kinds.add(link["href"].split("/")[2])
        listed += bool(links)
    # Episodes and news alike, on most pages.
    assert kinds == {"episodes", "news"}
    assert listed >= len(pages) - 1


def test_accessibility_statement_from_the_config_linked_from_every_footer(site: Path) -> None:
    statement = soup(site / "tillganglighet/index.html")
    text = statement.get_text(" ")
    assert "innocast demo står bakom den här webbplatsen" in text
    assert statement.select_one("a[href='mailto:demo@innocast.invalid']") is not None
    gaps = [li.get_text() for li in statement.select("ul.gaps li")]
    assert len(gaps) == 2 and "espeak-ng" in gaps[0]
    assert "1 december 2026" in text
    for page in site.rglob("*.html"):
        footer = soup(page).find("footer")
        assert any(a["href"].endswith("tillganglighet/") for a in footer.find_all("a")), page
