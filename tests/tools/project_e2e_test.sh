#!/usr/bin/env bash
# Livelihood projects (民生项目) from the CLI against a real server on the demo: the demo's three
# projects on the board (red first); a new one created with its estates and milestones; a
# milestone before the start refused in Chinese, changing nothing; a milestone added and reached,
# a progress update with a photo, a complaint linked and shown on the project page; finishing
# refused while a milestone is open, then done; the figures; and scope: a grid worker elsewhere
# does not see the project and may not create one.
#
#   project_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" project

demo_server
login_as SUP supervisor
login_as GRID grid1
login_as GRID2 grid2
expect_rc 0 "$CLI" "${SUP[@]}" --json whoami
XC=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

step "the demo's projects are on the board, red first"
expect_rc 0 "$CLI" "${SUP[@]}" --json projects list
[[ "$(json "$WORK/out" 'len(d["projects"])')" == 3 ]] || fail "the demo has not three projects"
[[ "$(json "$WORK/out" 'd["projects"][0]["name"]')" == 北岸华庭二期供热管网改造 ]] || fail "the late project is not first"
[[ "$(json "$WORK/out" 'd["projects"][0]["colour"]')" == COLOUR_RED ]] || fail "the late project is not red"
expect_rc 0 "$CLI" "${SUP[@]}" projects list
contains "$WORK/out" "沈铁四个小区自来水分水阀改造"
contains "$WORK/out" "已竣工"

step "usage errors are refused before anything is sent"
expect_rc 2 "$CLI" "${SUP[@]}" projects create --name 缺单位 --start 2026-03-01
expect_rc 2 "$CLI" "${SUP[@]}" projects create --name x --unit "$XC" --start 2026-03-01 --estate '只有名称'
expect_rc 2 "$CLI" "${SUP[@]}" projects milestone 1 --add --done 1
expect_rc 2 "$CLI" "${SUP[@]}" projects frobnicate

step "a milestone before the project's start is refused in Chinese and nothing is created"
expect_rc 1 "$CLI" "${SUP[@]}" projects create --name 河畔小区雨污分流改造 --unit "$XC" --start 2026-03-01 \
  --estate "河畔小区|$GRID_UNIT|640" --milestone '设计完成|2026-02-20'
contains "$WORK/err" "项目节点的日期不能早于项目开工日期"
expect_rc 1 "$CLI" "${SUP[@]}" --json projects create --name 河畔小区雨污分流改造 --unit "$XC" --start 2026-03-01 \
  --milestone '设计完成|2026-02-20'
reason_is MILESTONE_BEFORE_START
expect_rc 0 "$CLI" "${SUP[@]}" --json projects list
[[ "$(json "$WORK/out" 'len(d["projects"])')" == 3 ]] || fail "a refused project was stored"

step "a project is created with its estate, budget and milestones; a resend makes no second one"
expect_rc 0 "$CLI" "${SUP[@]}" --json projects create --name 河畔小区雨污分流改造 --unit "$XC" --start 2026-03-01 \
  --budget 860000 --estate "河畔小区|$GRID_UNIT|640" --milestone '设计完成|2026-03-20' --request-id p-1
P=$(json "$WORK/out" 'd["project"]["id"]')
[[ "$(json "$WORK/out" 'd["project"]["estates"][0]["households"]')" == 640 ]] || fail "households lost"
[[ "$(json "$WORK/out" 'd["project"]["budget_yuan"]')" == 860000 ]] || fail "budget lost"
[[ "$(json "$WORK/out" 'd["project"]["state"]')" == PROJECT_STATE_ACTIVE ]] || fail "not active"
expect_rc 0 "$CLI" "${SUP[@]}" --json projects create --name 河畔小区雨污分流改造 --unit "$XC" --start 2026-03-01 \
  --budget 860000 --estate "河畔小区|$GRID_UNIT|640" --milestone '设计完成|2026-03-20' --request-id p-1
[[ "$(json "$WORK/out" 'd["project"]["id"]')" == "$P" ]] || fail "a resend made a second project"

step "scope and roles: grid 2 does not see it, grid 1 does but may not create one"
expect_rc 1 "$CLI" "${GRID2[@]}" --json projects show "$P"
reason_is PROJECT_NOT_FOUND
expect_rc 0 "$CLI" "${GRID[@]}" --json projects show "$P"
expect_rc 1 "$CLI" "${GRID[@]}" --json projects create --name x --unit "$GRID_UNIT" --start 2026-03-01
reason_is ROLE_MAY_NOT

step "milestones: one added, one moved before the start (refused), one reached"
expect_rc 0 "$CLI" "${SUP[@]}" --json projects milestone "$P" --add --name 管网施工完成 --date 2026-04-30
[[ "$(json "$WORK/out" 'len(d["project"]["milestones"])')" == 2 ]] || fail "milestone not added"
expect_rc 1 "$CLI" "${SUP[@]}" --json projects milestone "$P" --edit 2 --date 2026-01-05
reason_is MILESTONE_BEFORE_START
expect_rc 1 "$CLI" "${SUP[@]}" --json projects milestone "$P" --edit 2 --date 2026-04-31
reason_is BAD_DATE
expect_rc 0 "$CLI" "${SUP[@]}" --json projects milestone "$P" --done 1 --date 2026-03-18
[[ "$(json "$WORK/out" 'd["project"]["milestones"][0]["actual_date"]')" == 2026-03-18 ]] || fail "not reached"
[[ "$(json "$WORK/out" 'd["project"]["milestones"][1]["planned_date"]')" == 2026-04-30 ]] || fail "a refused edit changed it"

step "a progress update with a photo"
"$PY" - "$WORK/site.png" <<'PYEOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
raw = b"".join(b"\x00" + b"\x80\x40\x20" * 4 for _ in range(4))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PYEOF
printf 'not a picture' >"$WORK/fake.png"
expect_rc 1 "$CLI" "${GRID[@]}" --json projects update "$P" --note 已开挖 --photo "$WORK/fake.png"
reason_is CONTENT_TYPE_MISMATCH
expect_rc 0 "$CLI" "${GRID[@]}" --json projects update "$P" --note "北侧管沟已开挖，现场照片" --photo "$WORK/site.png"
SHA=$(sha256sum "$WORK/site.png" | cut -d' ' -f1)
[[ "$(json "$WORK/out" 'd["project"]["updates"][0]["photos"][0]["sha256"]')" == "$SHA" ]] || fail "photo digest"
[[ -f "$DB.attachments/${SHA:0:2}/${SHA:2}" ]] || fail "the photo's bytes were not stored"

step "a complaint is linked and shown on the project page"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH --title 雨水井堵塞 \
  --description 河畔小区3号楼雨水井堵塞外溢 --unit "$GRID_UNIT" --address 河畔小区3号楼
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json projects link "$P" "$NUMBER"
[[ "$(json "$WORK/out" 'd["project"]["complaints_linked"]')" == 1 ]] || fail "not linked"
expect_rc 1 "$CLI" "${GRID[@]}" --json projects link "$P" "$NUMBER"
reason_is COMPLAINT_ALREADY_LINKED
expect_rc 0 "$CLI" "${SUP[@]}" projects show "$P"
contains "$WORK/out" "关联投诉"
contains "$WORK/out" "$NUMBER"
contains "$WORK/out" "河畔小区（"
contains "$WORK/out" "640户"

step "finishing waits for every milestone; then the project is done"
expect_rc 1 "$CLI" "${SUP[@]}" --json projects finish "$P"
reason_is MILESTONES_OPEN
expect_rc 0 "$CLI" "${SUP[@]}" --json projects milestone "$P" --done 2
expect_rc 0 "$CLI" "${SUP[@]}" --json projects finish "$P"
[[ "$(json "$WORK/out" 'd["project"]["state"]')" == PROJECT_STATE_FINISHED ]] || fail "not finished"
expect_rc 1 "$CLI" "${SUP[@]}" --json projects update "$P" --note 补充
reason_is PROJECT_FINISHED

step "the figures: the demo's three and this one"
expect_rc 0 "$CLI" "${SUP[@]}" --json projects figures
[[ "$(json "$WORK/out" 'd["total"]')" == 4 ]] || fail "total"
[[ "$(json "$WORK/out" 'd["done"]')" == 2 ]] || fail "done"
[[ "$(json "$WORK/out" 'd["late"]')" == 1 ]] || fail "late"
[[ "$(json "$WORK/out" 'd["on_time"]')" == 1 ]] || fail "on time"
[[ "$(json "$WORK/out" '[r["complaints_before"] for r in d["projects"] if int(r["project_id"]) == '"$P"'][0]')" == 1 ]] \
  || fail "the complaint is not counted before completion"
expect_rc 0 "$CLI" "${SUP[@]}" projects figures
contains "$WORK/out" "按期推进 1"
contains "$WORK/out" "滞后 1"
contains "$WORK/out" "已竣工 2"
expect_rc 0 "$CLI" "${GRID2[@]}" --json projects figures
[[ "$(json "$WORK/out" 'd["total"]')" == 0 ]] || fail "grid 2 counts projects it cannot see"

echo "project end-to-end: ok"
