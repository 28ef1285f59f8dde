# avahi-daemon: Type=dbus (run as simple: tend does not watch the bus
# name), socket-activated by avahi-daemon.socket, on the system bus of
# dbus.service (itself socket-activated)
PKGS="avahi-daemon avahi-utils dbus dbus-bin"
UNITS="avahi-daemon.service avahi-daemon.socket dbus.service dbus.socket"
MAIN=avahi-daemon.service
client() { in_ns avahi-browse --all --terminate --parsable >/dev/null; }
ON_DEMAND=1
