# rsyslog fed by syslog.socket, as on a systemd machine: rsyslog's
# imuxsock takes the socket tend passes (LISTEN_FDS) only when
# sd_booted() says systemd runs (/run/systemd/system exists), else it
# binds /dev/log itself.  This case makes that directory, so that the
# socket tend binds is the one logger writes to; rsyslog.service starts
# syslog.socket's service through its Alias=syslog.service.
PKGS="rsyslog bsdutils"
UNITS="rsyslog.service syslog.socket"
MAIN=rsyslog.service
prepare() {
	mount -t tmpfs -o mode=0755 tmpfs /var/log
	mkdir -p /run/systemd/system
}
client() {
	in_ns logger --socket /run/systemd/journal/syslog -t tendtest "tend-daemons-$$" &&
		retry 5 in_ns grep -q "tend-daemons-$$" /var/log/syslog
}
