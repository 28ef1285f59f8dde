# The unit's main process: writes its NOTIFY_SOCKET into argv[1], sends
# READY=1 there (an "@" name is abstract, as sd_notify() reads it), stays.
import os, socket, sys, time
path = os.environ.get("NOTIFY_SOCKET", "")
open(sys.argv[1], "w").write(path + "\n")
if path:
    addr = "\0" + path[1:] if path.startswith("@") else path
    socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", addr)
time.sleep(1000)
