#!/usr/bin/env bash
# Hazards (安全隐患排查整改) from the CLI against a real server: a grid worker's inspection finds a
# hazard; the rectification is reported with evidence; the first re-inspection fails (back to
# rectification with a new period, counted), the second passes and closes the hazard (销号). A
# supervisor's recurring plan makes its next inspection through the explicit "run due plans"
# path, and its inspector records it. Also the bad inputs: usage errors, unknown enum values,
# forbidden steps, stale versions, resends and a user outside the subtree.
#
#   hazard_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" hazard

demo_server
login_as GRID grid1
login_as GRID2 grid2
login_as SUP supervisor
login_as CLERK clerk
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
GRID1_ID=$(json "$WORK/out" 'd["id"]')

HAZARD="HAZ.FIRE.PASSAGE|major|7|business|鑫源物业|13912345678|三楼楼道堆放杂物，堵塞消防通道"

step "an inspection: usage errors and unknown values are refused before anything is sent"
expect_rc 2 "$CLI" "${GRID[@]}" hazard inspect --site "河畔小区1号楼"
expect_rc 2 "$CLI" "${GRID[@]}" hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" --hazard "HAZ.FIRE.PASSAGE|major|7"
expect_rc 2 "$CLI" "${GRID[@]}" hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" \
  --hazard "HAZ.FIRE.PASSAGE|huge|7|business|鑫源物业|13912345678|杂物"
expect_rc 2 "$CLI" "${GRID[@]}" hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" \
  --hazard "HAZ.FIRE.PASSAGE|major|7|robot|鑫源物业|13912345678|杂物"
expect_rc 2 "$CLI" "${GRID[@]}" hazard frobnicate
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" \
  --hazard "HAZ.FIRE.PASSAGE|major|0|business|鑫源物业|13912345678|杂物"
reason_is BAD_PERIOD
expect_rc 1 "$CLI" "${GRID2[@]}" --json hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" --hazard "$HAZARD"
reason_is UNIT_NOT_FOUND

step "an inspection finds a hazard: a HAZARD case with its rectification period"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" \
  --note "例行消防检查" --hazard "$HAZARD" --ok "灭火器在有效期内" --request-id insp-1
CASE=$(json "$WORK/out" 'd["inspection"]["findings"][0]["case_id"]')
[[ "$(json "$WORK/out" 'd["inspection"]["findings"][1]["case_id"]')" == 0 ]] || fail "a clean finding made a case"
[[ "$(json "$WORK/out" 'd["inspection"]["state"]')" == INSPECTION_STATE_DONE ]] || fail "inspection not done"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard inspect --unit "$GRID_UNIT" --site "河畔小区1号楼" \
  --note "例行消防检查" --hazard "$HAZARD" --ok "灭火器在有效期内" --request-id insp-1
[[ "$(json "$WORK/out" 'd["inspection"]["findings"][0]["case_id"]')" == "$CASE" ]] || fail "a resend made a second case"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard inspect --unit "$GRID_UNIT" --site "河畔小区2号楼" \
  --hazard "$HAZARD" --request-id insp-1
reason_is REQUEST_ID_REUSED
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'd["case"]["kind"]')" == CASE_KIND_HAZARD ]] || fail "not a hazard"
[[ "$(json "$WORK/out" 'd["case"]["hazard"]["severity"]')" == HAZARD_SEVERITY_MAJOR ]] || fail "severity lost"
[[ "$(json "$WORK/out" 'd["case"]["hazard"]["responsible"]["contact"]')" == "139****5678" ]] || fail "contact not masked"
[[ "$(json "$WORK/out" '[k["run"] for k in d["case"]["clocks"] if k["kind"] == "CLOCK_KIND_RECTIFICATION"][0]')" == CLOCK_RUN_RUNNING ]] \
  || fail "no running rectification clock"
expect_rc 0 "$CLI" "${GRID[@]}" cases show "$CASE"
contains "$WORK/out" "重大隐患"
contains "$WORK/out" "鑫源物业"
expect_rc 1 "$CLI" "${GRID2[@]}" --json cases show "$CASE"
reason_is CASE_NOT_FOUND

step "re-inspection before the rectification is reported is refused"
expect_rc 2 "$CLI" "${GRID[@]}" hazard reinspect "$CASE"
expect_rc 2 "$CLI" "${GRID[@]}" hazard reinspect "$CASE" --pass --fail
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard reinspect "$CASE" --pass
reason_is TRANSITION_NOT_ALLOWED

step "the rectification is reported with evidence"
expect_rc 2 "$CLI" "${GRID[@]}" hazard rectify "$CASE"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --version 9
reason_is STALE_VERSION
expect_rc 1 "$CLI" "${GRID2[@]}" --json hazard rectify "$CASE" --reason "杂物已清理"
reason_is CASE_NOT_FOUND
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --evidence att-17 \
  --evidence 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 --request-id rect-1
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_IN_PROGRESS ]] || fail "not in progress"
[[ "$(json "$WORK/out" 'len(d["case"]["hazard"]["rectifications"][0]["evidence"])')" == 2 ]] || fail "evidence lost"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --evidence att-17 \
  --evidence 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 --request-id rect-1
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resend was not a replay"

step "the first re-inspection fails: back to rectification with a new period, counted"
expect_rc 1 "$CLI" "${CLERK[@]}" --json hazard reinspect "$CASE" --pass
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard reinspect "$CASE" --fail --reason "仍有电动车停放"
reason_is BAD_PERIOD
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard reinspect "$CASE" --fail --days 5 --reason "仍有电动车停放"
[[ "$(json "$WORK/out" 'd["case"]["hazard"]["failed_reinspections"]')" == 1 ]] || fail "failure not counted"
[[ "$(json "$WORK/out" 'd["case"]["hazard"]["deadline_days"]')" == 5 ]] || fail "new period not set"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_IN_PROGRESS ]] || fail "not back to rectification"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard reinspect "$CASE" --pass
reason_is RECTIFICATION_NOT_REPORTED

step "rectified again, the second re-inspection passes: the hazard is closed (销号)"
expect_rc 0 "$CLI" "${GRID[@]}" hazard rectify "$CASE" --reason "电动车已移走" --evidence att-18
contains "$WORK/out" "待复查"
expect_rc 0 "$CLI" "${GRID[@]}" hazard reinspect "$CASE" --pass
contains "$WORK/out" "已结案"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_CLOSED ]] || fail "not closed"
[[ "$(json "$WORK/out" 'd["case"]["hazard"]["failed_reinspections"]')" == 1 ]] || fail "the count is gone"
expect_rc 0 "$CLI" "${GRID[@]}" cases show "$CASE"
contains "$WORK/out" "复查未通过 1"

step "a recurring plan makes its next inspection when due"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard plan create --unit "$GRID_UNIT" --site "金鑫商店" --every 7 \
  --inspector "$GRID1_ID"
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${SUP[@]}" hazard plan create --unit "$GRID_UNIT" --site "金鑫商店" --every 0 --inspector "$GRID1_ID"
expect_rc 0 "$CLI" "${SUP[@]}" --json hazard plan create --unit "$GRID_UNIT" --site "金鑫商店" --every 7 \
  --inspector "$GRID1_ID"
PLAN=$(json "$WORK/out" 'd["plan"]["id"]')
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard plan run-due
reason_is ROLE_MAY_NOT
# The server's own runner may already have made it (the plan was due at once); then run-due
# makes none. Either way there is exactly one planned inspection afterwards.
expect_rc 0 "$CLI" "${SUP[@]}" --json hazard plan run-due
expect_rc 0 "$CLI" "${SUP[@]}" --json hazard plan run-due
[[ "$(json "$WORK/out" 'd["inspections_made"]')" == 0 ]] || fail "a plan made two inspections for one period"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard inspections --state planned
[[ "$(json "$WORK/out" 'len(d["inspections"])')" == 1 ]] || fail "no planned inspection"
INSP=$(json "$WORK/out" 'd["inspections"][0]["id"]')
[[ "$(json "$WORK/out" 'd["inspections"][0]["plan_id"]')" == "$PLAN" ]] || fail "not the plan's inspection"
expect_rc 0 "$CLI" "${SUP[@]}" --json hazard plan list
[[ "$(json "$WORK/out" 'd["plans"][0]["inspections_made"]')" == 1 ]] || fail "the plan did not count it"
expect_rc 0 "$CLI" "${GRID2[@]}" --json hazard inspections --state planned
[[ "$(json "$WORK/out" 'len(d["inspections"])')" == 0 ]] || fail "another grid sees the inspection"
expect_rc 2 "$CLI" "${GRID[@]}" hazard inspections --state someday
expect_rc 0 "$CLI" "${SUP[@]}" hazard plan list
contains "$WORK/out" "金鑫商店"

step "its inspector records the planned inspection, once"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard inspect --inspection "$INSP" --version 5 \
  --hazard "HAZ.FIRE.EBIKE|general|3|person|李四|13800000000|电动车在店内充电"
reason_is STALE_VERSION
expect_rc 1 "$CLI" "${GRID2[@]}" --json hazard inspect --inspection "$INSP" \
  --hazard "HAZ.FIRE.EBIKE|general|3|person|李四|13800000000|电动车在店内充电"
reason_is INSPECTION_NOT_FOUND
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard inspect --inspection "$INSP" --version 1 \
  --hazard "HAZ.FIRE.EBIKE|general|3|person|李四|13800000000|电动车在店内充电"
[[ "$(json "$WORK/out" 'd["inspection"]["state"]')" == INSPECTION_STATE_DONE ]] || fail "not done"
[[ "$(json "$WORK/out" 'd["inspection"]["findings"][0]["case_id"]')" != 0 ]] || fail "no hazard case"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard inspect --inspection "$INSP" --ok "无隐患"
reason_is INSPECTION_DONE
expect_rc 0 "$CLI" "${GRID[@]}" hazard inspections
contains "$WORK/out" "金鑫商店"
contains "$WORK/out" "一般隐患"

echo "hazard e2e: all checks passed"
