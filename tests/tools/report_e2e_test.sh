#!/usr/bin/env bash
# gridcase report end to end: a demo database, a real gridcased on a free port, and the report
# commands a supervisor uses (figures, ranking, drill-down, summary, CSV, HTML), checked for
# their output, scope and exit codes.
#
#   report_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" report

"$ADMIN" --db "$WORK/g.db" init --demo > /dev/null
start_server "$WORK/g.db"
export GRIDCASE_SERVER=$URL
export GRIDCASE_TOKEN_FILE="$WORK/sup.token"
"$CLI" login supervisor --password demo12345 > /dev/null 2>&1

echo "== report figures, by unit"
"$CLI" report figures --by unit > "$WORK/figures.txt" 2>/dev/null
contains "$WORK/figures.txt" "结案率"
contains "$WORK/figures.txt" "河畔社区"
contains "$WORK/figures.txt" "共受理各类事项"

echo "== report figures --json: the counts add up"
"$CLI" --json report figures --by unit > "$WORK/figures.json" 2>/dev/null
"$PY" - "$WORK/figures.json" <<'PYEOF'
import json, sys
f = json.loads(open(sys.argv[1]).readline())
total = int(f["total"]["counts"]["received"])
cells = sum(int(c["figures"]["counts"].get("received", 0)) for c in f.get("cells", []))
assert total > 0 and total == cells, (total, cells)
codes = [d["code"] for d in f["definitions"]]
assert len(codes) == len(set(codes)), "codes must be unique"
print("received", total)
PYEOF

echo "== report ranking, other weights and bands"
"$CLI" report ranking --weights on_time=1 --green 95 --yellow 60 > "$WORK/ranking.txt" 2>/dev/null
contains "$WORK/ranking.txt" "on_time=1"
"$CLI" report ranking --weights speed=1 > /dev/null 2>&1 && fail "an unknown rate was accepted" || true

echo "== report cases (drill-down) and summary"
"$CLI" report cases overdue > "$WORK/cases.txt" 2>/dev/null
contains "$WORK/cases.txt" "XC-"
"$CLI" report summary > "$WORK/summary.txt" 2>/dev/null
contains "$WORK/summary.txt" "新城街道共受理各类事项"

echo "== one report, one answer: the summary names the closure rate's denominator (应结案)"
"$CLI" --json report figures > "$WORK/total.json" 2>/dev/null
"$PY" - "$WORK/total.json" "$WORK/summary.txt" <<'PYEOF'
import json, sys
f = json.loads(open(sys.argv[1]).readline())
c = f["total"]["counts"]
due, closed = int(c.get("due", 0)), int(c.get("closed", 0))
summary = open(sys.argv[2]).read()
assert due > 0 and due != int(c["received"]), (due, c["received"])
assert "应结案%d件" % due in summary, summary
assert "已结案%d件" % closed in summary, summary
assert "结案率%.1f%%" % (100.0 * closed / due) in summary, summary
PYEOF

echo "== report definitions: in Chinese under the Chinese interface, in English with --lang en"
"$CLI" report definitions > "$WORK/defs.txt" 2>/dev/null
contains "$WORK/defs.txt" "统计期内登记的案件数"
contains "$WORK/defs.txt" "结案 ÷ 应结案"
contains "$WORK/defs.txt" "超过报到时限才报到"
if grep -q "cases registered" "$WORK/defs.txt"; then fail "English definitions under the Chinese interface"; fi
"$CLI" --lang en report definitions > "$WORK/defs_en.txt" 2>/dev/null
contains "$WORK/defs_en.txt" "cases registered"

echo "== report csv and html"
"$CLI" report csv --by unit --trend month --out "$WORK/f.csv" 2>/dev/null
contains "$WORK/f.csv" "closed_on_time"
"$CLI" report html --out "$WORK/r.html" 2>/dev/null
contains "$WORK/r.html" "<svg"
contains "$WORK/r.html" "工作总结"
if grep -qE "<script|src=|href=|@import" "$WORK/r.html"; then fail "the HTML report loads something"; fi
contains "$WORK/r.html" "应结案"
# The level bar shows the same share at grid as 小事不出网格率 in the table, of the same closed cases.
"$PY" - "$WORK/r.html" <<'PYEOF'
import re, sys
html = open(sys.argv[1]).read()
rate = re.search(r"<td>小事不出网格率</td><td class='n'>([0-9.]+%)</td><td>(\d+) / (\d+)", html)
bar = re.search(r">网格 ([0-9.]+%) \((\d+)\)<", html)
assert rate and bar, "no grid-level rate or bar"
assert rate.group(1) == bar.group(1), (rate.groups(), bar.groups())
assert rate.group(2) == bar.group(2), (rate.groups(), bar.groups())
assert "占已结案%s件的比例" % rate.group(3) in html
print("grid level", rate.group(1), rate.group(2), "/", rate.group(3))
PYEOF

echo "== 12345 complaints per 10,000 residents: an admin loads the populations, a supervisor reads the rates"
FROM=$(date -d '-60 days' +%F)
TO=$(date +%F)
export GRIDCASE_TOKEN_FILE="$WORK/admin.token"
"$CLI" login admin --password demo12345 > /dev/null 2>&1
# The demo's communities are 370100001001 (河畔) to 370100001008, their grids the community's code
# and 01, 02...
printf '单位编码,统计日期,人口,户数\n370100001001,2026-01-01,12850,4630\n37010000100201,2026-01-01,-3,10\n' > "$WORK/bad.csv"
set +e
"$CLI" population load "$WORK/bad.csv" > /dev/null 2>"$WORK/err.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "a population with a negative count answered $rc"
contains "$WORK/err.txt" "第3行: 人口和户数不能为负数"
contains "$WORK/err.txt" "BAD_POPULATION_CSV"
{
  echo "单位编码,统计日期,人口,户数"
  n=0
  for n in 1 2 3 4 5 6 7 8; do
    echo "37010000100$n,2026-01-01,$((8000 + n * 1000)),$((3000 + n * 300))"
  done
} > "$WORK/population.csv"
"$CLI" population load "$WORK/population.csv" > "$WORK/loaded.txt" 2>/dev/null
contains "$WORK/loaded.txt" "共 8 行"
"$CLI" --json org tree > "$WORK/tree.json" 2>/dev/null
SUB=$("$PY" -c 'import json,sys; print([u["id"] for u in json.loads(open(sys.argv[1]).readline())["units"] if u["code"] == "370100001"][0])' "$WORK/tree.json")
"$CLI" population target "$SUB" 3.5 > "$WORK/target.txt" 2>/dev/null
contains "$WORK/target.txt" "新城街道"
export GRIDCASE_TOKEN_FILE="$WORK/sup.token"
"$CLI" report complaints --from "$FROM" --to "$TO" > "$WORK/complaints.txt" 2>/dev/null
contains "$WORK/complaints.txt" "12345投诉率"
contains "$WORK/complaints.txt" "目标值 ≤ 3.50"
contains "$WORK/complaints.txt" "河畔社区"
"$CLI" --json report complaints --from "$FROM" --to "$TO" > "$WORK/complaints.json" 2>/dev/null
"$CLI" --json report figures --kind HOTLINE --from "$FROM" --to "$TO" > "$WORK/hotline.json" 2>/dev/null
"$PY" - "$WORK/complaints.json" "$WORK/hotline.json" <<'PYEOF'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
f = json.loads(open(sys.argv[2]).readline())
total = sum(int(m.get("complaints", 0)) for m in r["total"]["months"])
received = int(f["total"]["counts"].get("received", 0))
# The months hold the whole period (whole months around it): at least what the period holds.
assert total >= received > 0, (total, received)
children = r["children"]
assert len(children) == 8 and all(c.get("has_rate") for c in children), children
assert sum(sum(int(m.get("complaints", 0)) for m in c["months"]) for c in children) == total
ranks = [c.get("rank") for c in children]
assert ranks == list(range(1, 9)), ranks
rates = [c.get("per_10k", 0) for c in children]
assert rates == sorted(rates), rates
assert r["has_target"] and r["target_per_10k"] == 3.5
print("complaints", total, "rates", rates)
PYEOF

echo "== a grid worker sees only their grid"
export GRIDCASE_TOKEN_FILE="$WORK/grid.token"
"$CLI" login grid1 --password demo12345 > /dev/null 2>&1
"$CLI" --json report figures > "$WORK/grid.json" 2>/dev/null
contains "$WORK/grid.json" '"received"'
SD=$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["unit"]["parent_id"])' "$WORK/grid.json")
set +e
"$CLI" report figures --unit "$SD" > /dev/null 2>"$WORK/err.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "figures of a unit above the caller answered $rc"
contains "$WORK/err.txt" "UNIT_NOT_FOUND"
echo "OK"
