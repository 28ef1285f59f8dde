# prometheus-node-exporter: Type=simple, User=, EnvironmentFile=,
# SendSIGKILL=no, Restart=on-failure
PKGS="prometheus-node-exporter curl"
UNITS="prometheus-node-exporter.service"
MAIN=prometheus-node-exporter.service
client() { in_ns curl -sf http://127.0.0.1:9100/metrics | grep -q '^node_exporter_build_info'; }
