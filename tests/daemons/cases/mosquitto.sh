# mosquitto: Type=notify with NotifyAccess=main, four ExecStartPre=,
# Restart=on-failure
PKGS="mosquitto mosquitto-clients"
UNITS="mosquitto.service"
MAIN=mosquitto.service
client() { in_ns mosquitto_sub -h 127.0.0.1 -C 1 -W 5 -t '$SYS/broker/version' | grep -q mosquitto; }
