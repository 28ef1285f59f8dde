# lighttpd: Type=simple, ExecStartPre= config test, Restart=on-failure
PKGS="lighttpd curl"
UNITS="lighttpd.service"
MAIN=lighttpd.service
client() { in_ns curl -s -o /dev/null -D - http://127.0.0.1/ | grep -qi '^server: lighttpd'; }
