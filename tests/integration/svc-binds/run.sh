#!/usr/bin/env bash
# BindPaths= and BindReadOnlyPaths= (systemd.exec(5)): bind mounts in the
# unit's own mount namespace, recursive unless norbind, read-only ones
# read-only down their submounts, a missing mount point made, a '-' source
# that is missing skipped; none of it shows in tend's mount table.
# SecureBits= sets the process's secure bits (PR_GET_SECUREBITS).
. ../svc-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for mount namespaces"
mkdir -p "$T/src/sub" "$T/ro/sub" "$T/nor/sub"
echo hello >"$T/src/file"
mount -t tmpfs tmpfs "$T/ro/sub" || skip "cannot mount a tmpfs here"
mount -t tmpfs tmpfs "$T/nor/sub"
trap 'rc=$?; cleanup_case; umount "$T/ro/sub" "$T/nor/sub" 2>/dev/null; rm -rf "$T"; exit $rc' EXIT
echo deep >"$T/ro/sub/deep"
echo under >"$T/nor/sub/under"
unit binds.service <<E
[Service]
Type=oneshot
BindPaths=$T/src:$T/new/dst -$T/no-such-dir
BindReadOnlyPaths=$T/ro:$T/rodst
BindReadOnlyPaths=$T/nor:$T/nordst:norbind
StandardOutput=file:$T/out
ExecStart=/bin/sh -c 'cat $T/new/dst/file; echo written >$T/new/dst/back; \\
  touch $T/rodst/x 2>/dev/null && echo ro-writable; touch $T/rodst/sub/x 2>/dev/null && echo sub-writable; \\
  cat $T/rodst/sub/deep; ls $T/nordst/sub; grep -c " $T/" /proc/self/mountinfo'
E
unit secure.service <<E
[Service]
Type=oneshot
SecureBits=keep-caps-locked noroot
SecureBits=noroot-locked
StandardOutput=file:$T/secure
ExecStart=/usr/bin/python3 -c 'import ctypes; print(ctypes.CDLL(None).prctl(27, 0, 0, 0, 0)); print(open("/proc/self/status").read().split("CapEff:")[1].split()[0])'
E
unit reset.service <<E
[Service]
Type=oneshot
BindPaths=$T/src:$T/never
BindPaths=
StandardOutput=file:$T/reset
ExecStart=/bin/sh -c 'test -e $T/never && echo bound || echo unbound'
E
start_units --units "$U"
for u in binds secure reset; do
	wait_log 10 "'$u.service': starting -> "
done
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
log_has "'binds.service': starting -> inactive" || fail "binds failed: $(cat "$T/p1.log")"
out=$(cat "$T/out")
assert_eq "BindPaths: the source seen at the destination" hello "$(sed -n 1p "$T/out")"
assert_eq "BindPaths: writes reach the source" written "$(cat "$T/src/back")"
echo "$out" | grep -q "ro-writable" && fail "BindReadOnlyPaths= is writable"
echo "$out" | grep -q "sub-writable" && fail "BindReadOnlyPaths= left a submount writable"
echo "$out" | grep -qx deep || fail "rbind: the submount is missing: $out"
echo "$out" | grep -qx under && fail "norbind carried the submount along: $out"
[ "$(sed -n '$p' "$T/out")" -ge 3 ] || fail "the unit's mount table lacks its binds: $out"
grep -q " $T/new/dst \| $T/rodst " /proc/self/mountinfo && fail "a bind leaked into tend's namespace"
# SECBIT_NOROOT 1, NOROOT_LOCKED 2, KEEP_CAPS_LOCKED 32
assert_eq "SecureBits=" 35 "$(sed -n 1p "$T/secure")"
assert_eq "noroot: root's exec gained no capabilities" 0000000000000000 "$(sed -n 2p "$T/secure")"
assert_eq "an empty BindPaths= resets the list" unbound "$(cat "$T/reset")"
