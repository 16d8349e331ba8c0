"""The control statements in the store (`control` table), and the state over time read from them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, insert, select

from sitrep.actors import country_name
from sitrep.control import state
from sitrep.control.lexicon import Lexicon
from sitrep.control.model import ControlFact, Evidence, PlaceState
from sitrep.control.sides import Sides
from sitrep.model import Document
from sitrep.store import Store
from sitrep.store.schema import control, documents

Place = tuple[str, float, float, str | None]


class ControlStore:
    def __init__(self, store: Store, lexicon: Lexicon | None = None, sides: Sides | None = None) -> None:
        self.store = store
        self.settings = (lexicon or Lexicon.load()).state
        self.sides = sides or Sides.load()

    def add(self, document: Document, facts: Sequence[ControlFact]) -> None:
        if not facts:
            return
        rows = []
        for fact in facts:
            row = fact.row()
            row.pop("doc_id")
            row.pop("side")  # sides are read from sides.yaml at query time: editing it needs no re-ingest
            row["as_of"] = fact.as_of
            rows.append({**row, "document_id": document.id, "place_key": fact.place_key})
        with self.store.engine.begin() as connection:
            connection.execute(insert(control), rows)

    # --- reading -------------------------------------------------------------------------------

    def _evidence(self, *conditions: Any) -> dict[str, tuple[Place, list[Evidence]]]:
        """Each place's dated statements, with sides as of their dates."""
        c = control.c
        query = (
            select(control, documents.c.source.label("outlet"))
            .join(documents, documents.c.id == c.document_id)
            .where(c.as_of.is_not(None), *conditions)
            .order_by(c.place_key, c.as_of, c.id)
        )
        places: dict[str, tuple[Place, list[Evidence]]] = {}
        with self.store.engine.connect() as connection:
            for row in connection.execute(query):
                side = self.sides.side_of(row.controller, row.as_of, row.country_code)
                other = self.sides.side_of(row.counterpart or "", row.as_of, row.country_code)
                evidence = Evidence(row.document_id, row.as_of, row.relation, row.controller, side,
                                    row.counterpart or "", other, row.confidence, row.evidence or "",
                                    row.outlet or "")  # fmt: skip
                name = row.place_name or row.place
                place = places.setdefault(
                    row.place_key, ((name, row.latitude, row.longitude, row.country_code), [])
                )
                place[1].append(evidence)
        return places

    def _keys(self, *conditions: Any) -> list[str]:
        with self.store.engine.connect() as connection:
            return list(
                connection.execute(select(control.c.place_key).where(*conditions).distinct()).scalars()
            )

    def map(
        self, day: dt.date, bbox: tuple[float, float, float, float] | None = None, country: str | None = None
    ) -> list[PlaceState]:
        """Every place's state on `day` (places with no standing statement left out)."""
        c = control.c
        conditions = [c.as_of <= day]
        if bbox:
            west, south, east, north = bbox
            conditions.append(
                and_(c.latitude >= south, c.latitude <= north, c.longitude >= west, c.longitude <= east)
            )
        if country:
            conditions.append(c.country_code.in_(self._country_codes(country)))
        keys = self._keys(*conditions)
        out = []
        for key, (place, evidence) in self._evidence(c.place_key.in_(keys)).items():
            found = state.holder(key, place, evidence, day, self.settings)
            if found is not None:
                out.append(found)
        return sorted(out, key=lambda s: (s.country_code or "", s.place))

    def history(self, name: str) -> dict[str, list[dict]]:
        """The holders over time of each place with this name (as written, as in the gazetteer, or its key)."""
        c = control.c
        folded = _fold(name)
        keys = [
            key for key, place, place_name in self._names()
            if folded in (_fold(place), _fold(place_name or "")) or name == key
        ]  # fmt: skip
        out = {}
        for key, (place, evidence) in self._evidence(c.place_key.in_(keys)).items():
            out[f"{place[0]} ({place[1]:.4f}, {place[2]:.4f})"] = state.history(
                key, place, evidence, self.settings
            )
        return out

    def changes(self, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
        """The places whose holding side on `until` differs from the one on `since`, by the statements."""
        c = control.c
        keys = self._keys(c.as_of > since, c.as_of <= until)
        rows = []
        for key, (place, evidence) in self._evidence(c.place_key.in_(keys), c.as_of <= until).items():
            before = state.holder(key, place, evidence, since, self.settings)
            after = state.holder(key, place, evidence, until, self.settings)
            moves = [e for e in evidence if since < e.as_of <= until and e.relation in ("captured", "lost")]
            if after is None or (before is None and not moves):
                continue
            if before is not None and (before.side, before.relation) == (after.side, after.relation):
                continue
            rows.append({
                "place": place[0], "latitude": place[1], "longitude": place[2],
                "before": before.controller if before else "", "before_side": before.side if before else "",
                "after": after.controller, "after_side": after.side or after.relation,
                "changed_on": (moves[0].as_of if moves else after.since or until).isoformat(),
                "confidence": round(after.confidence, 3),
                "evidence": [e.evidence for e in (moves or after.evidence)],
            })  # fmt: skip
        return sorted(rows, key=lambda r: (r["changed_on"], r["place"]))

    def sieges(self, day: dt.date) -> list[dict[str, Any]]:
        """The places under siege on `day`: by whom, since when, when it was broken (if it was, later)."""
        c = control.c
        keys = self._keys(c.relation.in_(("besieges", "besieged")), c.as_of <= day)
        rows = []
        for key, (place, evidence) in self._evidence(c.place_key.in_(keys)).items():
            for siege in state.sieges(evidence):
                if siege.since <= day and (siege.broken_on is None or day < siege.broken_on):
                    held = state.holder(key, place, evidence, day, self.settings)
                    rows.append({
                        "place": place[0], "latitude": place[1], "longitude": place[2],
                        "besieged_by": siege.besieger, "besieger_side": siege.besieger_side,
                        "since": siege.since.isoformat(),
                        "broken_on": siege.broken_on.isoformat() if siege.broken_on else None,
                        "held_by": held.controller if held else "",
                        "evidence": [e.evidence for e in siege.evidence],
                    })  # fmt: skip
        return sorted(rows, key=lambda r: (r["since"], r["place"]))

    def history_of_key(self, key: str) -> dict[str, Any] | None:
        """One place's history by its key (the map's popup)."""
        found = self._evidence(control.c.place_key == key).get(key)
        if found is None:
            return None
        place, evidence = found
        return {"key": key, "place": place[0], "latitude": place[1], "longitude": place[2],
                "history": state.history(key, place, evidence, self.settings)}  # fmt: skip

    def _names(self) -> Iterable[tuple[str, str, str | None]]:
        c = control.c
        with self.store.engine.connect() as connection:
            yield from connection.execute(select(c.place_key, c.place, c.place_name).distinct()).tuples()

    def _country_codes(self, country: str) -> list[str]:
        with self.store.engine.connect() as connection:
            codes = connection.execute(select(control.c.country_code).distinct()).scalars()
            wanted = country.strip().lower()
            return [code for code in codes if code and wanted in (code.lower(), country_name(code).lower())]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()
