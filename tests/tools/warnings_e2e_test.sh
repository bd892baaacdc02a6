#!/usr/bin/env bash
# Early warnings (预警) from the CLI against a real server: one person contacting three times in
# a grid raises a repeat-contact warning the supervisors see in Chinese (the person masked) and
# in JSON; a grid worker may not list them; a supervisor acknowledges it and dismisses it with a
# reason (refused without one, in Chinese); an admin raises the threshold as a new version, after
# which the same count raises nothing. The thresholds of group matters, petition risk and stalled
# cases are shown and set the same way: with three people the threshold, a visit of three raises
# a group matter, and a petition brought to the city raises a petition risk.
#
#   warnings_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" warnings

demo_server
login_as GRID grid1
login_as SUP supervisor
login_as ADM admin
login_as CLERK clerk
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

# contact N PHONE: a case in grid1's grid from the person reachable at PHONE, at an address of
# its own.
contact() {
  expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.FAC.STREETLIGHT \
    --title "路灯不亮$1" --description "反映路灯夜间不亮" --unit "$GRID_UNIT" --address "预警测试路$1号" \
    --party "赵六,$2,,reporter"
}
open_repeat() { # the open repeat-contact warnings about the masked phone $1, as JSON ids
  expect_rc 0 "$CLI" "${SUP[@]}" --json warnings list --kind repeat_contact
  json "$WORK/out" "[w['id'] for w in d.get('warnings', []) if '$1' in w['subject']]"
}

step "two contacts: no warning; the third raises one"
contact 1 13700001111
contact 2 13700001111
[[ "$(open_repeat 137****1111)" == "[]" ]] || fail "raised below the threshold"
contact 3 13700001111
IDS=$(open_repeat 137****1111)
WID=$("$PY" -c "import sys; ids=$IDS; assert len(ids)==1, ids; print(ids[0])") || fail "expected one warning: $IDS"
grep -qF 13700001111 "$WORK/out" && fail "the phone number is shown unmasked"

step "the list in Chinese; a grid worker may not see warnings"
expect_rc 0 "$CLI" "${SUP[@]}" warnings list --kind repeat_contact
contains "$WORK/out" "【重复来访来电】"
contains "$WORK/out" "137****1111"
contains "$WORK/out" "待处置"
expect_rc 1 "$CLI" "${GRID[@]}" warnings list
contains "$WORK/err" "您的角色无权进行此操作"

step "acknowledge, then dismiss: a reason is required"
expect_rc 0 "$CLI" "${SUP[@]}" warnings ack "$WID"
contains "$WORK/out" "已知悉"
expect_rc 2 "$CLI" "${SUP[@]}" warnings dismiss "$WID"
contains "$WORK/err" "排除预警需要 --reason"
expect_rc 0 "$CLI" "${SUP[@]}" --json warnings dismiss "$WID" --reason "已上门核实，施工方已整改"
[[ "$(json "$WORK/out" 'd["warning"]["state"]')" == "WARNING_STATE_DISMISSED" ]] || fail "not dismissed"
expect_rc 1 "$CLI" "${SUP[@]}" --json warnings dismiss "$WID" --reason 再次排除
reason_is WARNING_SETTLED
expect_rc 0 "$CLI" "${SUP[@]}" warnings show "$WID"
contains "$WORK/out" "已上门核实，施工方已整改"
contains "$WORK/out" "知悉"

step "a new threshold applies from then on"
expect_rc 1 "$CLI" "${SUP[@]}" --json warnings set-policy --repeat-count 4
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${ADM[@]}" --json warnings set-policy --repeat-count 1
reason_is BAD_WARNING_POLICY
expect_rc 0 "$CLI" "${ADM[@]}" warnings set-policy --repeat-count 4 --basis 综治例会
contains "$WORK/out" "预警阈值 v1"
contact 4 13700002222
contact 5 13700002222
contact 6 13700002222
[[ "$(open_repeat 137****2222)" == "[]" ]] || fail "raised at three under a threshold of four"
contact 7 13700002222
[[ "$(open_repeat 137****2222)" != "[]" ]] || fail "not raised at four"
expect_rc 0 "$CLI" "${SUP[@]}" warnings policy
contains "$WORK/out" "预警阈值 v1"
contains "$WORK/out" "群体性事项: 同一事项 5 人及以上"
contains "$WORK/out" "久拖未动: 在办案件 5 个工作日无任何办理记录"

step "the thresholds of group matters, petition risk and stalled cases"
expect_rc 1 "$CLI" "${ADM[@]}" --json warnings set-policy --stalled-working-days 61
reason_is BAD_WARNING_POLICY
expect_rc 1 "$CLI" "${ADM[@]}" warnings set-policy --group-persons 1
contains "$WORK/err" "预警阈值超出允许范围"
expect_rc 0 "$CLI" "${ADM[@]}" warnings set-policy --repeat-count 4 --group-persons 3 --petition-levels-above 2 \
  --stalled-working-days 3 --basis 信访维稳例会
contains "$WORK/out" "预警阈值 v2"
contains "$WORK/out" "群体性事项: 同一事项 3 人及以上"
contains "$WORK/out" "越级重复访风险: 高于有权处理机关 2 级及以上提出"
contains "$WORK/out" "久拖未动: 在办案件 3 个工作日无任何办理记录"
expect_rc 0 "$CLI" "${SUP[@]}" --json warnings policy
[[ "$(json "$WORK/out" 'd["policies"][-1]["stalled_working_days"]')" == 3 ]] || fail "stalled threshold not stored"

# petition ARGS...: a petition in grid1's grid by one identified petitioner.
petition() {
  expect_rc 0 "$CLI" "${CLERK[@]}" --json petition register --category PET.HOUSING.DEMOLITION \
    --title "反映拆迁补偿问题" --unit "$GRID_UNIT" --party "陈明,13700003333,110109197505053336,applicant" "$@"
}
petition --matter "预警测试拆迁补偿" --channel walk_in --persons 3
expect_rc 0 "$CLI" "${SUP[@]}" --json warnings list --kind group_matter
[[ "$(json "$WORK/out" 'len([w for w in d.get("warnings", []) if "预警测试拆迁补偿" in w["subject"]])')" == 1 ]] ||
  fail "a visit of three did not raise a group matter"
expect_rc 0 "$CLI" "${SUP[@]}" warnings list --kind group_matter
contains "$WORK/out" "【群体性事项】"
contains "$WORK/out" "预警测试拆迁补偿"
contains "$WORK/out" "30天内 3 人（阈值 3"
petition --matter "预警测试养老待遇" --received-level county --competent-level sub_district
expect_rc 0 "$CLI" "${SUP[@]}" --json warnings list --kind petition_risk
[[ "$(json "$WORK/out" 'len([w for w in d.get("warnings", []) if "预警测试养老待遇" in w["subject"]])')" == 0 ]] ||
  fail "one level above raised under a threshold of two"
petition --matter "预警测试养老待遇" --received-level city --competent-level sub_district
expect_rc 0 "$CLI" "${SUP[@]}" warnings list --kind petition_risk
contains "$WORK/out" "【越级重复访风险】"
contains "$WORK/out" "越级访"
grep -qF 110109197505053336 "$WORK/out" && fail "the ID number is shown unmasked"

echo "warnings end-to-end: OK"
