#!/bin/sh
#
# sysctl(8) as FreeBSD's: the default `name: value', -n, -N, -e, -d, -x,
# -o, -q, and name=value (as root, on harmless writable oids, put back
# afterwards) printing `name: old -> new'.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

o=kern.ipc.shm_use_phys
old=$(sysctl -n $o)
h=$(sysctl -n kern.hostname)

t "name: value" "kern.ostype: Petrel" "$(sysctl kern.ostype)"
t "-n" "Petrel" "$(sysctl -n kern.ostype)"
t "-N" "kern.ostype" "$(sysctl -N kern.ostype)"
t "-e" "kern.ostype=Petrel" "$(sysctl -e kern.ostype)"
t "-d" "kern.ostype: Operating system type" "$(sysctl -d kern.ostype)"
t "-dn" "Operating system type" "$(sysctl -dn kern.ostype)"
t "-de" "kern.ostype=Operating system type" "$(sysctl -de kern.ostype)"
t "-N -n together: usage, status 1" "usage: sysctl [-bdeNnoqx] name[=value] ... 1" \
    "$(echo $(sysctl -N -n kern.ostype 2>&1 | head -n 1; sysctl -N -n kern.ostype >/dev/null 2>&1; echo $?))"
t "two names" "Petrel Petrel" "$(echo $(sysctl -n kern.ostype kern.ostype))"
t "unknown oid" "sysctl: unknown oid 'no.such.oid' 1" \
    "$(echo $(sysctl no.such.oid 2>&1; echo $?))"
t "-q unknown oid: silent, status 1" "1" "$(sysctl -q no.such.oid 2>&1; echo $?)"
t "-q keeps the known ones" "Petrel 1" \
    "$(echo $(sysctl -qn no.such.oid kern.ostype 2>&1; echo $?))"
t "-Z: usage, status 1" "usage: sysctl [-bdeNnoqx] name[=value] ... 1" \
    "$(echo $(sysctl -Z 2>&1 | grep usage | head -n 1; sysctl -Z >/dev/null 2>&1; echo $?))"
t "no operand: usage" "1" "$(sysctl >/dev/null 2>&1; echo $?)"
case $(sysctl -o kern.ipc.shminfo) in
"kern.ipc.shminfo: Format:S,shminfo Length:"*" Dump:0x"????????????????????????????????"...")
	t "-o opaque dump" ok ok ;;
*)	t "-o opaque dump" ok "$(sysctl -o kern.ipc.shminfo)" ;;
esac

# Setting (the suite runs as root).
t "set: name: old -> new" "$o: $old -> 1" "$(sysctl $o=1)"
t "value after set" "1" "$(sysctl -n $o)"
t "-x: zero-padded hex" "$o: 0x00000001" "$(sysctl -x $o)"
t "-n set: old -> new" "1 -> 0" "$(sysctl -n $o=0)"
t "-e set: name=old -> new" "$o=0 -> 1" "$(sysctl -e $o=1)"
t "-q does not hide the set" "$o: 1 -> 0" "$(sysctl -q $o=0)"
t "-d with a value only describes" \
    "$o: New segments are contiguous physical memory, allocated at once 0" \
    "$(echo $(sysctl -d $o=1; sysctl -n $o))"
t "set a string" "kern.hostname: $h -> t-sysctl t-sysctl" \
    "$(echo $(sysctl kern.hostname=t-sysctl; hostname))"
sysctl kern.hostname="$h" >/dev/null
t "hostname put back" "$h" "$(hostname)"
t "invalid integer" "sysctl: invalid integer 'abc' 1 0" \
    "$(echo $(sysctl $o=abc 2>&1; echo $?; sysctl -n $o))"
t "empty integer" "1" "$(sysctl $o= >/dev/null 2>&1; echo $?)"
t "read only" "sysctl: oid 'kern.ostype' is read only 1" \
    "$(echo $(sysctl kern.ostype=x 2>&1; echo $?))"
t "node is not a leaf" "sysctl: oid 'kern.ipc' isn't a leaf node 1" \
    "$(echo $(sysctl kern.ipc=1 2>&1; echo $?))"
sysctl $o="$old" >/dev/null
t "value put back" "$old" "$(sysctl -n $o)"

exit $failed
