#!/usr/bin/env bash
# 12345 hotline work orders from the CLI against a real server: the intake clerk receives orders
# (the same number twice answers the existing case), accepts and dispatches them to a grid; the
# grid worker signs for them, contacts the requester first, returns one (upheld: back to the
# hotline) and another (rejected: it stays), asks for an extension, replies; the clerk records
# the centre's callbacks (an unsatisfied one reopens the order for rework) and decides an appeal,
# after which the three rates are what they were before the appealed rating. Also the bad inputs
# (usage errors, a clashing order number, forbidden steps, stale versions, resends, a user
# outside the subtree).
#
#   hotline_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" hotline

demo_server
login_as CLERK clerk
login_as GRID grid1
login_as GRID2 grid2
login_as SUP hepan_sup
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
NOW=$("$PY" -c 'import datetime; print((datetime.datetime.utcnow() + datetime.timedelta(hours=7)).strftime("%Y-%m-%d %H:%M"))')

# receive ORDER_NO [ARGS...]: receives an order in grid1's grid and prints its case number.
receive() {
  local no=$1
  shift
  expect_rc 0 "$CLI" "${CLERK[@]}" --json hotline receive --order-no "$no" --category HOT.URBAN.NOISE \
    --title "夜间施工噪音扰民" --description "市民反映河畔路工地夜间施工" --unit "$GRID_UNIT" \
    --requester "王芳" --phone 13912345678 --dispatched-at "$NOW" "$@"
  json "$WORK/out" 'd["case"]["number"]'
}
# dispatched ORDER_NO: received, accepted and dispatched to grid1's grid; prints the number.
dispatched() {
  local n
  n=$(receive "$1" | tail -1)
  expect_rc 0 "$CLI" "${CLERK[@]}" cases accept "$n"
  expect_rc 0 "$CLI" "${CLERK[@]}" cases dispatch "$n" --unit "$GRID_UNIT" --reason "交网格办理"
  echo "$n"
}
state_is() { # state_is NUMBER STATE
  expect_rc 0 "$CLI" "${CLERK[@]}" --json cases show "$1"
  [[ "$(json "$WORK/out" 'd["case"]["state"]')" == "CASE_STATE_$2" ]] || { cat "$WORK/out" >&2; fail "$1 is not $2"; }
}
# rates: the hotline's callbacks, solved and satisfied counts of this year, one line.
rates() {
  expect_rc 0 "$CLI" "${CLERK[@]}" --json report figures --kind hotline
  json "$WORK/out" '" ".join(str(d["total"]["counts"].get(k, 0)) for k in ("hotline_callbacks", "hotline_solved", "hotline_satisfied"))'
}

step "receive an order; the same number again answers the same case; other content is refused"
A=$(receive GD-E2E-001 --class urgent | tail -1)
[[ "$(json "$WORK/out" 'd["case"]["priority"]')" == PRIORITY_URGENT ]] || fail "urgent class"
[[ "$(json "$WORK/out" 'd["case"]["parties"][0]["phone"]')" != 13912345678 ]] || fail "phone not masked"
expect_rc 0 "$CLI" "${CLERK[@]}" --json hotline receive --order-no GD-E2E-001 --category HOT.URBAN.NOISE \
  --title "夜间施工噪音扰民" --description "市民反映河畔路工地夜间施工" --unit "$GRID_UNIT" \
  --requester "王芳" --phone 13912345678 --dispatched-at "$NOW" --class urgent
[[ "$(json "$WORK/out" 'd["case"]["number"]')" == "$A" ]] || fail "a second case for the same order"
[[ "$(json "$WORK/out" 'd.get("replayed", False)')" == True ]] || fail "not answered as a replay"
[[ "$(json "$WORK/out" 'd["case"]["version"]')" == 1 ]] || fail "the resend changed the order"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline receive --order-no GD-E2E-001 --category HOT.URBAN.NOISE \
  --title "夜间施工噪音扰民" --description "市民反映河畔路工地夜间施工" --unit "$GRID_UNIT" \
  --requester "王芳" --phone 13912345678 --dispatched-at "$NOW" --class urgent
contains "$WORK/out" "未作更改"
expect_rc 1 "$CLI" "${CLERK[@]}" --json hotline receive --order-no GD-E2E-001 --category HOT.URBAN.NOISE \
  --title "另一件事" --unit "$GRID_UNIT" --requester "王芳" --phone 13912345678 --dispatched-at "$NOW"
reason_is HOTLINE_ORDER_EXISTS
expect_rc 2 "$CLI" "${CLERK[@]}" hotline receive --order-no GD-E2E-002 --category HOT.URBAN.NOISE \
  --title x --unit "$GRID_UNIT" --requester "王芳" --phone 13912345678 --dispatched-at "$NOW" --class galaxy
expect_rc 2 "$CLI" "${CLERK[@]}" hotline receive --order-no GD-E2E-002 --category HOT.URBAN.NOISE \
  --title x --unit "$GRID_UNIT" --requester "王芳" --phone 13912345678 --dispatched-at "yesterday"
expect_rc 2 "$CLI" "${CLERK[@]}" hotline frobnicate "$A"

step "from dispatch to callback"
expect_rc 0 "$CLI" "${CLERK[@]}" cases accept "$A"
expect_rc 0 "$CLI" "${CLERK[@]}" cases dispatch "$A" --unit "$GRID_UNIT" --reason "交网格办理"
expect_rc 1 "$CLI" "${GRID2[@]}" --json hotline sign "$A"
reason_is CASE_NOT_FOUND
expect_rc 1 "$CLI" "${GRID[@]}" --json hotline sign "$A" --version 1
reason_is STALE_VERSION
expect_rc 1 "$CLI" "${GRID[@]}" --json hotline reply "$A" --reason "已处理"
reason_is NOT_SIGNED
expect_rc 0 "$CLI" "${GRID[@]}" --json hotline sign "$A" --request-id sign-a
[[ "$(json "$WORK/out" 'd["case"]["hotline"]["signed_at"]')" != 0 ]] || fail "not signed"
V=$(json "$WORK/out" 'd["case"]["version"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json hotline sign "$A" --request-id sign-a
[[ "$(json "$WORK/out" 'd.get("replayed", False)')" == True ]] || fail "the resent sign-for was not a replay"
[[ "$(json "$WORK/out" 'd["case"]["version"]')" == "$V" ]] || fail "the resend changed the order"
expect_rc 1 "$CLI" "${GRID[@]}" --json hotline contact "$A" --request-id sign-a --method phone --result "已联系"
reason_is REQUEST_ID_REUSED
expect_rc 2 "$CLI" "${GRID[@]}" hotline contact "$A" --method pigeon --result "已联系"
expect_rc 0 "$CLI" "${GRID[@]}" hotline contact "$A" --method phone --result "已电话联系市民，约定上门查看"
expect_rc 1 "$CLI" "${CLERK[@]}" --json hotline callback "$A" --solved yes --satisfied yes
reason_is TRANSITION_NOT_ALLOWED
expect_rc 2 "$CLI" "${CLERK[@]}" hotline callback "$A" --solved maybe --satisfied yes
expect_rc 0 "$CLI" "${GRID[@]}" hotline reply "$A" --reason "已责令施工单位停止夜间施工"
state_is "$A" RESOLVED
expect_rc 0 "$CLI" "${CLERK[@]}" hotline callback "$A" --solved yes --satisfied yes
state_is "$A" CLOSED
expect_rc 0 "$CLI" "${CLERK[@]}" hotline show "$A"
contains "$WORK/out" "GD-E2E-001"
contains "$WORK/out" "先行联系"
contains "$WORK/out" "满意"

step "a return upheld goes back to the hotline; a rejected one stays with the grid"
R=$(dispatched GD-E2E-010 | tail -1)
expect_rc 0 "$CLI" "${GRID[@]}" hotline sign "$R"
expect_rc 2 "$CLI" "${GRID[@]}" hotline return "$R"
expect_rc 0 "$CLI" "${GRID[@]}" hotline return "$R" --reason "该工地属区住建委管辖"
expect_rc 1 "$CLI" "${GRID[@]}" --json hotline decide-return "$R" --uphold
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${CLERK[@]}" hotline decide-return "$R"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline decide-return "$R" --uphold
state_is "$R" NOT_ACCEPTED
[[ "$(json "$WORK/out" 'd["case"]["hotline"]["returned"]')" == True ]] || fail "not returned"
K=$(dispatched GD-E2E-011 | tail -1)
expect_rc 0 "$CLI" "${GRID[@]}" hotline sign "$K"
expect_rc 0 "$CLI" "${GRID[@]}" hotline return "$K" --reason "非本网格职责"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline decide-return "$K" --reject --reason "属本网格职责"
state_is "$K" IN_PROGRESS
[[ "$(json "$WORK/out" 'd["case"]["handling_unit_id"]')" == "$GRID_UNIT" ]] || fail "the order left the grid"
expect_rc 1 "$CLI" "${CLERK[@]}" --json hotline decide-return "$K" --uphold
reason_is NO_PENDING_RETURN

step "an extension asked before the deadline, approved"
expect_rc 0 "$CLI" "${GRID[@]}" cases extend "$K" --amount 2 --reason "需协调相关部门"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases decide-extension "$K" --approve
[[ "$(json "$WORK/out" 'd["events"][0]["details"]["approved"]')" == true ]] || fail "not approved"
expect_rc 0 "$CLI" "${GRID[@]}" hotline reply "$K" --reason "已协调处理"

step "an unsatisfied callback reopens the order for rework"
BEFORE=$(rates)
expect_rc 0 "$CLI" "${CLERK[@]}" hotline callback "$K" --solved no --satisfied no
state_is "$K" IN_PROGRESS
[[ "$(json "$WORK/out" 'd["case"]["reopen_count"]')" == 1 ]] || fail "not counted as rework"
AFTER_BAD=$(rates)
[[ "$AFTER_BAD" != "$BEFORE" ]] || fail "the callback did not count: $BEFORE"

step "an upheld appeal takes the rating out of the rates"
expect_rc 1 "$CLI" "${CLERK[@]}" --json hotline decide-appeal "$K" --uphold
reason_is NO_PENDING_APPEAL
expect_rc 0 "$CLI" "${GRID[@]}" hotline appeal "$K" --reason "诉求超出政策范围，已如实解释"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline decide-appeal "$K" --uphold
expect_rc 0 "$CLI" "${CLERK[@]}" --json cases show "$K"
[[ "$(json "$WORK/out" 'd["case"]["hotline"]["appeal_upheld"]')" == True ]] || fail "appeal not upheld"
AFTER=$(rates)
[[ "$AFTER" == "$BEFORE" ]] || fail "rates after the upheld appeal: $AFTER, before the rating: $BEFORE"
expect_rc 0 "$CLI" "${GRID[@]}" hotline reply "$K" --reason "已再次上门处理"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline callback "$K" --solved yes --satisfied yes
state_is "$K" CLOSED
echo "OK"
