#!/usr/bin/env bash
# Hazards (安全隐患排查整改) from the CLI against a real server: a grid worker's inspection finds a
# hazard; the generic resolve cannot close it; the rectification is reported with evidence that
# must be attachments of the case; the first re-inspection fails (back to rectification with a new
# period, counted); once 消防 asks for evidence a pass needs a report citing some, and the second
# pass closes the hazard (销号). A
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
login_as ADM admin
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

step "the generic steps cannot close a hazard: 销号 is the re-inspection's"
expect_rc 0 "$CLI" "${GRID[@]}" cases accept "$CASE"
expect_rc 0 "$CLI" "${GRID[@]}" cases dispatch "$CASE" --unit "$GRID_UNIT"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases resolve "$CASE" --outcome resolved --reason "已清理"
reason_is REINSPECTION_REQUIRED
expect_rc 1 "$CLI" "${GRID[@]}" cases resolve "$CASE" --outcome resolved --reason "已清理"
contains "$WORK/err" "安全隐患不能直接办结：请上报整改（hazard rectify），经复查通过（hazard reinspect --pass）后销号"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_IN_PROGRESS ]] || fail "a refused resolve moved the case"
[[ "$(json "$WORK/out" '"ACTION_RESOLVE" in d.get("actions_now", [])')" == False ]] || fail "RESOLVE still offered"
[[ "$(json "$WORK/out" '"ACTION_REPORT_RECTIFICATION" in d.get("actions_now", [])')" == True ]] || fail "rectify not offered"

step "the rectification is reported with evidence: attachments of this case, nothing else"
"$PY" -c 'import sys; open(sys.argv[1],"wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)' "$WORK/after.jpg"
"$PY" -c 'import sys; open(sys.argv[1],"wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(255, -1, -1)) * 8)' "$WORK/after2.jpg"
expect_rc 0 "$CLI" "${GRID[@]}" --json attach "$CASE" "$WORK/after.jpg" --note "整改后照片"
ATT1=$(json "$WORK/out" 'd["attachment"]["id"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json attach "$CASE" "$WORK/after2.jpg" --note "整改后照片（侧面）"
SHA2=$(json "$WORK/out" 'd["attachment"]["sha256"]')
expect_rc 2 "$CLI" "${GRID[@]}" hazard rectify "$CASE"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --version 9
reason_is STALE_VERSION
expect_rc 1 "$CLI" "${GRID2[@]}" --json hazard rectify "$CASE" --reason "杂物已清理"
reason_is CASE_NOT_FOUND
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --evidence 999
reason_is EVIDENCE_NOT_FOUND
expect_rc 1 "$CLI" "${GRID[@]}" hazard rectify "$CASE" --reason "杂物已清理" --evidence "$ATT1" --evidence 999
contains "$WORK/err" "整改证据“999”不是本案的附件"
expect_rc 1 "$CLI" "${GRID[@]}" hazard rectify "$CASE" --reason "杂物已清理" --evidence 照片一张
contains "$WORK/err" "整改证据“照片一张”既不是附件ID也不是SHA-256"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'len(d["case"]["hazard"].get("rectifications", []))')" == 0 ]] || fail "a refused report was kept"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --evidence "att-$ATT1" \
  --evidence "$SHA2" --request-id rect-1
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_IN_PROGRESS ]] || fail "not in progress"
[[ "$(json "$WORK/out" 'len(d["case"]["hazard"]["rectifications"][0]["evidence"])')" == 2 ]] || fail "evidence lost"
expect_rc 0 "$CLI" "${GRID[@]}" --json hazard rectify "$CASE" --reason "杂物已清理" --evidence "att-$ATT1" \
  --evidence "$SHA2" --request-id rect-1
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

step "消防 asks for evidence: the categories say so, children included, and a pass needs it"
expect_rc 0 "$CLI" "${ADM[@]}" categories evidence HAZ.FIRE --required
expect_rc 0 "$CLI" "${GRID[@]}" categories --kind hazard
grep -E '^HAZ\.FIRE +.*须上传 *$' "$WORK/out" >/dev/null || { cat "$WORK/out"; fail "HAZ.FIRE not shown as requiring evidence"; }
grep -E '^HAZ\.FIRE\.PASSAGE .*须上传（继承自 HAZ\.FIRE）' "$WORK/out" >/dev/null || { cat "$WORK/out"; fail "the inherited rule not shown"; }
if grep -E '^HAZ\.GAS .*须上传' "$WORK/out" >/dev/null; then fail "HAZ.GAS shown as requiring evidence"; fi
expect_rc 0 "$CLI" "${GRID[@]}" hazard rectify "$CASE" --reason "电动车已移走"
contains "$WORK/out" "待复查"
expect_rc 1 "$CLI" "${GRID[@]}" --json hazard reinspect "$CASE" --pass
reason_is EVIDENCE_REQUIRED
expect_rc 1 "$CLI" "${GRID[@]}" hazard reinspect "$CASE" --pass
contains "$WORK/err" "类别“消防安全”（HAZ.FIRE）要求整改证据"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_IN_PROGRESS ]] || fail "a refused pass closed the hazard"

step "rectified again with its photo, the second re-inspection passes: the hazard is closed (销号)"
expect_rc 0 "$CLI" "${GRID[@]}" hazard rectify "$CASE" --reason "电动车已移走" --evidence "$ATT1"
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
