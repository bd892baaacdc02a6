#!/usr/bin/env bash
# gridcase-admin copy, end to end: a SQLite database copied into PostgreSQL (the CTest fixture
# "pg_cluster") by the real binary, with real files.
#
# - Bad input gets one clear line and a non-zero exit: no such file, not a gridcase database, an
#   older schema, an unreachable target, a target holding data, attachments with nowhere to go.
# - The demo, with an uploaded attachment and a logged-in session, copied: every count and
#   checksum equal; gridcased on the copy logs the session in and a demo user in, shows a demo
#   case, serves the attachment's bytes, and its next event continues the seqs.
# - A generated database (gridcase-bench generate) copied in small chunks, stopped after a few
#   (--max-chunks) and resumed; and killed (kill -9) while its COPY waits, then resumed: each
#   time every count and checksum equal, no row twice.
# - gridcase-bench on PostgreSQL: reads on the copy (the generated file's facts), the mix through
#   two servers on one database; each refuses what it cannot do without that.
#
#   pg_copy_e2e_test.sh GRIDCASE_ADMIN GRIDCASED GRIDCASE GRIDCASE_BENCH
# Environment: GRIDCASE_PG_CLUSTER, the cluster's folder (tests/support/pg_cluster.sh);
# COPY_TEST_CASES, the generated database's cases (default 3000).
set -euo pipefail

ADMIN=$1
SERVER=$2
CLI=$3
BENCH=$4
PY=/usr/bin/python3
CASES=${COPY_TEST_CASES:-3000}

source "$(dirname "${BASH_SOURCE[0]}")/pg_e2e_lib.sh"

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" pgcopy

COPY_PID=
LOCK_PID=
# new_database VAR: a database of this test's own (dropped at the end); VAR gets its conninfo.
new_database() { pg_new_database "$1" gc_copy; }
finish() {
  [[ -n "$COPY_PID" ]] && kill -9 "$COPY_PID" 2>/dev/null || true
  [[ -n "$LOCK_PID" ]] && kill "$LOCK_PID" 2>/dev/null || true
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  pg_drop_databases
  cleanup
}
trap finish EXIT
q() { psql -X -qAt -v ON_ERROR_STOP=1 "$@"; }  # q CONNINFO -c SQL: one value per line
commas() { "$PY" -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }  # 1234567 -> 1,234,567
# every_check_equal: the verification table in $WORK/out says equal on every line, none different.
every_check_equal() {
  contains "$WORK/out" "复制并核对完成"
  ! grep -q "不一致" "$WORK/out" || { cat "$WORK/out" >&2; fail "a table differs"; }
  for table in org_units users sessions cases events requests audit case_figures figure_days attachments \
    cases.bigrams event_counter; do
    grep -qE "^$table .*一致 equal$" "$WORK/out" || { cat "$WORK/out" >&2; fail "no equal line for $table"; }
  done
}

step "the demo on SQLite, with a session and an uploaded attachment"
DB="$WORK/var/gridcase.db"
expect_rc 0 "$ADMIN" --db "$DB" init --demo
start_server "$DB"
expect_rc 0 "$CLI" --server "$URL" --token-file "$WORK/grid1.token" login grid1 --password demo12345
GRID=(--server "$URL" --token-file "$WORK/grid1.token")
"$PY" -c 'import sys; open(sys.argv[1],"wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes((i*131+i//7)&255 for i in range(40000)))' "$WORK/photo.jpg"
FIRST=$(sqlite3 "$DB" "SELECT number FROM cases WHERE location_unit_id = (SELECT scope_unit_id FROM users WHERE username = 'grid1') ORDER BY id LIMIT 1")
[[ -n "$FIRST" ]] || fail "no demo case in grid1's grid"
expect_rc 0 "$CLI" "${GRID[@]}" --json attach "$FIRST" "$WORK/photo.jpg" --note "现场照片" --request-id copy-attach-1
SHA=$(json "$WORK/out" 'd["attachment"]["id"]')
ATT=$SHA
SHA=$(json "$WORK/out" 'd["attachment"]["sha256"]')
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "gridcased on SQLite did not exit 0"
SERVER_PID=
LAST_SEQ=$(sqlite3 "$DB" "SELECT max(seq) FROM events")
CASE_COUNT=$(sqlite3 "$DB" "SELECT count(*) FROM cases")

step "bad input: one clear line, non-zero exit, nothing written"
new_database TARGET
expect_rc 1 "$ADMIN" copy --from "$WORK/none.db" --to "$TARGET"
contains "$WORK/err" "源数据库文件不存在"
echo "not a database at all, just text" >"$WORK/text.db"
expect_rc 1 "$ADMIN" copy --from "$WORK/text.db" --to "$TARGET"
contains "$WORK/err" "该文件不是本系统的数据库"
cp "$DB" "$WORK/old.db"
sqlite3 "$WORK/old.db" "PRAGMA user_version = 19"
expect_rc 1 "$ADMIN" copy --from "$WORK/old.db" --to "$TARGET"
contains "$WORK/err" "请先运行 gridcase-admin --db $WORK/old.db init 升级"
[[ $(wc -l <"$WORK/err") == 1 ]] || { cat "$WORK/err" >&2; fail "more than one line"; }
expect_rc 1 "$ADMIN" copy --from "$DB" --to "postgresql://gridcase:s3cret@127.0.0.1:1/nothing?connect_timeout=5"
contains "$WORK/err" "无法连接 PostgreSQL 数据库"
! grep -q s3cret "$WORK/err" || fail "the password was printed"
expect_rc 2 "$ADMIN" copy --from "$DB" --to "$WORK/other.db"
contains "$WORK/err" "--to 须为 PostgreSQL"
expect_rc 1 "$ADMIN" copy --from "$DB" --to "$TARGET"
contains "$WORK/err" "--attachments-to"
[[ "$(q "$TARGET" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gridcase_copy%'")" == 0 ]] ||
  fail "a refused copy began"
new_database LIVE
expect_rc 0 "$ADMIN" --db "$LIVE" init --demo
expect_rc 1 "$ADMIN" copy --from "$DB" --to "$LIVE" --attachments-to "$WORK/files"
contains "$WORK/err" "目标数据库已有数据"
[[ "$(q "$LIVE" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gridcase_copy%'")" == 0 ]] ||
  fail "a copy began in a live database"

step "the demo copied: every count and checksum equal, the attachment's file too"
expect_rc 0 "$ADMIN" copy --from "$DB" --to "$TARGET" --attachments-to "$WORK/files"
every_check_equal
grep -qE "^附件文件 attachment files +1 +1 .*一致 equal$" "$WORK/out" || { cat "$WORK/out" >&2; fail "attachment line"; }
contains "$WORK/err" "events "
cmp -s "$WORK/photo.jpg" "$WORK/files/${SHA:0:2}/${SHA:2}" || fail "the attachment's file differs"
[[ "$(q "$TARGET" -c "SELECT last FROM event_counter")" == "$LAST_SEQ" ]] || fail "the event counter is not the last seq"
[[ "$(q "$TARGET" -c "SELECT count(*) FROM cases")" == "$CASE_COUNT" ]] || fail "not every case"
# Run again on a finished copy: it verifies again.
expect_rc 0 "$ADMIN" copy --from "$DB" --to "$TARGET" --attachments-to "$WORK/files"
contains "$WORK/out" "已复制完成，重新核对"
every_check_equal

step "gridcased on the copy: the old session, a demo login, a case, the attachment, the next seq"
start_server "$TARGET" --attachments-dir "$WORK/files"
# The session from before the move: its token and user, for this server.
head -n 2 "$WORK/grid1.token" >"$WORK/moved.token"
expect_rc 0 "$CLI" --server "$URL" --token-file "$WORK/moved.token" whoami
contains "$WORK/out" "grid1"
PG_GRID=(--server "$URL" --token-file "$WORK/grid1-pg.token")
expect_rc 0 "$CLI" "${PG_GRID[@]}" login grid1 --password demo12345
expect_rc 0 "$CLI" "${PG_GRID[@]}" cases show "$FIRST"
contains "$WORK/out" "$FIRST"
expect_rc 0 "$CLI" "${PG_GRID[@]}" download "$ATT" --out "$WORK/downloaded.jpg"
cmp -s "$WORK/photo.jpg" "$WORK/downloaded.jpg" || fail "the download differs from the upload"
expect_rc 0 "$CLI" "${PG_GRID[@]}" --json whoami
GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')
expect_rc 0 "$CLI" "${PG_GRID[@]}" --json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "复制后新案件" \
  --description "复制到 PostgreSQL 后登记" --unit "$GRID_UNIT" --address "河畔小区" --request-id "copy-new-1"
[[ "$(q "$TARGET" -c "SELECT max(seq) FROM events")" == $((LAST_SEQ + 1)) ]] || fail "the new event's seq does not follow"
[[ "$(q "$TARGET" -c "SELECT count(*) FROM cases")" == $((CASE_COUNT + 1)) ]] || fail "the new case is missing"
expect_rc 0 "$CLI" "${PG_GRID[@]}" cases list --text "复制后新案件"
contains "$WORK/out" "复制后新案件"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || fail "gridcased on PostgreSQL did not exit 0"
SERVER_PID=
# The copy is now a live database: the source no longer matches it.
expect_rc 1 "$ADMIN" copy --from "$DB" --to "$TARGET" --attachments-to "$WORK/files"
contains "$WORK/out" "不一致 DIFFERENT"
contains "$WORK/err" "核对不一致"

step "a generated database of $CASES cases"
GEN="$WORK/generated.db"
expect_rc 0 "$BENCH" generate --db "$GEN" --cases "$CASES" --days 120
EVENTS=$(sqlite3 "$GEN" "SELECT count(*) FROM events")
GEN_CASES=$(sqlite3 "$GEN" "SELECT count(*) FROM cases")  # the demo's too
echo "generated: $GEN_CASES cases, $EVENTS events"

step "stopped after 4 chunks of 500 rows, then resumed"
new_database STOPPED
expect_rc 3 "$ADMIN" copy --from "$GEN" --to "$STOPPED" --chunk-rows 500 --max-chunks 4
contains "$WORK/out" "再次运行同一命令即可继续"
COPIED=$(q "$STOPPED" -c "SELECT sum(copied) FROM gridcase_copy_tables")
[[ "$COPIED" -gt 0 ]] || fail "nothing was committed"
[[ "$(q "$STOPPED" -c "SELECT count(*) FROM gridcase_copy_tables WHERE done = 0")" -gt 0 ]] || fail "it did not stop"
[[ "$(q "$STOPPED" -c "SELECT finished_at IS NULL FROM gridcase_copy")" == t ]] || fail "marked finished"
expect_rc 0 "$ADMIN" copy --from "$GEN" --to "$STOPPED" --chunk-rows 500
contains "$WORK/out" "续传完成"
every_check_equal
[[ "$(q "$STOPPED" -c "SELECT count(*) FROM events")" == "$EVENTS" ]] || fail "events differ"
# One changed value in one row, the counts all equal: the checksum tells, and the command fails.
q "$STOPPED" -c "UPDATE events SET reason = reason || '.' WHERE seq = (SELECT max(seq) / 2 FROM events)" >/dev/null
expect_rc 1 "$ADMIN" copy --from "$GEN" --to "$STOPPED"
contains "$WORK/out" "已复制完成，重新核对"
grep -qE "^events +$(commas "$EVENTS") +$(commas "$EVENTS") .*不一致 DIFFERENT$" "$WORK/out" ||
  { cat "$WORK/out" >&2; fail "the changed event was not found"; }
grep -qE "^cases .*一致 equal$" "$WORK/out" || fail "cases should still be equal"
contains "$WORK/err" "核对不一致"

step "killed (kill -9) while its COPY into events waits, then resumed"
new_database KILLED
expect_rc 0 "$ADMIN" --db "$KILLED" init
# Another session holds a lock that lets the copy read events but not write them.
PGAPPNAME=gc_copy_lock psql -X -q "$KILLED" -c "BEGIN; LOCK TABLE events IN SHARE MODE; SELECT pg_sleep(600);" \
  >/dev/null 2>&1 &
LOCK_PID=$!
for _ in $(seq 1 300); do
  [[ "$(q "$KILLED" -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
    WHERE c.relname = 'events' AND l.mode = 'ShareLock' AND l.granted")" == 1 ]] && break
  sleep 0.1
done
"$ADMIN" copy --from "$GEN" --to "$KILLED" --chunk-rows 500 >"$WORK/killed.out" 2>"$WORK/killed.err" &
COPY_PID=$!
waiting=0
for _ in $(seq 1 600); do
  if [[ "$(q "$KILLED" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
      AND wait_event_type = 'Lock' AND query LIKE 'COPY%events%'")" == 1 ]]; then
    waiting=1
    break
  fi
  kill -0 "$COPY_PID" 2>/dev/null || { cat "$WORK/killed.out" "$WORK/killed.err" >&2; fail "the copy ended early"; }
  sleep 0.1
done
[[ $waiting == 1 ]] || fail "the copy never reached events"
kill -9 "$COPY_PID"
wait "$COPY_PID" 2>/dev/null || true
COPY_PID=
q "$KILLED" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gc_copy_lock'" >/dev/null
wait "$LOCK_PID" 2>/dev/null || true
LOCK_PID=
[[ "$(q "$KILLED" -c "SELECT done FROM gridcase_copy_tables WHERE table_name = 'cases'")" == 1 ]] ||
  fail "the cases were not committed before the kill"
[[ "$(q "$KILLED" -c "SELECT count(*) FROM events")" == 0 ]] || fail "events were written"
expect_rc 0 "$ADMIN" copy --from "$GEN" --to "$KILLED" --chunk-rows 500
contains "$WORK/out" "续传完成"
every_check_equal
[[ "$(q "$KILLED" -c "SELECT count(*) FROM cases")" == "$GEN_CASES" ]] || fail "cases differ"

step "gridcase-bench on the copy: reads by the generated file's facts, and the mix through two servers"
# check_bench SCENARIO [OPS...]: the JSON in $WORK/out has that scenario, each named call made
# (count > 0), and no call failed.
check_bench() {
  "$PY" - "$WORK/out" "$@" <<'PYEOF' || fail "gridcase-bench $2 on PostgreSQL"
import json, sys
report = json.load(open(sys.argv[1]))
s = {x["name"]: x for x in report["scenarios"]}[sys.argv[2]]
bad = ["%s: %d errors %s" % (op, o["errors"], o["error_reasons"]) for op, o in s["ops"].items() if o["errors"]]
bad += ["%s: no calls" % op for op in sys.argv[3:] if s["ops"].get(op, {}).get("count", 0) == 0]
if sys.argv[2] == "mix" and s["figures"].get("servers") != 2:
    bad.append("servers: %s" % s["figures"].get("servers"))
if bad:
    sys.exit("\n".join(bad))
PYEOF
}
expect_rc 2 "$BENCH" reads --db "$KILLED"
contains "$WORK/err" "--facts"
expect_rc 0 "$BENCH" reads --db "$KILLED" --facts "$GEN.bench" --server "$SERVER" --duration 1 --json
check_bench reads list_open_page get_50_events
expect_rc 2 "$BENCH" mix --servers 2 --duration 1
contains "$WORK/err" "--servers"
new_database MIX
expect_rc 0 "$BENCH" mix --db "$MIX" --servers 2 --clients 4 --duration 1 --no-limits --json --server "$SERVER"
check_bench mix create action

echo "gridcase-admin copy end to end: all checks passed"
