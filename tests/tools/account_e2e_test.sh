#!/usr/bin/env bash
# Accounts from the CLI against real servers: the demo password's note says how to change it; a
# user changes their own password (gridcase passwd) and stays logged in; an admin's reset
# (gridcase users reset-password, gridcase-admin reset-password) makes the user change it before
# anything else; the saved login keeps its server, so that commands without --server reach it
# and another server is named instead of a misleading "the login has expired".
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

step "the demo password's note says how to change it"
expect_rc 0 "$CLI" --server "$A_URL" login grid1 --password demo12345
contains "$WORK/err" "此账号仍在使用演示密码"
contains "$WORK/err" "gridcase passwd"

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

step "a user changes their own password and stays logged in"
G2=(--token-file "$WORK/config/grid2.token")
expect_rc 0 "$CLI" "${G2[@]}" --server "$A_URL" login grid2 --password demo12345
printf 'demo12345\nGrid2-own-2026\n' | expect_rc 0 "$CLI" "${G2[@]}" passwd
contains "$WORK/out" "密码已修改"
contains "$WORK/out" "已用新密码重新登录"
expect_rc 0 "$CLI" "${G2[@]}" cases list
expect_rc 1 "$CLI" "${G2[@]}" login grid2 --password demo12345
expect_rc 0 "$CLI" "${G2[@]}" login grid2 --password Grid2-own-2026
if grep -qF "演示密码" "$WORK/err"; then fail "the demo note after the password changed"; fi
# A wrong current password or a weak new one changes nothing.
expect_rc 1 "$CLI" "${G2[@]}" passwd --old wrong-password-1 --new Another-2026-pw
contains "$WORK/err" "当前密码不正确，密码未修改"
expect_rc 1 "$CLI" "${G2[@]}" passwd --old Grid2-own-2026 --new short
contains "$WORK/err" "WEAK_PASSWORD"
contains "$WORK/err" "至少含两类字符"
expect_rc 2 "$CLI" "${G2[@]}" passwd --old Grid2-own-2026 --new ""
expect_rc 0 "$CLI" "${G2[@]}" cases list
expect_rc 0 "$CLI" "${G2[@]}" login grid2 --password Grid2-own-2026

step "an admin resets a password: the user changes it before anything else"
ADM=(--token-file "$WORK/config/admin.token")
expect_rc 0 "$CLI" "${ADM[@]}" --server "$A_URL" login admin --password demo12345
expect_rc 0 "$CLI" "${ADM[@]}" users reset-password grid1 --password Reset-2026-grid1
contains "$WORK/out" "已重置用户 grid1"
contains "$WORK/out" "下次登录后须先修改密码"
expect_rc 1 "$CLI" "${ADM[@]}" users reset-password nobody --password Reset-2026-grid1
contains "$WORK/err" "没有用户 nobody"
# Every session of grid1 ended: the saved login says which server no longer accepts it.
expect_rc 4 "$CLI" cases list
contains "$WORK/err" "服务器 $A_URL 不再接受保存的登录"
expect_rc 1 "$CLI" login grid1 --password demo12345
expect_rc 0 "$CLI" login grid1 --password Reset-2026-grid1
contains "$WORK/err" "管理员已重置此账号的密码"
contains "$WORK/err" "gridcase passwd"
expect_rc 1 "$CLI" cases list
contains "$WORK/err" "PASSWORD_CHANGE_REQUIRED"
contains "$WORK/err" "请先运行 gridcase passwd 修改密码"
expect_rc 1 "$CLI" --json cases create --kind incident --category INC.ENV.RUBBISH --title 垃圾满溢 --unit 1
reason_is PASSWORD_CHANGE_REQUIRED
expect_rc 0 "$CLI" whoami
contains "$WORK/out" "须先修改密码"
printf 'Reset-2026-grid1\nGrid1-own-2026\n' | expect_rc 0 "$CLI" passwd
contains "$WORK/out" "密码已修改"
expect_rc 0 "$CLI" cases list
expect_rc 0 "$CLI" whoami
if grep -qF "须先修改密码" "$WORK/out"; then fail "still asked to change the password"; fi
# Only admins reset passwords.
expect_rc 1 "$CLI" users reset-password grid2 --password Reset-2026-grid2
expect_rc 0 "$CLI" "${G2[@]}" login grid2 --password Grid2-own-2026

step "gridcase-admin resets the password of the last admin, who changes it at the next login"
expect_rc 0 "$ADMIN" --db "$DB" reset-password --username admin --password Admin-reset-2026
contains "$WORK/out" "must change it at their next login"
expect_rc 1 "$ADMIN" --db "$DB" reset-password --username nobody --password Admin-reset-2026
contains "$WORK/err" "no user nobody"
expect_rc 1 "$ADMIN" --db "$DB" reset-password --username grid2 --password short
contains "$WORK/err" "WEAK_PASSWORD"
expect_rc 2 "$ADMIN" --db "$DB" reset-password --username grid2
expect_rc 0 "$CLI" "${G2[@]}" login grid2 --password Grid2-own-2026
expect_rc 0 "$CLI" "${ADM[@]}" login admin --password Admin-reset-2026
contains "$WORK/err" "管理员已重置此账号的密码"
expect_rc 1 "$CLI" "${ADM[@]}" users list
contains "$WORK/err" "PASSWORD_CHANGE_REQUIRED"
expect_rc 0 "$CLI" "${ADM[@]}" passwd --old Admin-reset-2026 --new Admin-own-2026
expect_rc 0 "$CLI" "${ADM[@]}" users list
contains "$WORK/out" "grid1"

echo
echo "account end-to-end: all checks passed"
