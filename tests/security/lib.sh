# Helpers for the attacks: the supervisor helpers of the integration cases,
# plus a throwaway unprivileged user, made here and removed at exit.
. "$TOP/tests/integration/svc-lib.sh"
[ "$(id -u)" = 0 ] || skip "the attacks need root (to make a user and run tend as root)"
EVIL=
EVIL_UID=
EVIL_GID=

eval "sec_orig_$(declare -f cleanup_case)"
SEC_RM=()	# paths outside $T a case made: removed at the end
cleanup_case() {
	sec_orig_cleanup_case
	[ ${#SEC_RM[@]} -eq 0 ] || rm -rf "${SEC_RM[@]}"
	if [ -n "$EVIL" ]; then
		pkill -KILL -u "$EVIL" 2>/dev/null || true
		userdel "$EVIL" 2>/dev/null || true
	fi
}

# make_user: a fresh system user with no home and no login; sets EVIL,
# EVIL_UID, EVIL_GID and EVIL_DIR (a directory of its own under $T).  Removed when the case ends, whatever happens.
make_user() {
	command -v useradd >/dev/null || skip "useradd (passwd) is missing"
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is missing"
	EVIL=tsec$$
	useradd --system --no-create-home --user-group --shell /usr/sbin/nologin "$EVIL" ||
		skip "useradd failed"
	EVIL_UID=$(id -u "$EVIL") EVIL_GID=$(id -g "$EVIL")
	chmod 755 "$T"
	EVIL_DIR="$T/evil"	# the attacker's own directory
	mkdir "$EVIL_DIR"
	chown "$EVIL:$EVIL" "$EVIL_DIR"
}

# the system's python: another user can't run root's pyenv shims
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# as_evil CMD...: run CMD as the throwaway user
as_evil() {
	setpriv --reuid="$EVIL_UID" --regid="$EVIL_GID" --clear-groups "$@"
}

# state UNIT: the unit's state as tendctl reports it
state() {
	ctl --json status "$1" | json_get 'j["units"][0]["state"]'
}

# alive PID: the process exists and is not a zombie
alive() {
	[ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
