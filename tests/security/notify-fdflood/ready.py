# The unit's main process: writes its NOTIFY_SOCKET into DIR/sock, waits
# for DIR/go, then sends READY=1 and stays.  argv: DIR
import os, socket, sys, time
d = sys.argv[1]
path = os.environ["NOTIFY_SOCKET"]
open(d + "/sock.tmp", "w").write(path)
os.rename(d + "/sock.tmp", d + "/sock")
while not os.path.exists(d + "/go"):
    time.sleep(0.05)
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", path)
time.sleep(1000)
