# apache2: Type=forking without PIDFile= (GuessMainPID=), Restart=on-abort
PKGS="apache2 curl"
UNITS="apache2.service"
MAIN=apache2.service
client() { in_ns curl -sf -o /dev/null http://127.0.0.1/; }
