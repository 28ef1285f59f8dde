# rsyslog as shipped: Type=notify, socket-activated by syslog.socket (a
# datagram socket tend binds and passes with LISTEN_FDS), LimitNOFILE=16384
# over the hard limit, Restart=on-failure.  rsyslog's imuxsock takes the
# passed socket only when sd_booted() says systemd runs
# (/run/systemd/system exists; rsyslog-socket.sh covers that), which tend
# does not pretend: here it binds /dev/log itself, as on a Debian machine
# without systemd, and a plain `logger` reaches it there.  The container
# has its own /dev (rsyslog unlinks and rebinds /dev/log: never the
# host's) and its own /var/log.
PKGS="rsyslog bsdutils"
UNITS="rsyslog.service syslog.socket"
MAIN=rsyslog.service
prepare() {
	mount -t tmpfs -o mode=0755 tmpfs /var/log
	private_dev
}
client() {
	in_ns test -S /dev/log &&
		in_ns logger -t tendtest "tend-daemons-$$" &&
		retry 5 in_ns grep -q "tendtest.*tend-daemons-$$" /var/log/syslog
}
