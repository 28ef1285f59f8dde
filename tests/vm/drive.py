#!/usr/bin/env python3
"""Boot the initramfs under qemu and check tend's system mode from the
serial console: boot order, cgroup v2 limits, restarts, the console shell,
wall-clock jumps (restart timers and a calendar timer), Ctrl-Alt-Del, tendctl poweroff, the power button and the watchdog; then
time tend's boot next to BusyBox init's.  Usage:
    drive.py KERNEL INITRD WORKDIR [SCENARIO...]
Scenarios: main, button, timing (default: all).  Exit 0 when all passed."""
import os, re, socket, subprocess, sys, threading, time

KERNEL, INITRD, WORK = sys.argv[1:4]
SCEN = sys.argv[4:] or ["main", "button", "timing"]
ACCEL = os.environ.get("TEND_VM_ACCEL", "tcg")
failures = []


def note(msg):
    print(msg, flush=True)


class VM:
    def __init__(self, name, append):
        self.name = name
        self.log = os.path.join(WORK, name + ".console.log")
        self.ser = os.path.join(WORK, name + ".ser")
        self.mon = os.path.join(WORK, name + ".mon")
        for p in (self.log, self.ser, self.mon):
            if os.path.exists(p):
                os.unlink(p)
        cmd = ["qemu-system-x86_64", "-accel", ACCEL, "-m", "256", "-smp", "1",
               "-nodefaults", "-no-user-config", "-display", "none",
               "-kernel", KERNEL, "-initrd", INITRD,
               "-append", "console=ttyS0 " + append,
               "-chardev", "socket,id=s0,path=%s,server=on,wait=off,logfile=%s"
               % (self.ser, self.log),
               "-serial", "chardev:s0",
               "-monitor", "unix:%s,server=on,wait=off" % self.mon]
        self.t0 = time.time()
        self.qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
        self.pos = 0
        self.sock = self._connect(self.ser)
        threading.Thread(target=self._drain, daemon=True).start()

    def _connect(self, path):
        end = time.time() + 10
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                return s
            except OSError:
                if time.time() > end:
                    raise
                time.sleep(0.05)

    def _drain(self):
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass

    def text(self):
        try:
            with open(self.log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait(self, pattern, timeout, what=None, since=None):
        """Wait for pattern after the last match (or after since); returns
        the match or None."""
        end = time.time() + timeout
        rx = re.compile(pattern)
        fuzzy_at = time.time() + 1
        while True:
            start = self.pos if since is None else since
            text = self.text()
            m = rx.search(text, start)
            stop = m and m.end()
            if not m and (time.time() > fuzzy_at or time.time() > end):
                fuzzy_at = time.time() + 1
                m, stop = self._doubled(rx, text, start)
            if m:
                if since is None:
                    self.pos = stop
                return m
            if time.time() > end or self.qemu.poll() is not None:
                check(False, what or "console shows /%s/ within %ds" % (pattern, timeout))
                return None
            time.sleep(0.05)

    @staticmethod
    def _doubled(rx, text, start):
        """Match a console line with one character doubled: the emulated
        serial console now and then sends a character twice ("runnning",
        "/dev/wattchdog", about one line in a thousand under TCG).  Only a
        line that matches once one repeated character is dropped counts."""
        off = start
        for line in text[start:].split("\n"):
            for i in range(1, len(line)):
                if line[i] == line[i - 1]:
                    m = rx.search(line[:i] + line[i + 1:])
                    if m:
                        note("   (matched with a doubled character dropped: %r)" % line.strip())
                        return m, off + len(line)
            off += len(line) + 1
        return None, None

    def ask(self, cmd, pattern, good, what, tries=4, timeout=5):
        """Type cmd until its answer matches pattern and good(match) holds:
        a console line can be garbled, and a state can take a moment."""
        m = None
        for _ in range(tries):
            since = len(self.text())
            self.type(cmd)
            end = time.time() + timeout
            rx = re.compile(pattern)
            while time.time() < end and self.qemu.poll() is None:
                m = rx.search(self.text(), since)
                if m and good(m):
                    self.pos = max(self.pos, m.end())
                    return m
                time.sleep(0.05)
            time.sleep(0.5)
        check(False, "%s (last answer: %s)" % (what, m.group(0) if m else "none"))
        return None

    def type(self, line):
        self.sock.sendall(line.encode() + b"\r")

    def monitor(self, cmd):
        m = self._connect(self.mon)
        m.sendall(cmd.encode() + b"\n")
        time.sleep(0.3)
        m.close()

    def exit_code(self, timeout):
        try:
            return self.qemu.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.qemu.poll() is None:
            self.qemu.kill()
            self.qemu.wait()


def check(ok, what):
    note(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


def settled(vm, timeout=60):
    vm.boot_pos = vm.pos
    return vm.wait(r"tend: boot: (\d+) units settled (\d+) ms after tend's exec", timeout,
                   "tend reports all units settled")


def scenario_main():
    vm = VM("main", "")
    try:
        if not settled(vm):
            return
        boot = 0
        t = vm.text()
        check("system mode: tend is the init" in t, "system mode detected")
        check("Attempted to kill init" not in t, "no kernel panic")
        ia, ib = t.find("vmtest: order a"), t.find("vmtest: order b")
        check(0 <= ia < ib, "order-b started after order-a (After=)")
        m = vm.wait(r"vmtest: hog cpu.max=(\S+)", 30, since=boot)
        if m:
            check(m.group(1) == "20000/100000", "cpu.max of CPUQuota=20%% is 20000 100000 (%s)"
                  % m.group(1))
        m = vm.wait(r"vmtest: hog nr_throttled=(\d+)", 10, since=boot)
        if m:
            check(int(m.group(1)) > 0, "the hog is throttled: nr_throttled=%s" % m.group(1))
        m = vm.wait(r"vmtest: hog cpu_percent=(\d+)", 10, since=boot)
        if m:
            check(int(m.group(1)) <= 30, "the hog got %s%% of a CPU (quota 20%%)" % m.group(1))
        m = vm.wait(r"vmtest: memhog rc=(\d+) memory.max=(\d+) oom_kill=(\d+)", 20,
                    since=boot)
        if m:
            check(m.group(2) == "16777216" and int(m.group(3)) > 0,
                  "MemoryMax=16M: rc=%s memory.max=%s oom_kill=%s" % m.groups())
        m = vm.wait(r"vmtest: taskmax pids.max=(\d+) max=(\d+)", 20, since=boot)
        if m:
            check(m.group(1) == "4" and int(m.group(2)) > 0,
                  "TasksMax=4: pids.max=%s, refused forks=%s" % m.groups())
        # CPUQuota= does not bind a fifo/rr process on v2: refused, not run
        if vm.wait(r"'rtquota.service': ExecStart: cgroup: CPUQuota= with a real-time", 20,
                   "CPUQuota= with fifo refused on cgroup v2", since=boot):
            check(True, "CPUQuota= with CPUSchedulingPolicy=fifo refused on cgroup v2")
            check("vmtest: rtquota ran unlimited" not in vm.text(),
                  "the refused real-time unit did not run")
        if vm.wait(r"sampler: \d", 20, "the embedded example's sampler runs", since=boot):
            check(True, "examples/embedded sampler.service runs (CPUAffinity, CPUQuota, MemoryMax)")
        m = vm.wait(r"vmtest: delegate r=(\S+) uid=(\d+) owner=(\S+) max=(\d+) cg=(\S+)", 20,
                    since=boot)
        delegated = None
        if m:
            check(m.group(1) == "ok" and m.group(2) == "65534" and m.group(3) == "nobody"
                  and int(m.group(4)) > 0,
                  "Delegate=yes as nobody: leaf, +pids below, pids.max=1 bites "
                  "(r=%s uid=%s owner=%s refused=%s)" % m.groups()[:4])
            delegated = m.group(5)
        m = vm.wait(r"vmtest: crasher run 3", 20, "the crashing unit was restarted twice",
                    since=boot)
        if m:
            check(True, "crasher restarted after two crashes")
        # the console shell: a controlling terminal and job control
        vm.type("")
        vm.wait(r"vm# ", 20, "a shell prompt on ttyS0")
        vm.type("sleep 300 & echo jc-$(tty)-$(cut -d' ' -f8 /proc/$$/stat)-$$")
        m = vm.wait(r"jc-(\S+)-(\d+)-(\d+)", 10)
        if m:
            check(m.group(1) == "/dev/ttyS0" and m.group(2) == m.group(3),
                  "shell on /dev/ttyS0 leads its terminal's foreground (tty %s, tpgid %s, pid %s)"
                  % m.groups())
        vm.type("jobs")
        if vm.wait(r"\[1\]\+?\s+Running\s+sleep 300", 10, "job control: jobs lists the sleep"):
            check(True, "job control: jobs lists the background sleep")
        # StandardOutput=kmsg: the unit's lines are kernel log records, with
        # its identifier and the level of its "<4>" prefix (daemon facility)
        vm.type("dmesg -r | grep vmtest-kmsg | sed 's/^/km:/'")
        m = vm.wait(r"km:<(\d+)>\[\s*[\d.]+\] kmsgunit\[\d+\]: vmtest-kmsg warning", 10,
                    "kmsg.service's warning line in dmesg")
        if m:
            check(int(m.group(1)) & 7 == 4, "StandardOutput=kmsg: the <4> line is a warning in "
                  "dmesg (<%s>)" % m.group(1))
        m = vm.wait(r"km:<(\d+)>\[\s*[\d.]+\] kmsgunit\[\d+\]: vmtest-kmsg info", 10,
                    "kmsg.service's info line in dmesg")
        if m:
            check(int(m.group(1)) & 7 == 6, "StandardOutput=kmsg: a plain line is info in dmesg "
                  "(<%s>)" % m.group(1))
        # a line longer than a kernel record is cut, not lost: 992 bytes
        # with "<30>" and the newline (6.1 refuses a longer write)
        vm.type("dmesg -r | grep 'vmtest-kmsg long' | sed 's/^<[0-9]*>\\[[^]]*\\] //' | "
                "awk '{ print \"kl:\" length($0) }'")
        m = vm.wait(r"kl:(\d+)", 10, "kmsg.service's long line in dmesg")
        if m:
            check(m.group(1) == "987", "StandardOutput=kmsg: a long line is cut to one record "
                  "(%s bytes of text)" % m.group(1))
        # a delegated cgroup tree goes with its unit
        if delegated:
            vm.type("tendctl stop delegate.service; sleep 1; "
                    "ls /sys/fs/cgroup%s >/dev/null 2>&1 && echo dg:''left || echo dg:''gone"
                    % delegated)
            m = vm.wait(r"dg:(left|gone)", 20)	# not the echo of the typed line
            if m:
                check(m.group(1) == "gone", "stopping the delegated unit removes its "
                      "cgroup tree (%s)" % m.group(1))
        clock_jumps(vm)
        clock_timer(vm)
        vm.type("tendctl status console.service | head -n 3; exit")
        if vm.wait(r"'console.service': auto-restart -> starting", 20,
                   "the shell is restarted when it exits"):
            check(True, "console.service restarted after the shell exited (Restart=always)")
        # Ctrl-Alt-Del through the keyboard: SIGINT, reboot
        vm.wait(r"vm# ", 20, "a new shell prompt after the restart")
        vm.monitor("sendkey ctrl-alt-delete")
        ok = vm.wait(r"SIGINT: stopping all units", 20, "Ctrl-Alt-Del arrives as SIGINT")
        ok = vm.wait(r"tend: rebooting", 30, "tend reboots") and ok
        if vm.wait(r"reboot: Restarting system", 20, "the kernel restarts") and ok:
            check(True, "Ctrl-Alt-Del: SIGINT, units stopped, reboot(2)")
        if not settled(vm):
            return
        check(True, "second boot after Ctrl-Alt-Del")
        vm.type("")
        vm.wait(r"vm# ", 20, "a shell prompt after the reboot")
        vm.type("tendctl poweroff")
        vm.wait(r"poweroff requested through the control socket", 20)
        rc = vm.exit_code(60)
        t = vm.text()
        check("tend: powering off" in t and "reboot: Power down" in t,
              "tendctl poweroff: units stopped, kernel powered down")
        check(rc == 0, "qemu exited 0 after poweroff (rc %s)" % rc)
        check("Attempted to kill init" not in t, "no kernel panic")
    finally:
        vm.kill()


def ticks(vm, n, timeout):
    """The next n 'vmtest: tick' lines as (uptime, year)."""
    out = []
    for _ in range(n):
        m = vm.wait(r"vmtest: tick up=([\d.]+) year=(\d+)", timeout)
        if not m:
            break
        out.append((float(m.group(1)), int(m.group(2))))
    return out


def clock_jumps(vm):
    """The wall clock jumps a decade forward, then back to 2001: tend's
    timers (CLOCK_MONOTONIC) keep the 2 s RestartSec= of tick.service,
    with no burst and no stall."""
    for when, year in (("2036-06-01 12:00:00", 2036), ("2001-01-01 00:00:00", 2001)):
        vm.type('date -s "%s" >/dev/null; echo jump-$(date +%%Y)' % when)
        m = vm.wait(r"jump-(\d+)", 10)
        if not m or not check(int(m.group(1)) == year, "the guest clock jumped to %s" % year):
            continue
        t = ticks(vm, 4, 30)
        t = [x for x in t if x[1] == year]
        gaps = [round(b[0] - a[0], 2) for a, b in zip(t, t[1:])]
        check(len(gaps) >= 2 and all(1.8 <= g <= 4.0 for g in gaps),
              "RestartSec=2s after a jump to %d: gaps %s s" % (year, gaps))


def clock_timer(vm):
    """OnCalendar= follows the wall clock (TFD_TIMER_CANCEL_ON_SET):
    clock.timer (every day at 12:00) runs clock.service at once when the
    clock jumps past an elapse, at 12:00 after a jump to just before it,
    and after a jump back behind its last elapse it counts from the new
    time (no run on the jump, the next elapse that day) instead of waiting
    for the elapse after the last one."""
    def jump(when):
        since, t0 = len(vm.text()), time.time()
        vm.type('date -s "%s" >/dev/null; echo cj-$(date +%%F)' % when)
        if not vm.wait(r"cj-(\d{4}-\d\d-\d\d)", 10, "the guest clock is set to %s" % when):
            return None
        return since, t0

    def ran(since, timeout):
        m = vm.wait(r"vmtest: clock ran at (\S+ \S+)", timeout,
                    "clock.service runs", since=since)
        return m and m.group(1)

    def next_elapse(what):
        vm.type("tendctl list-timers | grep clock.timer | sed 's/^/lt: /'")
        m = vm.wait(r"lt: \w{3} (\S+ \S+) \S+ .*clock\.timer", 10)
        return m and check(m.group(1) == what, "clock.timer's next elapse is %s (%s)"
                           % (what, m.group(1)))

    t0 = time.time()
    # forward past the elapse tend armed at boot: it runs now
    j = jump("2030-06-01 08:00:00")
    if not j:
        return
    at = ran(j[0], 15)
    if at:
        check(at.startswith("2030-06-01 08:00:"), "a jump past an elapse runs the timer at once "
              "(seen %.1f s after the jump, at %s)" % (time.time() - j[1], at))
    next_elapse("2030-06-01 12:00:00")
    # forward to just before 12:00: it runs at 12:00, not before
    j = jump("2030-06-01 11:59:55")
    if not j:
        return
    at = ran(j[0], 20)
    if at:
        check("2030-06-01 12:00:00" <= at <= "2030-06-01 12:00:03",
              "the timer runs at 12:00 of the new clock (%s, %.1f s after the jump)"
              % (at, time.time() - j[1]))
    next_elapse("2030-06-02 12:00:00")
    # back behind the last elapse: no run on the jump, next 12:00 of that day
    j = jump("2030-05-20 11:59:50")
    if not j:
        return
    next_elapse("2030-05-20 12:00:00")
    at = ran(j[0], 25)
    if at:
        check("2030-05-20 12:00:00" <= at <= "2030-05-20 12:00:03",
              "after a jump back the first run is at 12:00 of the new day (%s)" % at)
    next_elapse("2030-05-21 12:00:00")
    note("   (clock_timer: %.1f s)" % (time.time() - t0))


def scenario_button():
    vm = VM("button", "")
    try:
        if not settled(vm):
            return
        # Asked through the shell, not read from tend's console line: that
        # line comes right after the boot line tend writes to kmsg, and the
        # kernel's console write racing the tty's can double a character in
        # it ("/dev/wattchdog" in a CI run).  sysfs says what the driver has.
        vm.type("")
        vm.wait(r"vm# ", 20, "a shell prompt")
        m = vm.ask("d=/sys/class/watchdog/watchdog0; echo wd:$(cat $d/state):$(cat $d/timeout):"
                   "$(ls -l /proc/1/fd | grep -c ' /dev/watchdog')",
                   r"wd:(\w+):(\d+):(\d+)", lambda m: m.group(1) == "active",
                   "tend arms /dev/watchdog")
        if m:
            check(m.group(2) == "4" and m.group(3) == "1",
                  "RuntimeWatchdogSec=4s: PID 1 holds /dev/watchdog, state %s, timeout %s s"
                  % (m.group(1), m.group(2)))
        if vm.wait(r"powerkey: watching /dev/input/event\d+ \(Power Button\)", 20,
                   "powerkey watches the ACPI power button", since=vm.boot_pos):
            check(True, "powerkey watches the ACPI power button (button + evdev modules)")
        # a stopped init: the watchdog must reset the machine
        vm.type("")
        vm.wait(r"vm# ", 20, "a shell prompt")
        vm.type("freeze1 &")
        vm.wait(r"freeze1: PID 1 stopped", 10, "PID 1 stopped by ptrace")
        t0 = time.time()
        vm.wait(r"softdog: Initiating system reboot", 30, "softdog resets the stopped machine")
        check(True, "watchdog reset %.1f s after tend stopped" % (time.time() - t0))
        if not settled(vm):
            return
        vm.wait(r"powerkey: watching", 20, "powerkey after the reset", since=vm.boot_pos)
        time.sleep(0.5)
        vm.monitor("system_powerdown")
        ok = vm.wait(r"powerkey: power button pressed", 20, "the power button reaches powerkey")
        if vm.wait(r"SIGUSR2: stopping all units", 20, "powerkey asks tend to power off") and ok:
            check(True, "system_powerdown: KEY_POWER, powerkey, SIGUSR2 to tend")
        rc = vm.exit_code(60)
        t = vm.text()
        check("reboot: Power down" in t, "system_powerdown powers the guest down")
        check(rc == 0, "qemu exited 0 after the power button (rc %s)" % rc)
    finally:
        vm.kill()


def kts(t, pattern):
    m = re.search(r"\[\s*(\d+\.\d+)\] " + pattern, t)
    return float(m.group(1)) if m else None


def scenario_timing():
    rows = []
    for init, append, done in (
            ("tend", "-- -u /etc/tend/example-units", r"tend: boot: \d+ units settled"),
            ("busybox", "rdinit=/bbinit/init", r"bbinit: boot: rc done")):
        for i in range(2):
            vm = VM("timing-%s-%d" % (init, i), append)
            try:
                # the kernel-stamped copy (tend also prints the line
                # to the console unstamped, a moment earlier)
                if not vm.wait(r"\] " + done, 60, "%s boot finishes" % init):
                    continue
                t = vm.text()
                ex = kts(t, r"Run (\S+) as init process")
                ready = kts(t, done)
                if ex is None or ready is None:
                    check(False, "kernel timestamps for %s (exec %s, ready %s)" % (init, ex, ready))
                    continue
                rows.append((init, ex, ready))
            finally:
                vm.kill()
    note("boot timing (kernel timestamps, TCG):")
    note("  %-8s %10s %12s %10s" % ("init", "exec (s)", "ready (s)", "share (ms)"))
    for init, ex, ready in rows:
        note("  %-8s %10.3f %12.3f %10.0f" % (init, ex, ready, (ready - ex) * 1000))


start = time.time()
for s in SCEN:
    note("== %s" % s)
    t = time.time()
    globals()["scenario_" + s]()
    note("   (%s: %.1f s)" % (s, time.time() - t))
note("vm: %d failure(s) in %.1f s" % (len(failures), time.time() - start))
sys.exit(1 if failures else 0)
