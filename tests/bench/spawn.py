#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Spawn benchmark: how long a tend takes to have N units running.

Each tend runs as PID 1 of a fresh PID namespace over N units of
`pause` (tests/bench/pause.c, which appends a byte to a count file once
it runs); the time is from starting tend to N bytes in that file, the
median of --runs, taken round robin over the tends.  A tend may be given as "RUNNER:PATH", e.g.
"qemu-aarch64-static:build-aarch64/tend": tend then runs under that
emulator while the units (native binaries) run natively, so the rows
measure tend's own spawn path.

  tests/bench/spawn.py --pause build/bench/pause --n 1000 LABEL=TEND...
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import time


def one(tend, runner, pause, n, d, limit):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(f"{d}/units")
    for i in range(n):
        with open(f"{d}/units/p{i:05d}.service", "w") as f:
            f.write(f"[Service]\nExecStart={pause}\nEnvironment=PAUSE_COUNT={d}/count\n")
    open(f"{d}/count", "w").close()
    cmd = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]
    cmd += ([runner] if runner else []) + [tend, "--runtime-dir", f"{d}/run", "-u", f"{d}/units"]
    log = open(f"{d}/tend.log", "w")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    up = None
    while time.monotonic() - t0 < limit and p.poll() is None:
        if os.path.getsize(f"{d}/count") >= n:
            up = time.monotonic() - t0
            break
        time.sleep(0.001)
    kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
    for k in kids:
        os.kill(int(k), signal.SIGTERM)
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    log.close()
    return up


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pause", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=300)
    ap.add_argument("--out", default="/tmp/tend-spawn-bench")
    ap.add_argument("tends", nargs="+", help="LABEL=[RUNNER:]PATH")
    a = ap.parse_args()
    print(f"| tend | N | all running (median of {a.runs}, ms) | runs (ms) |")
    print("| --- | ---: | ---: | --- |")
    specs = []
    for spec in a.tends:
        label, path = spec.split("=", 1)
        runner, _, tend = path.rpartition(":")
        specs.append((label, runner, os.path.abspath(tend)))
    ms = {label: [] for label, _, _ in specs}
    for _ in range(a.runs):  # round robin: a load change hits every tend alike
        for label, runner, tend in specs:
            u = one(tend, runner, os.path.abspath(a.pause), a.n, f"{a.out}/{label}", a.limit)
            ms[label].append(round(u * 1000) if u is not None else None)
    for label, _, _ in specs:
        ok = [m for m in ms[label] if m is not None]
        med = statistics.median(ok) if len(ok) == len(ms[label]) else "timeout"
        print(f"| {label} | {a.n} | {med} | {', '.join(str(m) for m in ms[label])} |")

if __name__ == "__main__":
    main()
