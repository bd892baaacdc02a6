#!/usr/bin/env bash
# The gridcase CLI end to end: a demo database, a real gridcased on a free port, and the
# commands people use, checked for their output and exit codes.
#
#   cli_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-cli-e2e.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  if [[ -f "$WORK/server.err" ]]; then
    printf -- '--- server stderr (tail) ---\n' >&2
    tail -n 20 "$WORK/server.err" >&2 || true
  fi
  exit 1
}
# expect_rc CODE COMMAND...: runs the command, keeps its output in $WORK/out and $WORK/err.
expect_rc() {
  local want=$1
  shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [[ "$got" != "$want" ]]; then
    cat "$WORK/out" "$WORK/err" >&2
    fail "expected exit $want, got $got: $*"
  fi
}
contains() { # contains FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not contain '$2'"; }
}
json() { # json FILE EXPRESSION: evaluates EXPRESSION over the first JSON line of FILE as `d`
  "$PY" -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(eval(sys.argv[2]))' "$1" "$2"
}

DB="$WORK/var/gridcase.db"

step "gridcase-admin: init --demo, twice"
expect_rc 0 "$ADMIN" --db "$DB" init --demo
contains "$WORK/out" "grid1"
contains "$WORK/out" "demo12345"
expect_rc 0 "$ADMIN" --db "$DB" init --demo
contains "$WORK/out" "not loaded"
expect_rc 2 "$ADMIN" --db "$DB" frobnicate
expect_rc 0 "$ADMIN" --help

step "gridcase-admin: import-org and add-user"
cat >"$WORK/org.csv" <<'CSV'
code,parent_code,type,name,case_prefix
370100001009,370100001,COMMUNITY,滨河社区,
37010000100901,370100001009,GRID,第一网格,
3701000010090101,37010000100901,BUILDING_GROUP,1-2栋,
37010000100902,370100001009,grid,第二网格,
3701000010099901,37010000109999,GRID,无主网格,
370100001010,370100001,PLANET,错误类型,
CSV
expect_rc 1 "$ADMIN" --db "$DB" import-org "$WORK/org.csv"
contains "$WORK/out" "Imported 4 of 6"
contains "$WORK/err" "org.csv:6:"
contains "$WORK/err" "org.csv:7:"
expect_rc 0 "$ADMIN" --db "$DB" add-user --username binhe1 --password binhe-pass-1 \
  --role grid_worker --scope 37010000100901 --name 滨河网格员
expect_rc 1 "$ADMIN" --db "$DB" add-user --username binhe1 --password binhe-pass-1 \
  --role grid_worker --scope 37010000100901
expect_rc 2 "$ADMIN" --db "$DB" add-user --username x1 --password binhe-pass-1 --role pilot --scope 370100

step "start gridcased on a free port"
"$SERVER" --db "$DB" --listen 127.0.0.1:0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  if line=$(grep -m1 '^gridcased listening on ' "$WORK/server.out" 2>/dev/null); then
    URL=${line#gridcased listening on }
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || fail "gridcased exited early"
  sleep 0.1
done
[[ "$URL" =~ ^ws://127\.0\.0\.1:[0-9]+/ws$ ]] || fail "no listening line (got '$URL')"
echo "server at $URL"
export GRIDCASE_SERVER=$URL
export GRIDCASE_TOKEN_FILE="$WORK/config/grid1.token"
SUP=(--token-file "$WORK/config/sup.token")

step "not logged in, wrong password, cannot connect"
expect_rc 4 "$CLI" whoami
expect_rc 4 "$CLI" cases list
expect_rc 1 "$CLI" login grid1 --password wrong-password
contains "$WORK/err" "UNAUTHENTICATED"
expect_rc 2 "$CLI" cases list --state nonsense
contains "$WORK/err" "in_progress"

step "login (password on stdin) and whoami"
echo demo12345 | "$CLI" login grid1 >"$WORK/out" 2>"$WORK/err" || fail "login failed: $(cat "$WORK/err")"
contains "$WORK/out" "网格员"
contains "$WORK/err" "演示密码"
[[ "$(stat -c %a "$GRIDCASE_TOKEN_FILE")" == 600 ]] || fail "token file is not 0600"
expect_rc 0 "$CLI" --json whoami
GRID1_ID=$(json "$WORK/out" 'd["id"]')
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
[[ "$(json "$WORK/out" 'd["username"]')" == grid1 ]] || fail "whoami is not grid1"
expect_rc 3 "$CLI" --server ws://127.0.0.1:1/ws whoami
contains "$WORK/err" "无法连接"
expect_rc 0 "$CLI" "${SUP[@]}" login hepan_sup --password demo12345

step "org tree and categories"
expect_rc 0 "$CLI" org tree
contains "$WORK/out" "第一网格"
contains "$WORK/out" "[网格]"
expect_rc 0 "$CLI" categories --kind incident
contains "$WORK/out" "INC.ENV.RUBBISH"
contains "$WORK/out" "垃圾暴露"

step "watch as the community supervisor while grid1 works a case"
"$CLI" "${SUP[@]}" --json watch --count 5 >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCH_PID=$!
for _ in $(seq 1 50); do
  [[ -s "$WORK/watch.out" ]] && break
  sleep 0.1
done
contains "$WORK/watch.out" "subscription_id"

step "create, accept, dispatch, resolve, close"
TITLE="河畔西门垃圾桶满溢-$$"
expect_rc 0 "$CLI" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "$TITLE" \
  --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" \
  --party '王建国,13812345678,370102198001011234,reporter' --request-id "e2e-create-$$"
CASE_ID=$(json "$WORK/out" 'd["case"]["id"]')
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
[[ "$NUMBER" =~ ^XC-[0-9]{4}-[0-9]{6}$ ]] || fail "unexpected case number '$NUMBER'"
echo "created $NUMBER (#$CASE_ID)"
# A resend with the same request id is a replay, not a second case.
expect_rc 0 "$CLI" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "$TITLE" \
  --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" \
  --party '王建国,13812345678,370102198001011234,reporter' --request-id "e2e-create-$$"
[[ "$(json "$WORK/out" 'd["replayed"]')" == True ]] || fail "resend was not a replay"
[[ "$(json "$WORK/out" 'd["case"]["number"]')" == "$NUMBER" ]] || fail "resend made another case"

step "a move the lifecycle forbids names the allowed actions"
expect_rc 1 "$CLI" cases resolve "$NUMBER"
contains "$WORK/err" "TRANSITION_NOT_ALLOWED"
contains "$WORK/err" "accept"
contains "$WORK/err" "受理"
expect_rc 1 "$CLI" --lang en cases close "$NUMBER"
contains "$WORK/err" "error:"
expect_rc 1 "$CLI" --json cases resolve "$NUMBER"
[[ "$(json "$WORK/out" 'd["error"]["reason"]')" == TRANSITION_NOT_ALLOWED ]] || fail "json error"

expect_rc 0 "$CLI" cases accept "$NUMBER"
contains "$WORK/out" "已受理"
expect_rc 1 "$CLI" cases dispatch "$NUMBER" --unit "$GRID_UNIT" --version 1
contains "$WORK/err" "ABORTED"
expect_rc 0 "$CLI" cases dispatch "$NUMBER" --unit "$GRID_UNIT" --to "$GRID1_ID" --version 2
contains "$WORK/out" "处置中"
expect_rc 0 "$CLI" cases resolve "$CASE_ID" --outcome resolved --reason "已联系保洁公司清运"
expect_rc 1 "$CLI" cases close "$NUMBER"
contains "$WORK/err" "PERMISSION_DENIED"
expect_rc 0 "$CLI" "${SUP[@]}" cases close "$NUMBER" --reason "核查：已清理干净"
contains "$WORK/out" "已结案"

step "show has the whole history"
expect_rc 0 "$CLI" cases show "$NUMBER"
for word in "$TITLE" 登记 受理 派遣 办结 结案 "138****5678" 办理记录; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" --json cases show "$NUMBER"
[[ "$(json "$WORK/out" 'len(d["history"])')" == 5 ]] || fail "history should have 5 events"
[[ "$(json "$WORK/out" '",".join(e["action"] for e in d["history"])')" == \
  "ACTION_CREATE,ACTION_ACCEPT,ACTION_DISPATCH,ACTION_RESOLVE,ACTION_CLOSE" ]] || fail "history actions"
[[ "$(json "$WORK/out" 'd["case"]["state"]')" == CASE_STATE_CLOSED ]] || fail "not closed"

step "list"
expect_rc 0 "$CLI" cases list --text "$TITLE"
contains "$WORK/out" "$NUMBER"
contains "$WORK/out" "已结案"
expect_rc 0 "$CLI" --json cases list --state closed --kind incident --all
[[ "$(json "$WORK/out" 'any(c["number"] == "'"$NUMBER"'" for c in d["cases"])')" == True ]] || fail "closed list"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases list --page-size 3
[[ "$(json "$WORK/out" 'len(d["cases"])')" == 3 ]] || fail "page size"
TOKEN=$(json "$WORK/out" 'd["next_page_token"]')
[[ -n "$TOKEN" ]] || fail "no next page token"
expect_rc 0 "$CLI" "${SUP[@]}" --json cases list --page-size 3 --page-token "$TOKEN"
[[ "$(json "$WORK/out" 'len(d["cases"])')" == 3 ]] || fail "second page"
expect_rc 0 "$CLI" --lang en cases list --kind dispute
contains "$WORK/out" "Number"

step "the watcher saw the case's events"
for _ in $(seq 1 100); do
  kill -0 "$WATCH_PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$WATCH_PID" 2>/dev/null; then
  kill "$WATCH_PID"
  fail "watch did not receive 5 events"
fi
wait "$WATCH_PID" || fail "watch exited with an error: $(cat "$WORK/watch.err")"
[[ "$(grep -c "$NUMBER" "$WORK/watch.out")" == 5 ]] || { cat "$WORK/watch.out"; fail "watch output"; }

step "escalation with the police told, urging and a leader"
expect_rc 0 "$CLI" --json cases create --kind dispute --category DSP.NEIGHBOR.NOISE \
  --title "楼上装修噪音引发争吵-$$" --unit "$GRID_UNIT" --priority high \
  --party '赵桂兰,13912345678,,applicant' --party '钱立新,,,respondent'
DISPUTE=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" cases accept "$DISPUTE"
expect_rc 1 "$CLI" cases escalate "$DISPUTE"
contains "$WORK/err" "INVALID_ARGUMENT"
expect_rc 0 "$CLI" cases escalate "$DISPUTE" --escalation risk --police-notified --reason "双方情绪激动，有冲突风险"
contains "$WORK/out" "网格 → 社区"
expect_rc 0 "$CLI" "${SUP[@]}" --json whoami
SUP_ID=$(json "$WORK/out" 'd["id"]')
expect_rc 0 "$CLI" "${SUP[@]}" cases urge "$DISPUTE" --reason "请尽快调处"
expect_rc 2 "$CLI" "${SUP[@]}" cases lead "$DISPUTE"
expect_rc 0 "$CLI" "${SUP[@]}" cases lead "$DISPUTE" --to "$SUP_ID"
expect_rc 0 "$CLI" "${SUP[@]}" cases show "$DISPUTE"
for word in 上报 督办 领导包案 已告知公安机关 王秀兰 "13912345678"; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" --json cases show "$DISPUTE"
[[ "$(json "$WORK/out" 'd["case"]["level"]')" == LEVEL_COMMUNITY ]] || fail "not escalated"
[[ "$(json "$WORK/out" 'd["case"]["urge_count"]')" == 1 ]] || fail "urge not counted"

step "users, as the admin"
ADM=(--token-file "$WORK/config/admin.token")
expect_rc 0 "$CLI" "${ADM[@]}" login admin --password demo12345
expect_rc 0 "$CLI" "${ADM[@]}" users create --username hepan_grid9 --password grid9-password \
  --role grid_worker --scope "$GRID_UNIT" --name 河畔网格员
contains "$WORK/out" "hepan_grid9"
expect_rc 0 "$CLI" "${ADM[@]}" users list
contains "$WORK/out" "hepan_grid9"
contains "$WORK/out" "binhe1"
expect_rc 1 "$CLI" users create --username sneaky --password sneaky-password --role admin --scope "$GRID_UNIT"
contains "$WORK/err" "PERMISSION_DENIED"
expect_rc 0 "$CLI" --token-file "$WORK/config/grid9.token" login hepan_grid9 --password grid9-password
expect_rc 0 "$CLI" --token-file "$WORK/config/grid9.token" cases list --text "$TITLE"
contains "$WORK/out" "$NUMBER"

step "backup while the server runs"
expect_rc 0 "$ADMIN" --db "$DB" backup "$WORK/backup.db"
[[ -s "$WORK/backup.db" ]] || fail "empty backup"

step "logout"
expect_rc 0 "$CLI" logout
[[ ! -e "$GRIDCASE_TOKEN_FILE" ]] || fail "token file left behind"
expect_rc 4 "$CLI" whoami

step "stop the server with SIGTERM"
kill -TERM "$SERVER_PID"
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=
[[ "$rc" == 0 ]] || fail "gridcased exited with $rc after SIGTERM"

echo
echo "cli end to end: all checks passed"
