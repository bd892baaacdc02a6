#!/usr/bin/python3
"""Crash test for gridcased: acknowledged writes survive SIGKILL, idempotent resends, gapless events.

Initialises a demo database in a temporary directory, starts gridcased on it (port 0), drives a
write load from several concurrent clients (demo users creating cases and moving them through
accept, dispatch, comment, resolve and close), and SIGKILLs the server at random moments. After
each kill the server is restarted on the same database, the clients reconnect and first resend
the request they had in flight (same request_id, same payload), then go on. A subscriber resumes
after every restart from its last seq + 1. At the end it checks:

  * every acknowledged mutation is stored with its acknowledged result: the case exists, its
    version is at least the acknowledged one, and its history holds each acknowledged event
    (same seq, same action);
  * every case's history is a valid walk: each event starts from the state the previous one
    ended in and raises the version by one (scheduler events included), and the case stands
    where its last event left it;
  * the global event sequence replayed from seq 1 has no gap and no duplicate;
  * each resent request was applied at most once (never two cases for one create request_id,
    never two events for one action);
  * the resuming subscriber received every event of its subtree once, in order;
  * the kills happened as asked: exactly --kills of them (running out of --max-seconds first is
    a failure, not a shorter pass); at every kill at least one request was on the wire (sent,
    its answer not yet received: the test waits for one, up to 10 s, then kills at once); and
    at least one kill of the run left such a request unanswered, so that the resend path ran.

Prints a summary and exits 1 on any violation (2 on a set-up failure).

    gridcase_crash.py --server PATH --admin PATH --proto-py DIR [--kills N] [--seed S]

Run it with /usr/bin/python3 (Debian's python3-protobuf and python3-websockets).
"""

import argparse
import asyncio
import collections
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", required=True, help="gridcased binary")
    p.add_argument("--admin", required=True, help="gridcase-admin binary")
    p.add_argument("--proto-py", required=True, help="directory with gridcase/v1/gridcase_pb2.py")
    p.add_argument("--kills", type=int, default=5, help="how many times to SIGKILL the server")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: from the time)")
    p.add_argument("--min-run", type=float, default=0.3,
                   help="shortest load between a start and its kill, seconds")
    p.add_argument("--max-run", type=float, default=2.5,
                   help="longest load between a start and its kill, seconds")
    p.add_argument("--final-run", type=float, default=1.0,
                   help="load after the last restart, before checking, seconds")
    p.add_argument("--max-seconds", type=float, default=0,
                   help="stop killing once this much time has passed (0: no limit); "
                        "the checks still run")
    p.add_argument("--keep", action="store_true",
                   help="keep the work directory (database, server logs) and print its path")
    p.add_argument("--verbose", "-v", action="store_true")
    return p.parse_args()


ARGS = parse_args()
sys.path.insert(0, ARGS.proto_py)

import websockets  # noqa: E402
from gridcase.v1 import gridcase_pb2 as pb  # noqa: E402

PASSWORD = "demo12345"
CALL_TIMEOUT = 20.0
SCHEDULER_ACTIONS = {pb.ACTION_CLOCK_WARNING, pb.ACTION_CLOCK_EXPIRED}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def vlog(msg):
    if ARGS.verbose:
        log(msg)


RATE_LIMITED = [0]  # calls refused with RESOURCE_EXHAUSTED "RATE_LIMITED" and sent again


class CallError(Exception):
    def __init__(self, error):
        super().__init__(f"{error.code} {error.reason}: {error.message}")
        self.error = error


class Client:
    """One WebSocket: a reader task matches replies by call_id and queues pushed events."""

    def __init__(self, ws):
        self.ws = ws
        self.next_call = 1
        self.waiting = {}
        self.events = asyncio.Queue()
        self.closed = None
        self.reader = asyncio.ensure_future(self._read_loop())

    @classmethod
    async def connect(cls, url):
        ws = await asyncio.wait_for(websockets.connect(url, max_size=64 * 1024 * 1024), 10)
        return cls(ws)

    async def _read_loop(self):
        try:
            async for data in self.ws:
                frame = pb.ServerFrame()
                frame.ParseFromString(data)
                if frame.HasField("event"):
                    self.events.put_nowait(frame.event)
                    continue
                fut = self.waiting.pop(frame.reply.call_id, None)
                if fut is not None and not fut.done():
                    fut.set_result(frame.reply)
            self.closed = ConnectionError("connection closed")
        except Exception as e:  # noqa: BLE001 - any transport failure ends the connection
            self.closed = ConnectionError(f"connection lost: {e!r}")
        for fut in self.waiting.values():
            if not fut.done():
                fut.set_exception(self.closed)
        self.waiting.clear()
        self.events.put_nowait(None)

    async def call(self, field, msg, on_sent=None):
        """One call; a call the server's rate limit refused without running it is sent again.

        on_sent(True) is called once the request is sent, on_sent(False) once it is answered or
        its connection is lost."""
        delay = 0.02
        while True:
            try:
                return await self._call_once(field, msg, on_sent)
            except CallError as e:
                if e.error.reason != "RATE_LIMITED":
                    raise
            RATE_LIMITED[0] += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)

    async def _call_once(self, field, msg, on_sent=None):
        if self.closed:
            raise self.closed
        frame = pb.ClientFrame(call_id=self.next_call)
        getattr(frame, field).CopyFrom(msg)
        self.next_call += 1
        fut = asyncio.get_running_loop().create_future()
        self.waiting[frame.call_id] = fut
        try:
            await self.ws.send(frame.SerializeToString())
        except Exception as e:  # noqa: BLE001
            self.waiting.pop(frame.call_id, None)
            raise ConnectionError(f"send failed: {e!r}")
        if on_sent is not None:
            on_sent(True)
        try:
            reply = await asyncio.wait_for(fut, CALL_TIMEOUT)
        finally:
            if on_sent is not None:
                on_sent(False)
        if reply.HasField("error") and reply.error.code != 0:
            raise CallError(reply.error)
        return reply

    async def login(self, username):
        return (await self.call("login", pb.LoginRequest(username=username,
                                                          password=PASSWORD))).login

    async def close(self):
        try:
            await asyncio.wait_for(self.ws.close(), 2)
        except Exception:  # noqa: BLE001
            pass
        self.reader.cancel()


# ---------------------------------------------------------------------------------------------
# The server.

class Server:
    def __init__(self, binary, db, workdir):
        self.binary = binary
        self.db = db
        self.workdir = workdir
        self.proc = None
        self.url = None
        self.starts = 0

    def start(self):
        self.starts += 1
        err = open(os.path.join(self.workdir, f"gridcased-{self.starts}.log"), "w")
        try:
            self.proc = subprocess.Popen(
                [self.binary, "--db", self.db, "--listen", "127.0.0.1:0", "--log-level", "warn"],
                stdout=subprocess.PIPE, stderr=err, text=True)
        except OSError as e:
            raise SetupError(f"cannot run {self.binary}: {e}")
        finally:
            err.close()
        line = self.proc.stdout.readline().strip()
        m = re.fullmatch(r"gridcased listening on (ws://[^ ]+/ws)", line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise SetupError(f"gridcased start #{self.starts}: unexpected first line {line!r} "
                             f"(exit {self.proc.returncode}); see {self.workdir}")
        self.url = m.group(1)
        return self.url

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "timeout"
        self.proc.stdout.close()
        return rc


class SetupError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The load.

# What each worker does with its cases, in order. Grid workers may not close, clerks may not
# resolve: their chains stop earlier.
CHAINS = {
    "grid1": ["accept", "dispatch", "comment", "resolve"],
    "grid2": ["accept", "dispatch", "resolve"],
    "supervisor": ["accept", "dispatch", "comment", "resolve", "close"],
    "clerk": ["accept", "dispatch", "comment"],
}
ACTION_OF = {
    "create": pb.ACTION_CREATE, "accept": pb.ACTION_ACCEPT, "dispatch": pb.ACTION_DISPATCH,
    "comment": pb.ACTION_COMMENT, "resolve": pb.ACTION_RESOLVE, "close": pb.ACTION_CLOSE,
}
FIELD_OF = {
    "create": "create_case", "accept": "accept_case", "dispatch": "dispatch_case",
    "comment": "comment_case", "resolve": "resolve_case", "close": "close_case",
}


class Ack:
    """An acknowledged mutation and what the server said it did."""

    def __init__(self, rid, op, worker, case_id, version, events, replayed, resent):
        self.rid = rid
        self.op = op
        self.worker = worker
        self.case_id = case_id
        self.version = version          # the version this request produced
        self.events = events            # [(seq, action, case_version)] appended by this call
        self.replayed = replayed
        self.resent = resent


class Stats:
    def __init__(self):
        self.sent = 0
        self.acked = 0
        self.errors = collections.Counter()
        self.in_flight_at_kill = set()   # request_ids unanswered when their connection died
        self.sent_at_kill = []           # per kill: request_ids sent and unanswered at the kill
        self.interrupted_at_kill = []    # per kill: those of them never answered before it
        self.resent = 0
        self.resent_replayed = 0
        self.resent_applied = 0
        self.kills = 0


class Worker:
    def __init__(self, name, rng, tag, stats, acks, violations, grid_unit):
        self.name = name
        self.rng = rng
        self.tag = tag
        self.stats = stats
        self.acks = acks
        self.violations = violations
        self.grid_unit = grid_unit
        self.counter = 0
        self.pending = None         # (rid, op, field, msg, case_id) sent and not yet answered
        self.awaiting = None        # the request_id on the wire right now: sent, no answer yet
        self.pending_resend = False
        self.case_id = None
        self.step = 0
        self.creates = []           # every create request_id sent (acknowledged or not)

    def _rid(self, op):
        self.counter += 1
        return f"{self.tag}-{self.name}-{self.counter}-{op}"

    def _next_request(self):
        chain = CHAINS[self.name]
        if self.case_id is None or self.step >= len(chain):
            rid = self._rid("create")
            self.creates.append(rid)
            msg = pb.CreateCaseRequest(
                request_id=rid, kind=pb.CASE_KIND_INCIDENT, category_code="INC.FAC.STREETLIGHT",
                channel=pb.CHANNEL_PATROL, title=f"crash {rid}",
                description=f"crash test load, request {rid}",
                location=pb.Location(unit_id=self.grid_unit, address="河畔路"),
                parties=[pb.CaseParty(name="李振华", phone="13912345678",
                                      role=pb.PARTY_ROLE_REPORTER)],
                priority=pb.PRIORITY_NORMAL)
            return rid, "create", msg, None
        op = chain[self.step]
        rid = self._rid(op)
        header = pb.ActionHeader(request_id=rid, case_id=self.case_id, reason=f"crash {op}")
        if op == "accept":
            msg = pb.AcceptCaseRequest(header=header)
        elif op == "dispatch":
            msg = pb.DispatchCaseRequest(header=header, unit_id=self.grid_unit)
        elif op == "comment":
            msg = pb.CommentCaseRequest(header=header)
        elif op == "resolve":
            msg = pb.ResolveCaseRequest(header=header, outcome=pb.OUTCOME_RESOLVED)
        else:
            msg = pb.CloseCaseRequest(header=header)
        return rid, op, msg, self.case_id

    def _record(self, rid, op, reply, resent):
        res = reply.case_result
        version = res.applied_version if res.replayed else res.case.version
        if not res.replayed and res.applied_version and res.applied_version != version:
            version = res.applied_version
        events = [(e.seq, e.action, e.case_version) for e in res.events]
        ack = Ack(rid, op, self.name, res.case.id, version, events, res.replayed, resent)
        if rid in self.acks:
            self.violations.append(f"{rid}: acknowledged twice")
        self.acks[rid] = ack
        self.stats.acked += 1
        if resent:
            if res.replayed:
                self.stats.resent_replayed += 1
            else:
                self.stats.resent_applied += 1
        if res.replayed and res.events:
            self.violations.append(f"{rid}: a replay carries events {events}")
        if not res.replayed and ACTION_OF[op] not in [e[1] for e in events]:
            self.violations.append(f"{rid}: reply events {events} lack {pb.Action.Name(ACTION_OF[op])}")
        if op == "create":
            self.case_id = res.case.id
            self.step = 0
        else:
            self.step += 1

    async def run(self, url, stop):
        """One connection's worth of load: until `stop` is set or the connection fails."""
        try:
            client = await Client.connect(url)
        except Exception as e:  # noqa: BLE001
            vlog(f"{self.name}: connect failed: {e!r}")
            return
        try:
            await client.login(self.name)
            if self.pending is not None:
                self.pending_resend = True
                self.stats.resent += 1
            while not stop.is_set() or self.pending is not None:
                if self.pending is None:
                    rid, op, msg, case_id = self._next_request()
                    self.pending = (rid, op, FIELD_OF[op], msg, case_id)
                    self.pending_resend = False
                rid, op, field, msg, case_id = self.pending
                self.stats.sent += 1

                def on_sent(sent, rid=rid):
                    self.awaiting = rid if sent else None
                try:
                    reply = await client.call(field, msg, on_sent)
                except CallError as e:
                    self.stats.errors[f"{op} {e.error.code} {e.error.reason}"] += 1
                    if self.pending_resend or e.error.reason == "REQUEST_ID_REUSED":
                        self.violations.append(f"{rid}: resend refused: {e}")
                    # The case left the path this worker expected: start a new one.
                    self.pending = None
                    self.case_id = None
                    continue
                self._record(rid, op, reply, self.pending_resend)
                self.pending = None
                self.pending_resend = False
        except (ConnectionError, asyncio.TimeoutError, OSError) as e:
            vlog(f"{self.name}: {e!r}")
        except CallError as e:
            vlog(f"{self.name}: login: {e}")
        finally:
            await client.close()


class Subscriber:
    """A supervisor watching the whole sub-district, resuming from its last seq + 1."""

    def __init__(self, violations):
        self.violations = violations
        self.start_seq = None
        self.seqs = []
        self.events = {}
        self.client = None
        self.sub_id = None
        self.task = None
        self.resumes = 0

    async def connect(self, url):
        self.client = await Client.connect(url)
        await self.client.login("supervisor")
        if self.start_seq is None:
            # Learn where the sequence stands, then subscribe explicitly from there.
            first = (await self.client.call("subscribe", pb.SubscribeRequest())).subscribed
            await self.client.call("unsubscribe",
                                   pb.UnsubscribeRequest(subscription_id=first.subscription_id))
            self.start_seq = first.next_seq
            from_seq = first.next_seq
        else:
            from_seq = (self.seqs[-1] + 1) if self.seqs else self.start_seq
            self.resumes += 1
        sub = (await self.client.call("subscribe", pb.SubscribeRequest(from_seq=from_seq))).subscribed
        self.sub_id = sub.subscription_id
        self.task = asyncio.ensure_future(self._pump())

    async def _pump(self):
        while True:
            push = await self.client.events.get()
            if push is None:
                return
            if push.subscription_id != self.sub_id:
                continue
            e = push.event
            if self.seqs and e.seq <= self.seqs[-1]:
                self.violations.append(
                    f"subscriber: seq {e.seq} after {self.seqs[-1]} (duplicate or out of order)")
                continue
            self.seqs.append(e.seq)
            self.events[e.seq] = e

    async def drain(self, idle=1.5):
        last = -1
        while len(self.seqs) != last:
            last = len(self.seqs)
            await asyncio.sleep(idle)

    async def close(self):
        if self.client:
            await self.client.close()
        if self.task:
            try:
                await asyncio.wait_for(self.task, 2)
            except Exception:  # noqa: BLE001
                self.task.cancel()


# ---------------------------------------------------------------------------------------------
# The checks.

async def read_all_events(url):
    """Every event the supervisor may see, replayed from seq 1."""
    client = await Client.connect(url)
    try:
        await client.login("supervisor")
        sub = (await client.call("subscribe", pb.SubscribeRequest(from_seq=1))).subscribed
        events = []
        while True:
            try:
                push = await asyncio.wait_for(client.events.get(), 3)
            except asyncio.TimeoutError:
                break
            if push is None:
                raise ConnectionError("replay connection closed")
            if push.subscription_id == sub.subscription_id:
                events.append(push.event)
        return events, sub.next_seq
    finally:
        await client.close()


async def fetch_cases(url, case_ids):
    client = await Client.connect(url)
    out = {}
    try:
        await client.login("supervisor")
        for cid in sorted(case_ids):
            try:
                out[cid] = (await client.call("get_case", pb.GetCaseRequest(case_id=cid))).case_detail
            except CallError as e:
                out[cid] = e
        return out
    finally:
        await client.close()


def check_history(case_id, detail, violations):
    events = sorted((e for e in detail.history if e.case_id == case_id), key=lambda e: e.seq)
    if not events:
        violations.append(f"case #{case_id}: empty history")
        return
    first = events[0]
    if first.action != pb.ACTION_CREATE or first.case_version != 1:
        violations.append(f"case #{case_id}: history starts with "
                          f"{pb.Action.Name(first.action)} v{first.case_version}")
    for prev, e in zip(events, events[1:]):
        if e.from_state != prev.to_state:
            violations.append(
                f"case #{case_id}: event #{e.seq} {pb.Action.Name(e.action)} from "
                f"{pb.CaseState.Name(e.from_state)} but #{prev.seq} left it "
                f"{pb.CaseState.Name(prev.to_state)}")
        if e.case_version != prev.case_version + 1:
            violations.append(f"case #{case_id}: event #{e.seq} version {e.case_version} after "
                              f"#{prev.seq} version {prev.case_version}")
    last = events[-1]
    if detail.case.version != last.case_version:
        violations.append(f"case #{case_id}: version {detail.case.version}, last event "
                          f"#{last.seq} v{last.case_version}")
    if detail.case.state != last.to_state:
        violations.append(f"case #{case_id}: state {pb.CaseState.Name(detail.case.state)}, last "
                          f"event #{last.seq} left it {pb.CaseState.Name(last.to_state)}")


async def verify(url, workers, acks, subscriber, violations):
    all_events, next_seq = await read_all_events(url)
    seqs = [e.seq for e in all_events]
    if seqs != sorted(set(seqs)):
        violations.append("replay from seq 1: duplicates or out of order")
    if seqs:
        if seqs[0] != 1:
            violations.append(f"replay from seq 1 starts at {seqs[0]}")
        missing = sorted(set(range(1, seqs[-1] + 1)) - set(seqs))
        if missing:
            violations.append(f"replay from seq 1: {len(missing)} missing seqs, e.g. {missing[:10]}")
    if next_seq != (seqs[-1] + 1 if seqs else 1):
        # The supervisor sees the whole demo, so the replay should reach the head.
        violations.append(f"replay ends at {seqs[-1] if seqs else 0}, next_seq {next_seq}")

    # The resuming subscriber saw exactly the replay's tail, in order.
    tail = [s for s in seqs if s >= (subscriber.start_seq or 1)]
    if subscriber.seqs != tail:
        got, want = set(subscriber.seqs), set(tail)
        violations.append(f"subscriber: {len(subscriber.seqs)} events, replay has {len(tail)} "
                          f"from {subscriber.start_seq}; missing {sorted(want - got)[:10]}, "
                          f"extra {sorted(got - want)[:10]}")
    by_seq = {e.seq: e for e in all_events}
    for s in subscriber.seqs:
        a, b = subscriber.events[s], by_seq.get(s)
        if b is not None and (a.case_id, a.action, a.case_version) != (b.case_id, b.action, b.case_version):
            violations.append(f"subscriber: event #{s} differs from the replay")

    # Every case in the event log, histories walked.
    case_ids = {e.case_id for e in all_events} | {a.case_id for a in acks.values()}
    details = await fetch_cases(url, case_ids)
    for cid, d in details.items():
        if isinstance(d, CallError):
            violations.append(f"case #{cid}: get_case failed: {d}")
            continue
        check_history(cid, d, violations)

    # Acknowledged mutations.
    for rid, ack in acks.items():
        d = details.get(ack.case_id)
        if not isinstance(d, pb.GetCaseResponse):
            violations.append(f"{rid}: acknowledged case #{ack.case_id} is missing")
            continue
        if d.case.version < ack.version:
            violations.append(f"{rid}: case #{ack.case_id} at version {d.case.version} below the "
                              f"acknowledged {ack.version}")
        hist = {e.seq: e for e in d.history}
        for seq, action, version in ack.events:
            e = hist.get(seq)
            if e is None or e.action != action or e.case_version != version:
                violations.append(f"{rid}: acknowledged event #{seq} {pb.Action.Name(action)} "
                                  f"v{version} not in the history of #{ack.case_id}")
        if ack.replayed:
            want = ACTION_OF[ack.op]
            if not any(e.case_version == ack.version and e.action == want for e in d.history):
                violations.append(f"{rid}: replay says v{ack.version} {pb.Action.Name(want)}, "
                                  f"the history of #{ack.case_id} disagrees")

    # At most once: one case per create request, one event per (case, action, version) claim.
    titles = collections.defaultdict(list)
    for cid, d in details.items():
        if isinstance(d, pb.GetCaseResponse) and d.case.title.startswith("crash "):
            titles[d.case.title[len("crash "):]].append(cid)
    sent_creates = {rid for w in workers for rid in w.creates}
    for rid, cids in titles.items():
        if len(cids) > 1:
            violations.append(f"{rid}: applied more than once: cases {cids}")
        if rid not in sent_creates:
            violations.append(f"{rid}: a case nobody asked for: {cids}")
        if rid in acks and acks[rid].case_id not in cids:
            violations.append(f"{rid}: acknowledged case #{acks[rid].case_id}, stored {cids}")
    for rid in sent_creates:
        if rid in acks and rid not in titles:
            violations.append(f"{rid}: acknowledged create has no case")
    # Each case's actions by our workers: no action applied twice (our chains never repeat one).
    for cid, d in details.items():
        if not isinstance(d, pb.GetCaseResponse) or not d.case.title.startswith("crash "):
            continue
        counts = collections.Counter(e.action for e in d.history if e.case_id == cid
                                     and e.action not in SCHEDULER_ACTIONS
                                     and e.action != pb.ACTION_ESCALATE)
        doubled = {pb.Action.Name(a): n for a, n in counts.items() if n > 1}
        if doubled:
            violations.append(f"case #{cid} ({d.case.title}): applied twice: {doubled}")
    return len(all_events), len(details)


# ---------------------------------------------------------------------------------------------

async def run(server, rng, tag):
    violations = []
    acks = {}
    stats = Stats()

    url = server.start()
    boot = await Client.connect(url)
    units = {}
    for name in CHAINS:
        units[name] = (await boot.login(name)).user.scope_unit_id
    tree = (await boot.call("get_org_tree", pb.GetOrgTreeRequest())).org_tree
    await boot.close()
    grid1 = units["grid1"]
    grids = {u.id for u in tree.units if u.type == pb.UNIT_TYPE_GRID}
    if grid1 not in grids:
        raise SetupError(f"grid1's scope #{grid1} is not a grid")
    grid_of = {"grid1": grid1, "grid2": units["grid2"], "supervisor": grid1, "clerk": grid1}
    workers = [Worker(n, random.Random(rng.random()), tag, stats, acks, violations, grid_of[n])
               for n in CHAINS]
    subscriber = Subscriber(violations)

    started = time.monotonic()
    rounds = ARGS.kills + 1
    for rnd in range(rounds):
        last = rnd == rounds - 1
        if rnd > 0:
            url = server.start()
        await subscriber.connect(url)
        stop = asyncio.Event()
        tasks = [asyncio.ensure_future(w.run(url, stop)) for w in workers]
        if last:
            await asyncio.sleep(ARGS.final_run)
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 60)
            await subscriber.drain()
            break
        # Now and then right after the start, while the clients reconnect and resend.
        if rng.random() < 0.25:
            await asyncio.sleep(rng.uniform(0.0, ARGS.min_run))
        else:
            await asyncio.sleep(rng.uniform(ARGS.min_run, ARGS.max_run))
        # A kill must catch a request on the wire (sent, not yet answered): wait for one, then
        # kill with no await in between, so that what was on the wire is what the kill hit.
        wait_until = time.monotonic() + 10
        while not any(w.awaiting for w in workers) and time.monotonic() < wait_until:
            await asyncio.sleep(0.001)
        on_wire = {w.awaiting for w in workers if w.awaiting}
        server.kill()
        stats.kills += 1
        await asyncio.gather(*tasks)
        unanswered = {w.pending[0] for w in workers if w.pending is not None}
        stats.in_flight_at_kill |= unanswered
        stats.sent_at_kill.append(on_wire)
        stats.interrupted_at_kill.append(on_wire & unanswered)
        if not on_wire:
            violations.append(f"kill {stats.kills}: no request was on the wire at the kill")
        await subscriber.close()
        log(f"kill {stats.kills}/{ARGS.kills}: {stats.acked} acknowledged, "
            f"{len(on_wire)} on the wire at the kill, {len(on_wire & unanswered)} of them "
            f"never answered, {len(unanswered)} to resend, "
            f"subscriber at seq {subscriber.seqs[-1] if subscriber.seqs else '-'}")
        if ARGS.max_seconds and time.monotonic() - started > ARGS.max_seconds:
            log(f"time limit reached after {stats.kills} kills")
            # One more round without a kill, then the checks.
            url = server.start()
            await subscriber.connect(url)
            stop = asyncio.Event()
            stop.set()
            await asyncio.wait_for(asyncio.gather(*[w.run(url, stop) for w in workers]), 60)
            await subscriber.drain()
            break

    unanswered = [w.pending[0] for w in workers if w.pending is not None]
    if unanswered:
        violations.append(f"still unanswered at the end: {unanswered}")
    if stats.kills != ARGS.kills:
        violations.append(f"only {stats.kills} of the {ARGS.kills} kills asked for were done "
                          f"(--max-seconds {ARGS.max_seconds:g} ran out)")
    if ARGS.kills > 0 and not any(stats.interrupted_at_kill):
        violations.append("no kill interrupted a request before its answer: the resend path "
                          "was not exercised")
    lost = sorted(stats.in_flight_at_kill - {rid for rid, a in acks.items() if a.resent})
    if lost:
        violations.append(f"in flight at a kill, never answered after a resend: {lost[:10]}")
    n_events, n_cases = await verify(url, workers, acks, subscriber, violations)
    await subscriber.close()
    rc = server.stop()
    if rc != 0:
        violations.append(f"gridcased exited with {rc} after SIGTERM")
    return violations, stats, n_events, n_cases, subscriber, acks


def main():
    seed = ARGS.seed if ARGS.seed is not None else int(time.time() * 1000) % 1_000_000
    rng = random.Random(seed)
    tag = f"c{seed}"
    workdir = tempfile.mkdtemp(prefix="gridcase-crash-")
    db = os.path.join(workdir, "gridcase.db")
    t0 = time.monotonic()
    log(f"seed {seed}, {ARGS.kills} kills, work directory {workdir}")
    ok = False
    try:
        try:
            init = subprocess.run([ARGS.admin, "--db", db, "init", "--demo"],
                                  capture_output=True, text=True)
        except OSError as e:
            raise SetupError(f"cannot run {ARGS.admin}: {e}")
        if init.returncode != 0:
            raise SetupError(f"gridcase-admin init --demo: {init.stderr.strip()}")
        server = Server(ARGS.server, db, workdir)
        try:
            violations, stats, n_events, n_cases, sub, acks = asyncio.run(run(server, rng, tag))
        finally:
            if server.proc is not None and server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait()
        elapsed = time.monotonic() - t0
        by_op = collections.Counter(a.op for a in acks.values())
        print()
        print(f"gridcase crash test (seed {seed}) in {elapsed:.1f}s")
        print(f"  kills:                 {stats.kills} (server starts: {server.starts})")
        print(f"  requests sent:         {stats.sent}, acknowledged {stats.acked} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(by_op.items()))})")
        print(f"  refused:               {sum(stats.errors.values())} "
              f"{dict(stats.errors) if stats.errors else ''}")
        print(f"  rate limited, resent:  {RATE_LIMITED[0]}")
        print(f"  on the wire per kill:  {[len(k) for k in stats.sent_at_kill]} requests "
              f"(every kill needs one), never answered before the kill: "
              f"{[len(k) for k in stats.interrupted_at_kill]} (some kill needs one)")
        print(f"  in flight at a kill:   {len(stats.in_flight_at_kill)} requests, resent "
              f"{stats.resent} times; answered {stats.resent_replayed} replayed (applied before "
              f"the kill), {stats.resent_applied} applied by the resend")
        print(f"  events replayed:       {n_events} from seq 1; subscriber got {len(sub.seqs)} "
              f"from seq {sub.start_seq} over {sub.resumes} resumes")
        print(f"  cases checked:         {n_cases}")
        if violations:
            print(f"  VIOLATIONS:            {len(violations)}")
            for v in violations[:50]:
                print(f"    - {v}")
            if len(violations) > 50:
                print(f"    ... and {len(violations) - 50} more")
            print(f"FAIL (rerun with --seed {seed}; database kept in {workdir})")
            return 1
        if stats.acked == 0:
            print("FAIL: nothing was acknowledged")
            return 1
        print("PASS")
        ok = True
        return 0
    except SetupError as e:
        print(f"SETUP FAILED: {e}", file=sys.stderr)
        return 2
    finally:
        if ok and not ARGS.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"work directory kept: {workdir}")


if __name__ == "__main__":
    sys.exit(main())
