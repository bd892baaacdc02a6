#!/usr/bin/env bash
# Live push across servers on PostgreSQL, with real processes on a real cluster (the CTest
# fixture "pg_cluster"): two gridcased on one database; the admin and the sub-district
# supervisor subscribe on A (the CLI's watch) while cases are commented on through B, and some
# through A. A's listener connection (application_name "gridcase-listener PID@HOST") is ended
# twice mid-stream with pg_terminate_backend. The admin's stream holds every seq once, in order,
# with no gap; the supervisor's holds every comment once, in seq order; A's listener is back; a
# watch resumed from a seq replays exactly the seqs from there.
#
#   pg_live_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE
# Environment: GRIDCASE_PG_CLUSTER, the cluster's folder (tests/support/pg_cluster.sh).
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

source "$(dirname "${BASH_SOURCE[0]}")/pg_e2e_lib.sh"

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" pglive

pg_new_database PG gc_live

OTHER_PID=
WATCH_PIDS=()
finish() {
  for pid in "${WATCH_PIDS[@]}" "$OTHER_PID" "$SERVER_PID"; do
    [[ -n "$pid" ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PID=
  pg_drop_databases
  cleanup
}
trap finish EXIT

# sql QUERY: one value from the test's database.
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$PG" -c "$1"; }
# listeners PID: how many listener connections gridcased PID holds.
listeners() { sql "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'gridcase-listener $1@%'"; }
has_listener() { [[ "$(listeners "$1")" == 1 ]]; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds (generous: the machine may be busy).
wait_for() {
  local limit=$1
  shift
  for _ in $(seq 1 $((limit * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

expect_rc 0 "$ADMIN" --db "$PG" init --demo

step "two gridcased on one database"
start_server "$PG" --attachments-dir "$WORK/files"
B_URL=$URL
OTHER_PID=$SERVER_PID
B_PID=$SERVER_PID
mv "$WORK/server.out" "$WORK/server_b.out"
mv "$WORK/server.err" "$WORK/server_b.err"
start_server "$PG" --attachments-dir "$WORK/files"
A_URL=$URL
A_PID=$SERVER_PID
unset GRIDCASE_SERVER GRIDCASE_TOKEN_FILE
wait_for 60 has_listener "$A_PID" || fail "A has no listener connection"
wait_for 60 has_listener "$B_PID" || fail "B has no listener connection"

ADMIN_A=(--server "$A_URL" --token-file "$WORK/admin_a.token")
SUP_A=(--server "$A_URL" --token-file "$WORK/sup_a.token")
GRID_A=(--server "$A_URL" --token-file "$WORK/grid_a.token")
GRID_B=(--server "$B_URL" --token-file "$WORK/grid_b.token")
expect_rc 0 "$CLI" "${ADMIN_A[@]}" login admin --password demo12345
expect_rc 0 "$CLI" "${SUP_A[@]}" login supervisor --password demo12345
expect_rc 0 "$CLI" "${GRID_A[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${GRID_B[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${GRID_B[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

step "the admin and the supervisor subscribe on A"
"$CLI" "${ADMIN_A[@]}" --json watch >"$WORK/admin.watch" 2>"$WORK/admin.watch.err" &
WATCH_PIDS+=($!)
"$CLI" "${SUP_A[@]}" --json watch >"$WORK/sup.watch" 2>"$WORK/sup.watch.err" &
WATCH_PIDS+=($!)
wait_for 60 grep -q subscription_id "$WORK/admin.watch" || fail "the admin's watch did not subscribe"
wait_for 60 grep -q subscription_id "$WORK/sup.watch" || fail "the supervisor's watch did not subscribe"

step "cases written through B (and some through A) while A's listener connection is ended twice"
TAG="跨服务器推送-$$"
expect_rc 0 "$CLI" "${GRID_B[@]}" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH \
  --title "$TAG" --description "垃圾散落地面" --unit "$GRID_UNIT" --address "河畔小区西门" --request-id "live-$$"
NUMBER=$(json "$WORK/out" 'd["case"]["number"]')
WRITES=40
for i in $(seq 1 $WRITES); do
  flags=("${GRID_B[@]}")
  (( i % 4 == 0 )) && flags=("${GRID_A[@]}")
  expect_rc 0 "$CLI" "${flags[@]}" cases comment "$NUMBER" --reason "$TAG 第${i}条"
  if (( i == 12 || i == 27 )); then
    killed=$(sql "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity
                  WHERE application_name LIKE 'gridcase-listener $A_PID@%'")
    [[ "$killed" == 1 ]] || fail "ended $killed listener connections of A, not 1"
  fi
done

step "A's stream: every seq once, in order; every comment once"
wait_for 60 grep -q "$TAG 第${WRITES}条" "$WORK/admin.watch" || fail "the admin never got the last comment"
wait_for 60 grep -q "$TAG 第${WRITES}条" "$WORK/sup.watch" || fail "the supervisor never got the last comment"
wait_for 60 has_listener "$A_PID" || fail "A's listener did not come back"
LAST=$(sql "SELECT last FROM event_counter")
wait_for 60 grep -q "\"seq\":\"$LAST\"" "$WORK/admin.watch" || fail "the admin never got seq $LAST"
for pid in "${WATCH_PIDS[@]}"; do
  kill -TERM "$pid"
  wait "$pid" || fail "a watch did not exit 0"
done
WATCH_PIDS=()
"$PY" - "$WORK/admin.watch" "$WORK/sup.watch" "$TAG" "$WRITES" "$LAST" <<'PYEOF' || fail "the streams on A are wrong"
import json, sys
admin_file, sup_file, tag, writes, last = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def stream(path):
    lines = [json.loads(l) for l in open(path) if l.strip()]
    head, pushes = lines[0], lines[1:]
    return int(head["next_seq"]), [p["event"] for p in pushes]

ok = True
next_seq, events = stream(admin_file)
seqs = seqs_admin = [int(e["seq"]) for e in events]
# (a deadline falling due may add events after the last comment)
if seqs != list(range(next_seq, next_seq + len(seqs))) or not seqs or seqs[-1] < last:
    print("admin: expected seqs %d..%d, got %s" % (next_seq, last, seqs)); ok = False
_, events = stream(sup_file)
seqs = [int(e["seq"]) for e in events]
if seqs != sorted(set(seqs)):
    print("supervisor: seqs not increasing or repeated: %s" % seqs); ok = False
comments = [e["reason"] for e in events if e["reason"].startswith(tag + " ")]
want = ["%s 第%d条" % (tag, i) for i in range(1, writes + 1)]
if comments != want:
    print("supervisor: comments %s" % comments); ok = False
print("A delivered %d events to the admin, %d to the supervisor" % (len(seqs_admin), len(events)))
sys.exit(0 if ok else 1)
PYEOF
contains "$WORK/server.err" "event listener lost its connection"
has_listener "$B_PID" || fail "B lost its listener connection"

step "a watch on A resumed from a seq replays exactly the seqs from there"
FROM=$((LAST - 20))
expect_rc 0 "$CLI" "${ADMIN_A[@]}" --json watch --from "$FROM" --count 21
"$PY" - "$WORK/out" "$FROM" "$LAST" <<'PYEOF' || fail "the resumed watch is wrong"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
seqs = [int(l["event"]["seq"]) for l in lines[1:]]
want = list(range(int(sys.argv[2]), int(sys.argv[3]) + 1))
if seqs != want:
    print("resumed: expected %s, got %s" % (want, seqs)); sys.exit(1)
PYEOF
# and goes on live: the next comment through B reaches a watch resumed from the next seq
"$CLI" "${ADMIN_A[@]}" --json watch --from "$((LAST + 1))" >"$WORK/resume.watch" 2>/dev/null &
WATCH_PIDS+=($!)
wait_for 60 grep -q subscription_id "$WORK/resume.watch" || fail "the resumed watch did not subscribe"
expect_rc 0 "$CLI" "${GRID_B[@]}" cases comment "$NUMBER" --reason "$TAG 续订之后"
wait_for 60 grep -q "$TAG 续订之后" "$WORK/resume.watch" || fail "the resumed watch did not go on live"
kill -TERM "${WATCH_PIDS[0]}"
wait "${WATCH_PIDS[0]}" || fail "the resumed watch did not exit 0"
WATCH_PIDS=()
"$PY" - "$WORK/resume.watch" "$((LAST + 1))" <<'PYEOF' || fail "the resumed watch is wrong"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
seqs = [int(l["event"]["seq"]) for l in lines[1:]]
first = int(sys.argv[2])
if seqs != list(range(first, first + len(seqs))):
    print("resumed live: expected seqs from %d, got %s" % (first, seqs)); sys.exit(1)
PYEOF

step "both servers stop in order"
kill -TERM "$OTHER_PID"
wait "$OTHER_PID" || fail "gridcased B did not exit 0"
OTHER_PID=
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "gridcased A did not exit 0"
SERVER_PID=

echo "PostgreSQL live push across servers: all checks passed"
