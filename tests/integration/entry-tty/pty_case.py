#!/usr/bin/env python3
"""Drive tend on a pseudo-terminal, as a user at a shell would.

    pty_case.py MODE TEND
MODE p1 runs tend as PID 1 of a fresh PID namespace (under unshare, as a
session leader with the pty as controlling terminal, like docker run -it),
MODE sub as a plain process.  Checks: the command gets its own process
group in the foreground of the terminal; ^C kills it (exit 130) without
touching tend; ^Z stops it, and a plain tend stops with it (giving the
terminal back) while PID 1 does not; SIGCONT to tend resumes the job in
the foreground; tend never stops on SIGTTOU although it writes to the
terminal from the background with TOSTOP set.
"""
import os
import pty
import select
import signal
import sys
import termios
import time

MODE, TEND = sys.argv[1], sys.argv[2]
out = bytearray()


def fail(msg):
    sys.stderr.write("FAIL: %s: %s\nterminal output: %r\n" % (MODE, msg, bytes(out)))
    sys.exit(1)


def drain(fd, secs=0.0):
    """Read what the terminal printed, so tend never blocks on it."""
    end = time.monotonic() + secs
    while True:
        left = max(0.0, end - time.monotonic())
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            return
        try:
            data = os.read(fd, 4096)
        except OSError:
            return
        if not data:
            return
        out.extend(data)


def wait_for(fd, what, pred, secs=5.0):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        drain(fd, 0.01)
        v = pred()
        if v:
            return v
    fail("timed out waiting for " + what)


def stat(pid):
    """(state, ppid, pgrp) of pid, or None once it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[2])


def children(pid):
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = stat(int(d))
            if st and st[1] == pid:
                kids.append(int(d))
    return kids


def start(args):
    cmd = [TEND, "-v", "--"] + args
    if MODE == "p1":
        # as in a container started with a tty (docker run -it): PID 1 leads
        # a session of its own whose controlling terminal is the pty
        cmd = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
               "setsid", "--ctty"] + cmd
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    attrs = termios.tcgetattr(fd)
    attrs[3] |= termios.TOSTOP   # background writes raise SIGTTOU
    termios.tcsetattr(fd, termios.TCSANOW, attrs)
    if MODE == "p1":
        tend = wait_for(fd, "tend under unshare", lambda: children(pid) and children(pid)[0])
    else:
        tend = pid
    child = wait_for(fd, "the command", lambda: children(tend) and children(tend)[0])
    # its own process group, in the terminal's foreground
    wait_for(fd, "the command in the foreground",
             lambda: stat(child) and stat(child)[2] == child and os.tcgetpgrp(fd) == child)
    if stat(tend)[2] == child:
        fail("tend shares the command's process group")
    return pid, fd, tend, child


def finish(pid, fd, want):
    end = time.monotonic() + 5
    while True:
        drain(fd, 0.01)
        p, st = os.waitpid(pid, os.WNOHANG)
        if p:
            break
        if time.monotonic() > end:
            fail("tend did not exit")
    code = os.waitstatus_to_exitcode(st)
    if code != want:
        fail("exit status %d, expected %d" % (code, want))
    os.close(fd)


def ctrl_c():
    pid, fd, tend, child = start(["sleep", "60"])
    os.write(fd, b"\x03")
    finish(pid, fd, 130)


def ctrl_z():
    pid, fd, tend, child = start(["sleep", "60"])
    os.write(fd, b"\x1a")
    wait_for(fd, "the command to stop", lambda: stat(child)[0] == "T")
    if MODE == "sub":
        # a job's stop stops tend too, and the terminal goes back to the shell
        wait_for(fd, "tend to stop with its job", lambda: stat(tend)[0] == "T")
        wait_for(fd, "the terminal back", lambda: os.tcgetpgrp(fd) == stat(tend)[2])
    else:
        # PID 1 never stops; it says how to resume (from the background, TOSTOP on)
        wait_for(fd, "the stop message", lambda: b"SIGCONT" in out)
        drain(fd, 0.2)
        if stat(tend)[0] == "T":
            fail("PID 1 stopped")
    os.kill(tend, signal.SIGCONT)   # what a shell's fg does
    wait_for(fd, "the command to resume", lambda: stat(child)[0] != "T")
    wait_for(fd, "tend to resume", lambda: stat(tend)[0] != "T")
    wait_for(fd, "the command back in the foreground", lambda: os.tcgetpgrp(fd) == child)
    os.write(fd, b"\x03")
    finish(pid, fd, 130)


def ttou():
    """tend never stops on SIGTTOU/SIGTTIN sent to it: it forwards them."""
    pid, fd, tend, child = start(["sleep", "60"])
    os.kill(tend, signal.SIGTTIN)
    wait_for(fd, "the command to stop on SIGTTIN", lambda: stat(child)[0] == "T")
    os.kill(tend, signal.SIGCONT)
    wait_for(fd, "the command to resume", lambda: stat(child)[0] != "T")
    wait_for(fd, "the command back in the foreground", lambda: os.tcgetpgrp(fd) == child)
    if stat(tend)[0] == "T":
        fail("tend stopped")
    os.kill(tend, signal.SIGTERM)
    finish(pid, fd, 143)


def shell_fg():
    """Under an interactive bash: ^Z, then fg, then ^C; $? is 130."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["PS1"] = "$ "
        os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
    wait_for(fd, "the shell's prompt", lambda: b"$ " in out)
    os.write(fd, (TEND + " -- sleep 60\n").encode())
    tend = wait_for(fd, "tend under the shell", lambda: children(pid) and children(pid)[0])
    child = wait_for(fd, "the command", lambda: children(tend) and children(tend)[0])
    wait_for(fd, "the command in the foreground", lambda: os.tcgetpgrp(fd) == child)
    os.write(fd, b"\x1a")
    wait_for(fd, "the shell to see the job stop", lambda: b"Stopped" in out)
    if stat(tend)[0] != "T" or stat(child)[0] != "T":
        fail("after ^Z: tend %s, command %s" % (stat(tend)[0], stat(child)[0]))
    os.write(fd, b"fg\n")
    wait_for(fd, "the command back in the foreground",
             lambda: os.tcgetpgrp(fd) == child and stat(child)[0] != "T")
    os.write(fd, b"\x03")
    wait_for(fd, "tend to end", lambda: stat(tend) is None)
    os.write(fd, b"echo rc=$?\n")
    wait_for(fd, "the status", lambda: b"rc=" in out.split(b"echo rc=")[-1])
    if b"rc=130" not in out:
        fail("tend's status under the shell is not 130")
    os.write(fd, b"exit\n")
    finish(pid, fd, 0)


tests = [ctrl_c, ctrl_z, ttou] + ([shell_fg] if MODE == "sub" else [])
for t in tests:
    t()
    print("%s: %s ok" % (MODE, t.__name__))
