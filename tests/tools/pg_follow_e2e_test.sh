#!/usr/bin/env bash
# Two gridcased on one PostgreSQL database (the CTest fixture "pg_cluster"), the CLI against each:
# what a server keeps in memory follows a change made through the other by its next call.
# A grid moved to another community on B: the next escalation on A goes to the new community.
# A deadline policy changed on B: the next case made on A runs the new version. A user disabled
# on B, a user's sessions ended on B: the next call on A is refused. Failed logins on A and on B
# count together: the next login on either is throttled.
#
#   pg_follow_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
# Environment: GRIDCASE_PG_CLUSTER, the cluster's folder (tests/support/pg_cluster.sh).
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/pg_e2e_lib.sh"

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" pgfollow

pg_new_database PG gc_follow

OTHER_PID=
finish() {
  if [[ -n "$OTHER_PID" ]]; then
    kill -TERM "$OTHER_PID" 2>/dev/null || true
    wait "$OTHER_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  pg_drop_databases
  cleanup
}
trap finish EXIT

step "a demo database on PostgreSQL, two gridcased on it"
expect_rc 0 "$ADMIN" --db "$PG" init --demo
start_server "$PG" --attachments-dir "$WORK/files"
B_URL=$URL
OTHER_PID=$SERVER_PID
SERVER_PID=
mv "$WORK/server.out" "$WORK/server_b.out"
mv "$WORK/server.err" "$WORK/server_b.err"
start_server "$PG" --attachments-dir "$WORK/files"
A_URL=$URL
unset GRIDCASE_SERVER GRIDCASE_TOKEN_FILE
# on SERVER USER: the CLI flags of USER's session on server A or B.
on() { echo "--server" "$([[ $1 == A ]] && echo "$A_URL" || echo "$B_URL")" --token-file "$WORK/$1-$2.token"; }
login() { expect_rc 0 "$CLI" $(on "$1" "$2") login "$2" --password demo12345; }
login A grid1
login A grid2
login A supervisor
login B admin

step "a grid moved to another community on B: the next escalation on A goes there"
expect_rc 0 "$CLI" $(on A grid1) --json whoami
GRID=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" $(on B admin) --json org tree
OLD_COMMUNITY=$(json "$WORK/out" "[u for u in d['units'] if str(u['id']) == '$GRID'][0]['parent_id']")
NEW_COMMUNITY=$(json "$WORK/out" \
  "[u for u in d['units'] if u['type'] == 'UNIT_TYPE_COMMUNITY' and str(u['id']) != '$OLD_COMMUNITY'][0]['id']")
# A knows the grid's community before the move: a first write there has loaded it.
expect_rc 0 "$CLI" $(on A grid1) --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "划转前的案件" --description "垃圾散落" --unit "$GRID" --address "河畔小区西门"
expect_rc 0 "$CLI" $(on B admin) org move "$GRID" --parent "$NEW_COMMUNITY"
contains "$WORK/out" "已将"
contains "$WORK/out" "划归"
expect_rc 0 "$CLI" $(on A grid1) --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "划转后的案件" --description "垃圾散落" --unit "$GRID" --address "河畔小区西门"
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
expect_rc 0 "$CLI" $(on A grid1) cases accept "$NUMBER"
expect_rc 0 "$CLI" $(on A grid1) --json cases escalate "$NUMBER" --reason "超出网格处置能力"
[[ "$(json "$WORK/out" 'd["case"]["handling_unit_id"]')" == "$NEW_COMMUNITY" ]] ||
  fail "A escalated to community $(json "$WORK/out" 'd["case"]["handling_unit_id"]'), not to $NEW_COMMUNITY"
# And back, for what follows.
expect_rc 0 "$CLI" $(on B admin) org move "$GRID" --parent "$OLD_COMMUNITY"

step "a deadline policy changed on B: the next case made on A runs its new version"
expect_rc 0 "$CLI" $(on A grid1) --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "改政策前的案件" --description "垃圾散落" --unit "$GRID" --address "河畔小区西门"
BEFORE_ID=$(json "$WORK/out" 'd["case"]["policy_id"]')
BEFORE_VERSION=$(json "$WORK/out" 'd["case"]["policy_version"]')
[[ "$BEFORE_ID" != 0 ]] || fail "the case runs no policy"
expect_rc 0 "$CLI" $(on B admin) --json policies list
"$PY" - "$WORK/out" "$BEFORE_ID" "$WORK/policy.json" <<'EOF'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
p = [p for p in d["policies"] if str(p["id"]) == sys.argv[2]][0]
p["basis"] = "两台服务器：B 修改，A 遵照"
json.dump(p, open(sys.argv[3], "w"), ensure_ascii=False)
EOF
expect_rc 0 "$CLI" $(on B admin) --json policies set "$WORK/policy.json"
NEW_VERSION=$(json "$WORK/out" 'd["policy"]["version"]')
[[ "$NEW_VERSION" -gt "$BEFORE_VERSION" ]] || fail "the policy's version did not move"
expect_rc 0 "$CLI" $(on A grid1) --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "改政策后的案件" --description "垃圾散落" --unit "$GRID" --address "河畔小区西门"
[[ "$(json "$WORK/out" 'd["case"]["policy_version"]')" == "$NEW_VERSION" ]] ||
  fail "A made the case under policy version $(json "$WORK/out" 'd["case"]["policy_version"]'), not $NEW_VERSION"

step "a user disabled on B: their next call on A is refused, read or write"
expect_rc 0 "$CLI" $(on A grid2) cases list
expect_rc 0 "$CLI" $(on B admin) users disable grid2
contains "$WORK/out" "已停用用户 grid2"
# (The CLI resumes its saved session on each run; the server refuses it: exit 4, log in again.)
expect_rc 4 "$CLI" $(on A grid2) --json cases list
reason_is NOT_LOGGED_IN
expect_rc 4 "$CLI" $(on A grid2) cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "停用后的案件" --description "垃圾散落" --unit "$GRID" --address "河畔小区西门"
contains "$WORK/err" "不再接受保存的登录"
expect_rc 1 "$CLI" $(on A grid2) --json login grid2 --password demo12345
reason_is BAD_CREDENTIALS
expect_rc 0 "$CLI" $(on B admin) users enable grid2
login A grid2

step "a user's sessions ended on B: the next call on A is refused"
expect_rc 0 "$CLI" $(on A supervisor) board
expect_rc 0 "$CLI" $(on B admin) users end-sessions supervisor
contains "$WORK/out" "已退出用户 supervisor"
expect_rc 4 "$CLI" $(on A supervisor) --json board
reason_is NOT_LOGGED_IN
login A supervisor

step "failed logins through A and B count together"
for server in A B A B A; do
  expect_rc 1 "$CLI" $(on "$server" grid2) --json login grid2 --password wrong-password
  reason_is BAD_CREDENTIALS
done
expect_rc 1 "$CLI" $(on A grid2) --json login grid2 --password demo12345
reason_is LOGIN_THROTTLED
expect_rc 1 "$CLI" $(on B grid2) login grid2 --password demo12345
contains "$WORK/err" "登录失败次数过多"

step "both servers stop in order"
kill -TERM "$OTHER_PID"
wait "$OTHER_PID" || fail "gridcased B did not exit 0"
OTHER_PID=
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "gridcased A did not exit 0"
SERVER_PID=

echo "PostgreSQL, servers following each other: all checks passed"
