#!/bin/sh
#
# Issue #7's bad-input rule across the base utilities (bin, sbin,
# usr.bin), one table each:
#  - an unknown flag prints a usage line on stderr and exits non-zero;
#  - a file operand that does not exist prints exactly
#    `prog: path: No such file or directory' and exits non-zero.
# A utility left out of a table is named below with the reason.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

tmp=/tmp/t_badinput.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1

# Unknown flag: `-Z' is no utility's option.  Each row is the program
# and any operands it needs to get as far as reading its flags.
# Left out, and why:
#   echo, true, false: POSIX has them take no options (echo prints -Z).
#   test, [: -Z is an operand (a non-empty string: true).
#   kill: -Z names a signal; an unknown one gets `unknown signal Z;
#     valid signals:' (FreeBSD's message; t_utils checks it).
#   sync: takes no operands and ignores them, as FreeBSD's does.
#   init: only runs as process 1.
while read p args; do
	case $p in ''|'#'*) continue ;; esac
	out=$($p -Z $args 2>&1 >/dev/null </dev/null)
	st=$?
	case $out in
	*usage:*) u=usage ;;
	*) u="no usage: $out" ;;
	esac
	t "$p -Z: usage on stderr, non-zero" "usage nz" \
	    "$u $( [ $st -ne 0 ] && echo nz)"
done <<'EOF'
/bin/cat
/bin/chmod
/bin/cp
/bin/date
/bin/expr
/bin/hostname
/bin/ln
/bin/ls
/bin/mkdir
/bin/mv
/bin/ps
/bin/pwd
/bin/rm
/bin/rmdir
/bin/sh
/bin/sleep
/sbin/dhclient
/sbin/dmesg
/sbin/ifconfig
/sbin/ping
/sbin/reboot
/sbin/halt
/sbin/poweroff
/sbin/route
/sbin/sysctl
/usr/bin/basename
/usr/sbin/chown
/usr/bin/chgrp
/usr/bin/cut
/usr/bin/dirname
/usr/bin/env
/usr/bin/grep
/usr/bin/egrep
/usr/bin/fgrep
/usr/bin/head
/usr/bin/id
/usr/bin/ipcbench
/usr/bin/ipcrm
/usr/bin/ipcs
/usr/bin/man
/usr/bin/nc
/usr/bin/netstat
/usr/bin/printf
/usr/bin/regress
/usr/bin/sockstat
/usr/bin/sort
/usr/bin/su
/usr/bin/tail
/usr/bin/tee
/usr/bin/touch
/usr/bin/uname
/usr/bin/uniq
/usr/bin/wc
/usr/bin/xargs
EOF

# Missing file: each row is the path the message names, then the
# command.  Left out, and why: the utilities that take no file operands
# (echo, true, false, pwd, sleep, sync, kill, ps, hostname, dmesg, id,
# uname, env, expr, printf, basename, dirname, xargs, su, sysctl, the
# network tools, ipcs, ipcrm, ipcbench), man (its operands are page
# names: `No manual entry'), test (a missing file is just false), and
# regress (its operands are test names under /usr/regress).
while read path cmd; do
	case $path in ''|'#'*) continue ;; esac
	p=${cmd%% *}
	out=$($cmd 2>&1 >/dev/null </dev/null)
	st=$?
	t "$cmd: missing file" "${p##*/}: $path: No such file or directory nz" \
	    "$out $( [ $st -ne 0 ] && echo nz)"
done <<'EOF'
nofile		/bin/cat nofile
nofile		/bin/chmod 644 nofile
nofile		/bin/cp nofile x
nofile		/bin/cp -r nofile x
nofile		/bin/date -r nofile
nofile		/bin/ln nofile x
nofile		/bin/ls nofile
nofile		/bin/ls -l nofile
nodir/sub	/bin/mkdir nodir/sub
nofile		/bin/mv nofile x
nofile		/bin/mv nofile .
nofile		/bin/rm nofile
nofile		/bin/rmdir nofile
nofile		/bin/sh nofile
nofile		/usr/sbin/chown 0 nofile
nofile		/usr/bin/chgrp 0 nofile
nofile		/usr/bin/cut -f 1 nofile
nofile		/usr/bin/grep x nofile
nofile		/usr/bin/head nofile
nofile		/usr/bin/head -c 1 nofile
nofile		/usr/bin/sort nofile
nofile		/usr/bin/tail nofile
nofile		/usr/bin/tail -r nofile
nodir/x		/usr/bin/tee nodir/x
nofile		/usr/bin/touch -r nofile x
nofile		/usr/bin/uniq nofile
nofile		/usr/bin/wc nofile
nofile		/usr/bin/wc -l nofile
EOF

cd /
rm -rf $tmp
exit $failed
