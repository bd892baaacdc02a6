#!/usr/bin/python3
"""Runs gridcase-bench once over every scenario, tiny, and checks that it still works: it exits 0
and prints JSON whose counts are positive and whose calls did not fail. No timing is asserted:
benchmarks print numbers, they are not timed tests.

usage: bench_smoke_test.py GRIDCASE_BENCH GRIDCASED
"""
import json
import subprocess
import sys


def main():
    bench, server = sys.argv[1], sys.argv[2]
    cmd = [bench, "all", "--json", "--server", server, "--clients", "4", "--duration", "1",
           "--idle-connections", "20", "--subscribers", "5", "--events", "3",
           "--cases", "300", "--days", "10"]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit("gridcase-bench exited %d\n%s" % (done.returncode, done.stderr))
    report = json.loads(done.stdout)
    scenarios = {s["name"]: s for s in report["scenarios"]}
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    for name in ["mix", "store-only", "idle", "fanout", "generate", "reads", "limits", "ratios", "api-vs-store"]:
        check(name in scenarios, "scenario %s missing" % name)
    for name, s in scenarios.items():
        for op, o in s["ops"].items():
            check(o["errors"] == 0, "%s/%s: %d errors %s" % (name, op, o["errors"], o["error_reasons"]))
    for name in ["mix", "store-only"]:
        ops = scenarios.get(name, {}).get("ops", {})
        for op in ["create", "action"]:
            check(ops.get(op, {}).get("count", 0) > 0, "%s/%s: no calls" % (name, op))
            check(ops.get(op, {}).get("p99_ms", 0) > 0, "%s/%s: no latency" % (name, op))
    mix = scenarios.get("mix", {})
    check(mix.get("ops", {}).get("get", {}).get("count", 0) + mix.get("ops", {}).get("list", {}).get("count", 0) > 0,
          "mix: no reads")
    check(mix.get("server", {}).get("peak_rss_kib", 0) > 0, "mix: no server memory figure")
    idle = scenarios.get("idle", {}).get("figures", {})
    check(idle.get("open_at_end") == 20, "idle: %s of 20 connections open" % idle.get("open_at_end"))
    check(idle.get("probed_ok", 0) > 0, "idle: probe calls failed")
    fanout = scenarios.get("fanout", {}).get("figures", {})
    check(fanout.get("deliveries", 0) == 15, "fanout: %s of 15 deliveries" % fanout.get("deliveries"))
    generate = scenarios.get("generate", {}).get("figures", {})
    check(generate.get("cases") == 300, "generate: %s cases" % generate.get("cases"))
    check(generate.get("errors") == 0, "generate: %s errors" % generate.get("errors"))
    check(generate.get("events", 0) > 300, "generate: histories missing")
    reads = scenarios.get("reads", {})
    for op in ["list_open_page", "get_50_events"]:
        check(reads.get("ops", {}).get(op, {}).get("count", 0) > 0, "reads/%s: no calls" % op)
    check(reads.get("figures", {}).get("server_ready_seconds", 0) > 0, "reads: no start-up time")
    check(scenarios.get("api-vs-store", {}).get("figures", {}).get("ratio", 0) > 0, "no api-vs-store ratio")
    limits = scenarios.get("limits", {}).get("figures", {})
    for figure in ["synced_4k_write_ms", "sqlite_batch_1_per_second", "sqlite_batch_1024_per_second",
                   "beast_echo_64_per_second"]:
        check(limits.get(figure, 0) > 0, "limits: no %s" % figure)
    ratios = scenarios.get("ratios", {}).get("figures", {})
    for figure in ["store_only_vs_bare_sqlite", "mix_action_p99_ms",
                   "p99_budget_ms_2_plus_2_synced_writes"]:
        check(ratios.get(figure, 0) > 0, "ratios: no %s" % figure)
    if failures:
        sys.exit("\n".join(failures) + "\n\n" + done.stdout)
    print("gridcase-bench: every scenario ran")


if __name__ == "__main__":
    main()
