#!/usr/bin/env bash
# StateDirectory=, CacheDirectory=, LogsDirectory=, ConfigurationDirectory=
# with their *Mode=: made under /var/lib, /var/cache, /var/log, /etc,
# owned by User=, in the mode written, named in $STATE_DIRECTORY ...,
# kept after the stop (as systemd keeps them).  RuntimeDirectoryPreserve=
# yes keeps /run's past the stop, restart keeps it across a restart only.
. ../svc-lib.sh
getent passwd nobody >/dev/null || skip "no user 'nobody'"
n="tend-test-dirs.$$"
cleanup_dirs() {
	rm -rf "/var/lib/$n" "/var/cache/$n" "/var/log/$n" "/etc/$n" "/run/$n"
}
trap 'rc=$?; cleanup_dirs; cleanup_case; rm -rf "$T"; exit $rc' EXIT
unit dirs.service <<E
[Service]
User=nobody
StateDirectory=$n/state
StateDirectoryMode=0700
CacheDirectory=$n/cache
CacheDirectoryMode=0750
LogsDirectory=$n/logs
LogsDirectoryMode=0710
ConfigurationDirectory=$n/conf
ConfigurationDirectoryMode=0755
StandardOutput=file:$T/env
ExecStart=/bin/sh -c 'echo "\$\$STATE_DIRECTORY \$\$CACHE_DIRECTORY \$\$LOGS_DIRECTORY \$\$CONFIGURATION_DIRECTORY"; touch "\$\$STATE_DIRECTORY/written"; exec sleep 1000'
E
unit keep.service <<E
[Service]
RuntimeDirectory=$n/keep
RuntimeDirectoryPreserve=yes
ExecStart=/bin/sh -c 'touch "\$\$RUNTIME_DIRECTORY/mark"; exec sleep 1000'
E
# first run leaves a mark and fails; the restart says whether it is there
for p in restart no; do
	unit "pres-$p.service" <<E
[Service]
RuntimeDirectory=$n/pres-$p
RuntimeDirectoryPreserve=$p
Restart=on-failure
RestartSec=100ms
ExecStart=/bin/sh -c 'if [ -e "\$\$RUNTIME_DIRECTORY/mark" ]; then echo kept >>$T/pres-$p; else echo fresh >>$T/pres-$p; fi; if [ -e $T/pres-$p.ran ]; then exec sleep 1000; fi; touch $T/pres-$p.ran "\$\$RUNTIME_DIRECTORY/mark"; exit 1'
E
done
start_units --units "$U"
wait_ctl 10
retry 10 test -s "$T/env" || fail "dirs.service wrote nothing"
assert_eq "the environment" "/var/lib/$n/state /var/cache/$n/cache /var/log/$n/logs /etc/$n/conf" "$(cat "$T/env")"
assert_eq "StateDirectory" "nobody 700" "$(stat -c '%U %a' "/var/lib/$n/state")"
assert_eq "CacheDirectory" "nobody 750" "$(stat -c '%U %a' "/var/cache/$n/cache")"
assert_eq "LogsDirectory" "nobody 710" "$(stat -c '%U %a' "/var/log/$n/logs")"
assert_eq "ConfigurationDirectory" "nobody 755" "$(stat -c '%U %a' "/etc/$n/conf")"
retry 5 test -e "/var/lib/$n/state/written" || fail "the service could not write its state"
retry 10 sh -c "[ \$(wc -l <'$T/pres-restart' 2>/dev/null || echo 0) -ge 2 ]" || fail "pres-restart did not restart"
retry 10 sh -c "[ \$(wc -l <'$T/pres-no' 2>/dev/null || echo 0) -ge 2 ]" || fail "pres-no did not restart"
assert_eq "RuntimeDirectoryPreserve=restart: kept across the restart" "fresh kept" "$(tr '\n' ' ' <"$T/pres-restart" | sed 's/ $//')"
assert_eq "RuntimeDirectoryPreserve=no: removed at the restart" "fresh fresh" "$(tr '\n' ' ' <"$T/pres-no" | sed 's/ $//')"
retry 5 test -e "/run/$n/keep/mark" || fail "keep.service did not run"
ctl stop dirs.service keep.service pres-restart.service pres-no.service
# the stops end asynchronously: wait for each unit to be down
down() { [ "$(ctl --json status "$1" | json_get 'j["units"][0]["state"]')" = inactive ]; }
for u in dirs keep pres-restart pres-no; do
	retry 10 down "$u.service" || fail "$u.service did not stop"
done
assert "RuntimeDirectoryPreserve=restart: removed at the stop" test ! -e "/run/$n/pres-restart"
assert "RuntimeDirectoryPreserve=yes: kept after the stop" test -e "/run/$n/keep/mark"
assert "RuntimeDirectoryPreserve=no: removed at the stop" test ! -e "/run/$n/pres-no"
assert "StateDirectory kept after the stop" test -e "/var/lib/$n/state/written"
for d in "/var/cache/$n/cache" "/var/log/$n/logs" "/etc/$n/conf"; do
	assert "$d kept after the stop" test -d "$d"
done
stop_p1 TERM
assert_eq "exit status" 0 "$P1_RC"
