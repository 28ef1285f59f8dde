#!/bin/sh
# one line per run: the wall clock when clock.timer started it
echo "vmtest: clock ran at $(date '+%Y-%m-%d %H:%M:%S')"
