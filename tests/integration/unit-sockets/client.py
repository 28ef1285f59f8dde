#!/usr/bin/env python3
"""Clients for unit-sockets.

  client.py ask ADDR TEXT           one stream request, prints the answer
  client.py dgram ADDR TEXT         one datagram
  client.py hammer ADDR SECONDS     connect, ask, read, again, for SECONDS;
                                    prints "ok N refused R failed F"
ADDR is /path, @abstract, HOST:PORT or [HOST6]:PORT.
"""
import socket
import sys
import time


def sock_for(addr, kind):
    if addr.startswith('/') or addr.startswith('@'):
        s = socket.socket(socket.AF_UNIX, kind)
        return s, ('\0' + addr[1:]) if addr.startswith('@') else addr
    host, port = addr.rsplit(':', 1)
    if host.startswith('['):
        s = socket.socket(socket.AF_INET6, kind)
        return s, (host[1:-1], int(port))
    return socket.socket(socket.AF_INET, kind), (host, int(port))


def ask(addr, text, timeout=10):
    s, a = sock_for(addr, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(a)
    s.sendall(text.encode() + b'\n')
    out = b''
    while True:
        b = s.recv(512)
        if not b:
            break
        out += b
    s.close()
    return out.decode().strip()


def main():
    cmd, addr = sys.argv[1], sys.argv[2]
    if cmd == 'ask':
        print(ask(addr, sys.argv[3]))
    elif cmd == 'dgram':
        s, a = sock_for(addr, socket.SOCK_DGRAM)
        s.sendto(sys.argv[3].encode(), a)
    elif cmd == 'hammer':
        end = time.time() + float(sys.argv[3])
        ok = refused = failed = 0
        while time.time() < end:
            try:
                if ask(addr, 'x', 15).endswith(': x'):
                    ok += 1
                else:
                    failed += 1
            except ConnectionRefusedError:
                refused += 1
            except OSError:
                failed += 1
            time.sleep(0.002)
        print('ok %d refused %d failed %d' % (ok, refused, failed))


main()
