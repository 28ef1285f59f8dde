#!/bin/sh
# `make demo`: tend supervising the example units in units/, as PID 1 of a
# fresh PID namespace when run as root (else as a plain subreaper), with a
# main command that shows what tend is doing and then exits: tend then
# stops the units in reverse order and exits with the command's status.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
run=$(mktemp -d /tmp/tend-demo-run.XXXXXX)
trap 'rm -rf "$run"' EXIT
ctl="$build/tendctl -s $run/control.sock"
show="sleep 2
echo '--- tendctl list'; $ctl list
echo '--- tendctl status hello.service'; $ctl status hello.service
echo '--- tendctl logs hello.service'; $ctl logs hello.service
echo '--- tendctl is-ready'; $ctl is-ready && echo ready
echo '--- the main command exits 0; tend stops the units'"
set -- "$build/tend" --runtime-dir "$run" --units "$top/units" -- /bin/sh -c "$show"
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
	exec unshare --pid --fork --mount-proc "$@"
fi
echo "(not root: tend runs as a subreaper, not as PID 1)"
exec "$@"
