# postgresql: postgresql.service (oneshot) wants the cluster's instance
# through postgresql.service.wants/postgresql@15-main.service, the link
# Debian's generator makes; postgresql@.service is Type=forking with
# PIDFile=, OOMScoreAdjust=-900 (refused without CAP_SYS_RESOURCE),
# PartOf=, no Restart=
PKGS="postgresql postgresql-client"
v=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
UNITS="postgresql.service postgresql@.service=postgresql.service.wants/postgresql@${v:-15}-main.service"
MAIN=postgresql@${v:-15}-main.service
MAIN_TEMPLATE=postgresql@.service
client() { in_ns runuser -u postgres -- psql -Atc 'select 40 + 2' | grep -qx 42; }
PROC=postgres
