#!/usr/bin/env bash
# 吹哨报到 from the CLI against a real server: the sub-district supervisor whistles two
# functional departments into a grid case; one reports in on time, the other late; both are
# rated afterwards. The departments' users see the case they were whistled into and are refused
# another case of the same grid as if it did not exist. Also the bad inputs: usage errors,
# whistling a unit that is not a department, the wrong level or role, checking in twice, rating
# before the check-in or out of range, stale versions and resends.
#
#   whistle_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" whistle

demo_server
login_as GRID grid1
login_as SUP supervisor
login_as HEPAN hepan_sup
login_as CG handler
PCS=(--token-file "$WORK/police.token")
login_as ADM admin
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" "${SUP[@]}" --json org tree
CG_UNIT=$(json "$WORK/out" '[u["id"] for u in d["units"] if u["name"] == "新城街道城管执法中队"][0]')
PCS_UNIT=$(json "$WORK/out" '[u["id"] for u in d["units"] if u["name"] == "新城派出所"][0]')
expect_rc 0 "$CLI" "${ADM[@]}" users create --username police1 --password police1-password --role handler \
  --scope "$PCS_UNIT" --name 钱警官
expect_rc 0 "$CLI" "${PCS[@]}" login police1 --password police1-password

# new_case TITLE: an accepted incident in grid1's grid; prints its number.
new_case() {
  expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
    --title "$1" --description "小区东门垃圾堆放，占道经营" --unit "$GRID_UNIT" --address "河畔路1号"
  local number
  number=$(json "$WORK/out" 'd["case"]["number"]')
  expect_rc 0 "$CLI" "${GRID[@]}" cases accept "$number"
  echo "$number"
}
N=$(new_case "吹哨测试东门占道" | tail -1)
OTHER=$(new_case "吹哨测试西门满溢" | tail -1)

step "whistling: usage errors and forbidden callers"
expect_rc 2 "$CLI" "${SUP[@]}" whistle blow "$N" --within 2h
expect_rc 2 "$CLI" "${SUP[@]}" whistle blow "$N" --dept "$CG_UNIT"
expect_rc 2 "$CLI" "${SUP[@]}" whistle blow "$N" --dept "$CG_UNIT" --within soon
expect_rc 2 "$CLI" "${SUP[@]}" whistle frobnicate "$N"
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$GRID_UNIT" --within 2h
reason_is NOT_A_DEPARTMENT
expect_rc 1 "$CLI" "${HEPAN[@]}" --json whistle blow "$N" --dept "$CG_UNIT" --within 2h
reason_is NOT_SUB_DISTRICT
expect_rc 1 "$CLI" "${GRID[@]}" --json whistle blow "$N" --dept "$CG_UNIT" --within 2h
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${CG[@]}" --json cases show "$N"
reason_is CASE_NOT_FOUND

step "the sub-district whistles two departments: the police with a time already short"
expect_rc 0 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$PCS_UNIT" --within 1s
TOMORROW=$(TZ=Asia/Shanghai date -d '+1 day' '+%Y-%m-%d %H:%M')
expect_rc 0 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$CG_UNIT" --by "$TOMORROW" --request-id blow-cg
[[ "$(json "$WORK/out" 'len(d["case"]["whistle"]["calls"])')" == 2 ]] || fail "not two departments"
expect_rc 0 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$CG_UNIT" --by "$TOMORROW" --request-id blow-cg
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resend was not a replay"
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$CG_UNIT" --within 2h
reason_is ALREADY_WHISTLED
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle blow "$N" --dept "$PCS_UNIT" --by "$TOMORROW" --request-id blow-cg
reason_is REQUEST_ID_REUSED

step "the departments see the case they were whistled into, and only that one"
for who in CG PCS; do
  declare -n tok=$who
  expect_rc 0 "$CLI" "${tok[@]}" --json cases show "$N"
  expect_rc 1 "$CLI" "${tok[@]}" --json cases show "$OTHER"
  reason_is CASE_NOT_FOUND
  expect_rc 0 "$CLI" "${tok[@]}" --json cases list --text 吹哨测试
  [[ "$(json "$WORK/out" '[c["number"] for c in d["cases"]]')" == "['$N']" ]] || fail "$who lists other cases"
  expect_rc 0 "$CLI" "${tok[@]}" whistle list
  contains "$WORK/out" "$N"
  grep -qF -- "$OTHER" "$WORK/out" && fail "$who sees $OTHER"
  unset -n tok
done
expect_rc 1 "$CLI" "${CG[@]}" --json cases comment "$OTHER" --reason 看看
reason_is CASE_NOT_FOUND

step "the city management team reports in on time; once only"
expect_rc 2 "$CLI" "${CG[@]}" whistle checkin "$N"
expect_rc 1 "$CLI" "${CG[@]}" --json whistle checkin "$N" --reason "到场清理占道" --version 1
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${CG[@]}" --json whistle checkin "$N" --reason "到场清理占道"
[[ "$(json "$WORK/out" '[c.get("late", False) for c in d["case"]["whistle"]["calls"] if c["department_unit_id"] == "'"$CG_UNIT"'"][0]')" == False ]] \
  || fail "an on-time check-in marked late"
expect_rc 1 "$CLI" "${CG[@]}" --json whistle checkin "$N" --reason "再次报到"
reason_is ALREADY_CHECKED_IN
expect_rc 1 "$CLI" "${CG[@]}" --json whistle checkin "$OTHER" --reason "到场"
reason_is CASE_NOT_FOUND

step "the police are rated only after they report in; they report in late"
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle rate "$N" --dept "$PCS_UNIT" --rating 4
reason_is NOT_CHECKED_IN
sleep 1.2  # the police's time (one second from the whistle) has surely passed
expect_rc 0 "$CLI" "${PCS[@]}" --json whistle checkin "$N" --reason "维持现场秩序"
[[ "$(json "$WORK/out" '[c["late"] for c in d["case"]["whistle"]["calls"] if c["department_unit_id"] == "'"$PCS_UNIT"'"][0]')" == True ]] \
  || fail "a late check-in not marked late"

step "the sub-district rates each department"
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle rate "$N" --dept "$CG_UNIT" --rating 9
reason_is BAD_RATING
expect_rc 1 "$CLI" "${CG[@]}" --json whistle rate "$N" --dept "$CG_UNIT" --rating 5
reason_is ROLE_MAY_NOT
expect_rc 0 "$CLI" "${SUP[@]}" whistle rate "$N" --dept "$CG_UNIT" --rating 5 --reason "响应及时"
expect_rc 0 "$CLI" "${SUP[@]}" --json whistle rate "$N" --dept "$PCS_UNIT" --rating 2 --reason "报到迟到"
expect_rc 1 "$CLI" "${SUP[@]}" --json whistle rate "$N" --dept "$PCS_UNIT" --rating 3
reason_is ALREADY_RATED
expect_rc 0 "$CLI" "${SUP[@]}" whistle list "$N"
contains "$WORK/out" "【迟到】"
contains "$WORK/out" "评价 5/5 响应及时"
contains "$WORK/out" "评价 2/5 报到迟到"
expect_rc 0 "$CLI" "${SUP[@]}" cases show "$N"
contains "$WORK/out" "吹哨报到"
contains "$WORK/out" "迟到报到"

step "双考核: each department's check-ins and ratings in the figures, the definitions and the ranking"
expect_rc 0 "$CLI" "${SUP[@]}" --json report figures --by department
"$PY" - "$WORK/out" "$CG_UNIT" "$PCS_UNIT" <<'PYEOF'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
n = lambda counts, code: int(counts.get(code, 0))
cells = {str(c["unit_id"]): c["figures"]["counts"] for c in d["departments"]}
names = [u["name"] for u in d["department_units"]]
assert "新城街道城管执法中队" in names and "新城派出所" in names, names
cg, pcs = cells[sys.argv[2]], cells[sys.argv[3]]
assert (n(cg, "whistle_calls"), n(cg, "whistle_check_ins"), n(cg, "whistle_check_ins_late")) == (1, 1, 0), cg
assert (n(cg, "whistle_ratings"), n(cg, "whistle_rating_points")) == (1, 5), cg
assert (n(pcs, "whistle_calls"), n(pcs, "whistle_check_ins"), n(pcs, "whistle_check_ins_late")) == (1, 1, 1), pcs
assert (n(pcs, "whistle_ratings"), n(pcs, "whistle_rating_points")) == (1, 2), pcs
total = d["total"]["counts"]
for code in ("whistle_calls", "whistle_check_ins", "whistle_check_ins_late", "whistle_ratings", "whistle_rating_points"):
    assert n(total, code) == sum(n(c, code) for c in cells.values()), code
PYEOF
expect_rc 0 "$CLI" "${SUP[@]}" report figures --by department
contains "$WORK/out" "吹哨报到部门（双考核）"
contains "$WORK/out" "迟到报到"
contains "$WORK/out" "平均评分"
expect_rc 0 "$CLI" "${SUP[@]}" report definitions
contains "$WORK/out" "超过报到时限才报到"
contains "$WORK/out" "迟到报到 ÷ 报到"
expect_rc 0 "$CLI" "${SUP[@]}" --json report ranking
"$PY" - "$WORK/out" <<'PYEOF'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
ranked = [(e["unit"]["name"], e.get("rank", 0)) for e in d["departments"]]
# 城管 checked in on time and was rated 5; the police were late and rated 2.
assert ranked == [("新城街道城管执法中队", 1), ("新城派出所", 2)], ranked
assert "whistle_good" in d["department_weights"], d["department_weights"]
PYEOF
expect_rc 0 "$CLI" "${SUP[@]}" report ranking
contains "$WORK/out" "吹哨报到部门排名（双考核）"
expect_rc 2 "$CLI" "${SUP[@]}" report figures --by departments

echo "whistle e2e: all checks passed"
