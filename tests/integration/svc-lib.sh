# Helpers for the supervisor cases (svc-*): unit files written into $T/units.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXAMPLES="$BUILD/examples"
U="$T/units"
mkdir -p "$U"

# unit NAME: the unit file's text comes from stdin
unit() {
	cat >"$U/$1"
}

# flood_units WORDS: flood.service writes WORDS with yes(1) as fast as it
# can; quiet.service writes "quiet line N" ten times a second
flood_units() {
	unit flood.service <<E
[Service]
ExecStart=/usr/bin/yes $1
E
	unit quiet.service <<E
[Service]
ExecStart=/bin/sh -c 'i=0; while :; do i=\$\$((i+1)); echo "quiet line \$\$i"; sleep 0.1; done'
E
}

# log_has PATTERN: tend's output (start_p1 writes $T/p1.log) matches
log_has() {
	grep -q -- "$1" "$T/p1.log"
}

# wait_log SECONDS PATTERN
wait_log() {
	retry "$1" log_has "$2" || fail "no '$2' in tend's log within $1 s; log:
$(tail -n 30 "$T/p1.log")"
}

# count_lines FILE: lines in FILE, 0 when it does not exist
count_lines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# stop_p1 [SIGNAL]: signal tend (PID 1 in the namespace) and wait for the end
stop_p1() {
	local pid
	pid=$(p1_host_pid)
	[ -n "$pid" ] || fail "tend is not running"
	kill -"${1:-TERM}" "$pid"
	wait_p1
}

# start_units ARGS...: start_p1 with the runtime directory under $T
start_units() {
	start_p1 --runtime-dir "$T/run" "$@"
}

# ctl ARGS...: tendctl against the tend started by start_units
ctl() {
	"$TENDCTL" -s "$T/run/control.sock" "$@"
}

# json_get EXPR: evaluate a python expression on the JSON from stdin (as j)
json_get() {
	python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

# main_pid UNIT: the unit's main pid as tend reports it
main_pid() {
	ctl --json status "$1" | json_get 'j["units"][0]["main_pid"]'
}

# settled_nfd PID: how many fds PID holds once it is quiet: a control
# client just served or a child's exec-status pipe holds one for a moment
# (longer under ASan), so a count taken then is one too many.  The same
# count three times 100 ms apart (at most 5 s).
settled_nfd() {
	local a b same=0 i
	a=$(ls "/proc/$1/fd" | wc -l)
	for i in $(seq 50); do
		sleep 0.1
		b=$(ls "/proc/$1/fd" | wc -l)
		if [ "$a" = "$b" ]; then
			same=$((same + 1))
			[ "$same" -lt 3 ] || break
		else
			same=0 a=$b
		fi
	done
	echo "$a"
}

# wait_ctl SECONDS: the control socket answers
wait_ctl() {
	retry "$1" sh -c "'$TENDCTL' -s '$T/run/control.sock' list >/dev/null 2>&1" ||
		fail "control socket did not answer within $1 s"
}
