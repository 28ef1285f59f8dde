#!/usr/bin/env bash
# tend as the ENTRYPOINT of a real OCI container run by runc: the image of
# container/Dockerfile, built with buildah (container/build-image.sh: local
# debian:12 bases from debootstrap, no registry), its root filesystem and
# ENTRYPOINT/CMD/HEALTHCHECK exported to a runc bundle.  Checks the image's
# default command (busybox httpd, the sidecar, tendctl is-ready), PID 1,
# exit codes, signal forwarding, sidecar order, a read-only root with a
# non-root user, and READY=1 to a NOTIFY_SOCKET given to the container.
# Without buildah or debootstrap it falls back to container/mkrootfs.sh's
# root filesystem, says so, and exits 77 (skipped) even when that passes.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
# the runtime is named, never guessed: build-image.sh's RUN steps use the
# same one (crun, preferred by buildah when installed, refuses the CI
# machines' hybrid cgroups)
export TEND_CT_RUNTIME=${TEND_CT_RUNTIME:-runc}
RUNC=$(command -v "$TEND_CT_RUNTIME") || { echo "skip: needs $TEND_CT_RUNTIME (tests/deps.sh --vm)"; exit 77; }
echo "container: OCI runtime $RUNC"
runc() { "$RUNC" "$@"; }
[ "$(id -u)" = 0 ] || { echo "skip: runc needs root here"; exit 77; }
T=$(mktemp -d /tmp/tend-ct.XXXXXX)
ids=()
cleanup() {
	for id in "${ids[@]}"; do runc delete -f "$id" >/dev/null 2>&1 || true; done
	rm -rf "$T"
}
trap cleanup EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# ---- the image: container/Dockerfile built with buildah, exported ----
fallback=""
for c in buildah debootstrap; do
	command -v "$c" >/dev/null || fallback="$c not found (tests/deps.sh --vm installs it)"
done
[ -z "${TEND_CT_MKROOTFS:-}" ] || fallback="TEND_CT_MKROOTFS is set"
if [ -z "$fallback" ]; then
	"$top/container/build-image.sh" "$T/image" ||
		{ echo "FAIL container/Dockerfile did not build (container/build-image.sh)"; exit 1; }
else
	echo "skip: NOT testing container/Dockerfile's image: $fallback"
	echo "skip: fallback: container/mkrootfs.sh's root filesystem, ENTRYPOINT/CMD/HEALTHCHECK read from the Dockerfile"
	"$top/container/mkrootfs.sh" "$T/image/rootfs"
	# the same shape as buildah inspect's: OCIv1.config and Docker.config
	python3 - "$top/container/Dockerfile" "$T/image/image.json" <<'PY'
import json, sys
c = {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}
h = None
for line in open(sys.argv[1]):
    word, _, rest = line.strip().partition(" ")
    if word in ("ENTRYPOINT", "CMD"):
        c[word.capitalize()] = json.loads(rest)
    elif word == "HEALTHCHECK":
        h = {"Test": ["CMD"] + json.loads(rest[rest.index(" CMD ") + 5:])}
json.dump({"OCIv1": {"config": c}, "Docker": {"config": {"Healthcheck": h}}}, open(sys.argv[2], "w"))
PY
fi
python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["OCIv1"]["config"]; print("image: ENTRYPOINT", json.dumps(c.get("Entrypoint")), "CMD", json.dumps(c.get("Cmd")))' "$T/image/image.json"

# bundle NAME [ARGS...]: a bundle sharing the image's root filesystem; the
# process is the image's ENTRYPOINT + ARGS (+ CMD without ARGS), with its
# Env, WorkingDir and User, as docker run IMAGE [ARGS...] does
bundle() {
	local b="$T/$1"
	shift
	mkdir -p "$b"
	(cd "$b" && runc spec)
	python3 - "$b/config.json" "$T/image" "$@" <<'PY'
import json, sys
path, image, args = sys.argv[1], sys.argv[2], sys.argv[3:]
img = json.load(open(image + "/image.json"))["OCIv1"]["config"]
c = json.load(open(path))
c["root"] = {"path": image + "/rootfs", "readonly": False}
c["process"]["terminal"] = False
c["process"]["args"] = (img.get("Entrypoint") or []) + (args or img.get("Cmd") or [])
c["process"]["env"] = (img.get("Env") or c["process"]["env"]) + ["TEND_TEST=1"]
c["process"]["cwd"] = img.get("WorkingDir") or "/"
if img.get("User"):	# runc takes numbers only; the Dockerfile sets none
    uid, _, gid = img["User"].partition(":")
    c["process"]["user"] = {"uid": int(uid), "gid": int(gid or 0)}
c["hostname"] = "tendct"
# a tmpfs on /run as podman gives (docker: --tmpfs /run): tend's sockets
c["mounts"].append({"destination": "/run", "type": "tmpfs", "source": "tmpfs",
                    "options": ["nosuid", "nodev", "mode=755"]})
json.dump(c, open(path, "w"), indent=1)
PY
}

# edit NAME PYTHON: change the bundle's config.json (c is the dict)
edit() {
	python3 - "$T/$1/config.json" "$2" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
}

# run NAME: runc run in the foreground; output in $T/NAME.log, rc in RC
run() {
	local id="tendct-$1-$$"
	ids+=("$id")
	RC=0
	timeout 60 "$RUNC" run -b "$T/$1" "$id" >"$T/$1.log" 2>&1 </dev/null || RC=$?
}

# start NAME: runc run in the background (PID in BGPID); then runc kill by id
start() {
	local id="tendct-$1-$$"
	ids+=("$id")
	timeout 60 "$RUNC" run -b "$T/$1" "$id" >"$T/$1.log" 2>&1 </dev/null &
	BGPID=$!
	CID=$id
}

waitfor() {	# waitfor FILE PATTERN [SECONDS]
	local end=$(($(date +%s) + ${3:-10}))
	until grep -q -- "$2" "$1" 2>/dev/null; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

before() {	# before FILE A B: A's first line comes before B's
	local a b
	a=$(grep -n -- "$2" "$1" | head -n 1 | cut -d: -f1)
	b=$(grep -n -- "$3" "$1" | head -n 1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

# runc run in the foreground copies the container's stdout and stderr
# from two pipes, so only lines of one stream keep their order: where the
# order matters the main command writes to stderr, as tend does.

# 1. tend is PID 1; the main command's exit code is the container's
bundle pid1 /bin/sh -c 'exec >&2; echo "main: pid1=$(cat /proc/1/comm) self=$$"; exit 7'
run pid1
check "tend is PID 1 of the container" grep -q "main: pid1=tend" "$T/pid1.log"
check "the main command's exit code 7 is the container's (got $RC)" [ "$RC" = 7 ]
check "sidecar started before the main command" before "$T/pid1.log" "sidecar: up" "main: pid1"
check "sidecar stopped after the main command" before "$T/pid1.log" "main: pid1" "sidecar: down"

# 2. runc kill TERM / INT: forwarded to the main command, which decides
for sig in TERM INT; do
	bundle "sig$sig" /bin/sh -c "exec >&2; trap 'echo main: got $sig; exit 42' $sig; echo main: waiting; while :; do sleep 0.1; done"
	start "sig$sig"
	waitfor "$T/sig$sig.log" "main: waiting" 20 || bad "SIG$sig: main command did not start"
	runc kill "$CID" "$sig"
	RC=0
	wait "$BGPID" || RC=$?
	check "runc kill $sig reaches the main command" grep -q "main: got $sig" "$T/sig$sig.log"
	check "SIG$sig: the container exits with the command's 42 (got $RC)" [ "$RC" = 42 ]
	check "SIG$sig: the sidecar stopped after the command" before "$T/sig$sig.log" "main: got" "sidecar: down"
done

# 3. read-only root and a non-root user: runs, and says what it can't do
bundle ro /bin/sh -c 'echo "main: uid=$(id -u)"; exit 0'
edit ro 'c["root"]["readonly"] = True; c["process"]["user"] = {"uid": 1000, "gid": 1000}; c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/run"]'
run ro
check "read-only root, uid 1000: the command runs (rc $RC)" [ "$RC" = 0 ]
check "read-only root, uid 1000: the command ran as 1000" grep -q "main: uid=1000" "$T/ro.log"
check "read-only root: tend says the control socket is missing" \
	grep -q "no control socket" "$T/ro.log"
check "read-only root: tend says the sidecar runs without its limits" \
	grep -q "runs without its cgroup limits" "$T/ro.log"

# 4. NOTIFY_SOCKET (podman --sdnotify=container): READY=1 reaches the host
mkdir -p "$T/notify"
python3 - "$T/notify/notify.sock" "$T/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "a") as out:
    try:
        while True:
            out.write(s.recv(4096).decode() + "\n")
            out.flush()
    except socket.timeout:
        pass
PY
listener=$!
for i in $(seq 100); do [ -S "$T/notify/notify.sock" ] && break; sleep 0.05; done
bundle notify /bin/sh -c 'sleep 0.5; echo "main: NOTIFY_SOCKET=${NOTIFY_SOCKET:-unset}"'
edit notify 'c["process"]["env"].append("NOTIFY_SOCKET=/run/host-notify/notify.sock"); c["mounts"].append({"destination": "/run/host-notify", "type": "bind", "source": "'"$T/notify"'", "options": ["bind", "rw"]})'
run notify
waitfor "$T/notify.out" "READY=1" 5 || true
kill "$listener" 2>/dev/null || true
check "READY=1 from tend reached the NOTIFY_SOCKET given to the container" grep -q "READY=1" "$T/notify.out"
check "NOTIFY_SOCKET is not passed on to the main command" grep -q "main: NOTIFY_SOCKET=unset" "$T/notify.log"

# 5. the image as it is: ENTRYPOINT + CMD (busybox httpd), its HEALTHCHECK
bundle default
start default
waitfor "$T/default.log" "starting the main command" 20 || bad "default: tend did not start the image's CMD"
got=""
for _ in $(seq 100); do
	got=$(runc exec "$CID" /bin/busybox wget -q -O - http://127.0.0.1:8080/units/sidecar.service 2>/dev/null) && break
	sleep 0.1
done
check "the image's CMD (busybox httpd) serves /etc/tend/units on :8080" \
	[ "$got" = "$(cat "$top/examples/container/units/sidecar.service")" ]
mapfile -t hc < <(python3 -c 'import json, sys; h = json.load(open(sys.argv[1]))["Docker"]["config"]["Healthcheck"] or {"Test": [""]}; print("\n".join(h["Test"][1:]) if h["Test"][0] == "CMD" else "")' "$T/image/image.json")
check "the image has a HEALTHCHECK CMD (${hc[*]})" [ -n "${hc[0]:-}" ]
check "the image's HEALTHCHECK succeeds in the running container" runc exec "$CID" "${hc[@]}"
check "tendctl status in the container lists the sidecar" \
	sh -c '"$2" exec "$1" /usr/bin/tendctl status | grep -q sidecar' sh "$CID" "$RUNC"
runc kill "$CID" TERM
RC=0
wait "$BGPID" || RC=$?
check "default: runc kill TERM ends httpd; the container's status is 143 (got $RC)" [ "$RC" = 143 ]
check "default: then tend stopped the sidecar" grep -q "sidecar: down" "$T/default.log"

echo "--- what tend said with a read-only root as uid 1000:"; grep -v "^main:" "$T/ro.log" | sed "s/^/    /"
echo "container: $fails failure(s)"
if [ $fails -ne 0 ]; then
	for f in "$T"/*.log; do echo "--- $f"; tail -n 20 "$f"; done
	exit 1
fi
if [ -n "$fallback" ]; then
	echo "skip: passed on container/mkrootfs.sh's root filesystem, NOT on the image of container/Dockerfile: $fallback"
	exit 77
fi
