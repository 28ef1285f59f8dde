#!/usr/bin/env bash
# <unit>.wants/ and <unit>.requires/ symlinks, as `systemctl enable` and
# Debian's postinst make them (postgresql.service.wants/postgresql@15-main
# .service): the instances they name are loaded and started with the unit.
. ../svc-lib.sh
unit pg.service <<E
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
E
unit 'pg@.service' <<E
[Unit]
PartOf=pg.service
[Service]
ExecStart=/bin/sh -c 'echo %i >>$T/started; exec sleep 1000'
E
unit 'aux@.service' <<E
[Service]
ExecStart=/bin/sleep 1000
E
mkdir "$U/pg.service.wants" "$U/pg.service.requires"
ln -s ../pg@.service "$U/pg.service.wants/pg@15-main.service"
ln -s ../pg@.service "$U/pg.service.wants/pg@16-main.service"
ln -s ../aux@.service "$U/pg.service.requires/aux@x.service"
start_units --units "$U"
wait_ctl 10
for u in pg@15-main pg@16-main aux@x; do
	wait_log 10 "'$u.service': starting -> running"
done
ctl list | grep -q "^pg@15-main.service  *running" || fail "list: $(ctl list)"
sort "$T/started" | tr '\n' ' ' | grep -qx "15-main 16-main " || fail "started: $(cat "$T/started")"
stop_p1
assert_eq "exit status" 0 "$P1_RC"
echo ok
