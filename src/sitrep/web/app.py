"""The web app: a JSON, GeoJSON and CSV API over the store, and an offline map page.

Reads are open; the one write, POST /api/documents, needs the bearer token configured as
SITREP_API_TOKEN and is refused while none is set. Filtering happens in the database (bound
parameters only) and every listing is capped, so the map asks for its bbox and time window and
never for everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import math
import os
import re
import secrets
import socket
import sys
import threading
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import func, select
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.errors import AddressInUse
from sitrep.export import to_json, write_geojson, write_table
from sitrep.ingest import InputNote, InputProblem, read_bytes
from sitrep.model import EVENT_COLUMNS, Document
from sitrep.store import EventFilter, Store
from sitrep.store.schema import documents as documents_table
from sitrep.store.schema import events as events_table

if TYPE_CHECKING:
    from sitrep.pipeline import Pipeline

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
MAX_BODY_BYTES = 5 * 1024 * 1024
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
EVENT_FIELDS = (*EVENT_COLUMNS, "field_spans")
# the request body's media type -> the suffix that tells read_bytes its kind ("" = sniff text/HTML)
BODY_KINDS = {
    "text/plain": "",
    "text/html": "",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
}
# what POST /api/documents takes, for the OpenAPI schema (FastAPI sees no body parameter: the
# handler reads the raw body itself)
POSTED_BODY = {
    "required": True,
    "description": (
        "One report as text/plain or text/html (a page: its main text, title and date are extracted), "
        "or JSON Lines, one report a line: "
        '{"id", "text", "published"?, "title"?, "url"?, "source"?} (other common field names are '
        f"read too: _id, content, body, link, date ...). At most {MAX_BODY_BYTES // 1024 // 1024} MB."
    ),
    "content": {media_type: {"schema": {"type": "string"}} for media_type in BODY_KINDS},
}


class Problem(BaseModel):
    """What a refused request gets: our message (an object for a refused POST), or FastAPI's list
    of the parameters it found wrong."""

    detail: str | list[dict[str, Any]] | dict[str, Any]


def refusals(**described: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for refusals, by status (`_422="a parameter is wrong"`), each a Problem."""
    return {
        int(status.lstrip("_")): {"model": Problem, "description": text} for status, text in described.items()
    }


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response, and to our pages a content security policy that
    lets them load scripts and data from this server only (plain ASGI: BaseHTTPMiddleware costs
    each request)."""

    def __init__(self, app: ASGIApp, tile_url: str | None = None) -> None:
        self.app = app
        images = "'self' data:"
        if tile_url:
            parts = urlsplit(tile_url)
            images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"  # {s}: the tile subdomains
        self.policy = (
            f"default-src 'self'; img-src {images}; style-src 'self' 'unsafe-inline'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Swagger UI's page starts itself with an inline script
        guarded = scope["path"] != "/docs"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if guarded and headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", self.policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    store: Store,
    api_token: str | None = None,
    cors_origins: Sequence[str] = (),
    tile_url: str | None = None,
    threads: int | None = None,
) -> FastAPI:
    """The app over `store`. `app.state.pipeline` may be preset (tests); else it loads on first POST.

    `threads` caps the worker threads that answer reads (default: one per CPU, at least 2)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Starlette runs every read in anyio's thread pool, 40 threads by default. On two cores,
        # 40 threads fighting for the GIL tripled the CPU per response and the p99 latency
        # (benchmarks/bench_api.py --mixed, docs/BENCHMARKS.md); a few threads keep the cores busy.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads or default_threads()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        summary="Conflict events with evidence, from news reports",
        version="0.1.0",
        docs_url=None,  # served below from the npm-built assets, since the default loads a CDN
        redoc_url=None,
    )
    app.state.pipeline = None
    app.state.gazetteer = None
    # one analysis at a time: the pipeline's models are loaded once and are not thread-safe
    app.state.pipeline_lock = threading.Lock()
    app.state.load_lock = threading.Lock()
    app.state.gazetteer_lock = threading.Lock()
    # analyses (seconds each) wait in their own queue, so they never hold the readers' threads
    app.state.ingest_limiter = anyio.CapacityLimiter(1)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    app.add_middleware(SecurityHeaders, tile_url=tile_url)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False, response_model=None)
    def index() -> Response:
        if not assets_built():
            return HTMLResponse(
                "<h1>sitrep</h1><p>The map's assets are not built: run <code>make web-assets</code>.</p>",
                status_code=503,
            )
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="sitrep API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},  # the validator badge would call swagger.io
        )

    @app.get("/api/config", summary="Settings the map page needs")
    def config() -> dict[str, Any]:
        return {"tile_url": tile_url, "max_limit": MAX_LIMIT, "writes_enabled": bool(api_token)}

    @app.get(
        "/api/events",
        summary="Events matching the filters, as JSON, GeoJSON or CSV",
        response_model=None,
        responses={
            200: {
                "description": "the page of events in the format asked for",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/geo+json": {"schema": {"type": "object"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            **refusals(_422="a filter is not valid: which, and why"),
        },
    )
    def list_events(
        since: Annotated[str | None, Query(description="first event date, YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="last event date, YYYY-MM-DD")] = None,
        bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
        type: Annotated[str | None, Query(max_length=200, description="ACLED event type")] = None,
        sub_type: Annotated[str | None, Query(max_length=200, description="ACLED sub-event type")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="part of any actor's name")] = None,
        country: Annotated[str | None, Query(max_length=200)] = None,
        claim_status: Annotated[Literal["reported", "claimed", "disputed", "denied"] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        format: Annotated[Literal["json", "geojson", "csv"], Query()] = "json",
        fields: Annotated[
            str | None, Query(max_length=2000, description="comma-separated event fields to return")
        ] = None,
    ) -> Response:
        where = EventFilter(
            since=_date("since", since),
            until=_date("until", until),
            bbox=_bbox(bbox),
            event_type=type or None,
            sub_event_type=sub_type or None,
            actor=actor or None,
            country=country or None,
            claim_status=claim_status,
        )
        if where.since and where.until and where.since > where.until:
            raise HTTPException(422, f"since ({since}) is after until ({until})")
        chosen = _fields(fields)
        columns = ()
        if chosen:
            located = ("latitude", "longitude") if format == "geojson" else ()
            columns = tuple(dict.fromkeys(("event_id", *chosen, *located)))
        rows = [
            _event_out(row) for row in store.query_events(where, limit=limit, offset=offset, columns=columns)
        ]
        # a page that is not full holds the last rows, so the total is known without counting: the
        # map's usual question (one city, one month) then costs one query, not two
        if len(rows) < limit and (rows or not offset):
            total = offset + len(rows)
        else:
            total = store.count_events(where)
        if format == "csv":
            return _csv(rows, chosen or EVENT_COLUMNS, total)
        keep = ("event_id", *chosen) if chosen else None
        if format == "geojson":
            buffer = io.StringIO()
            page = {"total": total, "limit": limit, "offset": offset}
            write_geojson(rows, buffer, keep or EVENT_FIELDS, members=page)
            return Response(buffer.getvalue(), media_type="application/geo+json")
        if keep:
            rows = [{key: row.get(key) for key in keep} for row in rows]
        # rows hold only JSON types already: no need for FastAPI's slower generic encoder
        body = to_json({"total": total, "limit": limit, "offset": offset, "events": rows})
        return Response(body, media_type="application/json")

    @app.get(
        "/api/events/{event_id}",
        summary="One event with its evidence, highlighted spans and sources",
        responses=refusals(_404="no such event"),
    )
    def get_event(event_id: str) -> dict[str, Any]:
        row = store.get_event(event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _event_detail(store, _event_out(row))

    @app.get(
        "/api/documents/{document_id:path}",
        summary="A stored document's text with its events and its actor, place and time mentions",
        responses=refusals(_404="no such document"),
    )
    def get_document(document_id: str) -> dict[str, Any]:
        document = store.get_document(document_id)
        if document is None:
            raise HTTPException(404, f"no document {document_id!r}")
        document["events"] = [_event_out(row) for row in document["events"]]
        return document

    @app.get(
        "/api/control",
        summary="Who holds each place as of a date, with evidence, as JSON or GeoJSON",
        responses=refusals(_422="the date or the bbox is not valid"),
    )
    def control_map(
        as_of: Annotated[str, Query(description="the date, YYYY-MM-DD")],
        bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
        country: Annotated[str | None, Query(max_length=200)] = None,
        format: Annotated[Literal["json", "geojson"], Query()] = "json",
    ) -> dict[str, Any]:
        from sitrep.control.cli import feature_collection
        from sitrep.control.store import ControlStore

        day = _date("as_of", as_of)
        if day is None:
            raise HTTPException(422, "as_of: a date YYYY-MM-DD is required")
        control = ControlStore(store)
        rows = [state.row() for state in control.map(day, bbox=_bbox(bbox), country=country or None)]
        legend = control.sides.legend()
        if format == "geojson":
            return {**feature_collection(rows), "sides": legend}
        return {"as_of": as_of, "places": rows, "sides": legend}

    @app.get("/api/places/search", summary="Look places up in the gazetteer")
    def search_places(
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict[str, Any]:
        gazetteer = _gazetteer(app)
        with app.state.gazetteer_lock:  # one SQLite connection, shared by the worker threads
            return {"query": q, "places": gazetteer.search(q, limit)}

    @app.get(
        "/api/stats", summary="Event counts by type, month and country; the date range and bbox of all events"
    )
    def stats() -> dict[str, Any]:
        out = store.stats()
        c = events_table.c
        with store.engine.connect() as connection:
            first, last, west, south, east, north = connection.execute(
                select(
                    func.min(c.event_date),
                    func.max(c.event_date),
                    func.min(c.longitude),
                    func.min(c.latitude),
                    func.max(c.longitude),
                    func.max(c.latitude),
                )
            ).one()
        out["first_date"] = _iso(first)
        out["last_date"] = _iso(last)
        # where the map opens: around every located event
        out["bbox"] = [west, south, east, north] if west is not None else None
        return out

    @app.post(
        "/api/documents",
        summary="Analyse and store reports: text/plain, text/html or JSON Lines; needs the API token",
        responses=refusals(
            _401="wrong or missing token",
            _403="writes disabled",
            _413="body too large",
            _415="a media type other than the body's four",
            _422="no document could be read (the problems, each with its input), or a bad id or date",
        ),
        openapi_extra={"requestBody": POSTED_BODY},
    )
    async def post_documents(
        request: Request,
        id: Annotated[
            str | None, Query(description="document id for a text or HTML body (default: a content hash)")
        ] = None,
        published: Annotated[
            str | None, Query(description="publication date, YYYY-MM-DD, for documents without one")
        ] = None,
    ) -> dict[str, Any]:
        _authorise(request, api_token)
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in BODY_KINDS:
            raise HTTPException(
                415,
                f"send text/plain, text/html, application/x-ndjson or application/jsonl, not {media_type!r}",
            )
        if id is not None and not DOCUMENT_ID.fullmatch(id):
            raise HTTPException(422, "id: use letters, digits, '.', '_', ':' and '-' (at most 200)")
        published_date = _date("published", published)
        data = await _body(request)
        suffix = BODY_KINDS[media_type]
        name = f"request{suffix}" if suffix else (id or "post-" + hashlib.sha256(data).hexdigest()[:16])
        items = list(read_bytes(data, "request body", name, published_date, name_is_id=id is not None))
        problems = [{"origin": p.origin, "problem": p.problem} for p in items if isinstance(p, InputProblem)]
        notes = [{"origin": n.origin, "note": n.note} for n in items if isinstance(n, InputNote)]
        documents = [d for d in items if isinstance(d, Document)]
        if not documents:
            raise HTTPException(422, {"message": "no document could be read", "problems": problems})
        results = await anyio.to_thread.run_sync(
            _ingest, app, store, documents, limiter=app.state.ingest_limiter
        )
        return {"documents": results, "problems": problems, "notes": notes}

    return app


def assets_built() -> bool:
    """Whether the map's npm-built assets are in the package (`make web-assets`, run by `make install`)."""
    return (VENDOR / "leaflet" / "leaflet.js").is_file()


def default_threads() -> int:
    """Worker threads for reads: one per CPU, at least 2 (so one slow answer never blocks all)."""
    return max(2, os.cpu_count() or 2)


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000, threads: int | None = None) -> None:
    """Serve the app with uvicorn; settings from SITREP_API_TOKEN, SITREP_TILE_URL, SITREP_CORS_ORIGINS.

    The socket is bound here, before uvicorn starts, so a port in use is one AddressInUse."""
    import uvicorn

    try:
        sock = socket.create_server((host, port))
    except OSError as error:
        raise AddressInUse(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    origins = [o.strip() for o in os.environ.get("SITREP_CORS_ORIGINS", "").split(",") if o.strip()]
    app = create_app(
        store,
        api_token=os.environ.get("SITREP_API_TOKEN") or None,
        cors_origins=origins,
        tile_url=os.environ.get("SITREP_TILE_URL") or None,
        threads=threads,
    )
    print(f"sitrep: serving {store.url} on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


# --- parameters ------------------------------------------------------------------------------


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        if not DATE.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: expected a date as YYYY-MM-DD, got {value[:40]!r}") from None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    problem = "bbox: expected west,south,east,north in degrees"
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise HTTPException(422, f"{problem}, got {value[:80]!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise HTTPException(422, f"{problem}, got non-finite numbers")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(
            422,
            f"{problem} with -180 <= west <= east <= 180 and -90 <= south <= north <= 90, got {value[:80]!r}",
        )
    return west, south, east, north


def _fields(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in EVENT_FIELDS]
    if unknown:
        raise HTTPException(
            422, f"fields: unknown {', '.join(unknown[:5])}; choose from {', '.join(EVENT_FIELDS)}"
        )
    return chosen


def _authorise(request: Request, api_token: str | None) -> None:
    if not api_token:
        raise HTTPException(403, "writes are disabled: set SITREP_API_TOKEN on the server to enable them")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), api_token.encode()):
        raise HTTPException(
            401,
            "missing or wrong API token: send 'Authorization: Bearer <token>'",
            {"WWW-Authenticate": "Bearer"},
        )


async def _body(request: Request) -> bytes:
    too_large = f"request body over the {MAX_BODY_BYTES // 1024 // 1024} MB limit"
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, too_large)
    chunks, size = [], 0
    # counted as it arrives too: a chunked body declares no length
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, too_large)
        chunks.append(chunk)
    return b"".join(chunks)


# --- lazily loaded stages -------------------------------------------------------------------


def _gazetteer(app: FastAPI) -> Any:
    with app.state.load_lock:
        if app.state.gazetteer is None:
            try:
                # looked up at run time: a build without the places stage still serves everything else
                gazetteer_class = importlib.import_module("sitrep.places").Gazetteer
            except (ImportError, AttributeError) as error:
                raise HTTPException(503, f"place search is not available in this build: {error}") from None
            try:
                app.state.gazetteer = gazetteer_class.open()
            except Exception as error:  # whatever keeps it from opening (not built, bad file) is a 503
                raise HTTPException(503, f"the gazetteer could not be opened: {error}") from None
    return app.state.gazetteer


def _pipeline(app: FastAPI) -> Pipeline:
    with app.state.load_lock:
        if app.state.pipeline is None:
            try:
                from sitrep.pipeline import Pipeline
            except ImportError as error:
                raise HTTPException(
                    503, f"the analysis pipeline is not available in this build: {error}"
                ) from None
            app.state.pipeline = Pipeline()
    pipeline: Pipeline = app.state.pipeline
    return pipeline


def _ingest(app: FastAPI, store: Store, documents: list[Document]) -> list[dict[str, Any]]:
    pipeline = _pipeline(app)
    results = []
    with app.state.pipeline_lock:
        for outcome in pipeline.ingest(store, documents):
            result: dict[str, Any] = {"id": outcome.document.id, "events": outcome.events_stored}
            if outcome.error:
                result.update(status="failed", error=outcome.error)
            else:
                result["status"] = "stored" if outcome.events_stored is not None else "already stored"
            if outcome.stored:  # the key it is stored under; a revision, or another text of its name
                result.update(key=outcome.stored.key, revision=outcome.stored.revision,
                              note=outcome.stored.note(outcome.document.id))  # fmt: skip
            results.append(result)
    return results


# --- output ---------------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _event_out(row: dict[str, Any]) -> dict[str, Any]:
    """The stored row with field spans as objects: {field: {start, end, text}}."""
    if "field_spans" in row:
        row["field_spans"] = {
            name: {"start": span[0], "end": span[1], "text": span[2]}
            for name, span in row["field_spans"].items()
        }
    return row


def _offsets(text: str | None) -> list[tuple[int, int]]:
    pairs = []
    for part in (text or "").split(";"):
        start, _, end = part.partition("-")
        if start.isdigit() and end.isdigit():
            pairs.append((int(start), int(end)))
    return pairs


def _event_detail(store: Store, event: dict[str, Any]) -> dict[str, Any]:
    """The event plus each evidence sentence with the field spans inside it, offsets relative to it."""
    with store.engine.connect() as connection:
        document = connection.execute(
            select(
                documents_table.c.id,
                documents_table.c.title,
                documents_table.c.url,
                documents_table.c.source,
                documents_table.c.published,
                documents_table.c.text,
            ).where(documents_table.c.id == event["document_id"])
        ).first()
    text = document.text if document else None
    sentences = []
    for start, end in _offsets(event.get("evidence_offsets")):
        highlights = sorted(
            (
                {
                    "field": name,
                    "start": span["start"] - start,
                    "end": span["end"] - start,
                    "text": span["text"],
                }
                for name, span in event["field_spans"].items()
                if start <= span["start"] and span["end"] <= end
            ),
            key=lambda h: (h["start"], h["end"]),
        )
        sentence = text[start:end] if text is not None else ""
        sentences.append({"start": start, "end": end, "text": sentence, "highlights": highlights})
    if not sentences and event.get("evidence"):
        sentences.append({"start": None, "end": None, "text": event["evidence"], "highlights": []})
    event["evidence_sentences"] = sentences
    event["documents"] = (
        [
            {
                "id": document.id,
                "title": document.title,
                "url": document.url,
                "source": document.source,
                "published": _iso(document.published),
            }
        ]
        if document
        else []
    )
    return event


def _csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], total: int) -> Response:
    buffer = io.StringIO()
    write_table(rows, columns, buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="sitrep-events.csv"',
            "X-Total-Count": str(total),
        },
    )
