# vsftpd: Type=simple, ExecStartPre=- ; no Restart= (stays down after SIGKILL)
PKGS="vsftpd"
UNITS="vsftpd.service"
MAIN=vsftpd.service
client() {
	in_ns python3 -c '
import socket
s = socket.create_connection(("::1", 21), 5)
assert s.recv(100).startswith(b"220 "), "no FTP greeting"'
}
PROC=vsftpd
