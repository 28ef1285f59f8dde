#!/usr/bin/env bash
# .target units (systemd.target(5)) and the well-known targets tend has
# without a file: Requires=network.target starts the unit; network.target
# is reached only after a unit ordered Before= it has started (a oneshot
# that takes a while); a target with DefaultDependencies= is reached after
# what it Wants=, here through a .wants/ directory symlink; [Service] in a
# .target is ignored with a warning; shutdown.target is not reached at
# boot, so a unit that Conflicts= with it runs; tendctl list and status
# show targets.
. ../svc-lib.sh
unit web.service <<E
[Unit]
Requires=network.target
After=network.target network-online.target
Wants=network-online.target
[Service]
ExecStart=/bin/sh -c 'echo web >>$T/order; exec sleep 1000'
E
unit netsetup.service <<E
[Unit]
Before=network.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'sleep 0.5; echo netsetup >>$T/order'
E
unit app.target <<E
[Unit]
Description=The app
[Service]
ExecStart=/bin/false
E
mkdir -p "$U/app.target.wants"
unit worker.service <<E
[Unit]
Conflicts=shutdown.target
Before=shutdown.target
[Service]
ExecStart=/bin/sh -c 'echo worker >>$T/order; exec sleep 1000'
E
ln -s ../worker.service "$U/app.target.wants/worker.service"
unit after-app.service <<E
[Unit]
After=app.target
[Service]
ExecStart=/bin/sh -c 'echo after-app >>$T/order; exec sleep 1000'
E
start_units --units "$U"
wait_ctl 10
wait_log 10 "'web.service': starting -> running"
wait_log 10 "'after-app.service': starting -> running"
# network.target waited for netsetup (Before=, a oneshot that writes
# before it exits), web for network.target
# running means spawned (Type=simple): its echo may come a moment later
retry 10 grep -qx web "$T/order" || fail "web.service wrote nothing: $(cat "$T/order")"
assert_eq "order" "netsetup web" "$(grep -E '^(netsetup|web)$' "$T/order" | tr '\n' ' ' | sed 's/ $//')"
# app.target was reached after worker (its .wants/), after-app after it:
# the order of tend's transitions
line() { grep -n -- "$1" "$T/p1.log" | head -n 1 | cut -d: -f1; }
w=$(line "'worker.service': starting -> running")
t=$(line "'app.target': inactive -> starting")
a=$(line "'after-app.service': inactive -> starting")
[ -n "$w" ] && [ -n "$t" ] && [ -n "$a" ] && [ "$w" -lt "$t" ] && [ "$t" -lt "$a" ] ||
	fail "worker ($w), app.target ($t), after-app ($a) out of order: $(cat "$T/p1.log")"
log_has "section \[Service\] does not apply to a target unit, ignored" ||
	fail "no warning for [Service] in app.target"
ctl list >"$T/list"
for t in network.target network-online.target multi-user.target default.target \
	sysinit.target basic.target sockets.target timers.target paths.target \
	local-fs.target remote-fs.target nss-lookup.target time-sync.target \
	network-pre.target app.target; do
	grep -q "^$t  *running  *reached" "$T/list" || fail "$t not reached: $(cat "$T/list")"
done
grep -q "^shutdown.target  *inactive" "$T/list" || fail "shutdown.target reached at boot"
grep -q "^worker.service  *running" "$T/list" || fail "worker stopped by shutdown.target"
ctl status app.target >"$T/status"
grep -q "app.target - The app" "$T/status" || fail "status: $(cat "$T/status")"
assert_eq "json sub" reached "$(ctl --json status network.target | json_get 'j["units"][0]["sub"]')"
# stopping a target stops nothing it merely Wants=; starting it again reaches it
ctl stop app.target
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^app.target  *inactive'" ||
	fail "app.target did not stop"
grep -q "^worker.service  *running" <(ctl list) || fail "worker stopped with app.target"
ctl start app.target
retry 5 sh -c "'$TENDCTL' -s '$T/run/control.sock' list | grep -q '^app.target  *running'" ||
	fail "app.target not reached again"
stop_p1
echo "unit-targets: ok"
