#!/bin/sh
# t_ifconfig: /sbin/ifconfig shows lo0 in BSD's format, adds and deletes
# an address, changes the MTU, and fails cleanly on an unknown interface.
out=/tmp/t_ifconfig.$$
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

/sbin/ifconfig lo0 > $out 2>&1
check $? "ifconfig lo0 exits 0"
grep -q "^lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384$" $out
check $? "flags line"
grep -q "^	inet 127.0.0.1 netmask 0xff000000$" $out
check $? "inet line"

/sbin/ifconfig lo0 inet 127.0.0.5/8 > $out 2>&1
check $? "add 127.0.0.5/8"
/sbin/ifconfig lo0 > $out 2>&1
grep -q "^	inet 127.0.0.5 netmask 0xff000000$" $out
check $? "127.0.0.5 listed"
/sbin/ping -c 1 127.0.0.5 > /dev/null 2>&1
check $? "ping 127.0.0.5 answers"
/sbin/ifconfig lo0 delete 127.0.0.5 > $out 2>&1
check $? "delete 127.0.0.5"
/sbin/ifconfig lo0 > $out 2>&1
grep -q "127.0.0.5" $out
st=$?
[ $st = 1 ]
check $? "127.0.0.5 gone"

/sbin/ifconfig lo0 mtu 9000 && /sbin/ifconfig lo0 | grep -q " mtu 9000$"
check $? "mtu 9000"
/sbin/ifconfig lo0 mtu 16384
/sbin/ifconfig lo0 | grep -q " mtu 16384$"
check $? "mtu back to 16384"

/sbin/ifconfig nope0 > $out 2>&1
st=$?
[ $st = 1 ]
check $? "unknown interface: exit 1"
grep -q "interface nope0 does not exist" $out
check $? "and says so"
/sbin/ifconfig lo0 inet 300.1.1.1 > $out 2>&1
st=$?
[ $st = 1 ]
check $? "bad address: exit 1"
rm -f $out
