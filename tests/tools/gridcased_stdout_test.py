#!/usr/bin/env python3
"""gridcased keeps serving when whoever started it stops reading its standard output.

A launcher reads the ready line and closes the pipe (gridcase-bench does); gridcased then
writes its second line (the web application's address) into a pipe nobody reads. That must
not end the server. Made certain here: the pipe is closed before gridcased writes anything.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--server", required=True)
parser.add_argument("--admin", required=True)
args = parser.parse_args()

with tempfile.TemporaryDirectory() as work:
    db = os.path.join(work, "gridcase.db")
    subprocess.run([args.admin, "init", "--db", db], check=True, stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read what gridcased prints
    proc = subprocess.Popen([args.server, "--db", db, "--listen", f"127.0.0.1:{port}", "--log-level", "error"],
                            stdout=write_end, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        answer = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    answer = r.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        # Printed its lines (into the closed pipe) and still serves.
        time.sleep(0.5)
        alive = proc.poll() is None
        if answer != "ok" or not alive:
            print(f"FAIL: /healthz answered {answer!r}; gridcased {'running' if alive else f'exited with {proc.returncode}'}")
            sys.exit(1)
        print("1 passed, 0 failed")
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
