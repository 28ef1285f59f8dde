# Notify flood sender for fault-notifyflood.
#   flood.py main DIR      the unit's main process: starts the in-unit
#                          flooders, waits for DIR/ready, then sends the
#                          real STATUS= and READY=1 and waits
#   flood.py flood DIR WHO sends forged and garbage datagrams to the path
#                          in DIR/path until DIR/stop exists; prints the count
import os, socket, sys, time

def path_of(d):
    while not os.path.exists(d + "/path"):
        time.sleep(0.01)
    p = open(d + "/path").read().strip()
    return "\0" + p[1:] if p.startswith("@") else p

def flood(d, who):
    path = path_of(d)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.setblocking(False)
    r, w = os.pipe()
    msgs = [
        ("READY=1\nSTATUS=forged by %s\n" % who).encode(),
        ("STATUS=forged by %s" % who).encode(),
        b"MAINPID=1\nWATCHDOG=trigger\n",
        b"no equals sign here\n\xff\xfe",
        b"READY=1\0hidden",
        os.urandom(200),
        b"STATUS=" + b"x" * 9000,
        b"",
    ]
    sent = i = 0
    while not os.path.exists(d + "/stop"):
        m = msgs[i % len(msgs)]
        i += 1
        try:
            if i % 16 == 0:		# with an fd attached: tend must close it
                socket.send_fds(s, [m], [r], 0, path)
            else:
                s.sendto(m, path)
            sent += 1
        except (BlockingIOError, ConnectionRefusedError, FileNotFoundError):
            time.sleep(0.001)
        except OSError:
            time.sleep(0.001)	# EMSGSIZE and the like: keep going
    print(who, sent, flush=True)

def main(d):
    sock = os.environ["NOTIFY_SOCKET"]
    with open(d + "/path.tmp", "w") as f:
        f.write(sock)
    os.rename(d + "/path.tmp", d + "/path")
    kids = []
    for k in range(int(os.environ.get("KIDS", "10"))):
        pid = os.fork()
        if pid == 0:
            sys.stdout = open(d + "/kid%d" % k, "w")
            flood(d, "unit child %d" % k)
            os._exit(0)
        kids.append(pid)
    while not os.path.exists(d + "/ready"):
        time.sleep(0.02)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    p = path_of(d)
    s.sendto(b"STATUS=main is ready", p)	# blocking: waits out a full queue
    s.sendto(b"READY=1", p)
    for pid in kids:
        os.waitpid(pid, 0)
    while True:
        time.sleep(1000)

if sys.argv[1] == "main":
    main(sys.argv[2])
else:
    flood(sys.argv[2], sys.argv[3])
