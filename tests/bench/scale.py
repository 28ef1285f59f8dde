#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scale benchmark: tend beside runit and s6 supervising N services.

Run through tests/bench/scale.sh (which builds the helpers).  Every
supervisor runs in a fresh PID namespace (unshare --pid --fork
--mount-proc), one run after the other, on the same service program:

  pause   appends a byte to $PAUSE_COUNT, then sleeps (the "running" mark)
  bounce  appends "start end" (CLOCK_MONOTONIC ns) to $BOUNCE_LOG, exits

Measured (see RESULTS.md for what each row means):
  scale    N pausing services: time from start until all N run, RSS and
           private memory of the supervisor processes (the services
           themselves excluded), in total and per service
  restart  one bouncing service: exit -> running again, median
  storm    100 bouncing services for STORM seconds: supervisor CPU seconds
  event    tend only: restart latency and tend CPU per restart with one
           bouncing unit beside N-1 pausing ones, N = 10 and N = NMAX
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
SERVICES = ("pause", "bounce")


def say(*a):
    print("scale:", *a, file=sys.stderr, flush=True)


def kids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids(p))
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def exe(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def supervisors(root):
    """The supervisor processes under root: not the services, not unshare/sh."""
    return [p for p in tree(root) if exe(p) not in SERVICES + ("unshare", "sh", "dash")]


def mem(pids):
    """(rss, private, pss) KiB summed over pids, from smaps_rollup."""
    rss = priv = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    k, _, rest = line.partition(":")
                    v = rest.split()
                    if not v or not v[0].isdigit():
                        continue
                    if k == "Rss":
                        rss += int(v[0])
                    elif k == "Pss":
                        pss += int(v[0])
                    elif k in ("Private_Clean", "Private_Dirty"):
                        priv += int(v[0])
        except OSError:
            pass
    return rss, priv, pss


def cpu(pids):
    """utime + stime seconds of pids (their own, not their reaped children)."""
    t = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                f = f.read().rsplit(")", 1)[1].split()
            t += int(f[11]) + int(f[12])
        except (OSError, IndexError):
            pass
    return t / TICK


def size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Run:
    """One supervisor in its own PID namespace, over one service directory."""

    def __init__(self, kind, d, n, args):
        self.kind, self.d, self.n, self.a = kind, d, n, args
        self.env = dict(os.environ, PAUSE_COUNT=f"{d}/count", BOUNCE_LOG=f"{d}/bounces")
        ns = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]
        if kind == "tend":
            cmd = ns + [args.tend, "--runtime-dir", f"{d}/run", "-u", f"{d}/units"]
        elif kind == "runit":
            dirs = sorted(x for x in os.listdir(d) if x.startswith("sv"))
            sh = " ".join(f"runsvdir -P {d}/{x} &" for x in dirs) + " wait"
            cmd = ns + ["sh", "-c", sh]
        else:
            cmd = ns + ["s6-svscan", "-c", str(max(n + 16, 1000)), f"{d}/scan"]
        open(f"{d}/count", "w").close()
        open(f"{d}/bounces", "w").close()
        self.log = open(f"{d}/{kind}.log", "w")
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(cmd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)

    def wait_running(self, want, limit):
        """Seconds until want services ran, or None after limit seconds."""
        while size(f"{self.d}/count") < want:
            if time.monotonic() - self.t0 > limit or self.p.poll() is not None:
                return None
            time.sleep(0.001)
        return time.monotonic() - self.t0

    def sup(self):
        return supervisors(self.p.pid)

    def stop(self):
        """tend: SIGTERM, so it removes its cgroups; the peers: SIGKILL the namespace."""
        init = kids(self.p.pid)
        if self.kind == "tend" and init:
            os.kill(init[0], signal.SIGTERM)
            try:
                self.p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                pass
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        self.log.close()


def make_dirs(kind, d, services, args, unit_extra=""):
    """services: list of (name, program, tend unit [Service] extra lines)."""
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if kind == "tend":
        os.makedirs(f"{d}/units")
        for name, prog, extra in services:
            with open(f"{d}/units/{name}.service", "w") as f:
                f.write(f"[Service]\nExecStart={prog}\nEnvironment=PAUSE_COUNT={d}/count "
                        f"BOUNCE_LOG={d}/bounces\n{extra}")
        return
    for i, (name, prog, _) in enumerate(services):
        if kind == "runit":  # runsvdir supervises at most 1000 services
            sd = f"{d}/sv{i // 1000:03d}/{name}"
        else:
            sd = f"{d}/scan/{name}"
        os.makedirs(sd)
        os.symlink(prog, f"{sd}/run")


def scale(args, kinds):
    rows = {}
    for n in args.ns:
        for kind in kinds:
            d = f"{args.out}/scale-{kind}"
            make_dirs(kind, d, [(f"p{i:05d}", args.pause, "") for i in range(n)], args)
            r = Run(kind, d, n, args)
            up = r.wait_running(n, args.limit)
            time.sleep(args.settle)
            sup = r.sup()
            rss, priv, pss = mem(sup)
            nsup = len(sup)
            r.stop()
            rows[kind, n] = dict(up=up, rss=rss, priv=priv, pss=pss, nsup=nsup)
            say(f"{kind} N={n}: up {up if up is None else round(up * 1000)} ms, "
                f"{nsup} procs, rss {rss} KiB, private {priv} KiB")
    return rows


def latencies(d):
    lines = []
    with open(f"{d}/bounces") as f:
        for line in f:
            a = line.split()
            if len(a) == 2:
                lines.append((int(a[0]), int(a[1])))
    lines.sort()
    return [(lines[i + 1][0] - lines[i][1]) / 1e3 for i in range(len(lines) - 1)]  # µs


TEND_BOUNCE = "Restart=always\nRestartSec=0\n[Unit]\nStartLimitIntervalSec=0\n"


def restart(args, kinds, n=1, secs=None, tend=None):
    """Median exit -> running again (µs) of one bouncing service beside n-1 pausing."""
    out = {}
    for kind in kinds:
        d = f"{args.out}/restart-{kind}"
        svcs = [(f"p{i:05d}", args.pause, "") for i in range(n - 1)]
        svcs.append(("bounce", args.bounce, TEND_BOUNCE))
        make_dirs(kind, d, svcs, args)
        a = argparse.Namespace(**vars(args))
        if tend:
            a.tend = tend
        r = Run(kind, d, n, a)
        if r.wait_running(n - 1, args.limit) is None:
            say(f"restart {kind} N={n}: the pausing services did not all start")
        # let start-up finish, then measure over a window of restarts only
        time.sleep(0.5)
        c0, b0 = cpu(r.sup()), len(latencies(d))
        time.sleep(secs or (3 if kind == "tend" else 5.5))
        c1, lat = cpu(r.sup()), latencies(d)
        r.stop()
        lat = lat[b0:] if len(lat) > b0 + 3 else lat
        restarts = max(len(lat), 1)
        out[kind] = dict(med=statistics.median(lat) if lat else None,
                         p90=sorted(lat)[int(len(lat) * 0.9)] if lat else None,
                         n=len(lat), cpu_per=(c1 - c0) / restarts * 1e6)
        say(f"restart {kind} N={n}: {len(lat)} restarts, median "
            f"{out[kind]['med']} µs, supervisor CPU {out[kind]['cpu_per']:.0f} µs/restart")
    return out


def storm(args, kinds, tend_extra, label):
    """CPU seconds the supervisors spend on 100 crash-looping services."""
    out = {}
    for kind in kinds:
        d = f"{args.out}/storm-{kind}"
        make_dirs(kind, d, [(f"c{i:03d}", args.bounce, tend_extra) for i in range(100)], args)
        r = Run(kind, d, 0, args)
        time.sleep(args.storm)
        sup = r.sup()
        c = cpu(sup)
        starts = sum(1 for _ in open(f"{d}/bounces"))
        r.stop()
        out[kind] = dict(cpu=c, starts=starts)
        say(f"storm {label} {kind}: {c:.2f} CPU s over {args.storm} s, {starts} starts")
    return out


def fmt(v, nd=0):
    if v is None:
        return "n/a"
    return f"{v:.{nd}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}"


def report(args, kinds, sc, rs, st, st2, ev):
    peers = kinds[1:]
    o = []
    o.append("| N | metric | " + " | ".join(kinds) + " | " +
             " | ".join(f"tend/{k}" for k in peers) + " |")
    o.append("| ---: | --- |" + " ---: |" * (len(kinds) + len(peers)))
    for n in args.ns:
        def row(label, f, nd=0):
            vals = [f(sc[k, n]) if (k, n) in sc else None for k in kinds]
            o.append(f"| {n} | {label} | " + " | ".join(fmt(v, nd) for v in vals) + " | " +
                     " | ".join(ratio(vals[0], v) for v in vals[1:]) + " |")
        row("all running, ms", lambda r: r["up"] * 1000 if r["up"] is not None else None)
        row("supervisor RSS, KiB", lambda r: r["rss"])
        row("supervisor private, KiB", lambda r: r["priv"])
        row("private per service, KiB", lambda r: r["priv"] / n, 1)
        row("supervisor processes", lambda r: r["nsup"])
    o.append("")
    n0, n1 = args.ns[0], args.ns[-1]
    o.append(f"Marginal private memory per service, N = {n0} -> {n1} "
             "((private(N1) - private(N0)) / (N1 - N0)), KiB:")
    o.append("")
    o.append("| " + " | ".join(kinds) + " |")
    o.append("|" + " ---: |" * len(kinds))
    vals = []
    for k in kinds:
        a, b = sc.get((k, n0)), sc.get((k, n1))
        vals.append(fmt((b["priv"] - a["priv"]) / (n1 - n0), 2) if a and b else "n/a")
    o.append("| " + " | ".join(vals) + " |")
    o.append("")
    o.append("Restart latency (one service that exits at once; tend: RestartSec=0), µs:")
    o.append("")
    o.append("| metric | " + " | ".join(kinds) + " | " +
             " | ".join(f"tend/{k}" for k in peers) + " |")
    o.append("| --- |" + " ---: |" * (len(kinds) + len(peers)))
    for key, label in (("med", "exit -> running again, median"), ("p90", "p90"),
                       ("n", "restarts measured")):
        vals = [rs.get(k, {}).get(key) for k in kinds]
        o.append(f"| {label} | " + " | ".join(fmt(v) for v in vals) + " | " +
                 " | ".join(ratio(vals[0], v) if key != "n" else "" for v in vals[1:]) + " |")
    o.append("")
    for title, data in ((f"Crash storm, 100 units exiting at once, {args.storm} s, "
                         "tend with its default backoff and start limit", st),
                        (f"Crash storm, the same with tend's start limit off "
                         "(StartLimitIntervalSec=0: backoff only)", st2)):
        if not data:
            continue
        o.append(title + ":")
        o.append("")
        o.append("| metric | " + " | ".join(kinds) + " |")
        o.append("| --- |" + " ---: |" * len(kinds))
        o.append("| supervisor CPU seconds | " +
                 " | ".join(fmt(data[k]["cpu"], 2) for k in kinds) + " |")
        o.append("| service starts | " + " | ".join(str(data[k]["starts"]) for k in kinds) + " |")
        o.append("")
    if ev:
        o.append("Per-event cost in tend: one bouncing unit beside N-1 pausing units:")
        o.append("")
        o.append("| tend | N | restart latency median, µs | p90, µs | tend CPU per restart, µs |"
                 " restarts |")
        o.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for (label, n), r in ev.items():
            o.append(f"| {label} | {n} | {fmt(r['med'])} | {fmt(r['p90'])} | "
                     f"{fmt(r['cpu_per'])} | {r['n']} |")
        keys = list(ev.keys())
        a, b = ev[keys[0]], ev[keys[1]] if len(keys) > 1 else None
        if b:
            o.append("")
            o.append(f"Ratio N={keys[1][1]} / N={keys[0][1]}: latency {ratio(b['med'], a['med'])}, "
                     f"CPU per restart {ratio(b['cpu_per'], a['cpu_per'])} (goal: within 1.5).")
    return "\n".join(o)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--tend", required=True)
    ap.add_argument("--pause", required=True)
    ap.add_argument("--bounce", required=True)
    ap.add_argument("--ns", default="10,100,1000,10000")
    ap.add_argument("--storm", type=float, default=30)
    ap.add_argument("--settle", type=float, default=2)
    ap.add_argument("--limit", type=float, default=180)
    ap.add_argument("--compare", help="another tend binary for the per-event rows")
    ap.add_argument("--only", default="scale,restart,storm,event")
    args = ap.parse_args()
    args.ns = [int(x) for x in args.ns.split(",")]
    only = args.only.split(",")
    kinds = ["tend"]
    for k, prog in (("runit", "runsvdir"), ("s6", "s6-svscan")):
        if shutil.which(prog):
            kinds.append(k)
        else:
            say(f"{prog} not installed: {k} left out")
    os.makedirs(args.out, exist_ok=True)
    sc = scale(args, kinds) if "scale" in only else {}
    rs = restart(args, kinds) if "restart" in only else {}
    st = storm(args, kinds, "Restart=always\n", "default") if "storm" in only else {}
    st2 = (storm(args, ["tend"], "Restart=always\n[Unit]\nStartLimitIntervalSec=0\n", "no-limit")
           if "storm" in only else {})
    if st2:
        for k in kinds[1:]:
            st2[k] = st[k]
    ev = {}
    if "event" in only:
        for label, t in (("this", args.tend), ("compare", args.compare)):
            if not t:
                continue
            for n in (args.ns[0], args.ns[-1]):
                ev[label, n] = restart(args, ["tend"], n=n, secs=3, tend=t)["tend"]
    print(report(args, kinds, sc, rs, st, st2, ev))


if __name__ == "__main__":
    main()
