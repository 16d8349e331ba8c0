#!/usr/bin/env bash
# `make demo`: run sitrep end to end on an example corpus and say where the outputs are.
# Uses ../shared when it is there (the seed article and the FA-KES development articles, and the
# ACLED exports to train the event classifier), else the small corpus bundled in examples/.
set -euo pipefail
shared=${1:-../shared}
out=${2:-out}
sitrep=.venv/bin/sitrep
mkdir -p "$out"
rm -f "$out/demo.db" "$out"/events.* "$out/seed_events.csv" "$out/seed_score.txt"
db="sqlite:///$(cd "$out" && pwd)/demo.db"

seed=""
if [ -f "$shared/gold/seed/article.txt" ]; then
  export SITREP_SHARED; SITREP_SHARED=$(cd "$shared" && pwd)
  seed="$SITREP_SHARED/gold/seed"
  echo "== corpus: the seed article and the FA-KES development articles from $SITREP_SHARED"
  python3 "$SITREP_SHARED/eval/score_fakes.py" docs "$SITREP_SHARED/data/fakes/fakes_dev.csv" > "$out/fakes_docs.jsonl"
  corpus=("$seed/article.txt" "$out/fakes_docs.jsonl")
  if [ ! -f "$(.venv/bin/python -c 'from sitrep.events.classifier import default_model_path; print(default_model_path())')" ]; then
    echo "== training the event classifier on the shared ACLED exports, keeping the places of their events"
    $sitrep train --acled "$SITREP_SHARED"/data/acled/*.csv
  fi
else
  echo "== corpus: the bundled sample in examples/ (no ../shared beside the project)"
  corpus=(examples/fakes_sample.jsonl)
fi

echo "== ingesting into $db"
$sitrep ingest --db "$db" --published 2016-11-10 "${corpus[@]}"
echo "== exporting"
$sitrep export --db "$db" --format csv --output "$out/events.csv"
$sitrep export --db "$db" --format geojson --output "$out/events.geojson"
$sitrep export --db "$db" --format parquet --output "$out/events.parquet"

if [ -n "$seed" ]; then
  echo "== the seed article, scored against its hand coding (../shared/eval/score_events.py)"
  $sitrep extract --quiet --published 2016-11-10 --output "$out/seed_events.csv" "$seed/article.txt"
  python3 "$SITREP_SHARED/eval/score_events.py" "$out/seed_events.csv" "$seed/gold.json" > "$out/seed_score.txt"
  sed -n 1,2p "$out/seed_score.txt"
fi

cat <<DONE

Outputs (in $out/):
  demo.db          the SQLite database ($db)
  events.csv       all events, ACLED columns + document_id, claim_status, evidence
  events.geojson   the same as GeoJSON points
  events.parquet   the same as Parquet
$( [ -f "$out/seed_events.csv" ] && echo "  seed_events.csv  events of the seed article" )
Look at them on a map:  .venv/bin/sitrep serve --db $db   (then open http://127.0.0.1:8000/)
DONE
