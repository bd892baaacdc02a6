#!/usr/bin/env bash
# What people read from the CLI against a real server, in Chinese by default: a case's history
# says times, values, people and units in words (no "at=1796540400000", "mark=THUMBPRINT", "#4");
# the case file names the category; a 12345 order and the board name their values and units; a
# refusal reads from the reasons' catalogue and says which roles may act; a reason the action
# always needs is asked for before anything is sent, and --help marks it as required.
#
#   readable_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" readable

# lacks FILE TEXT: FILE does not contain TEXT.
lacks() {
  if grep -qF -- "$2" "$1"; then
    cat "$1" >&2
    fail "$1 contains '$2'"
  fi
}

demo_server
login_as GRID grid1
login_as MED mediator
login_as SUP hepan_sup
login_as CLERK clerk
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" "${MED[@]}" --json whoami
MEDIATOR_ID=$(json "$WORK/out" 'd["id"]')
COMMITTEE=$(json "$WORK/out" 'd["scope_unit_id"]')

step "a mediated dispute, from the grid worker's report to the effective agreement"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind dispute --category DSP.NEIGHBOR.LEAK \
  --title "楼上漏水纠纷" --description "302室漏水致202室天花板受损" --unit "$GRID_UNIT" \
  --address "河畔小区3号楼" --party "王芳,13900001111,110106198001011234,applicant" \
  --party "李强,13900002222,110100198202022345,respondent"
N=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${GRID[@]}" mediation request "$N"
expect_rc 0 "$CLI" "${MED[@]}" mediation assign "$N" --committee "$COMMITTEE" --mediator "$MEDIATOR_ID"
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$N" --party 1 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation consent "$N" --party 2 --agree
expect_rc 0 "$CLI" "${MED[@]}" mediation session "$N" --at "2026-03-20 09:30" --place "河畔社区调解室" \
  --attendee 王芳 --attendee 李强 --record "经调解，李强同意修复防水并赔偿2000元"
expect_rc 0 "$CLI" "${MED[@]}" mediation agreement "$N" --parties-info "王芳；李强" --facts "漏水" \
  --disputes "赔偿" --responsibilities "李强负全部责任" --term "李强赔偿王芳2000元|一次付清|2026-03-31"
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --party 1 --mark thumbprint
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --party 2
expect_rc 0 "$CLI" "${MED[@]}" mediation sign "$N" --mediator

step "its history says everything in words, with the names of people and units"
# The mediator may list neither the grid's users nor its units: the case brings the names.
expect_rc 0 "$CLI" "${MED[@]}" cases show "$N"
for words in "登记人: 张明" "地点: 第一网格" "当事人1 王芳 同意调解" "当事人2 李强 同意调解" \
  "第1份调解笔录" "时间 2026-03-20 09:30" "地点 河畔社区调解室" "当事人1 王芳 按指印" \
  "当事人2 李强 签名" "调解员签名并加盖调解委员会印章" "调解协议生效" "调解员 陈建华" "办结层级"; do
  contains "$WORK/out" "$words"
done
for raw in "at=" "consent=" "party=" "mark=" "signed_by=" "committee_seal=" "terms=" "session=" \
  "mediators=" "THUMBPRINT" "AGREED" "登记人: #" "地点: #"; do
  lacks "$WORK/out" "$raw"
done
# ... and in English on request.
expect_rc 0 "$CLI" "${MED[@]}" --lang en cases show "$N"
contains "$WORK/out" "party 1 王芳 thumbprint"
contains "$WORK/out" "at 2026-03-20 09:30"

step "the case file names the category, not its code"
expect_rc 0 "$CLI" "${MED[@]}" mediation dossier "$N" --out "$WORK/dossier.html"
contains "$WORK/dossier.html" "邻里纠纷/漏水"
lacks "$WORK/dossier.html" "DSP.NEIGHBOR.LEAK"

step "a 12345 order says its deadline class and how it was contacted"
NOW=$("$PY" -c 'import datetime; print((datetime.datetime.utcnow() + datetime.timedelta(hours=7)).strftime("%Y-%m-%d %H:%M"))')
expect_rc 0 "$CLI" "${CLERK[@]}" --json hotline receive --order-no GD-READ-001 --category HOT.URBAN.NOISE \
  --title "夜间施工噪音扰民" --unit "$GRID_UNIT" --requester "王芳" --phone 13912345678 --dispatched-at "$NOW"
H=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${CLERK[@]}" cases accept "$H"
expect_rc 0 "$CLI" "${CLERK[@]}" cases dispatch "$H" --unit "$GRID_UNIT"
expect_rc 0 "$CLI" "${GRID[@]}" hotline contact "$H" --method phone --result "已电话联系诉求人"
expect_rc 0 "$CLI" "${CLERK[@]}" hotline show "$H"
contains "$WORK/out" "时限类别 一般（5个工作日）"
contains "$WORK/out" "电话  已电话联系诉求人"
lacks "$WORK/out" "NORMAL"
lacks "$WORK/out" "PHONE"
expect_rc 0 "$CLI" "${CLERK[@]}" cases show "$H"
for words in "工单号 GD-READ-001" "联系方式 电话" "联系结果 已电话联系诉求人" "联系时间 "; do contains "$WORK/out" "$words"; done
for raw in "order_no=" "deadline_class=" "contact_method=" "contacted_at=" "PHONE"; do lacks "$WORK/out" "$raw"; done

step "the board names the units a community's cases went to, inside its scope or not"
# The demo's fights went to the police station, a department of the sub-district.
expect_rc 0 "$CLI" "${SUP[@]}" board
contains "$WORK/out" "新城派出所"
[[ "$(grep -c '#[0-9]' "$WORK/out")" == 1 ]] || { cat "$WORK/out" >&2; fail "the board shows unit ids for names"; }

step "a refused role reads from the catalogue and says which roles may"
expect_rc 1 "$CLI" "${GRID[@]}" cases merge "$H" --into "$N"
contains "$WORK/err" "您的角色无权进行此操作"
contains "$WORK/err" "可以进行此操作的角色: 受理员、主管"
lacks "$WORK/err" "may not"
expect_rc 1 "$CLI" "${GRID[@]}" --lang en cases merge "$H" --into "$N"
contains "$WORK/err" "Your role may not do this"
contains "$WORK/err" "roles that may do this: intake clerk, supervisor"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases merge "$H" --into "$N"
[[ "$(json "$WORK/out" 'd["error"]["allowed_roles"]')" == "['ROLE_INTAKE_CLERK', 'ROLE_SUPERVISOR']" ]] \
  || { cat "$WORK/out" >&2; fail "the JSON error does not name the roles"; }
# A message the server writes in English for its logs is not shown under the Chinese interface.
expect_rc 1 "$CLI" "${MED[@]}" cases close "$N"
contains "$WORK/err" "FOLLOW_UP_REQUIRED"
lacks "$WORK/err" "follow up on"

step "a reason the action always needs is asked for first, and --help marks it as required"
expect_rc 2 "$CLI" "${CLERK[@]}" cases comment "$H"
contains "$WORK/err" "备注需要 --reason"
expect_rc 2 "$CLI" "${CLERK[@]}" cases return "$H"
contains "$WORK/err" "退单需要 --reason"
expect_rc 2 "$CLI" "${GRID[@]}" cases create --kind incident --category INC.ENV.RUBBISH --title "垃圾满溢"
contains "$WORK/err" "--unit"
expect_rc 0 "$CLI" --help
contains "$WORK/out" "cases reject|return|escalate|reopen|suspend|comment 编号或ID --reason 原因"
contains "$WORK/out" "cases dispatch 编号或ID --unit 处置单位ID"
contains "$WORK/out" "--title 标题 --unit 网格或楼栋ID"
lacks "$WORK/out" "[--reason 原因] [--version 版本] [--unit 单位ID]"
expect_rc 0 "$CLI" --lang en --help
contains "$WORK/out" "cases reject|return|escalate|reopen|suspend|comment ID_OR_NUMBER --reason R"

echo "readable output: ok"
