#!/usr/bin/env bash
# Petitions from the CLI against a real server: the intake clerk registers petitions, runs the
# acceptance check (one petition per rule, each ending not accepted with its article and
# written notice), accepts a clean one, extends it once, records the decision and the review
# chain to its end; a request after re-review is refused; the unit complained about never sees
# the accuser. Also the bad inputs.
#
#   petition_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" petition

demo_server
login_as CLERK clerk
login_as SUP supervisor
login_as HANDLER handler
expect_rc 0 "$CLI" "${HANDLER[@]}" --json whoami
DEPT=$(json "$WORK/out" 'd["scope_unit_id"]')  # the demo handler works in a department
expect_rc 0 "$CLI" "${CLERK[@]}" --json org tree
GRID=$(json "$WORK/out" '[u["id"] for u in d["units"] if u.get("type") == "UNIT_TYPE_GRID"][0]')

PETITIONER="陈明,13700001234,110109197505051111,applicant"
# register ARGS...: registers a petition (category, title, unit and petitioner given) and
# prints its number.
register() {
  expect_rc 0 "$CLI" "${CLERK[@]}" --json petition register --category PET.HOUSING.DEMOLITION \
    --title "反映拆迁补偿问题" --unit "$GRID" --party "$PETITIONER" "$@"
  json "$WORK/out" 'd["case"]["number"]'
}

step "intake: visits, group visits, identification, bad input"
expect_rc 2 "$CLI" "${CLERK[@]}" petition register --category PET.HOUSING.DEMOLITION --title x --unit "$GRID" \
  --party "$PETITIONER" --received-level galaxy
expect_rc 1 "$CLI" "${CLERK[@]}" --json petition register --category PET.HOUSING.DEMOLITION --title x \
  --unit "$GRID" --party "匿名,13700001234,,applicant"
reason_is PETITIONER_NOT_IDENTIFIED
expect_rc 1 "$CLI" "${CLERK[@]}" --json petition register --category PET.HOUSING.DEMOLITION --title "集体访" \
  --unit "$GRID" --party "$PETITIONER" --persons 12
reason_is MISSING_REPRESENTATIVES
V=$(register --matter "小区停车位分配" --channel walk_in --persons 12 --representative 1 | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" cases show "$V"
contains "$WORK/out" "来访人数 12"

step "art. 20: skipping levels is not accepted"
A20=$(register --matter "养老保险待遇" --received-level city --competent-level sub_district | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition check "$A20"
contains "$WORK/out" "信访工作条例 第二十条"
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$A20"
contains "$WORK/out" "不予受理"
contains "$WORK/out" "不予受理告知书"
contains "$WORK/out" "《信访工作条例》第二十条"

step "art. 31: a matter for arbitration is not accepted"
A31=$(register --matter "劳动合同解除赔偿" --legal-route arbitration | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$A31"
contains "$WORK/out" "《信访工作条例》第三十一条"
expect_rc 0 "$CLI" "${CLERK[@]}" --json cases show "$A31"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_NOT_ACCEPTED ]] || fail "art. 31 petition accepted"
[[ "$(json "$WORK/out" 'd["case"]["petition"]["not_accepted_rule"]')" == PETITION_RULE_LEGAL_ROUTE ]] || fail "rule"

step "a clean petition is accepted, extended once, decided, reviewed and re-reviewed"
P=$(register --matter "河畔小区3号楼拆迁补偿" --channel letter | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition check "$P"
contains "$WORK/out" "未发现不予受理情形"
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$P"
contains "$WORK/out" "已受理"
contains "$WORK/out" "受理告知书"
expect_rc 1 "$CLI" "${CLERK[@]}" --json cases extend "$P" --amount 31 --reason "需要重新测算补偿款"
reason_is EXTENSION_TOO_LONG
expect_rc 0 "$CLI" "${CLERK[@]}" cases extend "$P" --amount 30 --reason "需要会同征收部门重新测算补偿款"
expect_rc 1 "$CLI" "${CLERK[@]}" --json cases decide-extension "$P" --approve
reason_is ROLE_MAY_NOT
expect_rc 0 "$CLI" "${SUP[@]}" cases decide-extension "$P" --approve --reason "同意延期30日"
expect_rc 0 "$CLI" "${CLERK[@]}" petition notices "$P"
contains "$WORK/out" "延期告知书"
contains "$WORK/out" "重新测算补偿款"
expect_rc 1 "$CLI" "${CLERK[@]}" --json cases extend "$P" --amount 5 --reason "再延五天"
reason_is EXTENSION_LIMIT
expect_rc 0 "$CLI" "${CLERK[@]}" --json org tree
HEPAN=$(json "$WORK/out" '[u["id"] for u in d["units"] if u["name"] == "河畔社区"][0]')
expect_rc 0 "$CLI" "${CLERK[@]}" cases dispatch "$P" --unit "$HEPAN"
expect_rc 1 "$CLI" "${CLERK[@]}" --json cases resolve "$P"
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${SUP[@]}" --json cases resolve "$P"
reason_is PETITION_DECISION_REQUIRED
expect_rc 2 "$CLI" "${CLERK[@]}" petition decision "$P" --decision maybe --basis x
expect_rc 2 "$CLI" "${CLERK[@]}" petition decision "$P" --decision explain
expect_rc 0 "$CLI" "${CLERK[@]}" petition decision "$P" --decision explain \
  --basis "《国有土地上房屋征收与补偿条例》第十九条" --request-id decision-1
contains "$WORK/out" "信访事项处理意见书"
contains "$WORK/out" "复查申请期"
expect_rc 0 "$CLI" "${CLERK[@]}" --json petition decision "$P" --decision explain \
  --basis "《国有土地上房屋征收与补偿条例》第十九条" --request-id decision-1
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resent decision was not a replay"
expect_rc 1 "$CLI" "${CLERK[@]}" --json petition re-review "$P" --reason "不服"
reason_is TRANSITION_NOT_ALLOWED
expect_rc 2 "$CLI" "${CLERK[@]}" petition review "$P"
expect_rc 0 "$CLI" "${CLERK[@]}" petition review "$P" --reason "信访人认为补偿标准低于市场价"
contains "$WORK/out" "复查中"
contains "$WORK/out" "复查办理时限"
expect_rc 1 "$CLI" "${CLERK[@]}" --json petition review-decision "$P" --decision support --basis x --version 2
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${CLERK[@]}" petition review-decision "$P" --decision explain --basis "维持原处理意见"
contains "$WORK/out" "复查意见书"
expect_rc 0 "$CLI" "${CLERK[@]}" petition re-review "$P" --reason "信访人仍不服"
contains "$WORK/out" "复核中"
expect_rc 0 "$CLI" "${CLERK[@]}" petition re-review-decision "$P" --decision not_support --basis "复查意见正确"
contains "$WORK/out" "已结案"
contains "$WORK/out" "不再受理"

step "art. 36: the same request after re-review is not accepted again"
AGAIN=$(register --matter "河畔小区3号楼拆迁补偿" --channel online --received-level county | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition check "$AGAIN"
contains "$WORK/out" "信访工作条例 第三十六条"
contains "$WORK/out" "$P"
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$AGAIN"
contains "$WORK/out" "《信访工作条例》第三十六条"

step "art. 19: the same matter being handled, brought higher, is not accepted; a clerk may override"
FIRST=$(register --matter "小区绿化被占" | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$FIRST"
HIGHER=$(register --matter "小区绿化被占" --channel phone --received-level county | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" --json petition check "$HIGHER"
[[ "$(json "$WORK/out" 'd["rule"]')" == PETITION_RULE_SAME_MATTER_PENDING ]] || fail "art. 19 not found"
expect_rc 2 "$CLI" "${CLERK[@]}" petition decide "$HIGHER" --override
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$HIGHER" --override --reason "原办理机关已撤销，经领导批准由本级受理"
contains "$WORK/out" "已受理"
HIGHER2=$(register --matter "小区绿化被占" --channel online --received-level county | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$HIGHER2"
contains "$WORK/out" "《信访工作条例》第十九条"

step "the unit complained about never sees the accuser (art. 30)"
ACC=$(register --matter "城管科工作人员违规收费" --confidential 1 --complained-unit "$DEPT" \
  --description "陈明检举城管科某工作人员违规收费" | tail -1)
expect_rc 0 "$CLI" "${CLERK[@]}" petition decide "$ACC"
expect_rc 0 "$CLI" "${CLERK[@]}" cases dispatch "$ACC" --unit "$DEPT"
expect_rc 0 "$CLI" "${HANDLER[@]}" --json cases show "$ACC"
grep -q "陈" "$WORK/out" && { cat "$WORK/out" >&2; fail "the accused unit sees the accuser"; }
[[ "$(json "$WORK/out" 'len(d["case"].get("parties", []))')" == 0 ]] || fail "parties shown to the accused unit"
expect_rc 0 "$CLI" "${HANDLER[@]}" cases list --kind petition
grep -q "陈" "$WORK/out" && fail "the accused unit's list shows the accuser"
expect_rc 1 "$CLI" "${HANDLER[@]}" cases reveal "$ACC" --party 1 --reason "核实"
expect_rc 0 "$CLI" "${CLERK[@]}" cases show "$ACC"
contains "$WORK/out" "陈*"

step "the same person across channels, levels and years"
expect_rc 2 "$CLI" "${CLERK[@]}" petition history --id-number 110109197505051111
expect_rc 0 "$CLI" "${CLERK[@]}" petition history --id-number 110109197505051111 --reason "受理审查"
contains "$WORK/out" "$P"
contains "$WORK/out" "$AGAIN"
contains "$WORK/out" "审计"
expect_rc 0 "$CLI" "${CLERK[@]}" --json petition history --id-number 110109197505051111 --reason "受理审查"
[[ "$(json "$WORK/out" 'len(d["cases"])')" -ge 8 ]] || fail "the person's petitions are not all found"

step "petition steps are for petitions"
expect_rc 0 "$CLI" "${CLERK[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH --title "垃圾暴露" --unit "$GRID"
I=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 1 "$CLI" "${CLERK[@]}" --json petition check "$I"
reason_is NOT_A_PETITION

echo
echo "petition end to end: OK"
