# Control messages that lie about their lengths, and other malformed ones,
# each on a connection of its own.  Prints one line per case: its name and
# what tend did (answered with errno N, closed, or nothing within 2 s).
import socket, struct, sys
path = sys.argv[1]
MAGIC, VER = 0x314e4554, 1
STATUS, STOP, KILL = 1, 4, 7
F_UNIT, F_SIGNAL = 1, 4
R_END, F_ERRNO = 0x104, 3

def hdr(cmd, n, ver=VER):
    return struct.pack("<IHHI", MAGIC, ver, cmd, n)

def field(t, data, n=None):
    return struct.pack("<HH", t, len(data) if n is None else n) + data

def msg(cmd, body, n=None, ver=VER):
    return hdr(cmd, len(body) if n is None else n, ver) + body

unit = field(F_UNIT, b"web.service")
cases = [
    ("len-larger", msg(STOP, unit, len(unit) + 100)),
    ("len-smaller", msg(STOP, unit, len(unit) - 3)),
    ("len-huge", msg(STOP, unit, 0xffffffff)),
    ("field-len-65535", msg(STOP, field(F_UNIT, b"web.service", 0xffff))),
    ("field-len-plus-1", msg(STOP, field(F_UNIT, b"web.service", 12))),
    ("field-cut", msg(STOP, unit[:3])),
    ("name-300", msg(STOP, field(F_UNIT, b"w" * 300))),
    ("name-controls", msg(STOP, field(F_UNIT, b"web.service\n\x1b[2J"))),
    ("name-nul", msg(STOP, field(F_UNIT, b"web\0.service"))),
    ("signal-len-2", msg(KILL, field(F_SIGNAL, b"\x09\x00") + unit)),
    ("version-2", msg(STATUS, b"", ver=2)),
    ("cmd-0", msg(0, b"")),
    ("cmd-65535", msg(0xffff, b"")),
    ("short-3", b"TEN"),
    ("header-only-cut", hdr(STATUS, 0)[:11]),
    ("oversized-70000", msg(STATUS, field(F_UNIT, b"x" * 60000) + b"y" * 9990)),
]
for name, data in cases:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    s.settimeout(2)
    try:
        s.send(data)
    except OSError as e:
        print(name, "send-failed", e.errno)
        continue
    out = "nothing"
    try:
        while True:
            r = s.recv(8192)
            if not r:
                out = out if out != "nothing" else "closed"
                break
            magic, ver, cmd, n = struct.unpack("<IHHI", r[:12])
            if cmd == R_END:
                err = 0
                off = 12
                while off + 4 <= len(r):
                    t, l = struct.unpack("<HH", r[off:off + 4])
                    if t == F_ERRNO:
                        err = struct.unpack("<I", r[off + 4:off + 8])[0]
                    off += 4 + l
                out = "errno %d" % err
                break
    except socket.timeout:
        pass
    except OSError as e:
        out = "closed (%d)" % e.errno
    print(name, out)
    s.close()
