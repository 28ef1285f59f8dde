#!/usr/bin/env bash
# Credentials (systemd.exec(5)): LoadCredential= from a file, a directory
# or, by name, from tend's own $CREDENTIALS_DIRECTORY (how a container
# runtime passes secrets); SetCredential= with C escapes, the fallback of a
# LoadCredential= of the same ID; ImportCredential= globs.  They reach the
# service in $CREDENTIALS_DIRECTORY, a 0700 directory of its user with
# 0400 files, gone after the stop.  A missing one fails the start; the
# Encrypted variants are refused.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody' on this machine"
mkdir -p "$T/outer" "$T/cfgdir"
chmod 711 "$T"
printf s3cret >"$T/outer/dbpass"
printf tok1 >"$T/outer/api_one"
printf tok2 >"$T/outer/api_two"
printf other >"$T/outer/other"
printf CERT >"$T/cert.pem"
printf A >"$T/cfgdir/a"
printf B >"$T/cfgdir/b"
chmod 600 "$T/outer/"* "$T/cert.pem"
unit app.service <<E
[Service]
Type=simple
User=nobody
LoadCredential=db:dbpass
LoadCredential=cert:$T/cert.pem
LoadCredential=cfg:$T/cfgdir
LoadCredential=missing:$T/no-such-file
SetCredential=missing:fall\\x20back
SetCredential=cert:not-this
SetCredential=greeting:hello\\nworld
ImportCredential=api_*
StandardOutput=file:$T/app.out
ExecStart=/bin/sh -c 'echo "dir=\$CREDENTIALS_DIRECTORY"; cd "\$CREDENTIALS_DIRECTORY" && stat -c "%%n %%a %%U" . * && for f in *; do printf "%%s=" \$\$f; cat \$\$f; echo; done; echo END; exec sleep 300'
E
unit nocred.service <<E
[Service]
Type=oneshot
LoadCredential=x:$T/no-such-file
ExecStart=/bin/true
E
CREDENTIALS_DIRECTORY="$T/outer" start_units --units "$U"
wait_log 10 "'nocred.service': .* -> failed"
log_has "'nocred.service': credentials: $T/no-such-file: No such file or directory" ||
	fail "no reason for the missing credential: $(cat "$T/p1.log")"
retry 10 grep -qx END "$T/app.out" || fail "app.service did not list its credentials: $(cat "$T/app.out"; tail -n 3 "$T/p1.log")"
dir="$T/run/credentials/app.service"
out=$(cat "$T/app.out")
echo "$out" | grep -qx "dir=$dir" || fail "CREDENTIALS_DIRECTORY: $out"
echo "$out" | grep -qx ". 700 nobody" || fail "directory mode/owner: $out"
echo "$out" | grep -qx "db 400 nobody" || fail "file mode/owner: $out"
for kv in db=s3cret cert=CERT cfg_a=A cfg_b=B "missing=fall back" api_one=tok1 api_two=tok2; do
	echo "$out" | grep -qx "$kv" || fail "credential $kv: $out"
done
echo "$out" | grep -q "^other=" && fail "ImportCredential= took a name its glob does not match"
assert_eq "SetCredential= with \\n" "hello
world" "$(sed -n '/^greeting=/,/^world/p' "$T/app.out" | sed 's/^greeting=//')"
[ -d "$dir" ] || fail "the directory is gone while the unit runs"
ctl stop app.service
wait_log 10 "'app.service': stopping -> inactive"
retry 5 test ! -e "$dir" || fail "credentials left after the stop: $(ls -la "$dir")"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
# the Encrypted variants: refused, with the way out
mkdir "$T/enc"
cat >"$T/enc/a.service" <<E
[Service]
ExecStart=/bin/true
LoadCredentialEncrypted=k:/x
E
cat >"$T/enc/b.service" <<E
[Service]
ExecStart=/bin/true
SetCredentialEncrypted=k:abc
E
"$TEND" check "$T/enc" >"$T/check" 2>&1 && fail "tend check accepted encrypted credentials"
grep -q "a.service:3: LoadCredentialEncrypted.*not supported.*LoadCredential=" "$T/check" || fail "$(cat "$T/check")"
grep -q "b.service:3: SetCredentialEncrypted.*not supported.*SetCredential=" "$T/check" || fail "$(cat "$T/check")"
