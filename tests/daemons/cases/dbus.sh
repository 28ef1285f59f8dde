# dbus: the system bus, socket-activated by dbus.socket (--address=systemd:),
# Type=notify + NotifyAccess=main, OOMScoreAdjust=-900; no Restart=
PKGS="dbus dbus-bin"
UNITS="dbus.service dbus.socket"
MAIN=dbus.service
client() {
	in_ns dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.GetId | grep -q string
}
ON_DEMAND=1
