# cron: Type=simple, KillMode=process, Restart=on-failure.  cron has no
# network client: its client is a job, an @reboot line in a cron.d that
# replaces the host's (the host's jobs must not run here)
PKGS="cron"
UNITS="cron.service"
MAIN=cron.service
prepare() {
	mount -t tmpfs -o mode=0755 tmpfs /etc/cron.d
	echo '@reboot root echo ran >/run/cron-reboot-job' >/etc/cron.d/tend-test
	chmod 0644 /etc/cron.d/tend-test
	mount --bind /dev/null /etc/crontab
}
client() { in_ns grep -qx ran /run/cron-reboot-job; }
