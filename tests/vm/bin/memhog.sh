#!/bin/sh
# tail keeps the whole (newline-free) stream: 64 MiB against MemoryMax=16M
cg=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)
head -c 67108864 /dev/zero | tail -c 67108864 >/dev/null
rc=$?
echo "vmtest: memhog rc=$rc memory.max=$(cat $cg/memory.max) $(grep '^oom_kill ' $cg/memory.events | tr ' ' =)"
