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

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" cli

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
start_server "$DB"
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
expect_rc 3 "$CLI" --server ws://127.0.0.1:1/ws --token-file "$WORK/config/none.token" login grid1 --password demo12345
contains "$WORK/err" "无法连接"
# The saved login is grid1's on $URL: another server is named, not connected to.
expect_rc 4 "$CLI" --server ws://127.0.0.1:1/ws whoami
contains "$WORK/err" "属于服务器 $URL"
expect_rc 0 "$CLI" "${SUP[@]}" login hepan_sup --password demo12345

step "watch replays the demo's deadline events: warnings, expiries and escalations"
TOP=(--token-file "$WORK/config/top.token")
expect_rc 0 "$CLI" "${TOP[@]}" login supervisor --password demo12345
expect_rc 0 "$CLI" "${TOP[@]}" --json watch --from 1 --count 1
NEXT=$(json "$WORK/out" 'd["next_seq"]')
expect_rc 0 "$CLI" "${TOP[@]}" watch --from 1 --count $((NEXT - 1))
for word in 【临期预警】 【超期】 【超期自动上报】 办结时限 "网格 → 社区"; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" "${TOP[@]}" --lang en watch --from 1 --count $((NEXT - 1))
for word in "[DUE SOON]" "[OVERDUE]" "[ESCALATED ON DEADLINE]"; do contains "$WORK/out" "$word"; done

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
  --party '王建国,13812345678,370100198001011234,reporter' --request-id "e2e-create-$$"
CASE_ID=$(json "$WORK/out" 'd["case"]["id"]')
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
[[ "$NUMBER" =~ ^XC-[0-9]{4}-[0-9]{6}$ ]] || fail "unexpected case number '$NUMBER'"
echo "created $NUMBER (#$CASE_ID)"
# A resend with the same request id is a replay, not a second case.
expect_rc 0 "$CLI" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "$TITLE" \
  --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" \
  --party '王建国,13812345678,370100198001011234,reporter' --request-id "e2e-create-$$"
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

step "show has the case's clocks"
expect_rc 0 "$CLI" cases show "$NUMBER"
for word in "时限（时限政策 #" 响应时限 办结时限 已停止 按期完成 1工作小时 4工作小时; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" --lang en cases show "$NUMBER"
for word in "Clocks (deadline policy #" "response clock" "resolve clock" stopped "4 working hours"; do
  contains "$WORK/out" "$word"
done
expect_rc 0 "$CLI" --json cases show "$NUMBER"
[[ "$(json "$WORK/out" '",".join(sorted(k["kind"] for k in d["case"]["clocks"]))')" == \
  "CLOCK_KIND_RESOLVE,CLOCK_KIND_RESPONSE" ]] || fail "clocks on the wire"
[[ "$(json "$WORK/out" 'all(k["run"] == "CLOCK_RUN_STOPPED" for k in d["case"]["clocks"])')" == True ]] || \
  fail "a closed case's clocks are stopped"
[[ "$(json "$WORK/out" 'int(d["case"]["policy_id"]) > 0')" == True ]] || fail "no policy id"

step "list"
expect_rc 0 "$CLI" cases list --text "$TITLE"
contains "$WORK/out" "$NUMBER"
contains "$WORK/out" "已结案"
contains "$WORK/out" "时限"
# The demo's clocks ran when it was loaded: the supervisor's list shows coloured open cases.
expect_rc 0 "$CLI" "${SUP[@]}" cases list --all --state reported --state accepted --state in_progress
grep -qE "[●◐○] (红|黄|绿)" "$WORK/out" || { cat "$WORK/out"; fail "no colour column in cases list"; }
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

step "list --sort deadline: running clocks by deadline (overdue first), then the rest newest first"
# The sub-district's supervisor: the whole demo, overdue cases included.
SD=(--token-file "$WORK/config/sd.token")
expect_rc 0 "$CLI" "${SD[@]}" login supervisor --password demo12345
expect_rc 0 "$CLI" "${SD[@]}" --json cases list --sort deadline --all
"$PY" - "$WORK/out" <<'PYEOF' || fail "cases list --sort deadline is not in the README's order"
import json, sys, time
d = json.loads(open(sys.argv[1]).readline())
def due(c):  # the earliest deadline of a running clock; 0: none
    ds = [int(k.get("deadline", 0)) for k in c.get("clocks", [])
          if k.get("run") == "CLOCK_RUN_RUNNING" and int(k.get("deadline", 0)) > 0]
    return min(ds) if ds else 0
rows = [(due(c), int(c["id"]), c["number"]) for c in d["cases"]]
with_due = [r for r in rows if r[0] > 0]
without = [r for r in rows if r[0] == 0]
now = time.time() * 1000
overdue = [r for r in with_due if r[0] < now]
print(f"{len(rows)} cases: {len(with_due)} with a running deadline ({len(overdue)} overdue), {len(without)} without")
assert with_due and without and overdue, "the demo should have cases of each sort"
assert rows == with_due + without, "a case without a deadline comes before one with"
assert with_due == sorted(with_due), "the cases with a deadline are not earliest first"
assert rows[:len(overdue)] == overdue, "the overdue cases are not first of all"
assert [r[1] for r in without] == sorted((r[1] for r in without), reverse=True), \
    "the cases without a deadline are not newest first"
PYEOF
# The same order in the table people read: the first case by deadline heads it.
FIRST_BY_DEADLINE=$(json "$WORK/out" 'd["cases"][0]["number"]')
expect_rc 0 "$CLI" "${SD[@]}" cases list --sort deadline --all
grep -m1 -E "[A-Z]+-[0-9]{4}-[0-9]+" -o "$WORK/out" | grep -qx "$FIRST_BY_DEADLINE" ||
  { cat "$WORK/out"; fail "the table does not start with $FIRST_BY_DEADLINE"; }
expect_rc 2 "$CLI" "${SD[@]}" cases list --sort soonest

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
expect_rc 2 "$CLI" cases escalate "$DISPUTE"
contains "$WORK/err" "上报需要 --reason"
expect_rc 0 "$CLI" cases escalate "$DISPUTE" --escalation risk --police-notified --reason "双方情绪激动，有冲突风险"
contains "$WORK/out" "网格 → 社区"
expect_rc 0 "$CLI" "${SUP[@]}" --json whoami
SUP_ID=$(json "$WORK/out" 'd["id"]')
expect_rc 2 "$CLI" "${SUP[@]}" cases urge "$DISPUTE" --reason "请尽快调处" --target "下周一"
contains "$WORK/err" "YYYY-MM-DD HH:MM"
expect_rc 2 "$CLI" "${SUP[@]}" cases accept "$DISPUTE" --target "2030-06-28 17:00"
expect_rc 0 "$CLI" "${SUP[@]}" cases urge "$DISPUTE" --reason "请尽快调处" --target "2030-06-28 17:00"
contains "$WORK/out" "2030-06-28 17:00"
expect_rc 2 "$CLI" "${SUP[@]}" cases lead "$DISPUTE"
expect_rc 0 "$CLI" "${SUP[@]}" cases lead "$DISPUTE" --to "$SUP_ID"
expect_rc 0 "$CLI" "${SUP[@]}" cases show "$DISPUTE"
for word in 上报 督办 领导包案 已告知公安机关 王秀兰 "139****5678"; do contains "$WORK/out" "$word"; done
if grep -q "13912345678" "$WORK/out"; then fail "show printed an unmasked phone number"; fi
expect_rc 2 "$CLI" "${SUP[@]}" cases reveal "$DISPUTE" --party 1
expect_rc 0 "$CLI" "${SUP[@]}" cases reveal "$DISPUTE" --party 1 --reason "电话联系当事人"
contains "$WORK/out" "13912345678"
expect_rc 1 "$CLI" cases reveal "$DISPUTE" --party 1 --reason "想看看"
contains "$WORK/err" "PERMISSION_DENIED"
expect_rc 0 "$CLI" --json cases show "$DISPUTE"
[[ "$(json "$WORK/out" 'd["case"]["level"]')" == LEVEL_COMMUNITY ]] || fail "not escalated"
[[ "$(json "$WORK/out" 'd["case"]["urge_count"]')" == 1 ]] || fail "urge not counted"
[[ "$(json "$WORK/out" '[e["details"].get("target_at") for e in d["history"] if e["action"] == "ACTION_URGE"][0]')" == \
  "$("$PY" -c 'import datetime as t; print(int(t.datetime(2030, 6, 28, 9, 0, tzinfo=t.timezone.utc).timestamp() * 1000))')" ]] || \
  fail "urge target not sent in Asia/Shanghai"
expect_rc 0 "$CLI" cases show "$DISPUTE"
contains "$WORK/out" "要求完成时间 2030-06-28 17:00"

step "extension: grid1 asks, the supervisor decides"
expect_rc 2 "$CLI" cases extend "$DISPUTE" --reason "需要更多时间"
contains "$WORK/err" "--amount"
expect_rc 2 "$CLI" cases extend "$DISPUTE" --amount 3
expect_rc 2 "$CLI" cases extend "$DISPUTE" --amount 3 --clock sometime --reason "需要更多时间"
expect_rc 2 "$CLI" "${SUP[@]}" cases decide-extension "$DISPUTE"
expect_rc 2 "$CLI" "${SUP[@]}" cases decide-extension "$DISPUTE" --approve --deny
expect_rc 1 "$CLI" "${SUP[@]}" cases decide-extension "$DISPUTE" --approve
contains "$WORK/err" "NO_PENDING_EXTENSION"
expect_rc 0 "$CLI" --json cases show "$DISPUTE"
BUDGET=$(json "$WORK/out" '[k["budget_ms"] for k in d["case"]["clocks"] if k["kind"] == "CLOCK_KIND_RESOLVE"][0]')
expect_rc 0 "$CLI" cases extend "$DISPUTE" --amount 5 --clock resolve --reason "双方约定下周再次协商"
contains "$WORK/out" "申请延期"
contains "$WORK/out" "办结时限"
expect_rc 0 "$CLI" cases show "$DISPUTE"
for word in "延期申请（待审批）" "办结时限 +5自然日" 申请延期 "延期 5自然日"; do contains "$WORK/out" "$word"; done
expect_rc 1 "$CLI" cases extend "$DISPUTE" --amount 1 --reason "再要一天"
contains "$WORK/err" "EXTENSION_PENDING"
expect_rc 1 "$CLI" cases decide-extension "$DISPUTE" --approve
contains "$WORK/err" "PERMISSION_DENIED"
expect_rc 0 "$CLI" "${SUP[@]}" cases decide-extension "$DISPUTE" --approve --reason "同意延期五日"
contains "$WORK/out" "审批延期"
expect_rc 0 "$CLI" cases show "$DISPUTE"
for word in 已延期1次 同意延期 新期限 35自然日; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" --json cases show "$DISPUTE"
[[ "$(json "$WORK/out" '[k["budget_ms"] for k in d["case"]["clocks"] if k["kind"] == "CLOCK_KIND_RESOLVE"][0]')" == \
  "$((BUDGET + 5 * 86400000))" ]] || fail "the extension did not add 5 days"
[[ "$(json "$WORK/out" 'd["case"]["extension_clock"]')" == CLOCK_KIND_UNSPECIFIED ]] || fail "request still pending"
expect_rc 0 "$CLI" --lang en cases show "$DISPUTE"
contains "$WORK/out" "extended 1 time(s)"

step "the supervision board"
expect_rc 0 "$CLI" "${SUP[@]}" board
contains "$WORK/out" "今天 "
grep -qE "：按工作日计的时限今天(照常计算|不计算)。" "$WORK/out" || { cat "$WORK/out"; fail "board: no line on today"; }
for word in 督办看板 河畔社区 合计 第一网格 已上报 "$DISPUTE"; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" "${SUP[@]}" --json board
[[ "$(json "$WORK/out" 'int(d["total"]["escalated"]) >= 1')" == True ]] || fail "board: no escalated case"
[[ "$(json "$WORK/out" 'len(d["children"]) >= 3')" == True ]] || fail "board: no child units"
[[ "$(json "$WORK/out" 'any(c["number"] == "'"$DISPUTE"'" for c in d["cases"])')" == True ]] || fail "board cases"
expect_rc 0 "$CLI" "${SUP[@]}" --lang en board --limit 1
contains "$WORK/out" "Total"
[[ "$(grep -c "XC-" "$WORK/out")" == 1 ]] || { cat "$WORK/out"; fail "board --limit 1"; }
expect_rc 2 "$CLI" "${SUP[@]}" board --limit 0
expect_rc 0 "$CLI" "${SUP[@]}" --json board --unit "$GRID_UNIT"
[[ "$(json "$WORK/out" 'd["total"]["unit_id"]')" == "$GRID_UNIT" ]] || fail "board --unit"

step "the working calendar: days and a due date"
expect_rc 0 "$CLI" "${SUP[@]}" calendar days 2026-09-30 2026-10-10
contains "$WORK/out" "2026-10-01  周四  法定节假日"
contains "$WORK/out" "2026-10-10  周六  调休上班    国庆节调休"
contains "$WORK/out" "共 11 天，其中工作日 4 天。"
expect_rc 0 "$CLI" "${SUP[@]}" calendar due 5 工作日 --from "2026-09-30 10:00"
contains "$WORK/out" "截止 2026-10-13 周二 当日"
expect_rc 0 "$CLI" "${SUP[@]}" --lang en calendar due 8 working-hours --from "2026-09-30 10:00"
contains "$WORK/out" "due 2026-10-08 10:30"
expect_rc 2 "$CLI" "${SUP[@]}" calendar due 5 fortnights
contains "$WORK/err" "单位应为 工作日、工作小时 或 自然日"
expect_rc 1 "$CLI" "${SUP[@]}" --json calendar days 2026-10-10 2026-10-01
reason_is BAD_DATE

step "deadline policies and the working calendar"
expect_rc 0 "$CLI" policies list
for word in "办结 5工作日→自动上报" "响应 4工作小时" 12345工单 信访; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" --json policies list
[[ "$(json "$WORK/out" 'len(d["policies"]) >= 5')" == True ]] || fail "policies list --json"
expect_rc 0 "$CLI" --lang en policies list
contains "$WORK/out" "resolve 5 working days → escalate"
expect_rc 0 "$CLI" calendar
contains "$WORK/out" "已载入的年份"
contains "$WORK/out" "2026"
expect_rc 0 "$CLI" --json calendar
[[ "$(json "$WORK/out" '2026 in d["years"]')" == True ]] || fail "calendar --json"
expect_rc 2 "$CLI" calendar set "$WORK/no-such.cal"

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

step "policies and calendar set, as the admin"
cat >"$WORK/policy.json" <<'JSON'
{"kind": "CASE_KIND_INCIDENT", "category_code": "INC.ENV.CLEANING",
 "clocks": [
   {"kind": "CLOCK_KIND_RESPONSE", "amount": "1", "unit": "BUDGET_UNIT_WORKING_HOURS",
    "starts_on": "ACTION_CREATE", "stops_on": "ACTION_ACCEPT", "warn_percent": 80,
    "on_expiry": "EXPIRY_ACTION_FLAG"},
   {"kind": "CLOCK_KIND_RESOLVE", "amount": "3", "unit": "BUDGET_UNIT_WORKING_HOURS",
    "starts_on": "ACTION_ACCEPT", "stops_on": "ACTION_RESOLVE", "warn_percent": 75,
    "on_expiry": "EXPIRY_ACTION_ESCALATE"}],
 "basis": "街道城管：道路保洁3个工作小时内处置"}
JSON
expect_rc 1 "$CLI" policies set "$WORK/policy.json"
contains "$WORK/err" "PERMISSION_DENIED"
echo '{"kind": "CASE_KIND_INCIDENT", "clocks": [' >"$WORK/broken.json"
expect_rc 2 "$CLI" "${ADM[@]}" policies set "$WORK/broken.json"
expect_rc 0 "$CLI" "${ADM[@]}" policies set "$WORK/policy.json"
for word in 已保存时限政策 "办结 3工作小时→自动上报" "（预警 80%）"; do contains "$WORK/out" "$word"; done
expect_rc 0 "$CLI" "${ADM[@]}" --json policies list
[[ "$(json "$WORK/out" 'any(p["basis"].startswith("街道城管") for p in d["policies"])')" == True ]] || fail "policy not saved"
cat >"$WORK/cn-2031.cal" <<'CAL'
# 2031年节假日（测试用）
year 2031
holiday 2031-01-01..2031-01-01 元旦
CAL
expect_rc 1 "$CLI" calendar set "$WORK/cn-2031.cal"
contains "$WORK/err" "PERMISSION_DENIED"
expect_rc 0 "$CLI" "${ADM[@]}" calendar set "$WORK/cn-2031.cal"
contains "$WORK/out" "2031"
expect_rc 0 "$CLI" --json calendar
[[ "$(json "$WORK/out" '2031 in d["years"]')" == True ]] || fail "calendar year not loaded"
printf 'year 2032\nholiday 2032-13-01..2032-13-02 坏日期\n' >"$WORK/bad.cal"
expect_rc 1 "$CLI" "${ADM[@]}" calendar set "$WORK/bad.cal"
contains "$WORK/err" "BAD_CALENDAR"

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

step "compact the database with the server stopped"
expect_rc 0 "$ADMIN" --db "$DB" compact
contains "$WORK/out" "Compacted"
expect_rc 0 "$ADMIN" --db "$DB" backup "$WORK/after-compact.db"
expect_rc 1 "$ADMIN" --db "$WORK/none.db" compact
contains "$WORK/err" "DATABASE_NOT_FOUND"

echo
echo "cli end to end: all checks passed"
