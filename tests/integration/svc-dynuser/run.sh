#!/usr/bin/env bash
# DynamicUser= (systemd.exec(5)): a transient uid/gid from 61184-65519
# with no passwd entry, the same for the unit's name again; HOME=/; the
# implied PrivateTmp= and NoNewPrivileges=; State/Cache/LogsDirectory=
# under <root>/private (root's 0700) reached by a symlink, owned by the
# dynamic user and writable from the unit's namespace.  A DynamicUser=
# whose User= exists runs as that user.
. ../svc-lib.sh
[ "$(id -u)" = 0 ] || skip "needs root"
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
n=tend-dyn-$$-$RANDOM
priv_existed=()
for r in /var/lib /var/cache /var/log; do [ -d $r/private ] && priv_existed+=($r); done
cleanup_dirs() {
	local r
	for r in /var/lib /var/cache /var/log; do
		rm -rf "$r/private/$n" "$r/$n"
		case " ${priv_existed[*]} " in *" $r "*) ;; *) rmdir "$r/private" 2>/dev/null || true ;; esac
	done
	rm -rf "/run/$n"
}
trap 'rc=$?; cleanup_case; cleanup_dirs; rm -rf "$T"; exit $rc' EXIT
chmod 711 "$T"
touch /tmp/$n.host
unit $n.service <<E
[Service]
Type=oneshot
RemainAfterExit=yes
DynamicUser=yes
StateDirectory=$n
CacheDirectory=$n
LogsDirectory=$n
RuntimeDirectory=$n
StandardOutput=file:$T/out
ExecStart=/bin/sh -c 'echo "ids \$\$(id -u) \$\$(id -g)"; echo "env \$USER \$HOME"; echo state=\$STATE_DIRECTORY; touch \$STATE_DIRECTORY/x \$CACHE_DIRECTORY/x \$LOGS_DIRECTORY/x \$RUNTIME_DIRECTORY/x && echo wrote; grep "^NoNewPrivs" /proc/self/status; test -e /tmp/$n.host && echo host-tmp; echo END'
E
unit named.service <<E
[Service]
Type=oneshot
DynamicUser=yes
User=nobody
StandardOutput=file:$T/named
ExecStart=/bin/sh -c 'id -u'
E
start_units --units "$U"
wait_ctl 10
retry 10 grep -qx END "$T/out" || fail "the unit did not run: $(cat "$T/out" "$T/p1.log")"
read -r _ uid gid < <(grep "^ids" "$T/out")
[ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] || fail "uid $uid outside 61184-65519"
assert_eq "gid = uid" "$uid" "$gid"
getent passwd "$uid" >/dev/null && fail "the dynamic uid $uid has a passwd entry"
assert_eq "USER and HOME" "env $n /" "$(grep "^env" "$T/out")"
grep -qx "state=/var/lib/$n" "$T/out" || fail "STATE_DIRECTORY: $(cat "$T/out")"
grep -qx wrote "$T/out" || fail "the dynamic user could not write its directories: $(cat "$T/out")"
grep -q "^NoNewPrivs:.1" "$T/out" || fail "NoNewPrivileges= not implied"
grep -qx host-tmp "$T/out" && fail "PrivateTmp= not implied"
for r in /var/lib /var/cache /var/log; do
	[ -L "$r/$n" ] || fail "$r/$n is not a symlink"
	assert_eq "$r/$n points into private/" "private/$n" "$(readlink "$r/$n")"
	assert_eq "$r/private is root's 0700" "0 700" "$(stat -c '%u %a' "$r/private")"
	assert_eq "$r/private/$n is the dynamic user's" "$uid $uid" "$(stat -c '%u %g' "$r/private/$n")"
	[ -e "$r/private/$n/x" ] || fail "$r: the file is not in private/"
done
assert_eq "RuntimeDirectory= owner" "$uid" "$(stat -c '%u' "/run/$n")"
assert_eq "DynamicUser= with an existing User=" "$(id -u nobody)" "$(cat "$T/named")"
# the same name gets the same uid again
: >"$T/out"
ctl restart $n.service
retry 10 grep -qx END "$T/out" || fail "no second run: $(cat "$T/p1.log")"
assert_eq "the same uid after a restart" "$uid" "$(grep "^ids" "$T/out" | cut -d' ' -f2)"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
# the implied sandboxing tend does not do is said, and refused on demand
"$TEND" check "$U/$n.service" >"$T/check" 2>&1 || fail "tend check: $(cat "$T/check")"
grep -q "DynamicUser: implies ProtectSystem=strict.*less confined" "$T/check" || fail "$(cat "$T/check")"
"$TEND" check --require-sandbox "$U/$n.service" >/dev/null 2>&1 && fail "--require-sandbox accepted it"
rm -f /tmp/$n.host
