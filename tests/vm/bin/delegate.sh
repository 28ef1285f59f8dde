#!/bin/sh
# Delegate=yes on cgroup v2, running as nobody: move into a leaf (no
# internal processes), enable pids below the unit's cgroup, make a child
# with pids.max=1 and let a shell there try to fork (it dies of it; the
# counter in pids.events shows the kernel refused).
rel=$(sed -n 's/^0:://p' /proc/self/cgroup)
d=/sys/fs/cgroup$rel
r=ok
{ mkdir "$d/leaf" && echo $$ >"$d/leaf/cgroup.procs"; } 2>/dev/null || r=no-leaf
[ $r = ok ] && { echo +pids >"$d/cgroup.subtree_control"; } 2>/dev/null || r=${r%ok}no-subtree
[ $r = ok ] && { mkdir "$d/lim" && echo 1 >"$d/lim/pids.max"; } 2>/dev/null || r=${r%ok}no-lim
[ $r = ok ] && sh -c "echo \$\$ >$d/lim/cgroup.procs; sleep 1 & echo forked" 2>/dev/null
ev=0
[ $r = ok ] && while read -r k v; do [ "$k" = max ] && ev=$v; done <"$d/lim/pids.events"
echo "vmtest: delegate r=$r uid=$(id -u) owner=$(stat -c %U "$d") max=$ev cg=$rel"
exec sleep 100000
