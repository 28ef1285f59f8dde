#!/bin/sh
# exits 3 on its first two runs of a boot, then stays up
n=$(( $(cat /run/crasher 2>/dev/null || echo 0) + 1 ))
echo $n >/run/crasher
echo "vmtest: crasher run $n"
[ $n -ge 3 ] && exec sleep 100000
sleep 0.2
exit 3
