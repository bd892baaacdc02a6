#!/usr/bin/env bash
# Accounts from the CLI against real servers: the saved login keeps its server, so that commands
# without --server reach it and another server is named instead of a misleading "the login has
# expired".
#
#   account_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" account

# Two servers, each on its own demo database: A (the one logged in to) and B.
OTHER_PID=
trap 'if [[ -n "$OTHER_PID" ]]; then kill -TERM "$OTHER_PID" 2>/dev/null || true; wait "$OTHER_PID" 2>/dev/null || true; fi; cleanup' EXIT
DB_B="$WORK/b/gridcase.db"
expect_rc 0 "$ADMIN" --db "$DB_B" init --demo
start_server "$DB_B"
B_URL=$URL
OTHER_PID=$SERVER_PID
SERVER_PID=
mv "$WORK/server.out" "$WORK/server_b.out"
mv "$WORK/server.err" "$WORK/server_b.err"
DB="$WORK/a/gridcase.db"
expect_rc 0 "$ADMIN" --db "$DB" init --demo
start_server "$DB"
A_URL=$URL
[[ "$A_URL" != "$B_URL" ]] || fail "both servers at $A_URL"
unset GRIDCASE_SERVER
export GRIDCASE_TOKEN_FILE="$WORK/config/grid1.token"

expect_rc 0 "$CLI" --server "$A_URL" login grid1 --password demo12345

step "the saved login keeps its server: commands without --server reach it"
[[ "$(sed -n 3p "$GRIDCASE_TOKEN_FILE")" == "$A_URL" ]] || fail "the token file does not name $A_URL"
expect_rc 0 "$CLI" cases list
expect_rc 0 "$CLI" whoami
contains "$WORK/out" "服务器: $A_URL"
contains "$WORK/out" "grid1"

step "another server is named, and the token is not sent to it"
expect_rc 4 "$CLI" --server "$B_URL" cases list
contains "$WORK/err" "保存的登录（grid1）属于服务器 $A_URL，不是本次连接的 $B_URL"
contains "$WORK/err" "gridcase --server $B_URL login grid1"
GRIDCASE_SERVER=$B_URL expect_rc 4 "$CLI" --json whoami
reason_is NOT_LOGGED_IN
expect_rc 4 "$CLI" --lang en --server "$B_URL" whoami
contains "$WORK/err" "the saved login (grid1) is for the server $A_URL, not $B_URL"
"$PY" - "$B_URL" <<'PY' || fail "server B was asked to resume a session"
import sys, urllib.request
url = sys.argv[1].replace("ws://", "http://").rsplit("/", 1)[0] + "/metrics"
text = urllib.request.urlopen(url, timeout=10).read().decode()
assert 'call="resume"' not in text, text
PY
# The saved login is still good where it was made.
expect_rc 0 "$CLI" --server "$A_URL" cases list
# Logging in to B moves the saved login there.
B_TOKEN=(--token-file "$WORK/config/grid1-b.token")
expect_rc 0 "$CLI" "${B_TOKEN[@]}" --server "$B_URL" login grid1 --password demo12345
expect_rc 0 "$CLI" "${B_TOKEN[@]}" whoami
contains "$WORK/out" "服务器: $B_URL"
# A token file written before the server was kept still works where --server points.
head -n 2 "$GRIDCASE_TOKEN_FILE" >"$WORK/config/old.token"
expect_rc 0 "$CLI" --token-file "$WORK/config/old.token" --server "$A_URL" cases list
# A login ended elsewhere: the server that refuses it is named, with the login to run; a login
# without --server goes back to it.
cp "$GRIDCASE_TOKEN_FILE" "$WORK/config/copy.token"
expect_rc 0 "$CLI" --token-file "$WORK/config/copy.token" logout
expect_rc 4 "$CLI" cases list
contains "$WORK/err" "服务器 $A_URL 不再接受保存的登录（已过期、已退出或已被结束），请重新运行 gridcase login grid1"
expect_rc 4 "$CLI" --token-file "$WORK/config/old.token" --server "$A_URL" cases list
contains "$WORK/err" "或登录的是另一台服务器"
expect_rc 0 "$CLI" login grid1 --password demo12345
expect_rc 0 "$CLI" cases list

echo
echo "account end-to-end: all checks passed"
