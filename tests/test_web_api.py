"""The web API over a temporary SQLite store: every endpoint, with good and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

import sitrep.places
from sitrep.model import EVENT_COLUMNS, ActorMention, Document, Event, PlaceMention, Span
from sitrep.pipeline import Ingested
from sitrep.store import EventFilter, Store
from sitrep.web.app import MAX_BODY_BYTES, create_app, default_threads, serve
from tests.conftest import sentence

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
INJECTIONS = ["' OR 1=1 --", "x'; DROP TABLE events; --", '" OR ""="', "%' OR '%'='", "\\' OR 1=1 #"]

TEXT_1 = (
    "Rebels captured the town of al-Dumayr from the Islamic State on 4 November 2016. "
    "Three fighters were killed in the clashes, a commander said."
)
TEXT_2 = "Protesters gathered in Basra on 12 March 2017 to demand electricity and jobs from the government."
# a text the store does not hold yet (the same text again adds nothing, whatever its id)
POSTED = (
    "Protesters gathered in Nasiriyah on 14 March 2017 to demand electricity and jobs from the government."
)


def span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def make_event(document_id: str, event_id: str, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "evidence": [],
        "country": "Syria",
        "claim_status": "reported",
    }
    values.update(fields)
    return Event(document_id=document_id, event_id=event_id, **values)


@pytest.fixture
def store(store_url: str) -> Store:
    store = Store(store_url)
    store.add(
        Document(
            id="doc-1",
            text=TEXT_1,
            published=dt.date(2016, 11, 10),
            title="Siege broken",
            source="Syria Direct",
        ),
        [
            make_event(
                "doc-1",
                "E1",
                sub_event_type="Non-state actor overtakes territory",
                evidence=[sentence(TEXT_1)],
                event_date=dt.date(2016, 11, 4),
                time_precision=1,
                actor1="Free Syrian Army",
                actor2="Islamic State",
                location="Ad Dumayr",
                admin1="Rif Dimashq",
                latitude=33.644,
                longitude=36.694,
                geo_precision=1,
                fatalities=3,
                notes='=HYPERLINK("http://example.com")',  # a formula, to be neutralised in CSV
                field_spans={
                    "actor1": span(TEXT_1, "Rebels"),
                    "actor2": span(TEXT_1, "Islamic State"),
                    "location": span(TEXT_1, "al-Dumayr"),
                    "event_date": span(TEXT_1, "4 November 2016"),
                },
            ),
            make_event(
                "doc-1",
                "E2",
                evidence=[sentence(TEXT_1, 1)],
                event_date=dt.date(2016, 10, 20),
                actor1="Military Forces of Syria",
                location="Homs",
                latitude=34.73,
                longitude=36.71,
                claim_status="disputed",
            ),
            make_event("doc-1", "E3", evidence=[sentence(TEXT_1)], event_date=None, location="somewhere"),
        ],
        actor_mentions=[
            ActorMention(span(TEXT_1, "Rebels"), "Free Syrian Army", 2, "rebel", "SY"),
            ActorMention(span(TEXT_1, "Islamic State"), "Islamic State", 2, "rebel"),
        ],
        place_mentions=[
            PlaceMention(
                span(TEXT_1, "al-Dumayr"), "Ad Dumayr", 170017, 33.644, 36.694, "SY", geo_precision=1
            )
        ],
    )
    store.add(
        Document(id="feed/doc 2", text=TEXT_2, published=dt.date(2017, 3, 13)),
        [
            make_event(
                "feed/doc 2",
                "E4",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                evidence=[sentence(TEXT_2)],
                event_date=dt.date(2017, 3, 12),
                actor1="Protesters (Iraq)",
                country="Iraq",
                location="Basra",
                latitude=30.51,
                longitude=47.78,
                claim_status="claimed",
            )
        ],
    )
    return store


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, api_token=TOKEN)) as client:
        yield client


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [event["event_id"] for event in response.json()["events"]]


def detail(response: Any) -> str:
    return json.dumps(response.json()["detail"])


# --- GET /api/events ----------------------------------------------------------------------------


def test_events_lists_all_by_date_with_paging_fields(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 500, 0)
    assert [e["event_id"] for e in body["events"]] == ["E3", "E2", "E1", "E4"]  # undated first, then by date
    first = next(e for e in body["events"] if e["event_id"] == "E1")
    assert first["field_spans"]["actor1"] == {"start": 0, "end": 6, "text": "Rebels"}
    assert first["evidence"] == sentence(TEXT_1).text
    assert set(EVENT_COLUMNS) <= set(first)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2016-11-01", ["E1", "E4"]),
        ("until=2016-11-04", ["E2", "E1"]),
        ("since=2016-11-01&until=2016-11-30", ["E1"]),
        ("bbox=36,33,37,34", ["E1"]),  # around Damascus
        ("bbox=35,29,48,38", ["E2", "E1", "E4"]),
        ("type=battles", ["E3", "E2", "E1"]),  # case does not matter
        ("sub_type=Peaceful protest", ["E4"]),
        ("actor=islamic", ["E1"]),  # part of either actor's name
        ("actor=100%", []),  # LIKE wildcards are literal
        ("country=iraq", ["E4"]),
        ("claim_status=disputed", ["E2"]),
        ("type=Battles&country=Syria&since=2016-11-01&bbox=30,30,40,40", ["E1"]),
    ],
)
def test_events_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/events?{query}")
    assert ids(response) == expected
    assert response.json()["total"] == len(expected)


def test_events_limit_and_offset_page_through(client: TestClient) -> None:
    first = client.get("/api/events?limit=2").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 4
    assert [e["event_id"] for e in first["events"] + second["events"]] == ["E3", "E2", "E1", "E4"]


def test_events_fields_choose_what_comes_back(client: TestClient) -> None:
    events = client.get("/api/events?fields=event_type,fatalities&since=2016-11-01").json()["events"]
    assert events == [
        {"event_id": "E1", "event_type": "Battles", "fatalities": 3},
        {"event_id": "E4", "event_type": "Protests", "fatalities": 0},
    ]
    response = client.get("/api/events?fields=event_type,password")
    assert response.status_code == 422
    assert "unknown password" in detail(response)


def test_events_geojson(client: TestClient) -> None:
    response = client.get("/api/events?format=geojson&fields=event_date")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert collection["total"] == 4
    by_id = {feature["id"]: feature for feature in collection["features"]}
    assert by_id["E1"]["geometry"] == {"type": "Point", "coordinates": [36.694, 33.644]}
    assert by_id["E1"]["properties"] == {"event_id": "E1", "event_date": "2016-11-04"}
    assert by_id["E3"]["geometry"] is None  # not located: kept, without a point


def test_events_csv_is_a_spreadsheet_safe_download(client: TestClient) -> None:
    response = client.get("/api/events?format=csv&country=Syria")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["x-total-count"] == "3"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    e1 = next(row for row in rows if row["event_id"] == "E1")
    assert e1["latitude"] == "33.644"
    assert e1["notes"].startswith("'=")  # a formula would run when opened in a spreadsheet


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2016-13-01", "since: expected a date as YYYY-MM-DD"),
        ("until=2016-02-30", "until: expected a date as YYYY-MM-DD"),
        ("since=yesterday", "since: expected a date as YYYY-MM-DD"),
        ("since=20161101", "since: expected a date as YYYY-MM-DD"),
        ("since=2016-12-01&until=2016-11-01", "is after until"),
        ("bbox=1,2,3", "bbox: expected west,south,east,north"),
        ("bbox=a,b,c,d", "bbox: expected west,south,east,north"),
        ("bbox=0,0,200,10", "-180 <= west <= east <= 180"),
        ("bbox=10,0,5,10", "-180 <= west <= east <= 180"),
        ("bbox=0,50,10,40", "-90 <= south <= north <= 90"),
        ("bbox=nan,0,10,10", "non-finite"),
        ("limit=0", "greater than or equal to 1"),
        ("limit=5001", "less than or equal to 5000"),
        ("limit=many", "valid integer"),
        ("offset=-1", "greater than or equal to 0"),
        ("format=xml", "json"),
        ("claim_status=rumoured", "reported"),
        ("actor=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_events_bad_parameters_are_422_with_a_message(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert message in detail(response)


@pytest.mark.parametrize("name", ["actor", "country", "type", "sub_type"])
@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_strings_match_nothing_and_harm_nothing(
    client: TestClient, store: Store, name: str, attack: str
) -> None:
    response = client.get("/api/events", params={name: attack})
    assert response.status_code == 200
    assert response.json() == {"total": 0, "limit": 500, "offset": 0, "events": []}
    assert client.get("/api/events/" + attack).status_code == 404
    assert store.count_events(EventFilter()) == 4  # the table is still there, whole
    assert client.get("/api/stats").json()["events"] == 4


# --- GET /api/events/{id} -----------------------------------------------------------------------


def test_event_detail_has_evidence_highlights_and_sources(client: TestClient) -> None:
    event = client.get("/api/events/E1").json()
    assert event["event_type"] == "Battles"
    [evidence] = event["evidence_sentences"]
    assert evidence["text"] == sentence(TEXT_1).text
    assert (evidence["start"], evidence["end"]) == (0, len(sentence(TEXT_1).text))
    spans = {h["field"]: evidence["text"][h["start"] : h["end"]] for h in evidence["highlights"]}
    assert spans == {
        "actor1": "Rebels",
        "actor2": "Islamic State",
        "location": "al-Dumayr",
        "event_date": "4 November 2016",
    }
    assert event["field_spans"]["location"] == {"start": 28, "end": 37, "text": "al-Dumayr"}
    assert event["documents"] == [
        {
            "id": "doc-1",
            "title": "Siege broken",
            "url": None,
            "source": "Syria Direct",
            "published": "2016-11-10",
        }
    ]


def test_event_detail_offsets_are_relative_to_their_sentence(client: TestClient) -> None:
    [evidence] = client.get("/api/events/E2").json()["evidence_sentences"]
    assert evidence["start"] == TEXT_1.index("Three")
    assert evidence["text"] == TEXT_1[evidence["start"] : evidence["end"]]
    assert evidence["highlights"] == []


def test_unknown_event_is_404(client: TestClient) -> None:
    response = client.get("/api/events/nope")
    assert response.status_code == 404
    assert "no event 'nope'" in detail(response)


# --- GET /api/documents/{id} --------------------------------------------------------------------


def test_document_has_text_mentions_and_events(client: TestClient) -> None:
    document = client.get("/api/documents/doc-1").json()
    assert document["text"] == TEXT_1
    assert document["published"] == "2016-11-10"
    marks = {(m["kind"], TEXT_1[m["start"] : m["end"]], m["label"]) for m in document["mentions"]}
    assert marks == {
        ("actor", "Rebels", "Free Syrian Army"),
        ("actor", "Islamic State", "Islamic State"),
        ("place", "al-Dumayr", "Ad Dumayr"),
    }
    place = next(m for m in document["mentions"] if m["kind"] == "place")
    assert (place["latitude"], place["longitude"]) == (33.644, 36.694)
    events = {e["event_id"]: e for e in document["events"]}
    assert sorted(events) == ["E1", "E2", "E3"]
    assert events["E1"]["field_spans"]["actor2"] == {"start": 47, "end": 60, "text": "Islamic State"}


def test_document_ids_may_hold_slashes_and_spaces(client: TestClient) -> None:
    document = client.get("/api/documents/feed/doc%202").json()
    assert document["text"] == TEXT_2
    assert [e["event_id"] for e in document["events"]] == ["E4"]


def test_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/api/documents/missing")
    assert response.status_code == 404
    assert "no document 'missing'" in detail(response)


# --- GET /api/places/search ---------------------------------------------------------------------


class FakeGazetteer:
    @classmethod
    def open(cls) -> FakeGazetteer:
        return cls()

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        place = {"name": "Ad Dumayr", "geonameid": 170017, "lat": 33.644, "lon": 36.694, "country_code": "SY",
                 "admin1": "Rif Dimashq", "feature_kind": "city", "population": 25000}  # fmt: skip
        return [place][:limit] if query.lower() in "ad dumayr" else []


def test_place_search(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitrep.places, "Gazetteer", FakeGazetteer, raising=False)
    body = client.get("/api/places/search?q=Dumayr&limit=5").json()
    assert body["query"] == "Dumayr"
    assert [p["geonameid"] for p in body["places"]] == [170017]
    assert client.get("/api/places/search?q=nowhere").json()["places"] == []


def test_place_search_is_503_without_a_gazetteer(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sitrep.places, "Gazetteer", raising=False)
    response = client.get("/api/places/search?q=Homs")
    assert response.status_code == 503
    assert "place search is not available" in detail(response)


def test_place_search_is_503_when_the_gazetteer_cannot_open(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unbuilt:
        @classmethod
        def open(cls) -> None:
            raise FileNotFoundError("gazetteer.sqlite: run sitrep places build")

    monkeypatch.setattr(sitrep.places, "Gazetteer", Unbuilt, raising=False)
    response = client.get("/api/places/search?q=Homs")
    assert response.status_code == 503
    assert "could not be opened" in detail(response)


@pytest.mark.parametrize("query", ["", "q=", "q=Homs&limit=0", "q=Homs&limit=101", "q=" + "x" * 201])
def test_place_search_bad_parameters(client: TestClient, query: str) -> None:
    assert client.get(f"/api/places/search?{query}").status_code == 422


# --- GET /api/stats -----------------------------------------------------------------------------


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 2
    assert stats["events"] == 4
    assert stats["by_type"] == {"Battles": 3, "Protests": 1}
    assert stats["by_country"] == {"Syria": 3, "Iraq": 1}
    assert stats["by_month"] == {"2016-10": 1, "2016-11": 1, "2017-03": 1}
    assert (stats["first_date"], stats["last_date"]) == ("2016-10-20", "2017-03-12")
    assert stats["bbox"] == [36.694, 30.51, 47.78, 34.73]


def test_stats_of_an_empty_store(store_url: str) -> None:
    with TestClient(create_app(Store(store_url))) as client:
        stats = client.get("/api/stats").json()
    assert stats["events"] == 0
    assert stats["first_date"] is None
    assert stats["bbox"] is None


@pytest.mark.parametrize("threads", [None, 3])
def test_reads_are_answered_by_a_few_threads_not_anyios_forty(store: Store, threads: int | None) -> None:
    app = create_app(store, threads=threads)

    @app.get("/threads")
    async def read_threads() -> int:
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    with TestClient(app) as client:
        assert client.get("/threads").json() == (threads or default_threads())
        assert client.get("/api/events?limit=1").status_code == 200


# --- POST /api/documents ------------------------------------------------------------------------


class FakePipeline:
    """Stands in for the analysis: one Battles event per document, on its first sentence."""

    def ingest(self, store: Store, documents: Iterable[Document]) -> Iterator[Ingested]:
        for document in documents:
            if "unanalysable" in document.text:
                yield Ingested(document, None, "the parser gave up")
                continue
            key = store.key_for(document)
            event = make_event(key, f"{key}#1", evidence=[sentence(document.text)])
            stored = store.add(document, [event], key=key)
            yield Ingested(document, 1 if stored else None, stored=stored)


@pytest.fixture
def writer(store: Store) -> Iterator[TestClient]:
    app = create_app(store, api_token=TOKEN)
    app.state.pipeline = FakePipeline()
    with TestClient(app) as client:
        yield client


def test_post_text(writer: TestClient, store: Store) -> None:
    response = writer.post(
        "/api/documents?id=report-1&published=2017-03-13",
        content=POSTED.encode(),
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "documents": [
            {
                "id": "report-1",
                "status": "stored",
                "events": 1,
                "key": "report-1",
                "revision": 1,
                "note": None,
            }
        ],
        "problems": [],
        "notes": [],
    }
    assert store.get_document("report-1")["published"] == dt.date(2017, 3, 13)
    again = writer.post(
        "/api/documents?id=report-1", content=POSTED.encode(), headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert again.json()["documents"] == [{"id": "report-1", "events": None, "status": "already stored"}]


def test_post_reports_a_changed_text_under_a_known_id_as_a_revision(writer: TestClient, store: Store) -> None:
    headers = {**AUTH, "Content-Type": "text/plain"}
    writer.post("/api/documents?id=report-1", content=POSTED.encode(), headers=headers)
    revised = POSTED + " They returned on Saturday."
    [result] = writer.post("/api/documents?id=report-1", content=revised.encode(), headers=headers).json()[
        "documents"
    ]
    assert result["status"] == "stored" and result["revision"] == 2 and result["key"].startswith("report-1~")
    assert result["note"].startswith("changed text under a known id or URL: stored as revision 2")
    listed = [e["event_id"] for e in writer.get("/api/events?limit=100").json()["events"]]
    assert f"{result['key']}#1" in listed and "report-1#1" not in listed


def test_post_reports_a_document_the_pipeline_failed_on(writer: TestClient) -> None:
    text = TEXT_2 + " This one is unanalysable."
    response = writer.post(
        "/api/documents?id=bad-1", content=text.encode(), headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.json()["documents"] == [
        {"id": "bad-1", "events": None, "status": "failed", "error": "the parser gave up"}
    ]


def test_post_text_without_id_gets_a_content_hash(writer: TestClient) -> None:
    response = writer.post(
        "/api/documents", content=TEXT_2.encode(), headers={**AUTH, "Content-Type": "text/plain"}
    )
    [result] = response.json()["documents"]
    assert result["id"].startswith("post-") and len(result["id"]) == 21


@pytest.mark.parametrize("media_type", ["application/x-ndjson", "application/jsonl"])
def test_post_json_lines_reports_each_record(writer: TestClient, store: Store, media_type: str) -> None:
    lines = [
        {"id": "a", "text": TEXT_1.replace("Three fighters", "Four fighters"), "published": "2016-11-10"},
        "not json",
        {"id": "b"},
        {"id": "c", "text": POSTED},
    ]
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    response = writer.post(
        "/api/documents", content=body.encode(), headers={**AUTH, "Content-Type": media_type}
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert [(d["id"], d["status"]) for d in result["documents"]] == [("a", "stored"), ("c", "stored")]
    assert [p["origin"] for p in result["problems"]] == ["request body:2", "request body:3"]
    assert "malformed JSON" in result["problems"][0]["problem"]
    assert store.get_event("a#1") is not None


def test_post_is_refused_while_no_token_is_configured(store: Store) -> None:
    with TestClient(create_app(store)) as client:
        response = client.post(
            "/api/documents", content=b"text", headers={**AUTH, "Content-Type": "text/plain"}
        )
    assert response.status_code == 403
    assert "SITREP_API_TOKEN" in detail(response)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_post_needs_the_right_token(writer: TestClient, store: Store, headers: dict[str, str]) -> None:
    response = writer.post(
        "/api/documents", content=TEXT_2.encode(), headers={**headers, "Content-Type": "text/plain"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in detail(response)
    assert store.stats()["documents"] == 2


def test_post_refuses_other_media_types(writer: TestClient) -> None:
    response = writer.post(
        "/api/documents", content=b"%PDF-1.7", headers={**AUTH, "Content-Type": "application/pdf"}
    )
    assert response.status_code == 415
    assert "text/plain" in detail(response)


def test_post_refuses_a_body_over_the_limit(writer: TestClient) -> None:
    big = b"word " * (MAX_BODY_BYTES // 5 + 1)
    response = writer.post("/api/documents", content=big, headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert "5 MB" in detail(response)

    def chunks() -> Iterator[bytes]:  # declares no length: counted as it arrives
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    response = writer.post("/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("query", "body", "message"),
    [
        ("", b"   ", "no document could be read"),
        (
            "",
            b"Die Rebellen haben die Stadt eingenommen und sind nicht mit der Armee.",
            "not English",
        ),
        ("", b"\xff\xfe bad bytes", "not English"),  # read as UTF-16 (its mark): five CJK letters
        ("?published=10/11/2016", TEXT_2.encode(), "published: expected a date"),
        ("?id=../../etc/passwd", TEXT_2.encode(), "id: use letters"),
    ],
)
def test_post_bad_input_is_422(writer: TestClient, query: str, body: bytes, message: str) -> None:
    response = writer.post(
        f"/api/documents{query}", content=body, headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 422
    assert message in detail(response)


# --- the page, docs and defaults ----------------------------------------------------------------


def test_docs_and_openapi_are_served_offline(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents",
        "/api/stats",
        "/api/places/search",
    } <= set(paths)


def test_map_page(client: TestClient) -> None:
    response = client.get("/")
    built = (
        Path(inspect.getfile(create_app)).parent / "static" / "vendor" / "leaflet" / "leaflet.js"
    ).is_file()
    if built:
        assert response.status_code == 200
        assert "/static/app.js" in response.text
        assert client.get("/static/app.js").status_code == 200
    else:
        assert response.status_code == 503
        assert "make web-assets" in response.text


def test_config_tells_the_page_about_tiles_and_writes(store: Store) -> None:
    with TestClient(create_app(store, tile_url="https://tiles.example/{z}/{x}/{y}.png")) as client:
        config = client.get("/api/config").json()
    assert config == {
        "tile_url": "https://tiles.example/{z}/{x}/{y}.png",
        "max_limit": 5000,
        "writes_enabled": False,
    }


def test_cors_is_off_unless_configured(store: Store, client: TestClient) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/stats", headers=origin).headers
    with TestClient(create_app(store, cors_origins=["https://elsewhere.example"])) as allowed:
        response = allowed.get("/api/stats", headers=origin)
    assert response.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_responses_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/api/stats").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    page = client.get("/static/document.html").headers["content-security-policy"]
    assert "default-src 'self'" in page and "img-src 'self' data:;" in page
    assert "content-security-policy" not in client.get("/docs").headers  # Swagger UI runs an inline script


def test_the_page_policy_allows_the_configured_tiles(store: Store) -> None:
    with TestClient(create_app(store, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")) as client:
        policy = client.get("/static/document.html").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in policy


def test_serve_binds_to_loopback_by_default() -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
