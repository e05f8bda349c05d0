#!/bin/sh
# t_dhclient: /sbin/dhclient's command line and the interfaces it must
# refuse, each with its message and exit status 1.  (Leases from a real
# server are tested by the host interop boots, tools/hostnet.py.)
out=/tmp/t_dhclient.$$
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
# expect STATUS TEXT NAME -- ARGS: dhclient ARGS exits STATUS and prints
# exactly the line TEXT.
expect() {
	want=$1 text=$2 name=$3
	shift 4
	/sbin/dhclient "$@" > $out 2>&1
	st=$?
	[ $st = $want ]
	check $? "$name: exit status $want"
	[ "$(cat $out)" = "$text" ]
	check $? "$name: message"
	if [ "$(cat $out)" != "$text" ]; then
		echo "# expected: $text"
		sed 's/^/# got: /' $out
	fi
}

usage="usage: dhclient [-1dnqv] [-t timeout] interface"
expect 1 "$usage" "no interface" --
expect 1 "$usage" "two interfaces" -- em0 em1
expect 1 "dhclient: 0: bad timeout" "timeout 0" -- -t 0 em0
expect 1 "dhclient: 5x: bad timeout" "timeout 5x" -- -t 5x em0
expect 1 "dhclient: 86401: bad timeout" "timeout 86401" -- -t 86401 em0
expect 1 "dhclient: interface nope0 does not exist" "unknown interface" \
    -- -1 nope0
expect 1 "dhclient: lo0: not an Ethernet interface" "loopback" -- -1 lo0
rm -f $out
