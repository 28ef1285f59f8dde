#!/bin/sh
# one line per start: the monotonic uptime and the wall clock's year
read -r up _ </proc/uptime
echo "vmtest: tick up=$up year=$(date +%Y)"
