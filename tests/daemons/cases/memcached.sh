# memcached: a wrapper script that execs the daemon, PrivateTmp=, Restart=always
PKGS="memcached"
UNITS="memcached.service"
MAIN=memcached.service
client() {
	in_ns python3 -c '
import socket
s = socket.create_connection(("127.0.0.1", 11211), 5)
s.sendall(b"set k 0 0 2\r\nok\r\nget k\r\n")
buf = b""
while b"END" not in buf:
    d = s.recv(4096)
    if not d:
        break
    buf += d
assert b"VALUE k 0 2\r\nok\r\n" in buf, buf'
}
