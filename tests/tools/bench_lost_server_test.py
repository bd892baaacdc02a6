#!/usr/bin/python3
"""gridcase-bench's mix keeps its footing when the server goes away mid-run: it reports each
client's lost connection and the calls that failed, and exits normally. (A client used to call
again from inside the failed call's answer, until its thread's stack ran out.)

The server is killed (SIGKILL) by a stand-in for gridcased, once the run has created cases
through it, so the connections are lost in the middle of the run, not while they sign in.

usage: bench_lost_server_test.py GRIDCASE_BENCH GRIDCASED
"""
import json
import os
import stat
import subprocess
import sys
import tempfile

# Runs gridcased with the benchmark's arguments and kills it once 300 cases more than it started
# with are in its database (read with the sqlite3 shell): the run is then under way.
STAND_IN = r"""#!/bin/bash
db=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --db ]] && db="${args[i + 1]}"
done
"$GRIDCASED_REAL" "$@" &
server=$!
# Stopped before the kill (a run that ended first): the server goes too.
trap 'kill -KILL "$server" 2>/dev/null; exit 0' TERM
before=""
for _ in $(seq 600); do
  n="$(sqlite3 "$db" "SELECT count(*) FROM cases" 2>/dev/null || true)"
  [[ -z "$before" && -n "$n" ]] && before="$n"
  [[ -n "$before" && -n "$n" ]] && ((n >= before + 300)) && break
  sleep 0.1
done
kill -KILL "$server"
wait "$server"
exit 0
"""


def main():
    bench, server = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="gridcase-bench-lost-") as work:
        stand_in = os.path.join(work, "gridcased-killed")
        with open(stand_in, "w") as f:
            f.write(STAND_IN)
        os.chmod(stand_in, stat.S_IRWXU)
        env = dict(os.environ, GRIDCASED_REAL=server)
        cmd = [bench, "mix", "--json", "--no-limits", "--server", stand_in, "--work-dir", work,
               "--clients", "4", "--duration", "10", "--cases", "300", "--days", "10"]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=300, env=env)
    if done.returncode != 0:
        sys.exit("gridcase-bench exited %d\n%s" % (done.returncode, done.stderr))
    report = json.loads(done.stdout)
    mix = {s["name"]: s for s in report["scenarios"]}["mix"]
    failures = []
    lost = mix["figures"].get("clients_lost")
    if lost != 4:
        failures.append("clients_lost: %s, expected all 4" % lost)
    reasons = {}
    for op in ["create", "action"]:
        for reason, count in mix["ops"].get(op, {}).get("error_reasons", {}).items():
            reasons[reason] = reasons.get(reason, 0) + count
    if not set(reasons) & {"CONNECTION_LOST", "NOT_CONNECTED"}:
        failures.append("no lost-connection errors among the writes: %s" % reasons)
    if "lost their connection" not in done.stderr:
        failures.append("no word of the lost connections on stderr")
    if failures:
        sys.exit("\n".join(failures) + "\n\nstdout:\n" + done.stdout + "\nstderr:\n" + done.stderr)
    print("gridcase-bench: the mix reported %d lost clients and %s" % (lost, reasons))


if __name__ == "__main__":
    main()
