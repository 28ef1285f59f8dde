#!/usr/bin/env bash
# An attack of our own: a symlink planted in RuntimeDirectory=.  The unit
# runs as a throwaway user with RuntimeDirectory=app app/sub (so app/ is
# the user's) and RuntimeDirectoryPreserve=yes; its service replaces
# app/sub with a symlink to a root 0700 directory.  When the unit starts
# again, tend must not chmod/chown through that symlink: the root
# directory keeps its owner and mode, and the start fails saying why.
. ../lib.sh
make_user
app=tsec-$$
SEC_RM+=("/run/$app")
mkdir -m 700 "$T/victim"
unit evil.service <<E
[Service]
User=$EVIL
RuntimeDirectory=$app $app/sub
RuntimeDirectoryPreserve=yes
ExecStart=/bin/sh -c 'if [ ! -L /run/$app/sub ]; then rmdir /run/$app/sub && ln -s $T/victim /run/$app/sub; fi; exec sleep 1000'
E
start_units --units "$U"
wait_ctl 10
retry 10 test -L "/run/$app/sub" || fail "the service did not plant its symlink: $(tail -n 5 "$T/p1.log")"
assert_eq "app/ is the user's" "$EVIL_UID" "$(stat -c %u "/run/$app")"
n0=$(wc -l <"$T/p1.log")
ctl restart evil >/dev/null 2>&1 || true
settled() { tail -n +"$((n0 + 1))" "$T/p1.log" | grep -q "'evil.service': starting -> \(running\|failed\)"; }
retry 10 settled || fail "evil.service did not start again: $(tail -n 5 "$T/p1.log")"
assert_eq "the root directory behind the symlink" "0:700" "$(stat -c %u:%a "$T/victim")"
wait_log 5 "'evil.service': directories: /run/$app/sub: "
stop_p1 TERM
