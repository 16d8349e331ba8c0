#!/usr/bin/env bash
# Run sitrep on every development set in ../shared and score it with the neutral scorers in
# ../shared/eval. Prints each scorer's figures; docs/EVALUATION.md records them.
#   scripts/evaluate.sh [SHARED] [OUT]      (default ../shared and out/eval)
set -euo pipefail
shared=$(cd "${1:-../shared}" && pwd)
out=${2:-out/eval}
eval_dir="$shared/eval"
data="$shared/data"
sitrep=$(pwd)/.venv/bin/sitrep
mkdir -p "$out"
export SITREP_SHARED="$shared"

echo "== gold reports (score_events.py, strict)"
for gold in "$shared"/gold/*/gold.json; do
  dir=$(dirname "$gold")
  published=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['document']['published'])" "$gold")
  $sitrep extract --quiet --published "$published" --format csv --output "$out/$(basename "$dir").csv" "$dir/article.txt"
  python3 "$eval_dir/score_events.py" "$out/$(basename "$dir").csv" "$gold"
done

echo "== ACLED notes (score_acled_notes.py), 5-fold cross-validation, with the Burkina Faso and Afghanistan exports always in training"
world="$data/acled/acled_2020_world_except_syria_iraq.csv"
python3 "$eval_dir/score_acled_notes.py" docs "$world" > "$out/acled_docs.jsonl"
for by in country row; do
  echo "-- folds by $by"
  SITREP_DATA="$out/acled-cv-data" .venv/bin/python -m sitrep.evaluate.acled_crossval "$world" "$out/acled_docs.jsonl" \
    --by "$by" --also "$data/acled/elliottmess_acled_burkina_faso.csv" "$data/acled/dkoban_acled.csv" \
    --output "$out/acled_pred_by_$by.csv"
  python3 "$eval_dir/score_acled_notes.py" score "$world" "$out/acled_pred_by_$by.csv"
done

echo "== CASE 2021 task 2 development snippets (score_case.py)"
python3 "$eval_dir/score_case.py" docs "$data/case2021/case2021_task2_dev.tsv" > "$out/case_docs.jsonl"
$sitrep classify --quiet --output "$out/case_pred.jsonl" "$out/case_docs.jsonl"
python3 "$eval_dir/score_case.py" score "$data/case2021/case2021_task2_dev.tsv" "$out/case_pred.jsonl"

echo "== GeoWebNews toponyms (score_places.py)"
python3 "$eval_dir/score_places.py" docs "$data/toponyms/GWN.xml" > "$out/gwn_docs.jsonl"
$sitrep places --quiet --output "$out/gwn_pred.jsonl" "$out/gwn_docs.jsonl"
python3 "$eval_dir/score_places.py" score "$data/toponyms/GWN.xml" "$out/gwn_pred.jsonl"

for corpus in TBAQ-cleaned; do  # MEANTIME ships as token XML, not TimeML: score_timex.py cannot read it
  echo "== TimeML $corpus (score_timex.py)"
  python3 "$eval_dir/score_timex.py" docs "$data/timex/$corpus" > "$out/${corpus}_docs.jsonl"
  $sitrep times --quiet --output "$out/${corpus}_pred.jsonl" "$out/${corpus}_docs.jsonl"
  python3 "$eval_dir/score_timex.py" score "$data/timex/$corpus" "$out/${corpus}_pred.jsonl"
done

echo "== FA-KES development articles (score_fakes.py)"
python3 "$eval_dir/score_fakes.py" docs "$data/fakes/fakes_dev.csv" > "$out/fakes_docs.jsonl"
$sitrep extract --quiet --format csv --output "$out/fakes_pred.csv" "$out/fakes_docs.jsonl"
python3 "$eval_dir/score_fakes.py" score "$data/fakes/fakes_dev.csv" "$out/fakes_pred.csv"
