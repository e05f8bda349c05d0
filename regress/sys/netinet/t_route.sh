#!/bin/sh
# t_route: /sbin/route adds, looks up, shows and deletes routes, and
# reports the kernel's errors.
out=/tmp/t_route.$$
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

/sbin/route show > $out 2>&1
check $? "route show exits 0"
grep -q "^127.0.0.0/8  *link#lo0  *U  *lo0$" $out
check $? "lo0's network route shown"

/sbin/route add -net 10.7.0.0/16 -interface lo0 > $out 2>&1
check $? "add 10.7.0.0/16 on lo0"
grep -q "^add net 10.7.0.0$" $out
check $? "it says so"
/sbin/route add -host 10.7.1.1 127.0.0.1 > $out 2>&1
check $? "add host 10.7.1.1 via gateway 127.0.0.1"
/sbin/route get 10.7.1.1 > $out 2>&1
grep -q "gateway: 127.0.0.1" $out && grep -q "flags: <UGHS>" $out
check $? "get 10.7.1.1: the host route wins"
/sbin/route get 10.7.2.2 > $out 2>&1
grep -q "interface: lo0" $out && grep -q "flags: <US>" $out
check $? "get 10.7.2.2: the /16"
/sbin/route show > $out 2>&1
grep -q "^10.7.1.1  *127.0.0.1  *UGHS  *lo0$" $out
check $? "show lists the host route"

/sbin/route add -net 10.7.0.0/16 -interface lo0 > $out 2>&1
st=$?
[ $st = 1 ] && grep -q "File exists" $out
check $? "adding it again: exit 1, File exists"
/sbin/route delete -host 10.7.1.1 > $out 2>&1
check $? "delete the host route"
/sbin/route delete -net 10.7.0.0/16 > $out 2>&1
check $? "delete the net route"
/sbin/route get 10.7.2.2 > $out 2>&1
st=$?
[ $st = 1 ]
check $? "get after delete: exit 1"
grep -q "No route to host" $out
check $? "No route to host"
/sbin/route delete -net 10.7.0.0/16 > $out 2>&1
grep -q "No such process" $out
check $? "deleting a missing route: ESRCH"
rm -f $out
