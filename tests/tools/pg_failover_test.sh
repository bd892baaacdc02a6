#!/usr/bin/env bash
# Failover, end to end, with real processes: a PostgreSQL primary (fsync=on,
# synchronous_commit=on, synchronous_standby_names='*') and a streaming standby made with
# pg_basebackup -R, both built here under $TMPDIR (as the "postgres" user when run as root, as
# tests/support/pg_cluster.sh does); two gridcased on
# --db "host=S,S port=A,B target_session_attrs=read-write ..."; the CLI creating cases through
# both, each with a request id of its own, while the primary's postmaster is killed with
# SIGKILL and the standby promoted by hand (pg_ctl promote). Just before the kill the standby's
# WAL receiver is paused (SIGSTOP, resumed after the kill) until a COMMIT waits for it, so that
# a write is in flight, its COMMIT sent and unanswered, when the primary dies: most often one of
# the load's, answered COMMIT_UNCERTAIN (--no-stall kills the primary under the load as it
# comes). Then every request that got no
# answer is resent with its request id, and the script checks, on the promoted standby:
#   - every acknowledged request is there, once, with the case number it was answered with;
#   - every resent one is there once (applied by the resend, or replayed);
#   - a request that failed answered UNAVAILABLE: STORAGE_FAULT (not sent, not applied) or
#     COMMIT_UNCERTAIN (the COMMIT's answer was lost), nothing else;
#   - the event seqs are 1..N without a gap, and the counter row says N;
#   - a subscriber on a server keeps its stream through the failover, and a subscriber that
#     resumes from its last seq (on the other server) gets every later event, in order.
# It prints the failover time: from the SIGKILL to the first acknowledged write whose request
# was sent after it (on the promoted standby, necessarily).
#
# Before the load, with the same two clusters, bad configuration at start: a wrong password, a
# database of a newer schema, and the standby named as the only host (with and without
# target_session_attrs=read-write) each stop gridcased with one clear line and exit 1.
#
#   pg_failover_test.sh [--runs N] [--no-stall] GRIDCASE_ADMIN GRIDCASED GRIDCASE
#
# --runs N repeats the failover cycle N times (fresh clusters each time) and prints the median
# and the worst failover time; CTest runs it once. Exit 77 (skip) when the PostgreSQL server
# programs are not installed.
set -euo pipefail

runs=1
stall=1
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-stall) stall=; shift ;;
    *) echo "usage: $0 [--runs N] [--no-stall] GRIDCASE_ADMIN GRIDCASED GRIDCASE" >&2; exit 2 ;;
  esac
done
ADMIN=$1
SERVER=$2
CLI=$3
PY=/usr/bin/python3

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" && -x "$candidate/pg_basebackup" ]]; then
    bindir="$candidate"
    break
  fi
done
if [[ -z "$bindir" ]]; then
  echo "gridcase: PostgreSQL tests skip: the PostgreSQL server programs are not installed (apt-get install postgresql)"
  exit 77
fi
as_owner=()
[[ $(id -u) -eq 0 ]] && as_owner=(runuser -u postgres --)

source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh" pgfo

CL=
WALRECEIVER=
A_PID=
B_PID=
WATCH_PID=
LOAD_PIDS=()
stop_all() {
  for pid in "${LOAD_PIDS[@]}" $WATCH_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${LOAD_PIDS[@]}" $WATCH_PID; do wait "$pid" 2>/dev/null || true; done
  LOAD_PIDS=()
  WATCH_PID=
  [[ -n "$WALRECEIVER" ]] && kill -CONT "$WALRECEIVER" 2>/dev/null
  WALRECEIVER=
  for pid in $A_PID $B_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $A_PID $B_PID; do wait "$pid" 2>/dev/null || true; done
  A_PID=
  B_PID=
  if [[ -n "$CL" ]]; then
    for d in "$CL/a" "$CL/b"; do
      [[ -f "$d/postmaster.pid" ]] && "${as_owner[@]}" "$bindir/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
    done
    # The killed primary's backends go on their own once they see their postmaster gone.
    rm -rf "$CL"
    CL=
  fi
}
finish() {
  stop_all
  cleanup
}
trap finish EXIT

now() { echo "$EPOCHREALTIME"; }
sql() { # sql PORT SQL: one value or rows, unaligned
  psql -X -q -At -v ON_ERROR_STOP=1 "host=$CL port=$1 user=gridcase dbname=${DBNAME:-postgres}" -c "$2"
}

# clusters: a primary on port PA (synchronous commit to any standby) and its streaming standby
# on PB, both in the fresh folder CL (their sockets too).
clusters() {
  CL=$(mktemp -d "${TMPDIR:-/tmp}/gcfo.XXXXXX")
  [[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$CL"
  PA=$((20000 + RANDOM % 20000))
  PB=$((PA + 1))
  "${as_owner[@]}" "$bindir/initdb" -D "$CL/a" -U gridcase --auth=trust --encoding=UTF8 --lc-collate=C \
    --lc-ctype=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; fail "initdb"; }
  # A login with a password (for the wrong-password check); everyone else as initdb made it.
  "${as_owner[@]}" sed -i '1i local all gc_pw scram-sha-256' "$CL/a/pg_hba.conf"
  local common="-c listen_addresses='' -c unix_socket_directories='$CL' -c fsync=on -c synchronous_commit=on -c max_connections=100"
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$CL/a" -l "$CL/a.log" -w -t 60 \
    -o "$common -p $PA -c synchronous_standby_names='*'" start >/dev/null || { cat "$CL/a.log" >&2; fail "primary start"; }
  "${as_owner[@]}" "$bindir/pg_basebackup" -h "$CL" -p "$PA" -U gridcase -D "$CL/b" -R -X stream -c fast \
    >"$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; fail "pg_basebackup"; }
  # The standby has no synchronous standby of its own: once promoted, its commits must not wait.
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$CL/b" -l "$CL/b.log" -w -t 60 -o "$common -p $PB" start >/dev/null ||
    { cat "$CL/b.log" >&2; fail "standby start"; }
  # A commit on the primary now waits for the standby.
  local synced=
  for _ in $(seq 1 100); do
    synced=$(DBNAME=postgres sql "$PA" "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")
    [[ "$synced" == 1 ]] && break
    sleep 0.1
  done
  [[ "$synced" == 1 ]] || fail "the standby did not become synchronous"
  DBNAME=postgres sql "$PA" "CREATE DATABASE gc"
  DB="host=$CL,$CL port=$PA,$PB user=gridcase dbname=gc target_session_attrs=read-write connect_timeout=5"
}

# start NAME: starts gridcased on $DB; sets NAME_PID and NAME_URL.
start() {
  "$SERVER" --db "$DB" --attachments-dir "$WORK/files" --listen 127.0.0.1:0 \
    >"$WORK/$1.out" 2>"$WORK/$1.err" &
  local pid=$!
  local url=
  for _ in $(seq 1 300); do
    if line=$(grep -m1 '^gridcased listening on ' "$WORK/$1.out" 2>/dev/null); then
      url=${line#gridcased listening on }
      break
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$1.err" >&2; fail "gridcased $1 exited early"; }
    sleep 0.1
  done
  [[ -n "$url" ]] || fail "gridcased $1 printed no listening line"
  printf -v "${1}_PID" '%s' "$pid"
  printf -v "${1}_URL" '%s' "$url"
}

create_args() { # create_args RID: the CLI words that create the case of request RID
  CREATE=(--json cases create --kind INCIDENT --category INC.ENV.RUBBISH --title "故障切换-$1"
    --description "主库失效时的写入" --unit "$GRID_UNIT" --address "河畔小区" --request-id "$1")
}

# load NAME URL: creates cases through URL until $WORK/stop appears; one line per request in
# $WORK/NAME.log: "ok RID SENT ANSWERED NUMBER" or "fail RID SENT ANSWERED REASON".
load() {
  local name=$1 url=$2 i=0 rid t0 out
  local flags=(--server "$url" --token-file "$WORK/$name.token")
  while [[ ! -e "$WORK/stop" ]]; do
    i=$((i + 1))
    rid="$RUN-$name-$i"
    create_args "$rid"
    t0=$(now)
    if out=$("$CLI" "${flags[@]}" "${CREATE[@]}" </dev/null 2>/dev/null); then
      [[ $out =~ \"number\":\ *\"([^\"]+)\" ]] || { echo "bad $rid $t0 $(now) ?" >>"$WORK/$name.log"; continue; }
      echo "ok $rid $t0 $(now) ${BASH_REMATCH[1]}" >>"$WORK/$name.log"
    else
      local why=NO_REASON
      [[ $out =~ \"reason\":\ *\"([^\"]+)\" ]] && why=${BASH_REMATCH[1]}
      echo "fail $rid $t0 $(now) $why" >>"$WORK/$name.log"
    fi
  done
}

count_ok() { # count_ok LOG [AFTER]: acknowledged requests (sent after AFTER)
  awk -v after="${2:-0}" '$1 == "ok" && $3 > after' "$1" 2>/dev/null | wc -l
}
wait_for() { # wait_for SECONDS WHAT CONDITION...: polls CONDITION every 0.1 s
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.1
  done
}
committing_unanswered() { # a gridcased's COMMIT waits for the synchronous standby
  [[ $(DBNAME=postgres sql "$PA" "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'") -ge 1 ]]
}
acked_each() { # acked_each N [AFTER]: both loads have N acknowledged requests (sent after AFTER)
  [[ $(count_ok "$WORK/A.log" "${2:-0}") -ge $1 && $(count_ok "$WORK/B.log" "${2:-0}") -ge $1 ]]
}

one_line() { # the server's stderr holds one line for people (beside its JSON log lines)
  [[ $(grep -c '^gridcased: ' "$WORK/err") -eq 1 ]] || { cat "$WORK/err" >&2; fail "not one line"; }
}

startup_checks() {
  step "bad configuration at start: one clear line, exit 1, never a crash"
  DBNAME=postgres sql "$PA" "CREATE ROLE gc_pw LOGIN PASSWORD 'right-pass-1'"
  DBNAME=postgres sql "$PA" "SELECT pg_reload_conf()" >/dev/null
  expect_rc 1 "$SERVER" --db "host=$CL port=$PA user=gc_pw password=wrong-pass-2 dbname=gc" \
    --attachments-dir "$WORK/files" --listen 127.0.0.1:0
  contains "$WORK/err" "PostgreSQL 拒绝登录：用户名或密码不对"
  contains "$WORK/err" "wrong user or password"
  ! grep -q "wrong-pass-2" "$WORK/err" || fail "the password was printed"
  one_line
  [[ ! -s "$WORK/out" ]] || fail "gridcased printed a listening line"

  DBNAME=postgres sql "$PA" "CREATE DATABASE gc_newer"
  expect_rc 0 "$ADMIN" --db "host=$CL port=$PA user=gridcase dbname=gc_newer" init
  DBNAME=gc_newer sql "$PA" "UPDATE gridcase_schema SET version = version + 1"
  expect_rc 1 "$SERVER" --db "host=$CL port=$PA user=gridcase dbname=gc_newer" \
    --attachments-dir "$WORK/files" --listen 127.0.0.1:0
  contains "$WORK/err" "数据库由更高版本创建，请升级程序"
  contains "$WORK/err" "is newer than this build"
  one_line

  # The standby alone: as named (it answers, but takes no writes) ...
  expect_rc 1 "$SERVER" --db "host=$CL port=$PB user=gridcase dbname=gc" \
    --attachments-dir "$WORK/files" --listen 127.0.0.1:0
  contains "$WORK/err" "数据库服务器只读（备库）"
  contains "$WORK/err" "read-only standby"
  one_line
  expect_rc 1 "$ADMIN" --db "host=$CL port=$PB user=gridcase dbname=gc" init --demo
  contains "$WORK/err" "数据库服务器只读（备库）"
  # ... and with target_session_attrs=read-write, which libpq refuses.
  expect_rc 1 "$SERVER" --db "host=$CL port=$PB user=gridcase dbname=gc target_session_attrs=read-write" \
    --attachments-dir "$WORK/files" --listen 127.0.0.1:0
  contains "$WORK/err" "所列主机都是只读的（备库）"
  one_line
}

TIMES=()
cycle() { # cycle N: one failover, start to end
  RUN="fo$1x$RANDOM"
  rm -f "$WORK"/A.* "$WORK"/B.* "$WORK/stop" "$WORK/watch.json"
  step "run $1: a primary (fsync on, synchronous standby) and its standby"
  clusters
  [[ "$1" == 1 ]] && startup_checks

  step "run $1: two gridcased on host=A,B target_session_attrs=read-write"
  expect_rc 0 "$ADMIN" --db "$DB" init --demo
  start A
  start B
  expect_rc 0 "$CLI" --server "$A_URL" --token-file "$WORK/A.token" login grid1 --password demo12345
  expect_rc 0 "$CLI" --server "$B_URL" --token-file "$WORK/B.token" login grid1 --password demo12345
  expect_rc 0 "$CLI" --server "$A_URL" --token-file "$WORK/A.token" --json whoami
  GRID_UNIT=$(json "$WORK/out" 'd["scope_unit_id"]')

  # A subscriber on A, live from now.
  "$CLI" --server "$A_URL" --token-file "$WORK/A.token" --json watch >"$WORK/watch.json" 2>"$WORK/watch.err" &
  WATCH_PID=$!
  load A "$A_URL" &
  LOAD_PIDS+=($!)
  load B "$B_URL" &
  LOAD_PIDS+=($!)
  wait_for 60 "writes through both servers" acked_each 10
  wait_for 60 "the subscriber's first event" grep -q '"event"' "$WORK/watch.json"

  local primary_pid
  primary_pid=$(head -1 "$CL/a/postmaster.pid")
  if [[ -n "$stall" ]]; then
    # The standby stops taking WAL: the writes committing now wait for it, their COMMIT sent
    # and unanswered, when the primary dies.
    step "run $1: the standby's WAL receiver paused; commits wait for it"
    WALRECEIVER=$(pgrep -P "$(head -1 "$CL/b/postmaster.pid")" -f walreceiver || true)
    [[ -n "$WALRECEIVER" ]] || fail "no WAL receiver on the standby"
    kill -STOP "$WALRECEIVER"
    wait_for 60 "a commit waiting for the standby" committing_unanswered
  fi
  step "run $1: kill -9 the primary, promote the standby"
  local killed
  killed=$(now)
  kill -KILL "$primary_pid"
  if [[ -n "$WALRECEIVER" ]]; then
    kill -CONT "$WALRECEIVER"
    WALRECEIVER=
  fi
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$CL/b" -w -t 60 promote >/dev/null || fail "promote"
  local promoted
  promoted=$(now)
  wait_for 60 "writes through both servers after the promotion" acked_each 5 "$promoted"
  touch "$WORK/stop"
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" || fail "a load loop failed"; done
  LOAD_PIDS=()

  step "run $1: every request that got no answer is resent with its request id"
  local failed_reasons
  failed_reasons=$(awk '$1 == "fail" || $1 == "bad" {print $5}' "$WORK/A.log" "$WORK/B.log" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
  awk '$1 == "bad"' "$WORK/A.log" "$WORK/B.log" | grep -q . && fail "an answer without a case number"
  if awk '$1 == "fail" && $5 != "STORAGE_FAULT" && $5 != "COMMIT_UNCERTAIN"' "$WORK/A.log" "$WORK/B.log" | grep -q .; then
    fail "a request failed with another reason: $failed_reasons"
  fi
  # The COMMIT in flight is usually a request of the load (COMMIT_UNCERTAIN above); two runs of
  # six saw only STORAGE_FAULT, as when the batch in flight held no request of the load (a write
  # the server made itself) and the load's were queued behind it: no reason is required here.
  local applied=0 replayed=0
  for name in A B; do
    local url_var="${name}_URL"
    while read -r rid; do
      create_args "$rid"
      local settled=
      for _ in $(seq 1 100); do
        if "$CLI" --server "${!url_var}" --token-file "$WORK/$name.token" "${CREATE[@]}" </dev/null >"$WORK/out" 2>"$WORK/err"; then
          settled=1
          break
        fi
        reason_in=$(json "$WORK/out" 'd["error"]["reason"]' 2>/dev/null || echo "?")
        [[ "$reason_in" == STORAGE_FAULT || "$reason_in" == COMMIT_UNCERTAIN ]] || { cat "$WORK/out" "$WORK/err" >&2; fail "resend of $rid"; }
        sleep 0.2
      done
      [[ -n "$settled" ]] || fail "the resend of $rid never settled"
      if [[ "$(json "$WORK/out" 'd.get("replayed", False)')" == True ]]; then
        replayed=$((replayed + 1))
      else
        applied=$((applied + 1))
      fi
      echo "ok $rid 0 0 $(json "$WORK/out" 'd["case"]["number"]')" >>"$WORK/$name.resent"
    done < <(awk '$1 == "fail" {print $2}' "$WORK/$name.log")
  done

  step "run $1: on the promoted standby: every request once, seqs gapless"
  DBNAME=gc sql "$PB" "SELECT substr(title, 6), number FROM cases WHERE title LIKE '故障切换-%' ORDER BY 1" \
    >"$WORK/stored"
  DBNAME=gc sql "$PB" "SELECT request_id FROM requests WHERE request_id LIKE '$RUN-%' ORDER BY 1" >"$WORK/request_ids"
  DBNAME=gc sql "$PB" "SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0), (SELECT last FROM event_counter) FROM events" \
    >"$WORK/seqs"
  "$PY" - "$WORK" <<'EOF' || fail "the stored cases, requests or seqs are not what was answered"
import sys
work = sys.argv[1]
answered = {}
sent = set()
for name in ("A.log", "B.log", "A.resent", "B.resent"):
    try:
        lines = open(f"{work}/{name}").read().split("\n")
    except FileNotFoundError:
        continue
    for line in lines:
        if not line:
            continue
        status, rid, _, _, what = line.split(" ")
        sent.add(rid)
        if status == "ok":
            if rid in answered and answered[rid] != what:
                sys.exit(f"{rid} answered {answered[rid]} and {what}")
            answered[rid] = what
stored = {}
for line in open(f"{work}/stored").read().split("\n"):
    if line:
        rid, number = line.split("|")
        if rid in stored:
            sys.exit(f"{rid} is stored twice")
        stored[rid] = number
problems = []
for rid in sorted(sent):
    if rid not in answered:
        problems.append(f"{rid} never settled")
    elif stored.get(rid) != answered[rid]:
        problems.append(f"{rid} answered {answered[rid]}, stored {stored.get(rid)}")
extra = set(stored) - sent
if extra:
    problems.append(f"stored but never sent: {sorted(extra)[:5]}")
request_ids = set(l for l in open(f"{work}/request_ids").read().split("\n") if l)
if request_ids != sent:
    problems.append(f"request records {len(request_ids)} for {len(sent)} requests")
count, low, high, counter = (int(v) for v in open(f"{work}/seqs").read().strip().split("|"))
if not (count == high and (count == 0 or low == 1) and counter == high):
    problems.append(f"seqs: {count} events from {low} to {high}, counter {counter}")
if problems:
    sys.exit("\n".join(problems))
print(f"{len(sent)} requests, all stored once; events 1..{high} gapless")
EOF

  step "run $1: the subscriber kept its stream; one resuming from its last seq misses nothing"
  local max_seq last_seen
  max_seq=$(cut -d'|' -f3 "$WORK/seqs")
  kill -TERM "$WATCH_PID" 2>/dev/null || true
  wait "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=
  # The live subscriber on A received events written through A after the promotion.
  last_seen=$("$PY" -c '
import json, sys
seqs = [int(json.loads(l)["event"]["seq"]) for l in open(sys.argv[1]) if l.strip().startswith("{") and "\"event\"" in l]
print(max(seqs) if seqs else 0)' "$WORK/watch.json")
  local first_after
  first_after=$(awk -v after="$promoted" '$1 == "ok" && $3 > after {print $2; exit}' "$WORK/A.log")
  [[ -n "$first_after" ]] || fail "no write through A after the promotion"
  local first_after_seq
  first_after_seq=$(DBNAME=gc sql "$PB" "SELECT min(e.seq) FROM events e JOIN cases c ON c.id = e.case_id WHERE c.title = '故障切换-$first_after'")
  [[ "$last_seen" -ge "$first_after_seq" ]] || fail "the subscriber on A stopped at seq $last_seen (A wrote seq $first_after_seq after the promotion)"
  # Resuming on B from where it stopped: every later event, in order, none missing.
  local want=$((max_seq - last_seen))
  if ((want > 0)); then
    expect_rc 0 timeout 60 "$CLI" --server "$B_URL" --token-file "$WORK/B.token" --json watch --from $((last_seen + 1)) --count "$want"
    "$PY" - "$WORK/out" "$last_seen" "$max_seq" <<'EOF' || fail "the resumed subscription"
import json, sys
seqs = [int(json.loads(l)["event"]["seq"]) for l in open(sys.argv[1]) if "\"event\"" in l]
want = list(range(int(sys.argv[2]) + 1, int(sys.argv[3]) + 1))
if seqs != want:
    sys.exit(f"resumed: {seqs[:5]}... ({len(seqs)}), wanted {want[0]}..{want[-1]}")
EOF
  fi

  # The first acknowledged write sent after the kill.
  local took
  took=$(awk -v k="$killed" '$1 == "ok" && $3 > k && (m == "" || $4 < m) {m = $4} END {print m}' "$WORK/A.log" "$WORK/B.log")
  [[ -n "$took" ]] || fail "no acknowledged write after the kill"
  local ms
  ms=$(awk -v a="$took" -v k="$killed" 'BEGIN {printf "%d", (a - k) * 1000}')
  local promote_ms
  promote_ms=$(awk -v k="$killed" -v p="$promoted" 'BEGIN {printf "%d", (p - k) * 1000}')
  TIMES+=("$ms")
  local acked
  acked=$(($(count_ok "$WORK/A.log") + $(count_ok "$WORK/B.log")))
  echo "run $1: failover ${ms} ms (kill to first acknowledged write; promote returned after ${promote_ms} ms);" \
    "acknowledged $acked; failed: ${failed_reasons:-none}; resent: applied $applied, replayed $replayed" |
    tee -a "$WORK/summary"
  stop_all
}

for n in $(seq 1 "$runs"); do cycle "$n"; done

if ((runs > 1)); then
  echo
  cat "$WORK/summary"
fi
printf '%s\n' "${TIMES[@]}" | sort -n | awk '{t[NR] = $1} END {
  printf "failover over %d run(s): median %d ms, worst %d ms\n", NR, (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), t[NR] }'
echo "PostgreSQL failover: all checks passed"
