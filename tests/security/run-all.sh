#!/usr/bin/env bash
# Run every attack in tests/security/<case>/run.sh (or the one named), each
# under a hard timeout, with the integration runner.  A case exits 0 (the
# boundary held), 77 (skipped, after printing why) or anything else (the
# attack got through).  Every attack runs as root, so in CI (strict mode)
# any skip fails: nothing is listed as allowed.
here=$(cd "$(dirname "$0")" && pwd)
CASES=$here SUITE=security exec "$here/../integration/run-all.sh" "$@"
