#!/bin/sh
# cpu.max of hog.service and a measured throttle, from inside the guest
cg=/sys/fs/cgroup/tend/hog.service
u0=$(awk '/^usage_usec/ { print $2 }' $cg/cpu.stat)
sleep 2
u1=$(awk '/^usage_usec/ { print $2 }' $cg/cpu.stat)
echo "vmtest: hog cpu.max=$(cat $cg/cpu.max | tr ' ' /)"
echo "vmtest: hog $(grep nr_throttled $cg/cpu.stat | tr ' ' =)"
echo "vmtest: hog cpu_percent=$(( (u1 - u0) / 20000 ))"
echo "vmtest: controllers=$(cat /sys/fs/cgroup/cgroup.subtree_control | tr ' ' ,)"
