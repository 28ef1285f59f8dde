#!/usr/bin/env bash
# A calendar timer in local time follows a change of /etc/localtime while
# tend runs, as systemd's: OnCalendar=*-*-* 03:00 elapses at 03:00 UTC
# under UTC and at 18:00 UTC (03:00 the next day in Tokyo, UTC+9 with no
# DST) once /etc/localtime points to Asia/Tokyo.  tend's /etc is a bind
# mount of a directory of the case's own, so the host's zone is untouched.
. ../svc-lib.sh
for z in UTC Asia/Tokyo; do
	[ -f "/usr/share/zoneinfo/$z" ] || skip "no /usr/share/zoneinfo/$z (tzdata)"
done
mkdir "$T/etc"
cp /etc/passwd /etc/group "$T/etc/"
ln -s /usr/share/zoneinfo/UTC "$T/etc/localtime"
unit three.timer <<E
[Timer]
OnCalendar=*-*-* 03:00:00
E
unit three.service <<E
[Service]
Type=oneshot
ExecStart=/bin/true
E
unshare --pid --fork --mount-proc --kill-child sh -c \
	'mount --bind "$1/etc" /etc && unset TZ && exec "$2" --units "$3" --runtime-dir "$1/run"' \
	sh "$T" "$TEND" "$U" >"$T/p1.log" 2>&1 &
P1_PID=$!
wait_ctl 10
ctl start three.timer >/dev/null || fail "three.timer did not start"
# the timer's next elapse, as seconds into its UTC day
next_utc() {
	ctl --json list-timers | json_get '[t["next_usec"] for t in j["timers"] if t["unit"] == "three.timer"][0] // 1000000 % 86400'
}
next_is() { [ "$(next_utc)" = "$1" ]; }
retry 5 next_is 10800 || fail "under UTC: 03:00 UTC expected, got $(next_utc)"
ln -sfn /usr/share/zoneinfo/Asia/Tokyo "$T/etc/localtime"
wait_log 10 "the time zone changed (/etc/localtime): calendar timers recomputed"
assert_eq "under Asia/Tokyo: 18:00 UTC" 64800 "$(next_utc)"
# a replace in two steps (unlink, create) of the same zone and another
# file of /etc recompute nothing
cp --remove-destination /usr/share/zoneinfo/Asia/Tokyo "$T/etc/localtime"
touch "$T/etc/other"
ln -sfn /usr/share/zoneinfo/UTC "$T/etc/localtime"
retry 10 next_is 10800 || fail "back to UTC: $(next_utc)"
assert_eq "one message per change of zone" 2 "$(grep -c "the time zone changed" "$T/p1.log")"
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
