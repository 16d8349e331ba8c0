"""Score the places of one article against a gold file's `places` list.

    python -m sitrep.evaluate.gold_places GOLD.json [ARTICLE.txt]

A gold place counts as found when some resolved mention with an overlapping name (one
contains the other, compared through name keys) lies within the gold place's max_km.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitrep.geo import haversine_km
from sitrep.model import Document, PlaceMention
from sitrep.places import Gazetteer, place_patterns, resolve_places
from sitrep.places.normalize import name_key


def names_overlap(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def score_places(
    gold_places: Sequence[dict[str, Any]], mentions: Sequence[PlaceMention]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(found, missed) gold places."""
    found: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    for gold in gold_places:
        hit = any(
            m.resolved
            and (names_overlap(gold["name"], m.span.text) or names_overlap(gold["name"], m.name or ""))
            and haversine_km(gold["latitude"], gold["longitude"], m.latitude, m.longitude) <= gold["max_km"]  # type: ignore[arg-type]
            for m in mentions
        )
        (found if hit else missed).append(gold)
    return found, missed


def resolve_article(text: str, published: dt.date | None, gazetteer: Gazetteer) -> list[PlaceMention]:
    from sitrep.nlp import load_language

    nlp = load_language(place_patterns(gazetteer))
    document = Document(id="article", text=text, published=published)
    return resolve_places(document, nlp(text), gazetteer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("article", type=Path, nargs="?", help="default: article.txt beside the gold file")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    article = args.article or args.gold.with_name(gold.get("document", {}).get("file") or "article.txt")
    published = gold.get("document", {}).get("published")
    gazetteer = Gazetteer.open()
    mentions = resolve_article(
        article.read_text(encoding="utf-8"),
        dt.date.fromisoformat(published) if published else None,
        gazetteer,
    )
    found, missed = score_places(gold.get("places", []), mentions)
    total = len(found) + len(missed)
    print(f"places found: {len(found)}/{total}")
    for gold_place in missed:
        near = [
            f"{m.span.text!r}->{m.name} ({m.latitude}, {m.longitude})"
            for m in mentions
            if names_overlap(gold_place["name"], m.span.text)
            or names_overlap(gold_place["name"], m.name or "")
        ]
        print(
            f"  missed {gold_place['name']} ({gold_place['latitude']}, {gold_place['longitude']}, {gold_place['max_km']} km): "
            + ("; ".join(near) if near else "not recognised")
        )
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
