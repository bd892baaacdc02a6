#!/usr/bin/env bash
# Property companies (物业企业) and residents' forums (恳谈会) from the CLI against a real server
# on the demo data: an estate recorded for 富力物业; a case sent to it counted in its figures
# (complaints per 1,000 households); the monthly 监督评议 report in Chinese as HTML and CSV; a
# forum whose opinions become a case (once) or are answered, and the forum figures. Also the bad
# inputs, each refused with nothing changed: an unknown company, a company or estate outside
# the caller's scope, a negative attendance, an opinion turned into a case twice, a bad month.
#
#   property_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" property

demo_server
login_as SUP supervisor
login_as HSUP hepan_sup
login_as GRID grid1

expect_rc 0 "$CLI" "${SUP[@]}" --json org tree
unit_id() { json "$WORK/tree" "[u['id'] for u in d['units'] if u['name'] == '$1'][0]"; }
cp "$WORK/out" "$WORK/tree"
COMPANY=$(unit_id 富力物业服务有限公司)
FULI=$(unit_id 富力新城社区)
HEPAN=$(unit_id 河畔社区)
GRID_FULI=$(json "$WORK/tree" "[u['id'] for u in d['units'] if u['parent_id'] == '$FULI' and u['type'] == 'UNIT_TYPE_GRID'][0]")
GRID_HEPAN=$(json "$WORK/tree" "[u['id'] for u in d['units'] if u['parent_id'] == '$HEPAN' and u['type'] == 'UNIT_TYPE_GRID'][0]")
MONTH=$(TZ=Asia/Shanghai date +%Y-%m)
TODAY=$(TZ=Asia/Shanghai date +%F)

step "estates: bad input is refused and nothing is recorded"
expect_rc 0 "$CLI" "${SUP[@]}" --json property estates --company "$COMPANY"
[[ "$(json "$WORK/out" 'len(d.get("estates", []))')" == 2 ]] || fail "the demo's two estates of 富力物业"
expect_rc 1 "$CLI" "${SUP[@]}" --json property add-estate --company 99999 --community "$FULI" --name 富力城三期 --households 1200
reason_is NOT_A_PROPERTY_COMPANY
expect_rc 1 "$CLI" "${HSUP[@]}" --json property add-estate --company "$COMPANY" --community "$FULI" --name 富力城三期 --households 1200
reason_is NOT_A_PROPERTY_COMPANY
expect_rc 1 "$CLI" "${SUP[@]}" --json property add-estate --company "$COMPANY" --community "$GRID_FULI" --name 富力城三期 --households 1200
reason_is ESTATE_OUTSIDE_SCOPE
expect_rc 1 "$CLI" "${SUP[@]}" --json property add-estate --company "$COMPANY" --community "$FULI" --name 富力城三期 --households 0
reason_is BAD_ESTATE
expect_rc 1 "$CLI" "${GRID[@]}" --json property add-estate --company "$COMPANY" --community "$FULI" --name 富力城三期 --households 1200
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${SUP[@]}" property add-estate --company 99999 --community "$FULI" --name 富力城三期 --households 1200
contains "$WORK/err" "物业企业"
expect_rc 0 "$CLI" "${SUP[@]}" --json property estates --company "$COMPANY"
[[ "$(json "$WORK/out" 'len(d.get("estates", []))')" == 2 ]] || fail "a refused estate was recorded"

step "an estate of 1,200 households (3,440 with the demo's two); a case sent to the company counts in its figures"
expect_rc 0 "$CLI" "${SUP[@]}" --json property add-estate --company "$COMPANY" --community "$FULI" --name 富力城三期 --households 1200
expect_rc 1 "$CLI" "${SUP[@]}" --json property add-estate --company "$COMPANY" --community "$FULI" --name 富力城三期 --households 300
reason_is ESTATE_EXISTS
expect_rc 0 "$CLI" "${SUP[@]}" property companies
contains "$WORK/out" "富力城三期"
contains "$WORK/out" "3440"
expect_rc 0 "$CLI" "${SUP[@]}" --json property figures --company "$COMPANY" --month "$MONTH"
BEFORE=$(json "$WORK/out" 'int(d.get("cases", 0))')
[[ "$(json "$WORK/out" 'd["households"]')" == 3440 ]] || fail "households not 3440"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title 小区垃圾清运不及时 \
  --unit "$GRID_FULI"
CASE=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${SUP[@]}" cases accept "$CASE"
expect_rc 0 "$CLI" "${SUP[@]}" property send "$CASE" --company "$COMPANY" --reason 物业负责清运
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$CASE"
[[ "$(json "$WORK/out" 'd["case"]["handling_unit_id"]')" == "$COMPANY" ]] || fail "not sent to the company"
[[ "$(json "$WORK/out" '[e["action"] for e in d["history"]][-1]')" == ACTION_DISPATCH ]] || fail "no dispatch in the history"
expect_rc 0 "$CLI" "${SUP[@]}" --json property figures --company "$COMPANY" --month "$MONTH"
AFTER=$(json "$WORK/out" 'int(d["cases"])')
[[ "$AFTER" == $((BEFORE + 1)) ]] || fail "the sent case was not counted ($BEFORE → $AFTER)"
[[ "$(json "$WORK/out" '"%.4f" % d["per_1000"]')" == "$("$PY" -c "print('%.4f' % ($AFTER * 1000 / 3440))")" ]] \
  || fail "complaints per 1,000 households"
expect_rc 0 "$CLI" "${SUP[@]}" property ranking --month "$MONTH"
contains "$WORK/out" "富力物业服务有限公司"
contains "$WORK/out" "金源物业管理有限公司"

step "the monthly 监督评议 report in Chinese, as HTML and CSV"
expect_rc 0 "$CLI" "${SUP[@]}" report property --company "$COMPANY" --month "$MONTH" --format html --out "$WORK/report.html"
contains "$WORK/report.html" "监督评议月报"
contains "$WORK/report.html" "富力城三期"
contains "$WORK/report.html" "每千户投诉"
contains "$WORK/report.html" "$CASE"
expect_rc 0 "$CLI" "${SUP[@]}" report property --company "$COMPANY" --month "$MONTH" --format csv --out "$WORK/report.csv"
contains "$WORK/report.csv" "投诉件数,$AFTER"
contains "$WORK/report.csv" "富力城三期,富力新城社区,1200"
contains "$WORK/report.csv" "$CASE"
expect_rc 2 "$CLI" "${SUP[@]}" report property --company "$COMPANY" --month 2026-13 --format csv
expect_rc 2 "$CLI" "${SUP[@]}" report property --company "$COMPANY" --month "$MONTH" --format pdf
expect_rc 1 "$CLI" "${SUP[@]}" --json report property --company 99999 --month "$MONTH"
reason_is NOT_A_PROPERTY_COMPANY

step "forums: a negative attendance is refused and nothing is recorded"
expect_rc 1 "$CLI" "${HSUP[@]}" --json forums record --unit "$HEPAN" --date "$TODAY" --place 社区党群服务中心 --attendance -3 \
  --opinion 电梯经常停运
reason_is BAD_FORUM
expect_rc 1 "$CLI" "${HSUP[@]}" --json forums record --unit "$FULI" --date "$TODAY" --place 社区活动室 --attendance 3
reason_is UNIT_NOT_FOUND
expect_rc 0 "$CLI" "${HSUP[@]}" --json forums list
[[ "$(json "$WORK/out" 'len(d.get("forums", []))')" == 1 ]] || fail "a refused forum was recorded (the demo has one)"

step "a forum: one opinion becomes a case (once), one is answered on the spot"
expect_rc 0 "$CLI" "${HSUP[@]}" --json forums record --unit "$HEPAN" --date "$TODAY" --place 社区党群服务中心 --attendance 42 \
  --opinion 路灯不亮 --opinion 希望增设充电桩 --opinion 楼道堆物
FORUM=$(json "$WORK/out" 'd["forums"][0]["id"]')
expect_rc 0 "$CLI" "${HSUP[@]}" --json forums opinion-case "$FORUM" 1 --category INC.FAC.STREETLIGHT --unit "$GRID_HEPAN"
OCASE=$(json "$WORK/out" 'd["forums"][0]["opinions"][0]["case_number"]')
[[ -n "$OCASE" ]] || fail "no case made"
expect_rc 1 "$CLI" "${HSUP[@]}" --json forums opinion-case "$FORUM" 1 --category INC.FAC.STREETLIGHT --unit "$GRID_HEPAN"
reason_is OPINION_HANDLED
expect_rc 1 "$CLI" "${HSUP[@]}" --json forums opinion-case "$FORUM" 9 --category INC.FAC.STREETLIGHT --unit "$GRID_HEPAN"
reason_is OPINION_NOT_FOUND
expect_rc 0 "$CLI" "${HSUP[@]}" --json cases show "$OCASE"
[[ "$(json "$WORK/out" 'd["history"][0]["details"]["forum_id"]')" == "$FORUM" ]] || fail "the case does not show its forum"
expect_rc 0 "$CLI" "${HSUP[@]}" forums opinion-answer "$FORUM" 2 --answer 已列入明年计划
expect_rc 0 "$CLI" "${HSUP[@]}" forums show "$FORUM"
contains "$WORK/out" "已转案件 $OCASE"
contains "$WORK/out" "当场答复：已列入明年计划"
contains "$WORK/out" "待处理"
expect_rc 0 "$CLI" "${HSUP[@]}" cases reject "$OCASE" --reason 重复反映

step "forum figures per community (today's: the demo's forum was three days ago)"
expect_rc 0 "$CLI" "${SUP[@]}" --json forums figures --from "$TODAY" --to "$TODAY"
[[ "$(json "$WORK/out" 'd["total"]["forums"]')" == 1 ]] || fail "forums held"
[[ "$(json "$WORK/out" 'd["total"]["opinions"]')" == 3 ]] || fail "opinions raised"
[[ "$(json "$WORK/out" 'd["total"]["answered"]')" == 1 ]] || fail "answered"
[[ "$(json "$WORK/out" 'd["total"]["turned_into_cases"]')" == 1 ]] || fail "turned into cases"
[[ "$(json "$WORK/out" 'd["total"]["cases_other"]')" == 1 ]] || fail "the rejected case"
expect_rc 0 "$CLI" "${SUP[@]}" forums figures --from "$TODAY" --to "$TODAY"
contains "$WORK/out" "河畔社区  恳谈会 1"

echo "property end-to-end: ok"
