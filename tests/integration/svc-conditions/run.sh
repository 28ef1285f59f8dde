#!/usr/bin/env bash
# Condition*= and Assert*= (issue 17): every kind in the key table true
# and false, '!' negation, '|' triggering groups, an empty assignment that
# resets, a drop-in's file:line, conditions checked again at a restart and
# at a manual start, dependents of a skipped unit, status and tend check.
# Where this machine can't make a kind's own test false (or true), the
# case uses the negated value and says so; tests/unit/test_condition.c
# covers that side against faked host files.
. ../svc-lib.sh
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"

# ---- host facts, worked out here independently of tend ----
host=$(cat /proc/sys/kernel/hostname)
cmdkey=$(tr ' ' '\n' </proc/cmdline | sed -n '1s/=.*//p')
os_id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
case $(uname -m) in
x86_64) arch=x86-64 ;; aarch64) arch=arm64 ;; i?86) arch=x86 ;; armv7l) arch=arm ;;
riscv64) arch=riscv64 ;; *) arch= ;;
esac
if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then cgv=v2 cgnot=v1; else cgv=v1 cgnot=v2; fi
first=no
if [ -e /run/systemd/first-boot ] || ! [ -s /etc/machine-id ] ||
	grep -q '^uninitialized' /etc/machine-id; then first=yes; fi
notfirst=$([ $first = yes ] && echo no || echo yes)
noarch=$([ "$arch" = s390x ] && echo x86-64 || echo s390x)
# systemd's on_ac_power(): a mains supply online, or none that says offline
ac=true
for d in /sys/class/power_supply/*; do
	[ "$(cat "$d/type" 2>/dev/null)" = Mains ] || continue
	case $(cat "$d/online" 2>/dev/null) in
	1) ac=true; break ;; 0) ac=false ;;
	esac
done
notac=$([ $ac = true ] && echo false || echo true)
feature=$([ "$arch" = x86-64 ] && echo sse2 || echo '!tend-no-such-feature')
mkdir -p "$T/empty" "$T/full" "$T/creds" "$T/nu" "$T/ro"
touch "$T/empty/.hidden" "$T/empty/backup~" "$T/full/x" "$T/emptyfile" "$T/creds/secret"
echo data >"$T/nonempty"
ln -s /etc "$T/link"
touch "$T/nu/.updated"		# newer than /usr: no update needed
mount -t tmpfs -o ro tmpfs "$T/ro" || skip "can't mount a read-only tmpfs"
trap 'rc=$?; umount "$T/ro" 2>/dev/null; cleanup_case; rm -rf "$T"; exit $rc' EXIT

# a condition that holds | one that does not ('!' where the machine can't
# make the kind itself come out that way) | the assert that fails with it
# (each key written out: tests/unit/test_keyguard.c looks for "Key=")
kinds() {
	cat <<E
ConditionPathExists=/etc|ConditionPathExists=/nonexistent|AssertPathExists=/nonexistent
ConditionPathExistsGlob=/etc/pass*|ConditionPathExistsGlob=/nonexist*|AssertPathExistsGlob=/nonexist*
ConditionPathIsDirectory=/etc|ConditionPathIsDirectory=/etc/passwd|AssertPathIsDirectory=/etc/passwd
ConditionPathIsSymbolicLink=$T/link|ConditionPathIsSymbolicLink=/etc|AssertPathIsSymbolicLink=/etc
ConditionPathIsMountPoint=/proc|ConditionPathIsMountPoint=$T/full|AssertPathIsMountPoint=$T/full
ConditionPathIsReadWrite=$T|ConditionPathIsReadWrite=$T/ro|AssertPathIsReadWrite=$T/ro
ConditionPathIsEncrypted=!$T|ConditionPathIsEncrypted=$T|AssertPathIsEncrypted=$T
ConditionDirectoryNotEmpty=$T/full|ConditionDirectoryNotEmpty=$T/empty|AssertDirectoryNotEmpty=$T/empty
ConditionFileNotEmpty=$T/nonempty|ConditionFileNotEmpty=$T/emptyfile|AssertFileNotEmpty=$T/emptyfile
ConditionFileIsExecutable=/bin/sh|ConditionFileIsExecutable=/sbin/nonexistent|AssertFileIsExecutable=/sbin/nonexistent
ConditionVirtualization=podman|ConditionVirtualization=vm|AssertVirtualization=vm
ConditionHost=$host|ConditionHost=no-such-host.invalid|AssertHost=no-such-host.invalid
ConditionKernelCommandLine=${cmdkey:-!tend.no.such.option}|ConditionKernelCommandLine=tend.no.such.option|AssertKernelCommandLine=tend.no.such.option
ConditionKernelVersion=>=2.6|ConditionKernelVersion=<2.6|AssertKernelVersion=<2.6
ConditionArchitecture=native|ConditionArchitecture=$noarch|AssertArchitecture=$noarch
ConditionFirmware=!tend-no-such-firmware|ConditionFirmware=tend-no-such-firmware|AssertFirmware=tend-no-such-firmware
ConditionACPower=$ac|ConditionACPower=$notac|AssertACPower=$notac
ConditionCapability=CAP_CHOWN|ConditionCapability=CAP_MKNOD|AssertCapability=CAP_MKNOD
ConditionSecurity=!tend-no-such-technology|ConditionSecurity=tend-no-such-technology|AssertSecurity=tend-no-such-technology
ConditionNeedsUpdate=/etc|ConditionNeedsUpdate=$T/nu|AssertNeedsUpdate=$T/nu
ConditionFirstBoot=$first|ConditionFirstBoot=$notfirst|AssertFirstBoot=$notfirst
ConditionUser=root|ConditionUser=nobody|AssertUser=nobody
ConditionGroup=0|ConditionGroup=65534|AssertGroup=65534
ConditionControlGroupController=$cgv|ConditionControlGroupController=$cgnot|AssertControlGroupController=$cgnot
ConditionEnvironment=TEND_COND=hello|ConditionEnvironment=TEND_COND=bye|AssertEnvironment=TEND_COND=bye
ConditionOSRelease=ID=${os_id:-}|ConditionOSRelease=ID=tend-no-such-os|AssertOSRelease=ID=tend-no-such-os
ConditionCPUs=>=1|ConditionCPUs=>100000|AssertCPUs=>100000
ConditionMemory=>=1M|ConditionMemory=>=1P|AssertMemory=>=1P
ConditionCPUFeature=$feature|ConditionCPUFeature=tend-no-such-feature|AssertCPUFeature=tend-no-such-feature
ConditionCredential=secret|ConditionCredential=missing|AssertCredential=missing
ConditionMemoryPressure=100%%|ConditionMemoryPressure=!100%%|AssertMemoryPressure=!100%%
ConditionCPUPressure=100%%|ConditionCPUPressure=!100%%|AssertCPUPressure=!100%%
ConditionIOPressure=100%%/10sec|ConditionIOPressure=!100%%/10sec|AssertIOPressure=!100%%/10sec
E
}

# every kind of the key table is in the list above
kinds | sed 's/^Condition\([A-Za-z]*\)=.*/\1/' | sort >"$T/tested"
sed -n 's/^	{ "\([A-Za-z]*\)", COND_.*/\1/p' "$TOP/src/unitkeys.c" | sort >"$T/table"
assert_eq "kinds tested = kinds in the key table" "$(cat "$T/table")" "$(cat "$T/tested")"

oneshot() {	# NAME KEY=VALUE...: a oneshot unit that leaves $T/ran-NAME
	local name=$1
	shift
	{
		echo "[Unit]"
		printf '%s\n' "$@"
		echo "[Service]"
		echo "Type=oneshot"
		echo "ExecStart=/bin/touch $T/ran-$name"
	} | unit "$name.service"
}
while IFS='|' read -r yes no assert; do
	kind=${yes%%=*}
	kind=${kind#Condition}
	oneshot "t-$kind" "$yes"
	oneshot "f-$kind" "$no"
	oneshot "a-$kind" "$assert"
done < <(kinds)

# the unit of issue 17, and negation
oneshot issue17 "ConditionFileIsExecutable=/sbin/nonexistent"
oneshot neg-true "ConditionPathExists=!/nonexistent"
oneshot neg-false "ConditionPathExists=!/etc"
# triggering: one '|' that holds is enough; none holding skips; a plain
# condition that fails skips whatever the '|' ones say
oneshot trig-one "ConditionPathExists=|/nonexistent" "ConditionPathExists=|/etc"
oneshot trig-none "ConditionPathExists=|/nonexistent" "ConditionPathExists=| /nonexistent2"
oneshot trig-plain "ConditionPathExists=|/etc" "ConditionPathExists=/nonexistent"
# an empty assignment resets every condition before it (and only those)
oneshot reset "ConditionPathExists=/nonexistent" "ConditionHost=no-such-host.invalid" \
	"ConditionPathExists=" "ConditionPathIsDirectory=/etc"
oneshot reset-assert "AssertPathExists=/nonexistent" "AssertPathExists=" \
	"ConditionPathExists=/nonexistent"
# a condition in a drop-in is named by the drop-in's file and line
oneshot dropin
mkdir -p "$U/dropin.service.d"
printf '[Unit]\n# comment\nConditionPathExists=/nonexistent-dropin\n' >"$U/dropin.service.d/10-c.conf"
# checked at every start: restarts until the flag file appears
unit again.service <<E
[Unit]
ConditionPathExists=!$T/stop-flag
StartLimitBurst=1000
[Service]
Restart=always
RestartSec=50ms
ExecStart=/bin/sh -c 'echo run >>$T/again-runs; exit 1'
E
# dependents: Requires= on a skipped unit starts; on a failed assert does not
oneshot needs-skipped "Requires=f-PathExists.service" "After=f-PathExists.service"
oneshot needs-assert "Requires=a-PathExists.service" "After=a-PathExists.service"
# ExecCondition=: exit 1-254 skips like a condition, whatever the type;
# 255 (or a signal) fails
unit execcond-skip.service <<E
[Service]
ExecCondition=/bin/sh -c 'exit 1'
ExecStart=/bin/sleep 1000
E
unit execcond-fail.service <<E
[Service]
ExecCondition=/bin/sh -c 'exit 255'
ExecStart=/bin/sleep 1000
E
# a target's [Unit] conditions too: conditions don't depend on the kind
unit skipped.target <<E
[Unit]
ConditionPathExists=/nonexistent-target
E
unit simple-skip.service <<E
[Unit]
ConditionPathExists=/nonexistent
[Service]
ExecStart=/bin/sleep 1000
E

# tend check says which units would be skipped now
"$TEND" check "$U" >"$T/check" 2>&1 || fail "tend check failed: $(cat "$T/check")"
grep -q "note: $U/issue17.service: would be skipped now: ConditionFileIsExecutable=/sbin/nonexistent ($U/issue17.service:2) not met" "$T/check" ||
	fail "tend check did not name the condition: $(cat "$T/check")"
grep -q "note: $U/a-PathExists.service: the start would fail now: AssertPathExists=/nonexistent" "$T/check" ||
	fail "tend check did not name the assert"
assert "tend check quiet on units that would run" sh -c "! grep -q 't-PathExists.service' '$T/check'"

# tend as PID 1 with a reduced bounding set, $container, an environment
unshare --pid --fork --mount-proc --kill-child setpriv --bounding-set=-mknod \
	env container=podman TEND_COND=hello CREDENTIALS_DIRECTORY="$T/creds" \
	"$TEND" --units "$U" --runtime-dir "$T/run" >"$T/p1.log" 2>&1 &
P1_PID=$!
wait_ctl 10

ran() { test -e "$T/ran-$1"; }
state_of() { ctl --json status "$1.service" | json_get 'j["units"][0]["state"]+"/"+j["units"][0]["result"]'; }
skipped() { [ "$(state_of "$1")" = inactive/condition ]; }
is_state() { [ "$(state_of "$1")" = "$2" ]; }

# one status of every unit at a time (a tendctl per unit is slow on a
# loaded machine): wait until every f-* and a-* unit has ended
dump() {
	ctl --json status | python3 -c 'import json, sys
for u in json.load(sys.stdin)["units"]: print(u["name"], u["state"] + "/" + u["result"])' >"$T/states"
}
all_ended() {
	dump && ! awk '$1 ~ /^[fa]-/ && $2 !~ /^(inactive|failed)\/(condition|assert)$/' "$T/states" | grep -q .
}
retry 20 all_ended || fail "units still starting: $(awk '$1 ~ /^[fa]-/' "$T/states")"
dumped() { awk -v n="$1.service" '$1 == n { print $2 }' "$T/states"; }
while IFS='|' read -r yes no assert; do
	kind=${yes%%=*}
	kind=${kind#Condition}
	retry 10 ran "t-$kind" || fail "$yes: the unit did not run
$(grep "t-$kind" "$T/p1.log")"
	[ "$(dumped "f-$kind")" = inactive/condition ] || fail "$no: not skipped ($(dumped "f-$kind"))
$(grep "f-$kind" "$T/p1.log")"
	assert "$no: skipped and never ran" sh -c "! test -e '$T/ran-f-$kind'"
	wait_log 10 "'f-$kind.service': condition not met, skipped: Condition$kind=.* ($U/f-$kind.service:2)"
	wait_log 10 "'a-$kind.service': assertion failed: Assert$kind=.* ($U/a-$kind.service:2)"
	assert_eq "$assert fails the start" failed/assert "$(dumped "a-$kind")"
	assert "$assert: never ran" sh -c "! test -e '$T/ran-a-$kind'"
done < <(kinds)

retry 10 skipped issue17 || fail "issue 17's unit was not skipped"
assert "issue 17's unit did not run" sh -c "! test -e '$T/ran-issue17'"
retry 10 ran neg-true || fail "ConditionPathExists=!/nonexistent did not run"
retry 10 skipped neg-false || fail "ConditionPathExists=!/etc not skipped"
retry 10 ran trig-one || fail "a triggering group with one true member did not run"
retry 10 skipped trig-none || fail "a triggering group with none true was not skipped"
wait_log 5 "'trig-none.service': condition not met, skipped: none of the triggering Condition"
retry 10 skipped trig-plain || fail "a failed plain condition beside a true '|' one did not skip"
retry 10 ran reset || fail "conditions before an empty assignment still counted"
retry 10 skipped reset-assert || fail "reset-assert: the condition after the reset was lost"
assert_eq "the assert before the reset is gone" inactive/condition "$(state_of reset-assert)"
retry 10 skipped dropin || fail "a drop-in's condition was not applied"
wait_log 5 "'dropin.service': condition not met, skipped: ConditionPathExists=/nonexistent-dropin ($U/dropin.service.d/10-c.conf:3)"

# status names the condition and its line; --json too
ctl status issue17.service >"$T/status"
grep -q "not met: ConditionFileIsExecutable=/sbin/nonexistent ($U/issue17.service:2)" "$T/status" ||
	fail "status does not name the condition: $(cat "$T/status")"
assert_eq "json condition_failed" "AssertPathExists=/nonexistent ($U/a-PathExists.service:2)" \
	"$(ctl --json status a-PathExists.service | json_get 'j["units"][0]["condition_failed"]')"

# dependents
retry 10 ran needs-skipped || fail "Requires= on a skipped unit: the dependent did not run"
wait_log 10 "'needs-assert.service': not started: it requires 'a-PathExists.service'"
assert "no OnFailure/failure for a skip" sh -c "! grep -q \"'f-PathExists.service'.*-> failed\" '$T/p1.log'"
retry 10 skipped simple-skip || fail "a Type=simple unit was not skipped cleanly"
target_skipped() {
	[ "$(ctl --json status skipped.target | json_get 'j["units"][0]["state"]+"/"+j["units"][0]["result"]')" = inactive/condition ]
}
retry 10 target_skipped || fail "a .target's condition was not checked"
wait_log 5 "'skipped.target': condition not met, skipped: ConditionPathExists=/nonexistent-target"
retry 10 skipped execcond-skip || fail "ExecCondition= exit 1: not skipped ($(state_of execcond-skip))"
retry 10 is_state execcond-fail failed/exit-code ||
	fail "ExecCondition= exit 255 did not fail the start"

# re-evaluated at each restart: once the flag exists the next start skips
retry 10 sh -c "test -f '$T/again-runs' && [ \$(wc -l <'$T/again-runs') -ge 2 ]" ||
	fail "again.service did not restart"
touch "$T/stop-flag"
retry 10 skipped again || fail "a restart did not check the condition again ($(state_of again))"
n=$(wc -l <"$T/again-runs")
# and again at a manual start
ctl start again.service || true
retry 5 skipped again || fail "manual start ran despite the condition"
assert_eq "no run while the flag exists" "$n" "$(wc -l <"$T/again-runs")"
rm "$T/stop-flag"
ctl start again.service
retry 10 sh -c "[ \$(wc -l <'$T/again-runs') -gt $n ]" || fail "a manual start did not check again"
ctl stop again.service

# a manual start of an assert-failed unit fails it again, with the message
ctl start a-PathExists.service || true
retry 5 sh -c "[ \$(grep -c \"'a-PathExists.service': assertion failed\" '$T/p1.log') -ge 2 ]" ||
	fail "a manual start did not check the assert again"

stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
