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

heldout() { sed -n "s/^$1: *//p" scripts/heldout.txt | tr ' ' ','; }

echo "== the 21 hand-coded war reports (score_gold.py, strict micro): all, the 15 tuned on, the 6 set aside"
python3 "$eval_dir/score_gold.py" docs > "$out/gold_docs.jsonl"
$sitrep extract --quiet --format csv --output "$out/gold_pred.csv" "$out/gold_docs.jsonl"
python3 "$eval_dir/score_gold.py" score "$out/gold_pred.csv"
echo "-- the 15 development reports (in-sample)"
python3 "$eval_dir/score_gold.py" score "$out/gold_pred.csv" --skip "$(heldout gold)" | tail -2
echo "-- the 6 reports set aside (scripts/heldout.txt)"
python3 "$eval_dir/score_gold.py" score "$out/gold_pred.csv" --only "$(heldout gold)" | tail -2

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

echo "== FA-KES development articles (score_fakes.py): all, the 151 tuned on, the 50 set aside"
python3 "$eval_dir/score_fakes.py" docs "$data/fakes/fakes_dev.csv" > "$out/fakes_docs.jsonl"
$sitrep extract --quiet --format csv --output "$out/fakes_pred.csv" "$out/fakes_docs.jsonl"
python3 "$eval_dir/score_fakes.py" score "$data/fakes/fakes_dev.csv" "$out/fakes_pred.csv"
python3 - "$data/fakes/fakes_dev.csv" "$out" "$(heldout fakes)" <<'PY'
import csv, sys
csv.field_size_limit(10**8)
source, out, held = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
with open(source, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    rows, columns = list(reader), reader.fieldnames
for name, keep in (("tuned", False), ("heldout", True)):
    with open(f"{out}/fakes_{name}.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(r for r in rows if (r["unit_id"] in held) == keep)
PY
for part in tuned heldout; do
  echo "-- $part"
  python3 "$eval_dir/score_fakes.py" score "$out/fakes_$part.csv" "$out/fakes_pred.csv"
done

echo "== ACLED Syria and Iraq notes (score_acled_notes.py), cross-validated by month (Oct-Nov 2019 against Feb 2020), the other exports always in training"
syria_iraq="$data/acled/acled_2019_2020_syria_iraq.csv"
python3 "$eval_dir/score_acled_notes.py" docs "$syria_iraq" > "$out/syria_iraq_docs.jsonl"
SITREP_DATA="$out/acled-cv-data" .venv/bin/python -m sitrep.evaluate.acled_crossval "$syria_iraq" "$out/syria_iraq_docs.jsonl" \
  --by month --folds 2 --also "$world" "$data/acled/elliottmess_acled_burkina_faso.csv" "$data/acled/dkoban_acled.csv" \
  --output "$out/syria_iraq_pred_by_month.csv"
python3 "$eval_dir/score_acled_notes.py" score "$syria_iraq" "$out/syria_iraq_pred_by_month.csv"
