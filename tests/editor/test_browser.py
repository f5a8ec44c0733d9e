"""The editor in headless Chromium: an editor corrects a segment, confirms one theme, rejects
another, publishes, and the public page shows all three; the same after a login on another
address over HTTPS; axe-core finds nothing serious on the editor's pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect, sync_playwright

from catalog import Catalog
from editor.auth import hash_password
from tests.editor.conftest import EditorData
from tests.objectstore import free_port
from tests.website.test_browser import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.slow

INNOCAST = str(Path(sys.executable).with_name("innocast"))
CORRECTED = "Välkommen till podden om Samverket och innovation."
PASSWORD = "korrekt häst batteri"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def editor_server(data: EditorData, out: Path, *args: str,
                  host: str = "127.0.0.1", scheme: str = "http") -> Iterator[str]:
    """`innocast edit` as an editor starts it, on a free port; yield its base URL."""
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(out.parent / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    log = (out.parent / "editor.log").open("wb")
    process = subprocess.Popen(
        [INNOCAST, "edit", "--data", str(data.data), "--config", str(data.config),
         "--out", str(out), "--host", host, "--port", str(port), *args],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"{scheme}://{host}:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(url + "/logga-in", verify=False, timeout=2)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((out.parent / "editor.log").read_text()) from None
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def no_serious_violations(page: Page) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    results = Axe().run(page)
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {json.dumps(serious, indent=1)}"


def edit_review_publish(page: Page, url: str, data: EditorData, *, check_a11y: bool) -> None:
    """What an editor does: correct segment 1 in place, confirm and reject a theme, publish."""
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Granskningskö")).to_be_visible()
    if check_a11y:
        no_serious_violations(page)
    page.get_by_role("link", name="Ett innovationslabb").click()
    page.get_by_role("link", name="Redigera transkriptionen").click()
    expect(page.locator("#seg-3")).to_be_visible()
    if check_a11y:
        no_serious_violations(page)
    # A click on a segment's time plays it from there.
    page.get_by_role("button", name="Spela segment 2 från 00:02").click()
    page.wait_for_function("document.getElementById('player').currentTime >= 2", timeout=10_000)
    text = page.locator("#text-0")
    text.fill(CORRECTED)
    text.press("Control+Enter")
    expect(page.locator("#editor-status")).to_have_text("Sparat. Segment 1.")
    expect(page.locator("#text-1")).to_be_focused()
    page.reload()
    expect(page.locator("#text-0")).to_have_value(CORRECTED)
    expect(page.locator("#seg-0")).to_contain_text("Ändrad av redaktör")
    page.get_by_role("link", name="Teman och belägg").click()
    if check_a11y:
        no_serious_violations(page)
    page.get_by_role("button", name="Bekräfta Design och innovationsmetoder").click()
    expect(page.locator("#tema-design-methods")).to_contain_text("Bekräftat")
    page.get_by_role("button", name="Avvisa Säkerhet och tillit").click()
    expect(page.locator("#tema-security-trust")).to_contain_text("Avvisat")
    # Evidence links to its segment in the transcript editor.
    evidence = page.locator("#tema-collaboration .evidence a").first
    assert evidence.get_attribute("href").endswith("/transkription#seg-0")
    page.get_by_role("link", name="Publicera").first.click()
    if check_a11y:
        no_serious_violations(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator("#publish-status")).to_have_text("Publicerat.", timeout=180_000)
    expect(page.locator("#publish-summary")).to_contain_text("1 avsnitt och 1 nyheter")
    if check_a11y:
        no_serious_violations(page)


def check_public_page(page: Page, out: Path, data: EditorData) -> None:
    """The published episode page shows the correction, the confirmed theme, not the rejected."""
    with Catalog(data.data) as catalog:
        slug = catalog.get_item(data.episode).slug
    for site in serve(out):
        page.goto(f"{site}episodes/{slug}/")
        expect(page.locator("#seg-0")).to_contain_text(CORRECTED)
        themes = page.locator("section.themes")
        expect(themes).to_contain_text("Design och innovationsmetoder")
        expect(themes).to_contain_text("bekräftat av redaktionen")
        expect(themes).not_to_contain_text("Säkerhet och tillit")
        # The player stays in view while the reader scrolls down the transcript (a phone).
        page.set_viewport_size({"width": 360, "height": 420})
        page.locator("#seg-3").scroll_into_view_if_needed()
        page.locator("#seg-3").click()
        assert page.evaluate("window.scrollY") > 0
        box = page.locator("#player").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 420
    html = BeautifulSoup((out / "episodes" / slug / "index.html").read_text("utf-8"), "lxml")
    assert "Informationssäkerhet" in html.get_text(" ")  # the transcript itself is unchanged


def test_editor_corrects_reviews_and_publishes(
    browser: Browser, editor_data: EditorData, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    with editor_server(editor_data, out) as url:
        context = browser.new_context()
        page = context.new_page()
        edit_review_publish(page, url, editor_data, check_a11y=True)
        check_public_page(page, out, editor_data)
        context.close()


def test_editor_off_loopback_needs_a_login_over_https(
    browser: Browser, editor_data: EditorData, tmp_path: Path
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.2", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    users = tmp_path / "editors.txt"
    users.write_text(f"# redaktörer\nanna:{hash_password(PASSWORD)}\n", encoding="utf-8")
    out = tmp_path / "public"
    with editor_server(editor_data, out, "--users", str(users), "--tls-cert", str(cert),
                       "--tls-key", str(key), host="127.0.0.2", scheme="https") as url:
        context = browser.new_context(ignore_https_errors=True)
        page = context.new_page()
        page.goto(url + "/")
        expect(page).to_have_url(url + "/logga-in?nasta=/")
        no_serious_violations(page)
        page.get_by_label("Namn").fill("anna")
        page.get_by_label("Lösenord").fill("fel")
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("alert")).to_have_text("Fel namn eller lösenord.")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("heading", name="Granskningskö")).to_be_visible()
        cookie = next(c for c in context.cookies() if c["name"] == "innocast_editor")
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        edit_review_publish(page, url, editor_data, check_a11y=False)
        check_public_page(page, out, editor_data)
        page.goto(url + "/")
        page.get_by_role("button", name="Logga ut anna").click()
        expect(page).to_have_url(url + "/logga-in")
        context.close()
