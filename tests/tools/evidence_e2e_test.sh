#!/usr/bin/env bash
# One matter from many sources and the evidence on cases, from the CLI against a real server:
# duplicate suggestions for a draft and for a registered case; attachments uploaded and
# downloaded in chunks, a checksum mismatch, the size and type limits, a user outside the
# subtree refused; a category that requires evidence refusing RESOLVE until a file is attached.
# Also the bad inputs: unknown enum values, resent and reused request ids, stale versions.
#
#   evidence_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" evidence

DB="$WORK/var/gridcase.db"
expect_rc 0 "$ADMIN" --db "$DB" init --demo
# A stale temp file, as a crash mid-upload leaves it: the server removes it when it starts.
mkdir -p "$DB.attachments/tmp"
echo partial >"$DB.attachments/tmp/0123.part"

step "start gridcased with small attachment limits"
start_server "$DB" --max-attachment-bytes 200000 --attachment-chunk-bytes 4096 \
  --attachment-types image/jpeg,application/pdf --duplicate-window-days 7
export GRIDCASE_SERVER=$URL
[[ ! -e "$DB.attachments/tmp/0123.part" ]] || fail "the stale upload was not removed"
GRID=(--token-file "$WORK/grid1.token")
GRID2=(--token-file "$WORK/grid2.token")
SUP=(--token-file "$WORK/sup.token")
ADM=(--token-file "$WORK/admin.token")
expect_rc 0 "$CLI" "${GRID[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${GRID2[@]}" login grid2 --password demo12345
expect_rc 0 "$CLI" "${SUP[@]}" login hepan_sup --password demo12345
expect_rc 0 "$CLI" "${ADM[@]}" login admin --password demo12345
expect_rc 0 "$CLI" "${GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

step "duplicates: a draft at the same address, then the registered case"
ADDR="河畔小区9号楼东侧消防通道"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
  --title "消防通道堆放杂物" --description "9号楼东侧消防通道堆满纸箱" --unit "$GRID_UNIT" --address "$ADDR"
FIRST=$(json "$WORK/out" 'd["case"]["id"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json cases duplicates --kind incident --category INC.ENV.RUBBISH --address "$ADDR"
[[ "$(json "$WORK/out" '[c["id"] for c in d.get("cases", [])]')" == "['$FIRST']" ]] || fail "the first report was not suggested"
expect_rc 0 "$CLI" "${GRID[@]}" cases duplicates --kind incident --category INC.ENV.RUBBISH --address "$ADDR"
contains "$WORK/out" "疑似重复"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
  --title "楼道杂物" --description "又有人反映9号楼消防通道杂物" --unit "$GRID_UNIT" --address "$ADDR"
SECOND=$(json "$WORK/out" 'd["case"]["id"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json cases duplicates "$SECOND"
"$PY" - "$WORK/out" "$FIRST" "$SECOND" <<'PYEOF' || fail "duplicates of the second case"
import json, sys
d = json.loads(open(sys.argv[1]).readline())
ids = [c["id"] for c in d.get("cases", [])]
assert sys.argv[2] in ids and sys.argv[3] not in ids, ids
PYEOF
expect_rc 0 "$CLI" "${GRID[@]}" --json cases duplicates --kind incident --category INC.FAC.STREETLIGHT --address "$ADDR"
[[ "$(json "$WORK/out" 'len(d.get("cases", []))')" == 0 ]] || fail "another category was suggested"
expect_rc 1 "$CLI" "${GRID2[@]}" --json cases duplicates "$SECOND"
reason_is CASE_NOT_FOUND
expect_rc 2 "$CLI" "${GRID[@]}" cases duplicates --kind spaceship --category INC.ENV.RUBBISH
expect_rc 1 "$CLI" "${GRID[@]}" --json cases duplicates --kind incident --category NO.SUCH
reason_is UNKNOWN_CATEGORY

step "duplicates in the reply to a new case; a merge across categories asks why; show names the parent"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$FIRST"
FIRST_NO=$(json "$WORK/out" 'd["case"]["number"]')
# The same place typed with a space, in other words: the clerk sees the first report at once.
expect_rc 0 "$CLI" "${GRID[@]}" cases create --kind incident --category INC.ENV.RUBBISH \
  --title "纸箱堵住通道" --unit "$GRID_UNIT" --address "河畔小区 9号楼东侧消防通道" --request-id dup-3
contains "$WORK/out" "疑似重复的案件"
contains "$WORK/out" "$FIRST_NO"
contains "$WORK/out" "gridcase cases merge"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
  --title "纸箱堵住通道" --unit "$GRID_UNIT" --address "河畔小区 9号楼东侧消防通道" --request-id dup-3
DUP=$(json "$WORK/out" 'd["case"]["id"]')
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.FAC.MANHOLE \
  --title "井盖缺失" --unit "$GRID_UNIT" --address "河畔小区南门"
MANHOLE=$(json "$WORK/out" 'd["case"]["id"]')
[[ "$(json "$WORK/out" 'len(d.get("likely_duplicates", []))')" == 0 ]] || fail "a manhole was suggested as a duplicate of rubbish"
expect_rc 1 "$CLI" "${SUP[@]}" cases merge "$DUP" --into "$MANHOLE"
contains "$WORK/err" "MERGE_NEEDS_REASON"
contains "$WORK/err" "类别不同（垃圾暴露，井盖缺失）"
contains "$WORK/err" "地点不同"
expect_rc 0 "$CLI" "${SUP[@]}" cases show "$DUP"
contains "$WORK/out" "状态: 已登记"  # nothing changed
expect_rc 0 "$CLI" "${SUP[@]}" cases merge "$DUP" --into "$FIRST"
expect_rc 0 "$CLI" "${SUP[@]}" cases show "$DUP"
contains "$WORK/out" "合并至: $FIRST_NO"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases duplicates --kind incident --category INC.ENV.RUBBISH --address "$ADDR"
[[ "$(json "$WORK/out" '[c["id"] for c in d.get("cases", [])]')" != *"'$DUP'"* ]] || fail "a merged case was suggested again"
expect_rc 0 "$CLI" "${SUP[@]}" cases unmerge "$DUP" --reason "另行处理"

step "attach a photo in chunks; list; download and compare"
# A JPEG by its magic numbers (what the server checks), then bytes of every value.
"$PY" -c 'import sys; open(sys.argv[1],"wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes((i*131+i//7)&255 for i in range(50000)))' "$WORK/after.jpg"
expect_rc 0 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/after.jpg" --note "清理后照片" --lat 39.91 --lon 116.40 \
  --request-id attach-1
ATT=$(json "$WORK/out" 'd["attachment"]["id"]')
SHA=$(json "$WORK/out" 'd["attachment"]["sha256"]')
[[ "$SHA" == "$(sha256sum "$WORK/after.jpg" | cut -d' ' -f1)" ]] || fail "the stored sha256 differs"
[[ -f "$DB.attachments/${SHA:0:2}/${SHA:2}" ]] || fail "the content is not stored by its sha256"
expect_rc 0 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/after.jpg" --note "清理后照片" --lat 39.91 --lon 116.40 \
  --request-id attach-1
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resend was not a replay"
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/after.jpg" --note "另一说明" --request-id attach-1
reason_is REQUEST_ID_REUSED
expect_rc 0 "$CLI" "${SUP[@]}" attachments "$FIRST"
contains "$WORK/out" "after.jpg"
contains "$WORK/out" "清理后照片"
contains "$WORK/out" "$SHA"
expect_rc 0 "$CLI" "${SUP[@]}" download "$ATT" --out "$WORK/copy.jpg"
cmp -s "$WORK/after.jpg" "$WORK/copy.jpg" || fail "the download differs from the upload"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$FIRST"
contains "$WORK/out" "ACTION_ATTACH"

step "others are refused"
expect_rc 1 "$CLI" "${GRID2[@]}" --json download "$ATT" --out "$WORK/stolen.jpg"
reason_is ATTACHMENT_NOT_FOUND
[[ ! -e "$WORK/stolen.jpg" ]] || fail "a refused download wrote a file"
expect_rc 1 "$CLI" "${GRID2[@]}" --json attachments "$FIRST"
reason_is CASE_NOT_FOUND
expect_rc 1 "$CLI" "${GRID2[@]}" --json attach "$FIRST" "$WORK/after.jpg"
reason_is CASE_NOT_FOUND
expect_rc 1 "$CLI" "${ADM[@]}" --json attach "$FIRST" "$WORK/after.jpg"
reason_is ROLE_MAY_NOT

step "a damaged or oversized upload leaves nothing"
stored_files() { find "$DB.attachments" -type f | wc -l; }
BEFORE=$(stored_files)
echo "另一份文件" >"$WORK/scan.pdf"
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/scan.pdf" \
  --sha256 0000000000000000000000000000000000000000000000000000000000000000
reason_is CHECKSUM_MISMATCH
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/scan.pdf" --sha256 nothex
reason_is BAD_SHA256
head -c 300000 /dev/zero >"$WORK/huge.jpg"
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/huge.jpg"
reason_is TOO_LARGE
echo "MZ" >"$WORK/tool.exe"
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/tool.exe" --type application/x-msdownload
reason_is TYPE_NOT_ALLOWED
step "a file whose content is not what its name or declared type says is refused, named, in Chinese"
echo "这不是照片" >"$WORK/fake.jpg"
expect_rc 1 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/fake.jpg"
reason_is CONTENT_TYPE_MISMATCH
expect_rc 1 "$CLI" "${GRID[@]}" attach "$FIRST" "$WORK/fake.jpg"
contains "$WORK/err" "附件“fake.jpg”的内容是文本（text/plain），不是声明的 image/jpeg"
printf '#!/bin/sh\necho pwned\n' >"$WORK/run.sh"
expect_rc 1 "$CLI" "${GRID[@]}" attach "$FIRST" "$WORK/run.sh" --type image/jpeg
contains "$WORK/err" "附件“run.sh”的内容是脚本或程序（text/x-shellscript）"
expect_rc 1 "$CLI" "${GRID[@]}" attach "$FIRST" "$WORK/huge.jpg"
contains "$WORK/err" "附件“huge.jpg”有 0.29 MB，超过上限 0.19 MB"
[[ "$(stored_files)" == "$BEFORE" ]] || fail "a refused upload left a file"
expect_rc 0 "$CLI" "${GRID[@]}" --json attachments "$FIRST"
[[ "$(json "$WORK/out" 'len(d["attachments"])')" == 1 ]] || fail "a refused upload left a row"

step "a category that requires evidence refuses RESOLVE until a file is attached"
expect_rc 1 "$CLI" "${SUP[@]}" --json categories evidence INC.FAC.STREETLIGHT --required
reason_is ROLE_MAY_NOT
expect_rc 2 "$CLI" "${ADM[@]}" categories evidence INC.FAC.STREETLIGHT
expect_rc 1 "$CLI" "${ADM[@]}" --json categories evidence NO.SUCH --required
reason_is UNKNOWN_CATEGORY
expect_rc 0 "$CLI" "${ADM[@]}" categories evidence INC.FAC.STREETLIGHT --required
contains "$WORK/out" "办结前须上传证据附件"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.FAC.STREETLIGHT \
  --title "路灯不亮" --description "9号楼前路灯损坏" --unit "$GRID_UNIT" --address "$ADDR"
LAMP=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" "${GRID[@]}" cases accept "$LAMP"
expect_rc 0 "$CLI" "${GRID[@]}" cases dispatch "$LAMP" --unit "$GRID_UNIT"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases resolve "$LAMP" --outcome resolved
reason_is EVIDENCE_REQUIRED
expect_rc 1 "$CLI" "${GRID[@]}" cases resolve "$LAMP" --outcome resolved
contains "$WORK/err" "该类别办结前须上传附件"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases show "$LAMP"
VERSION=$(json "$WORK/out" 'd["case"]["version"]')
expect_rc 0 "$CLI" "${GRID[@]}" attach "$LAMP" "$WORK/after.jpg" --note "修复后路灯照片"
expect_rc 1 "$CLI" "${GRID[@]}" --json cases resolve "$LAMP" --outcome resolved --version "$VERSION"
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${GRID[@]}" --json cases resolve "$LAMP" --outcome resolved
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_RESOLVED ]] || fail "not resolved"

step "link and unlink two reports of the same matter"
expect_rc 0 "$CLI" "${SUP[@]}" cases link "$FIRST" "$SECOND" --reason "同一消防通道"
contains "$WORK/out" "关联案件 完成"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases related "$SECOND"
[[ "$(json "$WORK/out" '[c["id"] for c in d["linked"]]')" == "['$FIRST']" ]] || fail "the link is not shown on the other case"
expect_rc 1 "$CLI" "${SUP[@]}" --json cases link "$SECOND" "$FIRST"
reason_is ALREADY_LINKED
expect_rc 1 "$CLI" "${GRID2[@]}" --json cases link "$FIRST" "$SECOND"
reason_is CASE_NOT_FOUND
expect_rc 1 "$CLI" "${SUP[@]}" --json cases link "$FIRST" "$FIRST"
reason_is BAD_LINK_TARGET
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$SECOND"
contains "$WORK/out" "ACTION_LINK"
expect_rc 0 "$CLI" "${SUP[@]}" cases unlink "$FIRST" "$SECOND" --reason "并非同一事项" --request-id unlink-1
expect_rc 0 "$CLI" "${SUP[@]}" --json cases unlink "$FIRST" "$SECOND" --reason "并非同一事项" --request-id unlink-1
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "a resent unlink was not a replay"
expect_rc 1 "$CLI" "${SUP[@]}" --json cases unlink "$FIRST" "$SECOND"
reason_is NOT_LINKED

step "merge two reports into one parent; unmerge one; the parent resolves and closes, the other follows"
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.ENV.RUBBISH \
  --title "消防通道杂物（第三次反映）" --description "同一问题" --unit "$GRID_UNIT" --address "$ADDR"
THIRD=$(json "$WORK/out" 'd["case"]["id"]')
expect_rc 0 "$CLI" "${SUP[@]}" cases accept "$FIRST"
expect_rc 0 "$CLI" "${SUP[@]}" cases dispatch "$FIRST" --unit "$GRID_UNIT"
expect_rc 0 "$CLI" "${SUP[@]}" cases accept "$SECOND"
expect_rc 0 "$CLI" "${SUP[@]}" cases merge "$SECOND" --into "$FIRST" --reason "同一事项"
expect_rc 0 "$CLI" "${SUP[@]}" cases merge "$THIRD" --into "$FIRST" --reason "同一事项"
expect_rc 1 "$CLI" "${SUP[@]}" --json cases merge "$FIRST" --into "$SECOND"
reason_is MERGE_INTO_CHILD
expect_rc 0 "$CLI" "${GRID[@]}" --json cases create --kind incident --category INC.FAC.MANHOLE \
  --title "井盖松动" --description "9号楼前井盖松动" --unit "$GRID_UNIT" --address "$ADDR"
FOURTH=$(json "$WORK/out" 'd["case"]["id"]')
expect_rc 1 "$CLI" "${SUP[@]}" --json cases merge "$FIRST" --into "$FOURTH"
reason_is HAS_MERGED_CASES
expect_rc 0 "$CLI" "${SUP[@]}" --json cases related "$FIRST"
[[ "$(json "$WORK/out" 'len(d["merged"])')" == 2 ]] || fail "the parent does not list its two children"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$SECOND"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_MERGED ]] || fail "the child is not merged"
V2=$(json "$WORK/out" 'd["case"]["version"]')
expect_rc 1 "$CLI" "${GRID[@]}" --json cases unmerge "$SECOND"
reason_is ROLE_MAY_NOT
expect_rc 1 "$CLI" "${SUP[@]}" --json cases unmerge "$SECOND" --version $((V2 - 1))
reason_is STALE_VERSION
expect_rc 0 "$CLI" "${SUP[@]}" --json cases unmerge "$SECOND" --reason "另行处理"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_ACCEPTED ]] || fail "unmerge did not restore the state"
expect_rc 0 "$CLI" "${SUP[@]}" cases resolve "$FIRST" --outcome resolved
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$THIRD"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_RESOLVED ]] || fail "the child did not follow the parent"
contains "$WORK/out" "parent_case_id"
expect_rc 1 "$CLI" "${SUP[@]}" --json cases unmerge "$THIRD"
reason_is PARENT_NOT_OPEN
expect_rc 0 "$CLI" "${SUP[@]}" cases close "$FIRST"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$THIRD"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_CLOSED ]] || fail "the child did not follow the parent to closed"
expect_rc 1 "$CLI" "${SUP[@]}" --json cases merge "$SECOND" --into "$FIRST"
reason_is MERGE_TARGET_CLOSED
expect_rc 0 "$CLI" "${SUP[@]}" --json cases show "$SECOND"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_ACCEPTED ]] || fail "the unmerged case followed the parent"

step "after a restart the attachments are still there"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
start_server "$DB"
export GRIDCASE_SERVER=$URL
# The server listens on another port now: a login is kept with its server's address.
expect_rc 0 "$CLI" "${SUP[@]}" login hepan_sup --password demo12345
expect_rc 0 "$CLI" "${SUP[@]}" download "$ATT" --out "$WORK/again.jpg"
cmp -s "$WORK/after.jpg" "$WORK/again.jpg" || fail "the download after a restart differs"
echo "evidence e2e: ok"
