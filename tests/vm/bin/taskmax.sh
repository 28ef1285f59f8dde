#!/bin/sh
# TasksMax=4: a subshell tries eight more processes; the kernel refuses
# the forks beyond the limit (the subshell may die of it, we don't).
# Builtins only from then on: the orphaned sleeps still count.
cg=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)
(for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait) 2>/dev/null
read -r pm <"$cg/pids.max"
ev=0
while read -r k v; do [ "$k" = max ] && ev=$v; done <"$cg/pids.events"
echo "vmtest: taskmax pids.max=$pm max=$ev"
