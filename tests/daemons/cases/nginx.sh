# nginx: Type=forking with PIDFile=, ExecStartPre= config test, ExecStop=
PKGS="nginx curl"
UNITS="nginx.service"
MAIN=nginx.service
client() { in_ns curl -sf -o /dev/null http://127.0.0.1/; }
PROC=nginx
