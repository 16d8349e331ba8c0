"""The map page in a real browser: Debian's Chromium driven by Playwright, against a live server.

The server is uvicorn in a thread on a free loopback port, over a store holding the seed article
(Syria Direct, 10 November 2016, East Qalamoun). Screenshots go to out/web/.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep.config import PROJECT_ROOT, shared_path
from sitrep.model import Document, Event, Span
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
SEED_DOCUMENT_ID = "seed-east-qalamoun-2016-11-10"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium: run `make chromium`",
)
sync_api = pytest.importorskip("playwright.sync_api")


def seed_events(text: str, gold: dict[str, Any]) -> list[Event]:
    """The seed's gold events as stored events, evidence and field spans located in the text."""
    found = []
    for number, item in enumerate(gold["events"], 1):
        sentence = item["evidence"].split(" ... ")[0]
        start = text.find(sentence)
        if start < 0:
            continue
        evidence = Span(start, start + len(sentence), sentence)

        def span_of(candidates: list[str], evidence: Span = evidence) -> Span | None:
            for candidate in candidates:
                at = evidence.text.find(candidate) if candidate else -1
                if at >= 0:
                    return Span(evidence.start + at, evidence.start + at + len(candidate), candidate)
            return None

        spans = {
            "actor1": span_of(item.get("actor1", [])),
            "actor2": span_of(item.get("actor2", [])),
            "location": span_of([part.strip() for part in item["location"].replace("(", ",").split(",")]),
            "event_date": span_of(["November 4", "this week", "Last week", "In April", "now", "currently"]),
        }
        types = item["event_type"] if isinstance(item["event_type"], list) else [item["event_type"]]
        actor1 = item.get("actor1") or [""]
        actor2 = item.get("actor2") or [""]
        found.append(
            Event(
                document_id=SEED_DOCUMENT_ID,
                event_type=types[0],
                sub_event_type=item["sub_event_type"][0],
                evidence=[evidence],
                event_date=dt.date.fromisoformat(item["date_to"]),
                time_precision=item.get("time_precision", [None])[0],
                actor1=actor1[min(2, len(actor1) - 1)],
                actor2=actor2[0],
                country="Syria",
                location=item["location"].split(",")[0],
                latitude=item["latitude"],
                longitude=item["longitude"],
                geo_precision=item.get("geo_precision", [None])[0],
                fatalities=item.get("fatalities") or 0,
                claim_status="claimed" if " claimed " in sentence else "reported",
                event_id=f"seed-{number}",
                field_spans={name: span for name, span in spans.items() if span},
            )
        )
    return found


def ingest_seed(store: Store) -> None:
    seed = shared_path("gold", "seed")
    if seed is None:
        pytest.skip("the shared seed article (shared/gold/seed) is not available")
    text = (seed / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    document = Document(
        id=SEED_DOCUMENT_ID, text=text, published=dt.date(2016, 11, 10), source="Syria Direct"
    )
    store.add(document, seed_events(text, gold))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sitrep.web.app import create_app

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'sitrep.db'}")
    ingest_seed(store)
    # bound here and handed over, so no other process can take the port in between
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app_server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning", access_log=False))
    thread = threading.Thread(target=app_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not app_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
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


def open_map(page: Any) -> None:
    page.goto("/")
    page.wait_for_function("window.sitrep && window.sitrep.loads() > 0", timeout=15_000)
    page.wait_for_load_state("networkidle")


def wait_for_refresh(page: Any, loads_before: int) -> None:
    page.wait_for_function(f"window.sitrep.loads() > {loads_before}", timeout=10_000)


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
    shown = page.evaluate("sitrep.shownEvents()")
    stored = page.request.get(f"{server}/api/events").json()
    assert len(shown) == stored["total"] >= 5
    assert all(in_region(e["lat"], e["lon"]) for e in shown)
    # the markers (or the clusters holding them) are drawn inside the map, where the events are
    positions = page.evaluate(
        """() => sitrep.cluster.getLayers().map((m) => {
            const shown = sitrep.cluster.getVisibleParent(m) || m;
            const point = sitrep.map.latLngToContainerPoint(shown.getLatLng());
            return {lat: m.getLatLng().lat, lng: m.getLatLng().lng, x: point.x, y: point.y};
        })"""
    )
    size = page.evaluate("(() => { const s = sitrep.map.getSize(); return {x: s.x, y: s.y}; })()")
    assert len(positions) == len(shown)
    for p in positions:
        assert in_region(p["lat"], p["lng"])
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
    loads = page.evaluate("sitrep.loads()")
    # three events sit on one spot on the M2 highway: their cluster fans out on a click
    page.evaluate("sitrep.map.setView([33.644, 36.694], 11, {animate: false})")
    wait_for_refresh(page, loads)
    spot = page.locator(".marker-cluster").first
    spot.click()
    centre = spot.bounding_box()
    page.wait_for_function("document.querySelectorAll('path.sitrep-event').length >= 3")
    page.wait_for_timeout(400)  # the fan-out animation
    legs = [
        box
        for path in page.locator("path.sitrep-event").all()
        if (box := path.bounding_box())
        and abs(box["x"] - centre["x"]) < 80
        and abs(box["y"] - centre["y"]) < 80
    ]
    assert len(legs) >= 3
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
    assert "Syria Direct" in content.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "popup.png"))
    assert page.problems == []


def test_document_page_marks_the_evidence(page: Any) -> None:
    page.goto(f"/static/document.html?id={SEED_DOCUMENT_ID}")
    page.locator("#text mark.evidence").first.wait_for(timeout=10_000)
    assert page.locator("#events li").count() >= 5
    assert page.problems == []
