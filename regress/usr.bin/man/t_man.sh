#!/bin/sh
# t_man: man(1) finds and formats every installed mdoc page (ipcs,
# ipcrm, sockstat, netstat, nc, man in section 1; sysctl and dhclient in
# section 8), fills to MANWIDTH, and fails cleanly on pages that do not
# exist; sysctl(8) walks the whole tree (-a, and -A with every opaque
# record) without an error, and prints an opaque record by name in
# FreeBSD's format.
n=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
tmp=/tmp/t_man.$$
mkdir -p $tmp

for p in ipcs ipcrm sockstat netstat nc man; do
	MANWIDTH=80 man $p > $tmp/out 2> $tmp/err
	t $? "man $p exits 0"
	read -r first < $tmp/out
	case "$first" in
	*"General Commands Manual"*) t 0 "man $p: header line" ;;
	*) t 1 "man $p: header line (got: $first)" ;;
	esac
	grep -q "^NAME$" $tmp/out; t $? "man $p: NAME section"
	grep -q "^       $p - " $tmp/out; t $? "man $p: name line"
	grep -q "^SYNOPSIS$" $tmp/out; t $? "man $p: SYNOPSIS section"
	grep -q '^\.' $tmp/out; [ $? != 0 ]; t $? "man $p: no macro left unformatted"
	[ ! -s $tmp/err ]; t $? "man $p: nothing on stderr"
done

MANWIDTH=80 man 8 sysctl > $tmp/out 2>&1
t $? "man 8 sysctl exits 0"
read -r first < $tmp/out
case "$first" in
"SYSCTL(8)"*"System Manager's Manual"*"SYSCTL(8)") t 0 "man 8 sysctl: header" ;;
*) t 1 "man 8 sysctl: header (got: $first)" ;;
esac
grep -q "^       sysctl - get or set kernel state$" $tmp/out
t $? "man 8 sysctl: name line"

MANWIDTH=80 man 8 dhclient > $tmp/out 2> $tmp/err
t $? "man 8 dhclient exits 0"
read -r first < $tmp/out
case "$first" in
"DHCLIENT(8)"*"System Manager's Manual"*"DHCLIENT(8)") t 0 "man 8 dhclient: header" ;;
*) t 1 "man 8 dhclient: header (got: $first)" ;;
esac
grep -q "^       dhclient - configure a network interface by DHCP$" $tmp/out
t $? "man 8 dhclient: name line"
grep -q '^\.' $tmp/out; [ $? != 0 ]; t $? "man 8 dhclient: no macro left unformatted"
[ ! -s $tmp/err ]; t $? "man 8 dhclient: nothing on stderr"

man -w sockstat > $tmp/out
t $? "man -w sockstat exits 0"
read -r path < $tmp/out
[ "$path" = /usr/share/man/man1/sockstat.1 ]; t $? "man -w: the page's path"

man 1 sysctl > $tmp/out 2> $tmp/err
[ $? = 1 ]; t $? "man 1 sysctl: exit 1"
grep -q "No entry for sysctl in section 1 of the manual" $tmp/err
t $? "man 1 sysctl: says why"
man nosuchpage > $tmp/out 2> $tmp/err
[ $? = 1 ]; t $? "man nosuchpage: exit 1"
grep -q "No manual entry for nosuchpage" $tmp/err; t $? "man nosuchpage: says why"

# Filling: no line longer than MANWIDTH - 2 except unbreakable words.
MANWIDTH=60 man netstat > $tmp/out
long=0
while IFS= read -r line; do
	if [ ${#line} -gt 58 ]; then long=$((long + 1)); fi
done < $tmp/out
[ $long = 0 ]; t $? "MANWIDTH=60: lines fit in 58 columns"

# sysctl: the whole tree, every record.
sysctl -a > $tmp/out 2> $tmp/err
t $? "sysctl -a exits 0"
[ ! -s $tmp/err ]; t $? "sysctl -a: no errors"
grep -q "^kern.ipc.somaxconn: " $tmp/out; t $? "sysctl -a: kern.ipc.somaxconn"
grep -q "^kern.file: " $tmp/out; [ $? != 0 ]; t $? "sysctl -a: opaque records left out"
sysctl -A > $tmp/out 2> $tmp/err
t $? "sysctl -A exits 0"
[ ! -s $tmp/err ]; t $? "sysctl -A: no errors"
grep -q "^kern.file: Format:S,xfile Length:[0-9]* Dump:0x" $tmp/out
t $? "sysctl -A: kern.file as Format:S,xfile"
grep -q "^net.local.stream.pcblist: Format:S,xunpcb Length:" $tmp/out
t $? "sysctl -A: the stream pcblist"
sysctl kern.ipc.mbstat > $tmp/out 2>&1
grep -q "^kern.ipc.mbstat: Format:S,mbstat Length:" $tmp/out
t $? "sysctl kern.ipc.mbstat by name"

rm -rf $tmp
