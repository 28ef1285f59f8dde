# A Type=notify main process.  argv: DIR NAME [UID]: drops to UID first
# if given (as dbus or chrony do after they start), records its
# NOTIFY_SOCKET in DIR/NAME.sock, waits for DIR/go, then sends READY=1
# and STATUS=real and stays.
import os, socket, sys, time
d, name = sys.argv[1], sys.argv[2]
if len(sys.argv) > 3:
    os.setgroups([])
    os.setgid(int(sys.argv[3]))
    os.setuid(int(sys.argv[3]))
path = os.environ["NOTIFY_SOCKET"]
open(d + "/" + name + ".sock.tmp", "w").write(path)
os.rename(d + "/" + name + ".sock.tmp", d + "/" + name + ".sock")
while not os.path.exists(d + "/go"):
    time.sleep(0.05)
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1\nSTATUS=real", path)
time.sleep(1000)
