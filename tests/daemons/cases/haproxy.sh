# haproxy: Type=notify master-worker (-Ws), KillMode=mixed, Restart=always,
# BindReadOnlyPaths=/dev/log:/var/lib/haproxy/dev/log (haproxy logs from
# its chroot); the client is its stats socket.  The unit needs /dev/log,
# as under systemd: the container gets a /dev of its own (a tmpfs with the
# usual nodes, as container runtimes make) holding a /dev/log socket that
# nobody reads, as in a container without a syslog daemon.
PKGS="haproxy"
UNITS="haproxy.service"
MAIN=haproxy.service
prepare() {
	private_dev
	python3 -c 'import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind("/dev/log")'
}
client() {
	in_ns python3 -c '
import socket
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect("/run/haproxy/admin.sock")
s.sendall(b"show info\n")
buf = b""
while True:
    d = s.recv(4096)
    if not d:
        break
    buf += d
assert b"Name: HAProxy" in buf, buf'
}
