#!/usr/bin/python3
"""A second client, in Python, for the gridcase wire contract.

Uses the modules protoc generates from proto/gridcase/v1/gridcase.proto, Debian's
python3-protobuf and python3-websockets. Inits a demo database, starts gridcased on a free port,
logs in, subscribes, creates a case, lists it, receives its events, and stops the server.

    client_test.py --admin PATH --server PATH --proto-py DIR
"""

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--admin", required=True, help="gridcase-admin binary")
    p.add_argument("--server", required=True, help="gridcased binary")
    p.add_argument("--proto-py", required=True, help="directory with gridcase/v1/gridcase_pb2.py")
    p.add_argument("--pg-cluster", help="a throw-away PostgreSQL cluster's folder "
                   "(tests/support/pg_cluster.sh): run the server on a database of its own there")
    return p.parse_args()


ARGS = parse_args()
sys.path.insert(0, ARGS.proto_py)

import websockets  # noqa: E402
from gridcase.v1 import gridcase_pb2 as pb  # noqa: E402


class CallError(Exception):
    def __init__(self, error):
        super().__init__(f"{error.code} {error.reason}: {error.message}")
        self.error = error


class Client:
    """Calls over one WebSocket: replies matched by call_id, pushed events queued."""

    def __init__(self, ws):
        self.ws = ws
        self.next_call = 1
        self.events = asyncio.Queue()

    async def _read(self):
        data = await asyncio.wait_for(self.ws.recv(), timeout=10)
        assert isinstance(data, bytes), "the server must send binary frames"
        frame = pb.ServerFrame()
        frame.ParseFromString(data)
        return frame

    async def call(self, **request):
        frame = pb.ClientFrame(call_id=self.next_call, **request)
        self.next_call += 1
        await self.ws.send(frame.SerializeToString())
        while True:
            got = await self._read()
            if got.HasField("event"):
                await self.events.put(got.event)
                continue
            if got.reply.call_id == frame.call_id:
                if got.reply.HasField("error") and got.reply.error.code != 0:
                    raise CallError(got.reply.error)
                return got.reply

    async def next_event(self, timeout=10):
        if self.events.empty():
            deadline = time.monotonic() + timeout
            while self.events.empty():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("no event arrived")
                got = await asyncio.wait_for(self._read(), timeout=remaining)
                if got.HasField("event"):
                    await self.events.put(got.event)
        return self.events.get_nowait()


def start_server(db, extra):
    proc = subprocess.Popen(
        [ARGS.server, "--db", db, "--listen", "127.0.0.1:0"] + extra,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline().strip()
    m = re.fullmatch(r"gridcased listening on (ws://127\.0\.0\.1:\d+/ws)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"FAIL: unexpected first line from gridcased: {line!r}")
    return proc, m.group(1)


async def scenario(url):
    async with websockets.connect(url, max_size=64 * 1024 * 1024) as ws:
        c = Client(ws)

        # A call before logging in is refused.
        try:
            await c.call(list_cases=pb.ListCasesRequest())
            raise AssertionError("list_cases without a session succeeded")
        except CallError as e:
            assert e.error.code == 16, e

        login = (await c.call(login=pb.LoginRequest(username="grid1", password="demo12345"))).login
        assert login.token and login.user.username == "grid1", login
        assert login.user.role == pb.ROLE_GRID_WORKER
        assert login.demo_password
        grid = login.user.scope_unit_id
        print(f"logged in as grid1 (#{login.user.id}), scope unit #{grid}")

        sub = (await c.call(subscribe=pb.SubscribeRequest())).subscribed
        assert sub.subscription_id > 0 and sub.next_seq > 1, sub
        print(f"subscribed #{sub.subscription_id}, next seq {sub.next_seq}")

        title = f"Python客户端测试：路灯不亮 {os.getpid()}"
        request = pb.CreateCaseRequest(
            request_id=f"py-create-{os.getpid()}",
            kind=pb.CASE_KIND_INCIDENT,
            category_code="INC.FAC.STREETLIGHT",
            channel=pb.CHANNEL_PATROL,
            title=title,
            description="河畔路口两盏路灯夜间不亮",
            location=pb.Location(unit_id=grid, address="河畔路与京汉街交叉口"),
            parties=[pb.CaseParty(name="李振华", phone="13912345678", role=pb.PARTY_ROLE_REPORTER)],
            priority=pb.PRIORITY_NORMAL,
        )
        created = (await c.call(create_case=request)).case_result
        case = created.case
        assert re.fullmatch(r"XC-\d{4}-\d{6}", case.number), case.number
        assert case.state == pb.CASE_STATE_REPORTED and case.version == 1
        assert len(created.events) == 1 and created.events[0].action == pb.ACTION_CREATE
        # Not unmasked for a grid worker.
        assert case.parties[0].phone == "139****5678", case.parties[0].phone
        print(f"created {case.number} (#{case.id})")

        # The case's clocks come with it: an incident must be answered (accepted) within working
        # hours, from now, and settled once accepted.
        clocks = {k.kind: k for k in case.clocks}
        assert set(clocks) >= {pb.CLOCK_KIND_RESPONSE, pb.CLOCK_KIND_RESOLVE}, case.clocks
        assert case.policy_id > 0 and case.policy_version >= 1, case
        assert case.colour == pb.COLOUR_GREEN, case.colour
        assert case.extension_clock == pb.CLOCK_KIND_UNSPECIFIED
        response = clocks[pb.CLOCK_KIND_RESPONSE]
        assert response.run == pb.CLOCK_RUN_RUNNING, response
        assert response.unit == pb.BUDGET_UNIT_WORKING_HOURS, response
        assert response.colour == pb.COLOUR_GREEN
        assert response.budget_ms > 0 and 0 < response.remaining_ms <= response.budget_ms, response
        assert response.started_at == case.created_at, response
        assert response.warn_at > case.created_at and response.deadline > response.warn_at, response
        assert clocks[pb.CLOCK_KIND_RESOLVE].run == pb.CLOCK_RUN_PENDING, clocks[pb.CLOCK_KIND_RESOLVE]
        print(f"clocks: response due {response.deadline}, {response.remaining_ms} ms left")

        replay = (await c.call(create_case=request)).case_result
        assert replay.replayed and replay.case.id == case.id and not replay.events

        listed = (await c.call(list_cases=pb.ListCasesRequest(text=title))).cases
        assert [x.number for x in listed.cases] == [case.number], listed
        by_kind = (await c.call(list_cases=pb.ListCasesRequest(
            kinds=[pb.CASE_KIND_INCIDENT], states=[pb.CASE_STATE_REPORTED]))).cases
        assert case.number in [x.number for x in by_kind.cases]

        accepted = (await c.call(accept_case=pb.AcceptCaseRequest(header=pb.ActionHeader(
            request_id=f"py-accept-{os.getpid()}", case_id=case.id, expected_version=1)))).case_result
        assert accepted.case.state == pb.CASE_STATE_ACCEPTED and accepted.case.version == 2
        after = {k.kind: k for k in accepted.case.clocks}
        assert after[pb.CLOCK_KIND_RESPONSE].run == pb.CLOCK_RUN_STOPPED, after
        assert after[pb.CLOCK_KIND_RESOLVE].run == pb.CLOCK_RUN_RUNNING, after
        assert after[pb.CLOCK_KIND_RESOLVE].deadline > 0

        try:
            await c.call(close_case=pb.CloseCaseRequest(header=pb.ActionHeader(
                request_id=f"py-close-{os.getpid()}", case_id=case.id)))
            raise AssertionError("a grid worker closed a case")
        except CallError as e:
            # The role is checked before the lifecycle: a grid worker may not close at all, so
            # the answer is PERMISSION_DENIED naming the action, not the ACCEPTED state's
            # FAILED_PRECONDITION (9).
            assert e.error.code == 7, e
            assert e.error.reason == "ROLE_MAY_NOT", e
            assert "CLOSE" in e.error.message, e

        first = await c.next_event()
        second = await c.next_event()
        for push, action, version in ((first, pb.ACTION_CREATE, 1), (second, pb.ACTION_ACCEPT, 2)):
            assert push.subscription_id == sub.subscription_id
            assert push.event.case_id == case.id and push.event.case_number == case.number
            assert push.event.action == action and push.event.case_version == version, push
        assert first.event.seq >= sub.next_seq and second.event.seq == first.event.seq + 1
        print(f"received events #{first.event.seq} CREATE and #{second.event.seq} ACCEPT")

        detail = (await c.call(get_case=pb.GetCaseRequest(number=case.number))).case_detail
        assert [e.action for e in detail.history] == [pb.ACTION_CREATE, pb.ACTION_ACCEPT]
        assert [k.kind for k in detail.case.clocks] == [k.kind for k in accepted.case.clocks]

        # A grid worker may ask for more time on a running clock; only a supervisor decides.
        asked = (await c.call(request_extension=pb.RequestExtensionRequest(
            header=pb.ActionHeader(request_id=f"py-extend-{os.getpid()}", case_id=case.id,
                                   reason="需要更换灯杆，等待配件"),
            clock=pb.CLOCK_KIND_RESOLVE, amount=1))).case_result
        assert asked.case.extension_clock == pb.CLOCK_KIND_RESOLVE, asked.case
        assert asked.case.extension_ms == 24 * 3600 * 1000, asked.case.extension_ms
        assert asked.case.extension_requested_by == login.user.id
        try:
            await c.call(decide_extension=pb.DecideExtensionRequest(header=pb.ActionHeader(
                request_id=f"py-decide-{os.getpid()}", case_id=case.id), approve=True))
            raise AssertionError("a grid worker decided an extension")
        except CallError as e:
            assert e.error.code == 7, e

        # The working calendar is readable by every user.
        cal = (await c.call(get_calendar=pb.GetCalendarRequest())).calendar
        assert 2026 in cal.years, cal

        third = await c.next_event()
        assert third.event.action == pb.ACTION_REQUEST_EXTENSION, third
        assert third.event.details["clock"] == "RESOLVE", third.event.details
        assert third.event.seq == second.event.seq + 1

        await c.call(logout=pb.LogoutRequest())


def postgres_database(cluster):
    """A new database on the test cluster: (its conninfo, the maintenance conninfo, its name).
    Exits 77 (skipped) when the cluster could not be made."""
    unavailable = os.path.join(cluster, "unavailable")
    if os.path.exists(unavailable):
        with open(unavailable) as f:
            print(f"SKIP: {f.read().strip()}")
        sys.exit(77)
    with open(os.path.join(cluster, "conninfo")) as f:
        maintenance = f.read().strip()
    name = f"gc_python_{os.getpid()}"
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", maintenance, "-c", f"CREATE DATABASE {name}"],
                   check=True, capture_output=True)
    return re.sub(r"dbname=\S+", f"dbname={name}", maintenance), maintenance, name


def main():
    with tempfile.TemporaryDirectory(prefix="gridcase-py-") as tmp:
        db = os.path.join(tmp, "gridcase.db")
        extra = []
        dropped = None
        if ARGS.pg_cluster:
            db, maintenance, name = postgres_database(ARGS.pg_cluster)
            extra = ["--attachments-dir", os.path.join(tmp, "attachments")]
            dropped = (maintenance, name)
        init = subprocess.run([ARGS.admin, "--db", db, "init", "--demo"],
                              capture_output=True, text=True)
        if init.returncode != 0:
            raise SystemExit(f"FAIL: gridcase-admin init --demo: {init.stderr}")
        proc, url = start_server(db, extra)
        print(f"gridcased at {url}")
        try:
            asyncio.run(scenario(url))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise SystemExit("FAIL: gridcased did not stop after SIGTERM")
        if rc != 0:
            raise SystemExit(f"FAIL: gridcased exited with {rc} after SIGTERM")
        if dropped:
            subprocess.run(["psql", "-X", "-q", dropped[0], "-c", f"DROP DATABASE {dropped[1]}"], capture_output=True)
    print("python client: all checks passed" + (" (PostgreSQL)" if dropped else ""))


if __name__ == "__main__":
    main()
