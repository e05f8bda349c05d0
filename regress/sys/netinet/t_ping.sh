#!/bin/sh
# t_ping: /sbin/ping against 127.0.0.1 (three replies, the BSD summary
# lines, exit 0), against an address nobody answers (exit 2), and with
# bad arguments (exit 1).
out=/tmp/t_ping.$$
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

/sbin/ping -c 3 -i 0 127.0.0.1 > $out 2>&1
check $? "ping -c 3 127.0.0.1 exits 0"
grep -q "^PING 127.0.0.1 (127.0.0.1): 56 data bytes$" $out
check $? "header line"
c=$(grep -c "^64 bytes from 127.0.0.1: icmp_seq=[012] ttl=64 time=" $out)
[ "$c" = 3 ]
check $? "three reply lines, 64 bytes, ttl 64 (got $c)"
grep -q "^3 packets transmitted, 3 packets received, 0.0% packet loss$" $out
check $? "summary: 3 sent, 3 received"
grep -q "^round-trip min/avg/max/stddev = " $out
check $? "round-trip line"

/sbin/ping -c 1 -s 1000 127.0.0.1 > $out 2>&1
grep -q "^1008 bytes from 127.0.0.1: icmp_seq=0" $out
check $? "-s 1000: a 1008-byte reply"

# No route to 10.255.255.1: the request cannot even be sent.
/sbin/ping -c 1 -t 1 10.255.255.1 > $out 2>&1
st=$?
[ $st = 2 ]
check $? "no reply: exit status 2 (got $st)"
grep -q "1 packets transmitted, 0 packets received, 100.0% packet loss" $out
check $? "summary: 100% loss"

/sbin/ping -c 0 127.0.0.1 > $out 2>&1
st=$?
[ $st = 1 ]
check $? "-c 0: usage error, exit 1 (got $st)"
/sbin/ping -c 1 not.an.address > $out 2>&1
st=$?
[ $st = 1 ]
check $? "unknown host: exit 1 (got $st)"
rm -f $out
