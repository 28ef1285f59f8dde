# redis-server: Type=notify, User=, RuntimeDirectory=, PrivateTmp=,
# LimitNOFILE=65535 above the hard limit, Restart=always
PKGS="redis-server redis-tools"
UNITS="redis-server.service"
MAIN=redis-server.service
client() { in_ns redis-cli -h 127.0.0.1 ping | grep -qx PONG; }
