"""Language identification: which texts of the shared English corpora each way refuses, and which
non-English texts it lets through.

    .venv/bin/python benchmarks/bench_language.py [SHARED] [FOREIGN_FOLDER]

English: every article of the shared corpora (TempEval-3 silver newswire, FA-KES, GeoWebNews,
the gold reports). Non-English: the translated Vim tutors (`/usr/share/vim/vim*/tutor`, 29
languages, UTF-8 versions), cut into chunks of about 1,000 characters (a short news report).
Compared: the function-word count sitrep used before, py3langid and lingua on the whole text,
and what sitrep does now (`sitrep.ingest.language`: py3langid on the running words). lingua is
measured only when installed (`pip install lingua-language-detector==2.1.1`).
"""

from __future__ import annotations

import csv
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from sitrep.ingest.language import foreign_language

csv.field_size_limit(1 << 30)


def english_corpora(shared: Path) -> dict[str, list[str]]:
    te3 = sorted((shared / "data/corpus/te3-silver-newswire").glob("*.tml"))
    fakes = csv.DictReader((shared / "data/fakes/fakes_dev.csv").open(encoding="utf-8"))
    gwn = ET.parse(shared / "data/toponyms/GWN.xml").getroot().iter("article")
    return {
        "te3-silver": [re.sub(r"<[^>]+>", "", p.read_text(encoding="utf-8")) for p in te3],
        "fakes": [row["article_content"] for row in fakes],
        "GeoWebNews": [a.findtext("text") or "" for a in gwn],
        "gold": [p.read_text(encoding="utf-8") for p in sorted(shared.glob("gold/*/article.txt"))],
    }


def foreign_chunks(folder: Path) -> list[str]:
    chunks = []
    for path in sorted(folder.glob("tutor.*.utf-8")):
        current = ""
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            current += paragraph + "\n\n"
            if len(current) > 1000:
                chunks.append(current)
                current = ""
    return chunks


def ways() -> dict[str, Callable[[str], bool]]:
    """Each way as: is this text English?"""
    import py3langid

    found: dict[str, Callable[[str], bool]] = {
        "py3langid 0.4.0, whole text": lambda text: py3langid.classify(text[:20000])[0] == "en",
        "sitrep now: py3langid on the running words": lambda text: foreign_language(text) is None,
    }
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return found
    detector = LanguageDetectorBuilder.from_all_languages().build()
    found["lingua 2.1.1, whole text"] = lambda text: (
        detector.detect_language_of(text[:20000]) == Language.ENGLISH
    )
    return found


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    tutors = Path(sys.argv[2]) if len(sys.argv) > 2 else next(Path("/usr/share/vim").glob("vim*/tutor"))
    english = {name: [t for t in texts if t.strip()] for name, texts in english_corpora(shared).items()}
    foreign = foreign_chunks(tutors)
    print(
        f"English texts: {', '.join(f'{n} {len(t)}' for n, t in english.items())}; non-English chunks: {len(foreign)}"
    )
    print("| way | English refused | non-English let through | seconds |\n| --- | --- | --- | --- |")
    for name, is_english in ways().items():
        start = time.perf_counter()
        refused = {corpus: sum(not is_english(t) for t in texts) for corpus, texts in english.items()}
        through = sum(is_english(t) for t in foreign)
        seconds = time.perf_counter() - start
        detail = ", ".join(f"{corpus} {n}" for corpus, n in refused.items())
        print(
            f"| {name} | {sum(refused.values())} ({detail}) | {through} of {len(foreign)} | {seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
