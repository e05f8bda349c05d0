#!/bin/sh
#
# The base utilities: their main flags with exact output, the error
# message for a missing file (`prog: path: No such file or directory')
# and a non-zero exit with a usage message for an unknown flag.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

tmp=/tmp/t_utils.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1
printf 'one\ntwo\nthree\ntwo\n' > f

t "cat" "one two three two" "$(echo $(cat f))"
t "cat -n" "     1	one" "$(cat -n f | head -n 1)"
t "cat missing file" "cat: nofile: No such file or directory 1" \
    "$(echo $(cat nofile 2>&1; echo $?))"
t "echo -n" "ab" "$(echo -n a; echo b)"
t "wc -l" "4" "$(wc -l < f | while read a; do echo $a; done)"
t "wc -w -c" "4 18" "$(wc -w -c < f | while read a b; do echo $a $b; done)"
t "head -n 2" "one two" "$(echo $(head -n 2 f))"
t "tail -n 2" "three two" "$(echo $(tail -n 2 f))"
t "tail +3" "three two" "$(echo $(tail -n +3 f))"
t "grep" "two two" "$(echo $(grep tw f))"
t "grep -c" "2" "$(grep -c two f)"
t "grep -v" "one three" "$(echo $(grep -v two f))"
t "grep -n" "2:two" "$(grep -n two f | head -n 1)"
t "grep -E alternation" "one three" "$(echo $(grep -E '^(one|thr)' f))"
t "grep no match status" "1" "$(grep nomatch f; echo $?)"
t "grep -i" "one" "$(grep -i ONE f)"
t "sort" "one three two two" "$(echo $(sort f))"
t "sort -r" "two two three one" "$(echo $(sort -r f))"
t "sort -u" "one three two" "$(echo $(sort -u f))"
t "sort -n" "2 10 100" "$(echo $(printf '10\n100\n2\n' | sort -n))"
t "sort | uniq -c" "1 one 1 three 2 two" "$(echo $(sort f | uniq -c))"
t "uniq -d" "two" "$(sort f | uniq -d)"
t "tee" "x x" "$(echo $(echo x | tee t1; cat t1))"
t "mkdir -p and rmdir -p" "yes no" \
    "$(mkdir -p a/b/c && [ -d a/b/c ] && printf 'yes '; rmdir -p a/b/c; [ -d a ] && echo yes || echo no)"
t "touch creates" "0" "$(touch newfile; wc -c < newfile | while read a; do echo $a; done)"
t "cp" "one" "$(cp f g; head -n 1 g)"
t "cp -r" "one" "$(mkdir -p d1/sub; cp f d1/sub/; cp -r d1 d2; head -n 1 d2/sub/f)"
t "mv" "no one" "$(mv g h; [ -e g ] && printf 'yes ' || printf 'no '; head -n 1 h)"
t "rm" "gone" "$(rm h; [ -e h ] || echo gone)"
t "rm -r" "gone" "$(rm -r d2; [ -e d2 ] || echo gone)"
t "rm -f missing" "0" "$(rm -f nonexistent; echo $?)"
t "rm missing" "rm: nonexistent: No such file or directory" \
    "$(rm nonexistent 2>&1)"
t "cp f f refused, file intact" \
    "cp: f and f are identical (not copied). 1 4" \
    "$(echo $(cp f f 2>&1; echo $?; wc -l < f))"
t "cp f ./f refused (same dev/ino)" \
    "cp: f and ./f are identical (not copied). 1 4" \
    "$(echo $(cp f ./f 2>&1; echo $?; wc -l < f))"
t "cp -R src/ dst copies contents" "a s b" \
    "$(mkdir -p src/s dst; touch src/a src/s/b; cp -R src/ dst; echo $(ls dst) $(ls dst/s))"
t "cp -R src dst copies the directory" "yes no" \
    "$(mkdir -p dst2; cp -R src dst2; [ -f dst2/src/s/b ] && printf 'yes '; [ -e dst2/a ] && echo yes || echo no)"
t "rm -rf / refused" "rm: \"/\" may not be removed 1" \
    "$(echo $(rm -rf / 2>&1; echo $?))"
t "rm -rf /// refused" "rm: \"/\" may not be removed 1" \
    "$(echo $(rm -rf /// 2>&1; echo $?))"
t "rm -rf /. and /.. refused" \
    "rm: \".\" and \"..\" may not be removed 1 yes" \
    "$(echo $(rm -rf /. /.. 2>&1; echo $?; [ -d /bin ] && echo yes))"
t "rm -rf / keeps removing the rest" "rm: \"/\" may not be removed 1 gone" \
    "$(touch victim; echo $(rm -rf / victim 2>&1; echo $?; [ -e victim ] || echo gone))"
t "rm -r dir/ (trailing slash)" "0 gone" \
    "$(mkdir -p ts/x; echo $(rm -r ts/ 2>&1; echo $?; [ -e ts ] || echo gone))"
t "ln -s" "one" "$(ln -s f sl; head -n 1 sl)"
t "ls" "d1 f" "$(mkdir -p l; cd l; mkdir d1; touch f; echo $(ls))"
t "ls -a" ". .. .h" "$(mkdir -p la; cd la; touch .h; echo $(ls -a))"
t "ls -l mode" "-rw-r--r--" "$(chmod 644 f; ls -l f | while read m rest; do echo $m; done)"
t "chmod 755" "-rwxr-xr-x" "$(chmod 755 f; ls -l f | while read m rest; do echo $m; done)"
t "chmod u-x,go=" "-rw-------" "$(chmod u-x,go= f; ls -l f | while read m rest; do echo $m; done)"
t "chmod -w is a mode" "0 -r--r--r--" \
    "$(chmod 644 f; chmod -w f; echo $? $(ls -l f | while read m rest; do echo $m; done))"
t "chmod -x is a mode" "-rw-r--r--" \
    "$(chmod 755 f; chmod -x f; ls -l f | while read m rest; do echo $m; done)"
t "chmod -r is a mode" "--w-------" \
    "$(chmod 644 f; chmod -r f; ls -l f | while read m rest; do echo $m; done)"
t "chmod -v -w (option then mode)" "f -r--r--r--" \
    "$(chmod 644 f; echo $(chmod -v -w f; ls -l f | while read m rest; do echo $m; done))"
chmod 644 f
t "ls missing" "ls: nofile: No such file or directory" "$(ls nofile 2>&1)"
t "ls -i" "yes" "$(ls -i f | while read i name; do [ $i -gt 0 ] && echo yes; done)"
t "basename" "c.txt c" "$(basename /a/b/c.txt) $(basename /a/b/c.txt .txt)"
t "dirname" "/a/b ." "$(dirname /a/b/c.txt) $(dirname c)"
t "expr arithmetic" "7" "$(expr 3 + 4)"
t "expr comparison status" "0 1" "$(expr 2 \< 3 >/dev/null; a=$?; expr 3 \< 2 >/dev/null; echo $a $?)"
t "expr match" "3" "$(expr abcdef : 'abc')"
t "expr negative operand" "-3" "$(expr -1 - 2)"
t "expr max + 1: overflow" "expr: overflow 2" \
    "$(echo $(expr 9223372036854775807 + 1 2>&1; echo $?))"
t "expr min - 1: overflow" "expr: overflow 2" \
    "$(echo $(expr -9223372036854775808 - 1 2>&1; echo $?))"
t "expr min / -1: overflow, no SIGFPE" "expr: overflow 2" \
    "$(echo $(expr -9223372036854775808 / -1 2>&1; echo $?))"
t "expr min % -1: overflow" "expr: overflow 2" \
    "$(echo $(expr -9223372036854775808 % -1 2>&1; echo $?))"
t "expr max * 2: overflow" "expr: overflow 2" \
    "$(echo $(expr 9223372036854775807 \* 2 2>&1; echo $?))"
t "expr max in range" "9223372036854775807" "$(expr 9223372036854775806 + 1)"
t "expr division by zero" "expr: division by zero 2" \
    "$(echo $(expr 1 / 0 2>&1; echo $?))"
t "expr -Z" "expr: usage: expr [-e] expression 2" \
    "$(echo $(expr -Z 1 2>&1; echo $?))"
t "expr -e" "3" "$(expr -e 1 + 2)"
t "printf -Z" "printf: illegal option -- Z usage: printf format [arguments ...] 1" \
    "$(echo $(/usr/bin/printf -Z 2>&1; echo $?))"
t "printf -- -Z" "-Z" "$(/usr/bin/printf -- -Z)"
t "printf" "[  5] [ab ]" "$(/usr/bin/printf '[%3d] [%-3s]\n' 5 ab)"
t "env" "v=1" "$(env -i v=1 /usr/bin/env)"
t "test" "0 1" "$(/bin/test -f f; a=$?; /bin/test -d f; echo $a $?)"
t "[" "0" "$(/bin/[ 1 -eq 1 ]; echo $?)"
t "true false" "0 1" "$(/usr/bin/true; a=$?; /usr/bin/false; echo $a $?)"
t "id -u" "0" "$(id -u)"
t "id -un" "root" "$(id -un)"
t "uname" "Petrel" "$(uname)"
t "uname -a fields" "yes" "$(uname -a | while read s n rest; do [ "$s" = Petrel ] && echo yes; done)"
t "kill -l" "HUP" "$(kill -l 1)"
sigs='HUP INT QUIT ILL TRAP ABRT EMT FPE KILL BUS SEGV SYS PIPE ALRM TERM URG
STOP TSTP CONT CHLD TTIN TTOU IO XCPU XFSZ VTALRM PROF WINCH INFO USR1 USR2'
t "kill -l: the list" "$sigs" "$(/bin/kill -l)"
t "sh builtin kill -l: the same list" "$sigs" "$(kill -l)"
t "sh builtin kill -l 99: the list on stderr" "$sigs
2" "$(kill -l 99 2>&1 | grep -v 'valid signals:$'; kill -l 99 2>/dev/null; echo $?)"
t "kill -s BOGUS: valid signals" "kill: unknown signal BOGUS; valid signals:
$sigs
2" "$(/bin/kill -s BOGUS 1 2>&1; echo $?)"
t "kill -l 99: valid signals" "kill: unknown signal 99; valid signals:
$sigs
2" "$(/bin/kill -l 99 2>&1; echo $?)"
t "kill -Z: valid signals" "kill: unknown signal Z; valid signals:
$sigs
2" "$(/bin/kill -Z 2>&1; echo $?)"
t "kill -l 137" "KILL" "$(kill -l 137)"
t "kill a process" "143" "$(sleep 30 & kill $!; wait $!; echo $?)"
t "sleep" "0" "$(sleep 0; echo $?)"
t "date +%Y" "yes" "$(case $(date +%Y) in [0-9][0-9][0-9][0-9]) echo yes;; esac)"
t "date -u -r 0" "1970-01-01 00:00:00" "$(date -u -r 0 '+%Y-%m-%d %H:%M:%S')"
t "date -j -u prints the given time" "2026-01-02 03:04:05" \
    "$(date -j -u 202601020304.05 '+%Y-%m-%d %H:%M:%S')"
# (2030 is far from wherever the guest clock stands: a set would show.)
t "date -j never sets the clock" "1893456000 yes" \
    "$(b=$(date +%s); echo $(date -j -u 203001010000 +%s; [ $(($(date +%s) - b)) -lt 1000 ] && echo yes))"
t "pwd" "$tmp" "$(/bin/pwd)"
t "hostname" "yes" "$(h=$(hostname); [ -n "$h" ] && echo yes)"
# grep: -o -L -r/-R, context with "--" between groups, egrep/fgrep.
printf 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n' > ctx
t "grep -A1" "c d -- h i" "$(echo $(grep -A1 -e c -e h ctx))"
t "grep -B2 -n" "4-d 5-e 6:f" "$(echo $(grep -B2 -n f ctx))"
t "grep -C1 joins touching groups" "a b c d e -- h i j" \
    "$(echo $(grep -C1 -e b -e d -e i ctx))"
t "grep -A1 two files: names, --" "ctx:a ctx-b -- f:one f-two" \
    "$(echo $(grep -A1 -e a -e one ctx f))"
t "grep -o" "foo foo foo" "$(echo $(echo 'foo bar foofoo' | grep -o foo))"
t "grep -on -E" "1:ab 1:abb 2:ab" \
    "$(echo $(printf 'xab abb\nab\n' | grep -on -E 'ab+'))"
t "grep -L" "ctx 0" "$(echo $(grep -L one f ctx; echo $?))"
mkdir -p gr/sub
echo needle > gr/sub/x; echo hay > gr/y; echo needle > gr/z
t "grep -r" "gr/sub/x:needle gr/z:needle" \
    "$(echo $(grep -r needle gr | sort))"
t "grep -R -l" "gr/sub/x gr/z" "$(echo $(grep -R -l needle gr | sort))"
t "grep -r -h" "needle needle" "$(echo $(grep -rh needle gr))"
t "grep -r no operand: ." "./sub/x:needle ./z:needle" \
    "$(cd gr && echo $(grep -r needle | sort))"
t "egrep" "one three" "$(echo $(egrep '^(one|thr)' f))"
t "fgrep" "a.c" "$(printf 'abc\na.c\n' | fgrep a.c)"
t "grep -A bad" "2" "$(grep -A x a f >/dev/null 2>&1; echo $?)"

# sort keys.
printf 'b 10 x\na 9 y\nc 10 a\nb 2 z\n' > keys
t "sort -k2,2n" "b a b c" "$(echo $(sort -k2,2n keys | while read a b c; do echo $a; done))"
t "sort -k2,2nr -k1,1" "b c a b" \
    "$(echo $(sort -k2,2nr -k1,1 keys | while read a b c; do echo $a; done))"
t "sort -k1,1r" "c b b a" "$(echo $(sort -k1,1r keys | while read a b c; do echo $a; done))"
t "sort -k1,1r ties: whole line" "c:10 b:10 b:2 a:9" \
    "$(echo $(sort -k1,1r keys | while read a b c; do echo $a:$b; done))"
t "sort -t: -k2,2n -k3,3r" "w:1:b y:1:a z:2:c x:3:b" \
    "$(echo $(printf 'x:3:b\ny:1:a\nz:2:c\nw:1:b\n' | sort -t: -k2,2n -k3,3r))"
t "sort -k3 (to end of line)" "c b a b" \
    "$(echo $(sort -k3 keys | while read a b c; do echo $a; done))"
t "sort -k1.2,1.2 (characters)" "b:x a:y" \
    "$(echo $(printf 'ay\nbx\n' | sort -k1.2,1.2 | while read a; do echo ${a%?}:${a#?}; done))"
t "sort -u -k1,1" "a b c" "$(echo $(sort -u -k1,1 keys | while read a b c; do echo $a; done))"
t "sort -k bad" "sort: invalid key: 0 2" "$(echo $(sort -k0 keys 2>&1; echo $?))"
t "sort missing file: nothing sorted, status 2" \
    "sort: nofile: No such file or directory 2" \
    "$(echo $(sort f nofile 2>&1; echo $?))"

# tail: several files, -r.
printf '1\n2\n3\n' > ta; printf 'x\ny\n' > tb
t "tail two files: headers" "==> ta <==
3

==> tb <==
y" "$(tail -n 1 ta tb)"
t "tail -q" "3 y" "$(echo $(tail -q -n 1 ta tb))"
t "tail goes past a missing file" "==> ta <==
3

==> tb <==
y
tail: nofile: No such file or directory
1" "$(tail -n 1 ta nofile tb 2>/dev/null; tail -n 1 ta nofile tb 2>&1 >/dev/null; echo $?)"
t "tail -r" "3 2 1" "$(echo $(tail -r ta))"
t "tail -r -n 2" "3 2" "$(echo $(tail -r -n 2 ta))"
t "tail -r no final newline" "y x" "$(echo $(printf 'x\ny' | tail -r))"

# Unknown flags: a usage line on stderr and a non-zero status.
for p in /bin/ps /usr/bin/env /bin/expr /usr/bin/printf /usr/bin/basename \
    /usr/bin/dirname /usr/bin/xargs /bin/hostname /sbin/dmesg /bin/sleep \
    /bin/pwd /sbin/sysctl; do
	out=$($p -Z 2>&1 >/dev/null </dev/null)
	st=$?
	case $out in
	*usage:*) u=usage ;;
	*) u="no usage: $out" ;;
	esac
	t "$p -Z: usage on stderr, non-zero" "usage nz" \
	    "$u $( [ $st -ne 0 ] && echo nz)"
done

# A missing file: `prog: nofile: No such file or directory', non-zero.
for c in "cp nofile x" "head nofile" "tail nofile" "wc nofile" \
    "grep x nofile" "sort nofile" "uniq nofile" "chmod 644 nofile" \
    "ln nofile x"; do
	p=${c%% *}
	out=$($c 2>&1 >/dev/null </dev/null)
	st=$?
	t "$p: missing file" "$p: nofile: No such file or directory nz" \
	    "$out $( [ $st -ne 0 ] && echo nz)"
done

for p in cat ls cp mv rm mkdir rmdir ln wc head tail grep sort uniq tee \
    touch chmod date uname id; do
	out=$($p -Z 2>&1 </dev/null)
	st=$?
	case $out in
	*usage*) u=usage ;;
	*) u="no usage: $out" ;;
	esac
	t "$p -Z: usage, non-zero" "usage nz" "$u $( [ $st -ne 0 ] && echo nz)"
done

cd /
rm -rf $tmp
exit $failed
