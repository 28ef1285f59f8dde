# dnsmasq: Type=forking + PIDFile=, ExecStartPre=/Post=/Stop= helper
# script, Requires=network.target and Before=nss-lookup.target (the
# well-known targets tend provides without a file)
PKGS="dnsmasq bind9-dnsutils"
UNITS="dnsmasq.service"
MAIN=dnsmasq.service
client() { in_ns dig +short +time=2 @127.0.0.1 localhost | grep -qx 127.0.0.1; }
PROC=dnsmasq
