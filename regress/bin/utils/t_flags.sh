#!/bin/sh
#
# The flags t_utils does not reach, each with its exact output: ls -R,
# ps -ax and -o, ln and ln -s (and onto an existing file), head -c,
# touch -r and -t, dmesg, hostname NAME (root and not), /bin/kill and
# /bin/echo.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

tmp=/tmp/t_flags.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1
printf 'one\ntwo\nthree\n' > f

# ls -R: each directory after its parent's listing, headed by its path.
mkdir -p r/b/c r/a
touch r/f r/b/g r/b/c/h
t "ls -R" "a
b
f

r/a:

r/b:
c
g

r/b/c:
h" "$(ls -R r)"
t "ls -R two operands: headers" "r/a:

r/b:
c
g

r/b/c:
h" "$(ls -R r/a r/b)"
t "ls -R -a: no recursion into . and .." ". .. .x s y ra/s: . .. .z" \
    "$(mkdir -p ra/s; touch ra/.x ra/y ra/s/.z; echo $(ls -Ra ra))"

# ps: -ax shows processes without a terminal too (init, pid 1), -o
# chooses the columns, `=' drops the header.
sleep 30 &
sp=$!
t "ps -ax header" "  PID TT  STAT     TIME COMMAND" "$(ps -ax | head -n 1)"
t "ps -ax lists init (pid 1)" "1 init" \
    "$(ps -ax -o pid,comm | (while read p c; do [ "$p" = 1 ] && echo $p $c; done))"
t "ps -ax lists our child" "sleep 30" \
    "$(ps -ax -o pid,command | (while read p c; do [ "$p" = $sp ] && echo $c; done))"
t "ps -o pid,comm -p" "  PID COMMAND
$(printf '%5d sleep' $sp)" "$(ps -o pid,comm -p $sp)"
t "ps -o pid= -o comm=: no header" "$(printf '%5d sleep' $sp)" \
    "$(ps -o pid= -o comm= -p $sp)"
t "ps -o pid: no blank after the last column" "  PID|$(printf '%5d' $sp)|" \
    "$(ps -o pid -p $sp | while read -r l; do printf '%5s|' "$l"; done)"
t "ps -o ppid,pid" "$(printf '%5d %5d' $$ $sp)" "$(ps -o ppid=,pid= -p $sp)"
kill $sp
wait $sp 2>/dev/null

# ln: a hard link is the same inode with two links; -s makes a symbolic
# link; an existing target is refused unless -f.
ln f hl
t "ln: same inode" "yes" \
    "$(ls -i f | (read a b; ls -i hl | (read c d; [ $a = $c ] && echo yes)))"
t "ln: link count 2" "2" "$(ls -l f | (read m l r; echo $l))"
ln -s f sl
t "ln -s: a symbolic link" "l sl -> f" \
    "$(ls -l sl | (read m l u g s mo d y name; echo ${m%${m#?}} $name))"
t "ln -s: reads through" "one" "$(head -n 1 sl)"
t "ln -s dangling is allowed" "0 nothere" \
    "$(ln -s nothere dl; echo $? $(ls -l dl | (read m l u g s mo d y a b c; echo $c)))"
echo other > ex
t "ln onto an existing file" "ln: ex: File exists 1 other" \
    "$(echo $(ln f ex 2>&1; echo $?; cat ex))"
t "ln -s onto an existing file" "ln: ex: File exists 1 other" \
    "$(echo $(ln -s f ex 2>&1; echo $?; cat ex))"
t "ln -f replaces" "0 one" "$(echo $(ln -f f ex; echo $?; head -n 1 ex))"
t "ln into a directory" "one" "$(mkdir -p ld; ln f ld; head -n 1 ld/f)"
t "ln -s -v" "vs -> f" "$(ln -s -v f vs)"

# head -c: bytes, not lines; several files get headers.
t "head -c 5" "one
t" "$(head -c 5 f)"
t "head -c from stdin" "abc" "$(printf 'abcdef' | head -c 3)"
t "head -c larger than the file" "3" "$(printf 'abc' | head -c 100 | wc -c | (read a; echo $a))"
t "head -c two files" "==> f <==
on
==> hl <==
on" "$(head -c 2 f hl)"
t "head -c 0: error" "head: illegal byte count -- 0 1" \
    "$(echo $(head -c 0 f 2>&1; echo $?))"
t "head -c x: error" "head: illegal byte count -- x 1" \
    "$(echo $(head -c x f 2>&1; echo $?))"

# touch -t [[CC]YY]MMDDhhmm[.SS] and -r: date -r FILE prints the
# modification time back.
fmt='+%Y-%m-%d %H:%M:%S'
t "touch -t CCYYMMDDhhmm.SS" "2001-02-03 04:05:06" \
    "$(touch -t 200102030405.06 tt; date -r tt "$fmt")"
t "touch -t CCYYMMDDhhmm" "2001-02-03 04:05:00" \
    "$(touch -t 200102030405 tt; date -r tt "$fmt")"
t "touch -t YYMMDDhhmm (69-99: 19YY)" "1999-12-31 23:59:00" \
    "$(touch -t 9912312359 tt; date -r tt "$fmt")"
t "touch -t YYMMDDhhmm (00-68: 20YY)" "2030-06-07 08:09:00" \
    "$(touch -t 3006070809 tt; date -r tt "$fmt")"
t "touch -t MMDDhhmm: this year" "$(date +%Y)-03-04 05:06:00" \
    "$(touch -t 03040506 tt; date -r tt "$fmt")"
t "touch -t creates the file" "2001-02-03 04:05:00" \
    "$(touch -t 200102030405 tnew; date -r tnew "$fmt")"
t "touch -r copies the times" "2001-02-03 04:05:06" \
    "$(touch -t 200102030405.06 ref; touch tr; touch -r ref tr; date -r tr "$fmt")"
t "touch -r missing reference" "touch: noref: No such file or directory 1" \
    "$(echo $(touch -r noref tr 2>&1; echo $?))"
bad="touch: out of range or illegal time specification: [[CC]YY]MMDDhhmm[.SS] 1"
t "touch -t month 13" "$bad" "$(echo $(touch -t 200113010000 tt 2>&1; echo $?))"
t "touch -t Feb 30" "$bad" "$(echo $(touch -t 200102300000 tt 2>&1; echo $?))"
t "touch -t hour 24" "$bad" "$(echo $(touch -t 200101012400 tt 2>&1; echo $?))"
t "touch -t bad seconds" "$bad" "$(echo $(touch -t 200101010000.xy tt 2>&1; echo $?))"
t "touch -t too short" "$bad" "$(echo $(touch -t 0101 tt 2>&1; echo $?))"
t "touch -t a bad time leaves the file" "2001-02-03 04:05:06" \
    "$(touch -t 200102030405.06 tt; touch -t 200113010000 tt 2>/dev/null; date -r tt "$fmt")"

# dmesg: the message buffer (kern.msgbuf) holds the kernel's banner,
# the line kern.version also gives.
v=$(sysctl -n kern.version)
t "dmesg: the banner line" "$v" \
    "$(dmesg | (while read -r l; do [ "$l" = "$v" ] && { echo "$l"; break; }; done))"
case $v in
Petrel*) r=yes ;;
*) r="$v" ;;
esac
t "kern.version names Petrel" "yes" "$r"

# hostname NAME: root sets it, another user is refused.
old=$(hostname)
t "hostname NAME as root" "0 test-host.example" \
    "$(hostname test-host.example; echo $? $(hostname))"
t "hostname -s" "test-host" "$(hostname -s)"
t "hostname NAME as a user: EPERM" \
    "hostname: sethostname: Operation not permitted 1 test-host.example" \
    "$(echo $(su user -c 'hostname other' 2>&1; echo $?; hostname))"
t "hostname: too long" "1" \
    "$(hostname $(printf '%0300d' 0) 2>/dev/null; echo $?)"
hostname "$old"
t "hostname restored" "$old" "$(hostname)"

# /bin/kill: -l, -SIG by name and number, -s, bad pids.
t "/bin/kill -l 15" "TERM" "$(/bin/kill -l 15)"
t "/bin/kill -l 143 (an exit status)" "TERM" "$(/bin/kill -l 143)"
t "/bin/kill -l abc" "kill: illegal signal number: abc 2" \
    "$(echo $(/bin/kill -l abc 2>&1; echo $?))"
for s in -USR1 -SIGUSR1 -usr1 -30 "-s USR1" "-s 30"; do
	sh -c 'trap "echo got; exit 0" USR1; while :; do sleep 1; done' > ko &
	kp=$!
	sleep 1
	/bin/kill $s $kp
	wait $kp
	t "/bin/kill $s" "0 got" "$(echo $? $(cat ko))"
done
sleep 30 &
kp=$!
/bin/kill -9 $kp
wait $kp
t "/bin/kill -9: status 137" "137" "$?"
sleep 30 &
kp=$!
/bin/kill -KILL $kp
wait $kp
t "/bin/kill -KILL: status 137" "137" "$?"
t "/bin/kill no such pid" "kill: 99999: No such process 1" \
    "$(echo $(/bin/kill 99999 2>&1; echo $?))"
t "/bin/kill bad pid" "kill: illegal process id: abc 2" \
    "$(echo $(/bin/kill abc 2>&1; echo $?))"
t "/bin/kill no pid: usage" "usage: kill [-s signal_name] pid ... kill -l [exit_status] 2" \
    "$(echo $(/bin/kill 2>&1; echo $?))"
t "/bin/kill as a user on root's process: EPERM" "kill: 1: Operation not permitted 1" \
    "$(echo $(su user -c '/bin/kill -0 1' 2>&1; echo $?))"

# /bin/echo: BSD echo.  Only a first -n is an option; backslashes are
# not escapes, except a \c ending the last argument (no newline).
t "/bin/echo" "a b" "$(/bin/echo a   b)"
t "/bin/echo -n" "ab|" "$(/bin/echo -n a; /bin/echo -n b; echo '|')"
t "/bin/echo -n -n: the second is text" "-n x|" "$(/bin/echo -n -n x; echo '|')"
t "/bin/echo -e is text" "-e a" "$(/bin/echo -e a)"
t "/bin/echo: backslashes are text" 'a\tb\n' "$(/bin/echo 'a\tb\n')"
t "/bin/echo: \\c inside is text" 'a\cb' "$(/bin/echo 'a\cb')"
t "/bin/echo: trailing \\c drops the newline" "a b|" "$(/bin/echo 'a' 'b\c'; echo '|')"
t "/bin/echo: \\c ends the last argument only" 'a\c b' "$(/bin/echo 'a\c' b)"
t "/bin/echo --" "-- x" "$(/bin/echo -- x)"
t "/bin/echo: no arguments" "1" "$(/bin/echo | wc -l | (read a; echo $a))"

cd /
rm -rf $tmp
exit $failed
