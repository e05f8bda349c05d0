#!/bin/sh
#
# The base utilities: their main flags with exact output, the error
# message for a missing file (`prog: path: No such file or directory')
# and a non-zero exit with a usage message for an unknown flag.

n=0
failed=0
t()
{
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '# expected [%s]\n# got      [%s]\n' "$2" "$3"
		failed=1
	fi
}

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
t "ln -s" "one" "$(ln -s f sl; head -n 1 sl)"
t "ls" "d1 f" "$(mkdir -p l; cd l; mkdir d1; touch f; echo $(ls))"
t "ls -a" ". .. .h" "$(mkdir -p la; cd la; touch .h; echo $(ls -a))"
t "ls -l mode" "-rw-r--r--" "$(chmod 644 f; ls -l f | while read m rest; do echo $m; done)"
t "chmod 755" "-rwxr-xr-x" "$(chmod 755 f; ls -l f | while read m rest; do echo $m; done)"
t "chmod u-x,go=" "-rw-------" "$(chmod u-x,go= f; ls -l f | while read m rest; do echo $m; done)"
t "ls missing" "ls: nofile: No such file or directory" "$(ls nofile 2>&1)"
t "ls -i" "yes" "$(ls -i f | while read i name; do [ $i -gt 0 ] && echo yes; done)"
t "basename" "c.txt c" "$(basename /a/b/c.txt) $(basename /a/b/c.txt .txt)"
t "dirname" "/a/b ." "$(dirname /a/b/c.txt) $(dirname c)"
t "expr arithmetic" "7" "$(expr 3 + 4)"
t "expr comparison status" "0 1" "$(expr 2 \< 3 >/dev/null; a=$?; expr 3 \< 2 >/dev/null; echo $a $?)"
t "expr match" "3" "$(expr abcdef : 'abc')"
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
t "kill -l 137" "KILL" "$(kill -l 137)"
t "kill a process" "143" "$(sleep 30 & kill $!; wait $!; echo $?)"
t "sleep" "0" "$(sleep 0; echo $?)"
t "date +%Y" "yes" "$(case $(date +%Y) in [0-9][0-9][0-9][0-9]) echo yes;; esac)"
t "date -u -r 0" "1970-01-01 00:00:00" "$(date -u -r 0 '+%Y-%m-%d %H:%M:%S')"
t "pwd" "$tmp" "$(/bin/pwd)"
t "hostname" "yes" "$(h=$(hostname); [ -n "$h" ] && echo yes)"
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
