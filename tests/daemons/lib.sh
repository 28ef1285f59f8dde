# The real-daemon suite's harness: one daemon per case, run as a container
# runs it.  Sourced by tests/daemons/run.sh for one case file
# (tests/daemons/cases/NAME.sh), which sets:
#   UNITS     the unit files to copy, byte for byte, from /lib/systemd/system
#             (with their <unit>.d/ drop-ins); "NAME=LINK" makes
#             NAME.wants/LINK -> ../TEMPLATE as Debian's scripts do
#   MAIN      the unit whose main process is killed (SIGKILL)
#   PROC      optional: the daemon's process name; when its Restart= does
#             not bring it back, none may be left once the unit is down
#   PKGS      the Debian packages the case needs (tests/daemons/packages.txt)
#   client    a function: talks to the daemon as a real client would (runs
#             inside the container: in_ns)
#   prepare   optional function: run inside the container's mount
#             namespace before tend starts (as an image's build would)
#   XFAIL     optional: why the case is known to fail (another item)
#   ON_DEMAND optional: MAIN is socket-activated; the client starts it
# The container: network, mount and PID namespaces of its own (lo up; a
# fresh /run holding what tmpfiles.d makes, as after the image's apt-get
# install), tend as PID 1 (`tend -u UNITS --runtime-dir /run/tend`), root
# without CAP_SYS_RESOURCE (capsh --drop) and a hard nofile limit of
# NOFILE_HARD, below the 65535 some units ask for (prlimit).
set -uo pipefail
NOFILE_HARD=${NOFILE_HARD:-8192}
READY_S=${READY_S:-60}	# a known failure (XFAIL) waits 20 s
SPAWN_S=30
T=$(mktemp -d /tmp/tend-daemon.XXXXXX)
U=$T/units
mkdir -p "$U"
BG=
TP=
LOG=$T/tend.log
declare -A R=([starts]=- [ready]=- [client]=- [restart]=- [stop]=- [exit]=-)

cleanup() {
	if [ -n "$BG" ] && kill -0 "$BG" 2>/dev/null; then
		[ -n "$TP" ] && kill -KILL "$TP" 2>/dev/null
		kill -KILL "$BG" 2>/dev/null
		wait "$BG" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT

note() { echo "  $*"; }

# retry SECONDS COMMAND...: poll until COMMAND succeeds or time is up
retry() {
	local end=$(($(date +%s%N) + $1 * 1000000000))
	shift
	until "$@" 2>/dev/null; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# in_ns COMMAND...: run inside the container (tend's namespaces)
in_ns() {
	timeout 20 nsenter -t "$TP" -m -n -p -- "$@"
}

ctl() {
	in_ns "$TENDCTL" -s /run/tend/control.sock "$@"
}

# unit_field UNIT FIELD: from tendctl --json status
unit_field() {
	ctl --json status "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['units'][0]['$2'])"
}

# copy the shipped unit files and drop-ins, byte for byte
install_units() {
	local spec name link
	for spec in $UNITS; do
		name=${spec%%=*}
		cp /lib/systemd/system/"$name" "$U/" || return 1
		cmp -s /lib/systemd/system/"$name" "$U/$name" || return 1
		if [ -d /lib/systemd/system/"$name".d ]; then
			cp -a /lib/systemd/system/"$name".d "$U/"
		fi
		if [ "$spec" != "$name" ]; then	# NAME=PARENT: PARENT.wants/NAME-instance
			link=${spec#*=}
			mkdir -p "$U/${link%%/*}"
			ln -s "../$name" "$U/$link"
		fi
	done
}

# A /dev of the container's own, as container runtimes make it (a tmpfs
# with the usual nodes), for a case whose daemon binds or needs /dev/log:
# the host's /dev/log is never touched.  Called from a case's prepare().
private_dev() {
	mkdir -p /run/host-dev
	mount --bind /dev /run/host-dev
	mount -t tmpfs -o mode=0755,nosuid tmpfs /dev
	for n in null zero full random urandom tty; do
		touch /dev/$n
		mount --bind /run/host-dev/$n /dev/$n
	done
	mkdir -p /dev/pts /dev/shm
	mount --bind /run/host-dev/pts /dev/pts
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
	ln -s /proc/self/fd /dev/fd
	umount -l /run/host-dev
}

# the container's setup, then tend as its PID 1, in the background
start_container() {
	local prep
	prep=$(declare -f prepare private_dev 2>/dev/null; echo "prepare 2>/dev/null || true")
	unshare --net --mount --propagation private -- bash -c '
		set -e
		ip link set lo up
		mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
		systemd-tmpfiles --create --prefix=/run >/dev/null 2>&1 || true
		'"$prep"'
		exec prlimit --nofile=1024:'"$NOFILE_HARD"' -- capsh --drop=cap_sys_resource -- -c \
			"exec unshare --pid --fork --mount-proc --kill-child \"\$0\" -u \"\$1\" --runtime-dir /run/tend" \
			"$0" "$1"' "$TEND" "$U" >"$LOG" 2>&1 </dev/null &
	BG=$!
	retry 10 pgrep -P "$BG" -x tend >/dev/null || return 1
	TP=$(pgrep -P "$BG" -x tend | head -n 1)
	[ -n "$TP" ]
}

restart_expected() {
	local r
	r=$(cat "$U/$MAIN" "$U/$MAIN".d/*.conf 2>/dev/null | sed -n 's/^Restart=//p' | tail -n 1)
	case ${MAIN_TEMPLATE:+x} in x) r=$(sed -n 's/^Restart=//p' "$U/$MAIN_TEMPLATE" | tail -n 1) ;; esac
	case $r in always|on-failure|on-abnormal|on-abort) return 0 ;; *) return 1 ;; esac
}

is_running() {
	[ "$(unit_field "$MAIN" state)" = running ]
}

# the main process was started (running, or starting: not ready yet)
spawned() {
	local st p
	st=$(unit_field "$MAIN" state)
	p=$(unit_field "$MAIN" main_pid)
	[ "$st" = running ] || { [ "$st" = starting ] && [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != None ]; }
}

new_pid() {
	local p
	p=$(unit_field "$MAIN" main_pid)
	[ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != None ] && [ "$p" != "$1" ] && is_running
}

# no process named PROC is left in the container
none_left() {
	! in_ns pgrep -x "$PROC" >/dev/null
}

stopped() {
	case $(unit_field "$MAIN" state) in failed|inactive) return 0 ;; *) return 1 ;; esac
}

# the steps; each fills R[...] and the first failure ends the case
run_case() {
	local pid rc ok=0

	[ -z "${XFAIL:-}" ] || { READY_S=${READY_XFAIL_S:-20}; SPAWN_S=10; }
	install_units || { note "cannot copy the unit files"; return 1; }
	start_container || { R[starts]="no (tend did not start)"; return 1; }
	retry 10 ctl list >/dev/null || { R[starts]="no (no control socket)"; return 1; }
	if [ -n "${ON_DEMAND:-}" ] && ctl status "$MAIN" >/dev/null 2>&1; then
		# socket-activated: the client's connection starts it
		retry 10 client || true
	fi
	if ! ctl status "$MAIN" >/dev/null 2>&1; then
		R[starts]="no: not loaded"
		ok=1
	elif retry "$SPAWN_S" spawned; then
		R[starts]=yes
	else
		R[starts]="no: $(unit_field "$MAIN" state)"
		ok=1
	fi
	if [ $ok = 1 ]; then
		:
	elif retry "$READY_S" ctl is-ready >/dev/null; then
		R[ready]=yes
	else
		R[ready]="no: $(ctl is-ready 2>&1 | tail -n 1)"
		ok=1
	fi
	if [ $ok = 0 ]; then
		if retry 10 client; then R[client]=yes; else R[client]=no; ok=1; fi
	fi
	if [ $ok = 0 ]; then
		pid=$(unit_field "$MAIN" main_pid)
		if [ -z "$pid" ] || [ "$pid" = 0 ] || [ "$pid" = None ]; then
			R[restart]="no main pid"
			ok=1
		elif restart_expected; then
			in_ns kill -KILL "$pid"
			if retry 30 new_pid "$pid" && retry "$READY_S" ctl is-ready >/dev/null &&
			   retry 10 client; then
				R[restart]="yes (pid $pid -> $(unit_field "$MAIN" main_pid), client ok)"
			else
				R[restart]="no: $(unit_field "$MAIN" state) pid $(unit_field "$MAIN" main_pid)"
				ok=1
			fi
		else
			in_ns kill -KILL "$pid"
			if retry 30 stopped && { [ -z "${PROC:-}" ] || retry 15 none_left; }; then
				R[restart]="not restarted, as its Restart= says ($(unit_field "$MAIN" state))"
			elif stopped; then
				R[restart]="no: $PROC still runs: $(in_ns pgrep -x "$PROC" | tr '\n' ' ')"
				ok=1
			else
				R[restart]="no: still $(unit_field "$MAIN" state)"
				ok=1
			fi
		fi
	fi
	# SIGTERM to tend: every unit stops, nothing is left, exit 0
	kill -TERM "$TP"
	rc=0
	if timeout 120 tail --pid="$BG" -f /dev/null; then
		wait "$BG" || rc=$?
	else
		rc="timeout"
		kill -KILL "$BG"
		wait "$BG"
	fi
	BG=
	R[exit]=$rc
	if grep -q "leftover" "$LOG"; then
		R[stop]="no: processes left after the units stopped"
		ok=1
	elif ! grep -q "all units stopped" "$LOG"; then
		R[stop]="no: tend did not say all units stopped"
		ok=1
	else
		R[stop]=yes
	fi
	[ "$rc" = 0 ] || ok=1
	return $ok
}
