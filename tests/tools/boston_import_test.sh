#!/usr/bin/env bash
# The Boston 311 check: import a deterministic subset of ../shared/data/boston311_2015.csv.xz
# (the first BOSTON_ROWS rows, default 20000) with tools/import/mappings/boston311.map, then
# compare gridcase's closed-on-time count with what the file itself says: for closed requests
# with a target date, the rows it marks ONTIME, minus those whose own flag contradicts their
# dates (reported). The first import is killed part way and resumed; a second one applies nothing.
# Exits 77 (CTest: skipped) when the data file is absent.
#
#   boston_import_test.sh GRIDCASE_ADMIN GRIDCASE_IMPORT GRIDCASE_FIGURES MAPPING DATA_DIR
set -euo pipefail

ADMIN=$1
IMPORT=$2
FIGURES=$3
MAPPING=$4
DATA=$5/boston311_2015.csv.xz
ROWS=${BOSTON_ROWS:-20000}
PY=/usr/bin/python3

if [[ ! -r "$DATA" ]]; then
  echo "SKIP: $DATA is not here (the shared data directory is absent on this machine)"
  exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-boston.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The first $ROWS rows (the file is sorted by OPEN_DT); csv-aware, since fields hold newlines.
"$PY" -c '
import csv, lzma, sys
n = int(sys.argv[2])
r = csv.reader(lzma.open(sys.argv[1], "rt", newline="", encoding="utf-8"))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(next(r))
for i, row in enumerate(r):
    if i >= n: break
    w.writerow(row)
' "$DATA" "$ROWS" > "$WORK/boston.csv"

"$ADMIN" init --db "$WORK/g.db" > /dev/null
start=$(date +%s)
# A failure part way: kill an import (small write units) after a few seconds, then run it again,
# which resumes where the killed one stopped.
"$IMPORT" --db "$WORK/g.db" --mapping "$MAPPING" --batch 200 --quiet "$WORK/boston.csv" > /dev/null &
KILLED=$!
sleep 3
kill -KILL "$KILLED" 2>/dev/null || true
wait "$KILLED" 2>/dev/null || true
"$IMPORT" --db "$WORK/g.db" --mapping "$MAPPING" --quiet "$WORK/boston.csv" | tee "$WORK/import.txt"
echo "import took $(( $(date +%s) - start )) s for $ROWS rows (killed once and resumed)"

# Run again: everything is there already, nothing is applied twice.
"$IMPORT" --db "$WORK/g.db" --mapping "$MAPPING" --quiet "$WORK/boston.csv" > "$WORK/again.txt"
grep -q "steps applied: 0," "$WORK/again.txt" || { echo "FAIL: a second import applied steps"; cat "$WORK/again.txt"; exit 1; }

"$FIGURES" --db "$WORK/g.db" --unit BOS-SD --from 2014-12-01 --to 2016-02-01 --repeat 3 > "$WORK/figures.json"
cat "$WORK/figures.json"

"$PY" - "$WORK/boston.csv" "$WORK/figures.json" <<'PYEOF'
import csv, json, re, sys
from datetime import datetime

def t(s):
    return datetime.strptime(s, "%m/%d/%Y %I:%M:%S %p") if s else None

def precinct_ok(s):
    # As the importer reads it: the leading number ("503.0"; "0502A" is ward 5, precinct 2).
    m = re.match(r"\s*([0-9]+(\.[0-9]*)?)", s)
    if not m:
        return False
    v = float(m.group(1))
    if not (100 <= v < 10000):
        return False
    code = int(v + 0.5)
    return code // 100 > 0 and code % 100 > 0

received = closed = closed_no_target = 0
flag_ontime = ontime_but_late = overdue_but_ontime = unflagged_ontime = unflagged = 0
with_target_ontime = 0
for row in csv.DictReader(open(sys.argv[1], newline="")):
    if not precinct_ok(row["precinct"]):
        continue
    opened, target = t(row["OPEN_DT"]), t(row["TARGET_DT"])
    done = t(row["CLOSED_DT"]) if row["CASE_STATUS"] == "Closed" else None
    if (done and done < opened) or (target and target < opened):
        continue  # rejected by the importer too
    received += 1
    if not done:
        continue
    closed += 1
    if not target:
        closed_no_target += 1
        continue
    on_time = done <= target
    with_target_ontime += on_time
    flag = row["OnTime_Status"]
    if flag == "ONTIME":
        flag_ontime += 1
        ontime_but_late += not on_time
    elif flag == "OVERDUE":
        overdue_but_ontime += on_time
    else:
        unflagged += 1
        unflagged_ontime += on_time

fig = json.load(open(sys.argv[2]))
c = fig["counts"]
print(f"rows imported {received}, closed {closed} (without a target date: {closed_no_target})")
print(f"closed with a target date, marked ONTIME by the file: {flag_ontime}")
print(f"  contradicting their own dates: ONTIME but closed after the target {ontime_but_late}, "
      f"OVERDUE but closed by the target {overdue_but_ontime}; no flag {unflagged} (of which on time {unflagged_ontime})")
expected_with_target = flag_ontime - ontime_but_late + overdue_but_ontime + unflagged_ontime
print(f"expected closed on time (with a target date) = {flag_ontime} - {ontime_but_late} + "
      f"{overdue_but_ontime} + {unflagged_ontime} = {expected_with_target}")
gc_with_target = c["closed_on_time"] - closed_no_target
print(f"gridcase: received {c['received']}, closed {c['closed']}, closed on time {c['closed_on_time']} "
      f"(with a target date: {gc_with_target}), overdue {c['overdue']}, query {fig['ms']['median']:.1f} ms")
assert c["received"] == received, "received"
assert c["closed"] == closed, "closed"
assert expected_with_target == with_target_ontime
assert gc_with_target == expected_with_target, "closed on time"
print("OK: gridcase's closed-on-time count matches the file's ONTIME flags")
PYEOF
