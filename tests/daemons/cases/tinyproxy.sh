# tinyproxy: Type=simple, PrivateDevices=, KillMode=process, no Restart=
PKGS="tinyproxy curl"
UNITS="tinyproxy.service"
MAIN=tinyproxy.service
client() {
	in_ns curl -s -o /dev/null -D - -x http://127.0.0.1:8888 http://127.0.0.1:1/ |
		grep -qi '^server: tinyproxy'
}
PROC=tinyproxy
