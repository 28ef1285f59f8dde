# send.py SOCKET-FILE MESSAGE [COUNT]: send MESSAGE COUNT times (default 1)
# to the notify socket whose path is in SOCKET-FILE, then stay a moment
# (so that the sender still exists when tend looks at it).
import socket, sys, time
path = open(sys.argv[1]).read()
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for i in range(n):
    s.sendto(sys.argv[2].replace("\\n", "\n").encode(), path)
time.sleep(0.5)
