# chrony: Type=forking + PIDFile=, User=_chrony with ExecStart=! (runs as
# root, drops by itself), ConditionCapability=, Runtime/State/Logs
# directories.  /etc/default/chrony adds -x (never touch the clock: this
# is a test machine) in the container's own mount namespace.
PKGS="chrony"
UNITS="chrony.service"
MAIN=chrony.service
prepare() {
	echo 'DAEMON_OPTS="-F 1 -x"' >/run/chrony-default
	mount --bind /run/chrony-default /etc/default/chrony
}
client() { in_ns chronyc -n tracking | grep -q '^Reference ID'; }
PROC=chronyd
