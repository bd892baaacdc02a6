#!/usr/bin/env bash
# People's mediation from the CLI against a real server: a grid worker logs a dispute and hands
# it to the community's mediation committee; the mediator assigns, records consent, sessions and
# the agreement, collects the signatures, follows up and closes, and prints the case file. Also a
# refusal, a RISK escalation and the bad inputs (usage errors, forbidden steps, stale versions,
# resends, a user outside the subtree).
#
#   mediation_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" mediation

demo_server
GRID=(--token-file "$WORK/grid1.token")
MED=(--token-file "$WORK/mediator.token")
GRID2=(--token-file "$WORK/grid2.token")
login_as SUP hepan_sup
for who in grid1 mediator grid2; do
  expect_rc 0 "$CLI" --token-file "$WORK/$who.token" login "$who" --password demo12345
done
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" "${MED[@]}" --json whoami
MEDIATOR_ID=$(json "$WORK/out" 'd["id"]')
COMMITTEE=$(json "$WORK/out" 'd["scope_unit_id"]')  # the demo mediator serves 河畔社区人民调解委员会

# new_dispute TITLE: a neighbours' dispute in grid1's grid, referred to the community's committee
# in one step (申请调解); prints its number.
new_dispute() {
  expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind dispute --category DSP.NEIGHBOR.LEAK \
    --title "$1" --description "302室漏水致202室天花板受损，协商未果" --unit "$GRID_UNIT" \
    --address "河畔小区3号楼" --party "王芳,13900001111,110106198001011234,applicant" \
    --party "李强,13900002222,110100198202022345,respondent"
  local number
  number=$(json "$WORK/out" 'd["case"]["number"]')
  expect_rc 1 "$CLI" "${MED[@]}" --json cases show "$number"
  reason_is CASE_NOT_FOUND  # not the committee's yet
  expect_rc 0 "$CLI" "${GRID[@]}" mediation request "$number"
  contains "$WORK/out" "申请调解 完成"
  echo "$number"
}

step "a dispute goes to the committee; the mediator assigns"
N=$(new_dispute "楼上漏水纠纷" | tail -1)
# The case says what each user can do now, by the command they type.
expect_rc 0 "$CLI" "${MED[@]}" cases show "$N"
contains "$WORK/out" "gridcase mediation assign（指派调解）"
expect_rc 0 "$CLI" "${GRID[@]}" cases show "$N"
grep -q "mediation assign" "$WORK/out" && fail "a grid worker was offered a mediator's step"
expect_rc 2 "$CLI" "${MED[@]}" mediation assign "$N" --mediator "$MEDIATOR_ID"
expect_rc 2 "$CLI" "${MED[@]}" mediation frobnicate "$N"
expect_rc 1 "$CLI" "${GRID[@]}" --json mediation assign "$N" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${GRID2[@]}" --json mediation assign "$N" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
reason_is CASE_NOT_FOUND
expect_rc 0 "$CLI" "${MED[@]}" mediation assign "$N" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID" \
  --request-id assign-1
contains "$WORK/out" "指派调解 完成"
expect_rc 0 "$CLI" "${MED[@]}" --json mediation assign "$N" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID" \
  --request-id assign-1
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resend was not a replay"
expect_rc 1 "$CLI" "${MED[@]}" --json mediation consent "$N" --party 1 --agree --request-id assign-1
reason_is REQUEST_ID_REUSED

step "consent: usage errors, the order of steps, stale versions"
expect_rc 2 "$CLI" "${MED[@]}" mediation consent "$N" --party 1
expect_rc 2 "$CLI" "${MED[@]}" mediation consent "$N" --party 1 --refuse
expect_rc 2 "$CLI" "${MED[@]}" mediation consent "$N" --party 1 --refuse --refer heaven
expect_rc 2 "$CLI" "${MED[@]}" mediation consent "$N" --party 0 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$N" --party 1 --agree
expect_rc 1 "$CLI" "${MED[@]}" --json mediation session "$N" --at "2026-03-20 09:30" --place 调解室 \
  --attendee 王芳 --attendee 李强 --record "双方陈述"
reason_is CONSENT_MISSING
expect_rc 1 "$CLI" "${MED[@]}" --json mediation consent "$N" --party 2 --agree --version 3
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$N" --party 2 --agree

step "the investigation, a session and the agreement"
expect_rc 2 "$CLI" "${MED[@]}" mediation session "$N" --at "someday" --place 调解室 --attendee 王芳 --record x
expect_rc 0 "$CLI" "${MED[@]}" mediation session "$N" --investigation --at "2026-03-19 15:00" \
  --place "河畔小区3号楼202室" --attendee 王芳 --attendee 陈建华 --record "现场查看：天花板<水渍>约2平方米"
expect_rc 0 "$CLI" "${MED[@]}" mediation session "$N" --at "2026-03-20 09:30" --place "河畔社区调解室" \
  --attendee 王芳 --attendee 李强 --attendee 陈建华 --record "经调解，李强同意修复防水并赔偿2000元"
expect_rc 2 "$CLI" "${MED[@]}" mediation agreement "$N" --parties-info x --facts x --disputes x \
  --responsibilities x --term "只有内容"
expect_rc 0 "$CLI" "${MED[@]}" mediation agreement "$N" \
  --parties-info "申请人王芳，202室业主；被申请人李强，302室业主" \
  --facts "302室卫生间防水层破损，漏水致202室天花板受损" --disputes "维修责任和赔偿数额" \
  --responsibilities "被申请人负全部责任" \
  --term "李强修复302室卫生间防水层|自行请维修单位施工|2026-04-05" \
  --term "李强赔偿王芳2000元|微信转账一次付清|2026-03-31" \
  --party-detail "1|汉族|教师|滨河路18号3号楼202室" --party-detail "2|汉族|个体经营|河畔小区3号楼302室"

step "signatures: the last one makes the agreement effective"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases resolve "$N" --outcome agreement
reason_is AGREEMENT_NOT_EFFECTIVE  # an agreement resolves the case only once signed by all
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --party 1
expect_rc 2 "$CLI" "${MED[@]}" mediation sign "$N" --mediator --party 2
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --party 2 --mark thumbprint
expect_rc 1 "$CLI" "${MED[@]}" --json mediation sign "$N" --party 2 --mark seal
reason_is ALREADY_SIGNED
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --mediator
contains "$WORK/out" "已办结"
contains "$WORK/out" "达成调解协议"
contains "$WORK/out" "司法确认申请期"
contains "$WORK/out" "当日"  # the window's last day, not midnight of the day after
grep -q "截止 [0-9-]* 00:00" "$WORK/out" && fail "a deadline is shown as midnight"
expect_rc 0 "$CLI" "${MED[@]}" --json cases show "$N"
[[ "$(json "$WORK/out" 'd["case"]["outcome"]')" == OUTCOME_AGREEMENT ]] || fail "not resolved by agreement"
[[ "$(json "$WORK/out" '[k["run"] for k in d["case"]["clocks"] if k["kind"] == "CLOCK_KIND_CONFIRMATION"][0]')" == CLOCK_RUN_RUNNING ]] \
  || fail "the judicial confirmation window is not running"

step "follow-up before closing"
expect_rc 1 "$CLI" "${MED[@]}" --json cases close "$N"
reason_is FOLLOW_UP_REQUIRED
expect_rc 2 "$CLI" "${MED[@]}" mediation follow-up "$N" --performed
expect_rc 0 "$CLI" "${MED[@]}" mediation follow-up "$N" --performed --reason "回访王芳：已修复，赔偿款已收到"
expect_rc 0 "$CLI" "${MED[@]}" cases close "$N" --reason "协议已履行"
contains "$WORK/out" "已结案"

step "the case file"
expect_rc 0 "$CLI" "${MED[@]}" mediation dossier "$N" --out "$WORK/dossier.html"
for section in 人民调解申请书 人民调解受理登记表 调查笔录 调解笔录 人民调解协议书 回访记录 结案情况 \
  "李强赔偿王芳2000元" "&lt;水渍&gt;" "page-break-after" "110***********1234"; do
  contains "$WORK/dossier.html" "$section"
done
grep -q "110106198001011234" "$WORK/dossier.html" && fail "the case file shows an unmasked ID number"
grep -q "滨河路18号" "$WORK/dossier.html" && fail "the working copy shows a party's address"
contains "$WORK/dossier.html" "工作稿"
contains "$WORK/dossier.html" "签名（"       # each signature with its time
contains "$WORK/dossier.html" "按指印（"
contains "$WORK/dossier.html" " 当日"
expect_rc 1 "$CLI" "${GRID2[@]}" mediation dossier "$N"

step "the case file for the archive: the parties in full (art. 29), an audited reveal"
expect_rc 1 "$CLI" "${GRID[@]}" --json mediation dossier "$N" --archive
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${MED[@]}" mediation dossier "$N" --reason "归档"
expect_rc 0 "$CLI" "${MED[@]}" mediation dossier "$N" --archive --reason "结案归档" --out "$WORK/archive.html"
contains "$WORK/out" "记入审计日志"
contains "$WORK/archive.html" "归档件"
contains "$WORK/archive.html" "申请人：王芳，男，"
contains "$WORK/archive.html" "汉族，教师，住址：滨河路18号3号楼202室，电话：13900001111，身份证号：110106198001011234"
# audit_has TEXT: the audit log (read from the database file) has an entry whose detail holds TEXT.
audit_has() {
  "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); sys.exit(0 if c.execute("SELECT count(*) FROM audit WHERE instr(detail, ?) > 0", (sys.argv[2],)).fetchone()[0] else 1)' \
    "$DB" "$1" || fail "no audit entry with '$1'"
}
audit_has "结案归档"

step "an agreement not performed after closing is recorded: mediated again"
expect_rc 0 "$CLI" "${MED[@]}" cases show "$N"
contains "$WORK/out" "gridcase mediation not-performed（协议未履行）"
expect_rc 1 "$CLI" "${GRID[@]}" --json mediation not-performed "$N" --remediate --reason "未履行"
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${MED[@]}" mediation not-performed "$N" --reason "未履行"
expect_rc 2 "$CLI" "${MED[@]}" mediation not-performed "$N" --remediate --refer court --reason "未履行"
expect_rc 2 "$CLI" "${MED[@]}" mediation not-performed "$N" --remediate
expect_rc 0 "$CLI" "${MED[@]}" mediation not-performed "$N" --remediate --reason "李强未按期赔偿，双方同意再次调解"
contains "$WORK/out" "协议未履行 完成"
contains "$WORK/out" "已结案 → 处置中"
expect_rc 0 "$CLI" "${MED[@]}" cases show "$N"
contains "$WORK/out" "协议未履行"
contains "$WORK/out" "重新调解"

step "an agreement not performed: referred to court, and the new case linked to it"
A=$(new_dispute "噪音赔偿纠纷" | tail -1)
expect_rc 0 "$CLI" "${MED[@]}" mediation assign "$A" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$A" --party 1 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$A" --party 2 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation agreement "$A" --parties-info "申请人王芳；被申请人李强" --facts "夜间噪音" \
  --disputes "赔偿" --responsibilities "被申请人负责" --term "李强赔偿王芳500元|现金|2026-04-30"
for who in "--party 1" "--party 2" "--mediator"; do
  # shellcheck disable=SC2086
  expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$A" $who
done
expect_rc 0 "$CLI" "${MED[@]}" mediation follow-up "$A" --performed --reason "回访：已付款"
expect_rc 0 "$CLI" "${MED[@]}" cases close "$A"
expect_rc 0 "$CLI" "${MED[@]}" mediation not-performed "$A" --refer court --reason "王芳称未收到500元，将向人民法院起诉"
contains "$WORK/out" "协议未履行 完成"
expect_rc 0 "$CLI" "${MED[@]}" --json cases show "$A"
[[ "$(json "$WORK/out" 'd["case"]["state"] + " " + d["case"]["outcome"]')" == "CASE_STATE_CLOSED OUTCOME_REFERRED" ]] \
  || fail "not kept closed as referred"
B=$(new_dispute "噪音赔偿纠纷（协议未履行）" | tail -1)
expect_rc 0 "$CLI" "${MED[@]}" cases link "$B" "$A" --reason "原调解协议未履行"
expect_rc 0 "$CLI" "${MED[@]}" cases related "$A"
contains "$WORK/out" "$B"

step "a party's name or phone finds their cases, for the roles that may see personal data"
expect_rc 0 "$CLI" "${MED[@]}" cases person --name 王芳 --reason "核查同一当事人的其他纠纷"
contains "$WORK/out" "$N"
contains "$WORK/out" "记入审计日志"
expect_rc 0 "$CLI" "${MED[@]}" --json cases person --phone "139-0000-2222" --reason "核查来电人"
[[ "$(json "$WORK/out" 'len([c for c in d["cases"] if c["number"] == "'"$N"'"])')" == 1 ]] || fail "not found by phone"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases person --name 王芳 --reason "好奇"
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${MED[@]}" cases person --reason "核查"
expect_rc 2 "$CLI" "${MED[@]}" cases person --name 王芳 --phone 13900001111 --reason "核查"
audit_has "核查来电人"

step "a refusal closes the case as referred"
R=$(new_dispute "停车位纠纷" | tail -1)
expect_rc 0 "$CLI" "${MED[@]}" mediation assign "$R" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$R" --party 1 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$R" --party 2 --refuse --refer court --reason "被申请人要求法院判决"
contains "$WORK/out" "已结案"
contains "$WORK/out" "引导至诉讼/仲裁/行政途径"
expect_rc 1 "$CLI" "${MED[@]}" --json mediation session "$R" --at "2026-03-20 09:30" --place 调解室 \
  --attendee 王芳 --record x
reason_is TRANSITION_NOT_ALLOWED
expect_rc 1 "$CLI" "${MED[@]}" --json mediation not-performed "$R" --refer court --reason "未履行"
reason_is NOT_SETTLED_BY_AGREEMENT

step "a dispute at risk escalates only with the police told"
K=$(new_dispute "邻里冲突" | tail -1)
expect_rc 1 "$CLI" "${MED[@]}" --json mediation risk "$K" --reason "双方亲属聚集，有冲突风险"
reason_is POLICE_NOT_NOTIFIED
expect_rc 0 "$CLI" "${MED[@]}" mediation risk "$K" --reason "双方亲属聚集，有冲突风险" --police-notified
contains "$WORK/out" "上报 完成"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$K"
[[ "$(json "$WORK/out" 'd["case"]["level"]')" == LEVEL_COMMUNITY ]] || fail "not escalated to the community"
[[ "$(json "$WORK/out" 'd["case"]["mediation"]["police_notified"]')" == True ]] || fail "police not recorded"

step "mediation steps are for disputes"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
  --title "垃圾暴露" --unit "$GRID_UNIT"
I=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${SUP[@]}" cases accept "$I"
expect_rc 1 "$CLI" "${SUP[@]}" --json mediation assign "$I" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
reason_is NOT_A_DISPUTE

echo
echo "mediation end to end: OK"
