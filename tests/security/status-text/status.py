# A notify service whose STATUS= texts attack tendctl's terminal: escape
# sequences, then 4,000 bytes, then a datagram over 4 KiB (dropped).
import os, socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
p = os.environ["NOTIFY_SOCKET"]
s.sendto(b"READY=1\nSTATUS=x\x1b]0;pwned\x07\x1b[2Jy", p)
time.sleep(0.5)
s.sendto(b"STATUS=" + b"A" * 4000, p)
time.sleep(0.2)
s.sendto(b"STATUS=" + b"B" * 5000, p)
time.sleep(1000)
