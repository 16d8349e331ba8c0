"""The map page in a real browser: Debian's Chromium driven by Playwright, against a live server.

The server is uvicorn in a thread on a free loopback port, over a store holding the seed article
(Syria Direct, 10 November 2016, East Qalamoun), sent to POST /api/documents and analysed there
by the pipeline. Screenshots go to out/web/.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import sync_playwright

from sitrep.config import PROJECT_ROOT, shared_path
from sitrep.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "out" / "web"
# the seed's events lie in southern Syria and on the Jordanian border
SEED_REGION = {"south": 32.0, "north": 37.5, "west": 35.5, "east": 41.5}
SEED_ID = "seed-east-qalamoun-2016-11-10"
TOKEN = "browser-test-token"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium: run `make chromium`",
)


def post_seed(base: str) -> list[str]:
    """The seed article sent to POST /api/documents, so the pipeline analyses it in the server."""
    seed = shared_path("gold", "seed", "article.txt")
    if seed is None:
        pytest.skip("the shared seed article (shared/gold/seed/article.txt) is not available")
    response = httpx.post(
        f"{base}/api/documents",
        params={"id": SEED_ID, "published": "2016-11-10"},
        content=seed.read_bytes(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain; charset=utf-8"},
        timeout=600,  # the first analysis loads the models, or builds them on a fresh checkout
    )
    assert response.status_code == 200, response.text
    results = response.json()["documents"]
    assert [(r["id"], r["status"]) for r in results] == [(SEED_ID, "stored")], results
    return [r["id"] for r in results]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sitrep.web.app import create_app

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'sitrep.db'}")
    # bound here and handed over, so no other process can take the port in between
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(store, api_token=TOKEN)
    app_server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not app_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        post_seed(base)
        yield base
    finally:
        app_server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server)
    page = context.new_page()
    page.problems = []  # console errors and uncaught exceptions, checked by the tests
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def holds_within(page: Any, condition: str, seconds: float) -> bool:
    """Polls a JavaScript condition. Not page.wait_for_function: that evaluates its string inside
    the page, which the page's content security policy (rightly) forbids."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def wait_until(page: Any, condition: str, seconds: float = 10) -> None:
    if not holds_within(page, condition, seconds):
        pytest.fail(f"timed out waiting for {condition}")


def open_map(page: Any) -> None:
    response = page.goto("/")
    assert response.status == 200, "the map's assets are not built: run `make web-assets`"
    wait_until(page, "window.sitrep && window.sitrep.loads() > 0", 15)
    page.wait_for_load_state("networkidle")


def wait_for_refresh(page: Any, loads_before: int) -> None:
    wait_until(page, f"window.sitrep.loads() > {loads_before}")


def in_region(lat: float, lon: float) -> bool:
    return (
        SEED_REGION["south"] <= lat <= SEED_REGION["north"]
        and SEED_REGION["west"] <= lon <= SEED_REGION["east"]
    )


def test_map_shows_the_seed_events_in_syria_without_errors(page: Any, server: str) -> None:
    open_map(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
    assert page.problems == []
    shown = {e["event_id"]: e for e in page.evaluate("sitrep.shownEvents()")}
    stored = {e["event_id"]: e for e in page.request.get(f"{server}/api/events").json()["events"]}
    assert shown.keys() == stored.keys()
    assert len(stored) >= 4
    # most of the seed's events are on the M2 highway, at al-Dumayr and Bir al-Qasab in Syria
    assert sum(in_region(e["lat"], e["lon"]) for e in shown.values()) >= 3
    # each marker stands on its event's point, and it (or the cluster holding it) is drawn in the map
    positions = page.evaluate(
        """() => sitrep.cluster.getLayers().map((m) => {
            const drawn = sitrep.cluster.getVisibleParent(m) || m;
            const point = sitrep.map.latLngToContainerPoint(drawn.getLatLng());
            return {id: m.eventId, lat: m.getLatLng().lat, lon: m.getLatLng().lng, x: point.x, y: point.y};
        })"""
    )
    size = page.evaluate("(() => { const s = sitrep.map.getSize(); return {x: s.x, y: s.y}; })()")
    assert sorted(p["id"] for p in positions) == sorted(stored)
    for p in positions:
        assert (p["lat"], p["lon"]) == (stored[p["id"]]["latitude"], stored[p["id"]]["longitude"])
        assert 0 <= p["x"] <= size["x"] and 0 <= p["y"] <= size["y"]
    assert page.locator(".marker-cluster, path.sitrep-event").count() >= 1
    assert page.locator("#status").inner_text().endswith("in view")


def test_moving_the_slider_filters_the_map(page: Any) -> None:
    open_map(page)
    before = page.evaluate("sitrep.shownEvents()")
    first_day = page.input_value("#t-from")
    label_before = page.inner_text("#t-label")
    loads = page.evaluate("sitrep.loads()")
    last = int(page.get_attribute("#t-to", "max") or 0)
    page.locator("#t-from").fill(str(last - 3))  # the last four days: 7 to 10 November 2016
    wait_for_refresh(page, loads)
    after = page.evaluate("sitrep.shownEvents()")
    assert first_day == "0"
    assert page.inner_text("#t-label") != label_before
    assert 0 < len(after) < len(before)
    assert all(e["event_date"] >= "2016-11-07" for e in after)
    assert page.problems == []


def test_filters_narrow_the_map_and_the_export_links(page: Any, server: str) -> None:
    open_map(page)
    loads = page.evaluate("sitrep.loads()")
    page.select_option("#f-type", "Battles")
    wait_for_refresh(page, loads)
    shown = page.evaluate("sitrep.shownEvents()")
    assert shown and all(e["event_type"] == "Battles" for e in shown)
    link = page.get_attribute("#export-csv", "href") or ""
    assert (
        link.startswith("/api/events?")
        and "type=Battles" in link
        and "bbox=" in link
        and "format=csv" in link
    )
    exported = page.request.get(server + link)
    assert exported.headers["content-type"].startswith("text/csv")
    assert (
        len(list(csv.reader(io.StringIO(exported.text())))) == len(shown) + 1
    )  # a header and the map's events
    loads = page.evaluate("sitrep.loads()")
    page.fill("#f-actor", "no such actor")
    wait_for_refresh(page, loads)
    assert page.evaluate("sitrep.shownEvents()") == []
    assert page.inner_text("#status") == "0 events in view"
    assert page.problems == []


def test_play_moves_the_time_window(page: Any) -> None:
    open_map(page)
    loads = page.evaluate("sitrep.loads()")
    page.click("#play")
    wait_for_refresh(page, loads)
    assert page.get_attribute("#play", "aria-pressed") == "true"
    assert int(page.input_value("#t-to")) < int(page.get_attribute("#t-to", "max") or 0)
    page.click("#play")
    assert page.get_attribute("#play", "aria-pressed") == "false"
    assert page.problems == []


def test_popup_shows_the_evidence_with_highlighted_spans(page: Any, server: str) -> None:
    open_map(page)
    # the seed's events that share one spot form a cluster, which fans out on a click
    events = page.request.get(f"{server}/api/events?limit=500").json()["events"]
    spots = Counter((e["latitude"], e["longitude"]) for e in events if e["latitude"] is not None)
    (lat, lon), shared = spots.most_common(1)[0]
    assert shared >= 2
    loads = page.evaluate("sitrep.loads()")
    page.evaluate(f"() => {{ sitrep.map.setView([{lat}, {lon}], 11, {{animate: false}}); }}")
    wait_for_refresh(page, loads)
    x, y = page.evaluate(
        f"(() => {{ const p = sitrep.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }})()"
    )
    frame = page.locator("#map").bounding_box()
    x, y = frame["x"] + x, frame["y"] + y
    fanned = f"document.querySelectorAll('path.sitrep-event').length >= {shared}"
    for _ in range(5):  # a click that lands while the cluster is still being drawn is lost
        page.mouse.click(x, y)
        if holds_within(page, fanned, 4):
            break
    wait_until(page, fanned)
    page.wait_for_timeout(400)  # the fan-out animation
    boxes = [path.bounding_box(timeout=1000) for path in page.locator("path.sitrep-event").all()]
    legs = [box for box in boxes if box and abs(box["x"] - x) < 80 and abs(box["y"] - y) < 80]
    assert len(legs) >= shared
    page.mouse.click(legs[0]["x"] + legs[0]["width"] / 2, legs[0]["y"] + legs[0]["height"] / 2)
    page.locator(".leaflet-popup-content .popup-head").wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # the popup's fade-in and the pan that makes room for it
    content = page.locator(".leaflet-popup-content")
    event_id = content.locator("tr:has(th:text('Event id')) td").inner_text()
    event = page.request.get(f"{server}/api/events/{event_id}").json()
    evidence = content.locator("blockquote.evidence").first
    assert evidence.inner_text() == event["evidence_sentences"][0]["text"]
    assert evidence.locator("mark.hl").count() >= 1
    assert event["documents"][0]["id"] in content.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "popup.png"))
    assert page.problems == []


def test_document_page_marks_the_evidence_and_mentions(page: Any) -> None:
    page.goto(f"/static/document.html?id={SEED_ID}")
    page.locator("#text mark.evidence").first.wait_for(timeout=10_000)
    assert page.locator("#text mark.m-place").count() >= 3
    assert page.locator("#events li").count() >= 4
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=True)
    assert page.problems == []


def test_api_docs_render_offline(page: Any) -> None:
    page.goto("/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    assert page.problems == []
