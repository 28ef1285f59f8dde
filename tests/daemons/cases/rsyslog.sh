# rsyslog: Type=notify, socket-activated by syslog.socket (a datagram
# socket tend binds and passes with LISTEN_FDS), LimitNOFILE=16384 over
# the hard limit, Restart=on-failure.  The container's /var/log is its own.
PKGS="rsyslog bsdutils"
UNITS="rsyslog.service syslog.socket"
MAIN=rsyslog.service
prepare() { mount -t tmpfs -o mode=0755 tmpfs /var/log; }
client() {
	in_ns logger --socket /run/systemd/journal/syslog -t tendtest "tend-daemons-$$" &&
		retry 5 in_ns grep -q "tend-daemons-$$" /var/log/syslog
}
# syslog.socket starts syslog.service, which `systemctl enable rsyslog`
# makes an alias (a symlink) of rsyslog.service
XFAIL="syslog.socket starts syslog.service, the alias systemctl enable makes of rsyslog.service: tend has no unit aliases (unit types, issue 15, helper types)"
