#!/bin/sh
#
# ps, xargs, chown/chgrp and su: exact output for their main flags,
# their errors, and that su really changes the credentials.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

tmp=/tmp/t_procutils.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1

# ps: a sleeping child of ours, found by pid, with its arguments.
sleep 30 &
sp=$!
t "ps -o header" "  PID  PPID COMMAND" "$(ps -o pid,ppid,command -p $sp | head -n 1)"
t "ps -p: pid, ppid and argv" "$(printf '%5d %5d sleep 30' $sp $$)" \
    "$(ps -o pid,ppid,command -p $sp | tail -n +2)"
t "ps -c: command name" "sleep" "$(ps -c -o comm= -p $sp | tail -n 1 | (read a; echo $a))"
st=$(ps -o stat -p $sp | tail -n 1)
case $st in S*) r=S ;; *) r="$st" ;; esac
t "ps -o stat: sleeping (S)" "S" "$r"
t "ps -o user of a root process" "root" "$(ps -o user -p $sp | tail -n 1 | (read a; echo $a))"
t "ps -A lists pid 1 (init)" "1" "$(ps -A -o pid,comm | (while read p c; do [ "$c" = init ] && echo $p; done))"
t "ps -p of a missing pid prints only the header" "1" "$(ps -p 99999 | wc -l | (read a; echo $a))"
t "ps -J is JSON" "{\"process\":[{\"pid\":\"$sp\",\"comm\":\"sleep\"}]}" \
    "$(ps -J -o pid,comm -p $sp)"
kill $sp
wait $sp 2>/dev/null
t "ps after the child is reaped" "1" "$(ps -p $sp | wc -l | (read a; echo $a))"
t "ps bad keyword" "ps: nosuch: keyword not found 1" \
    "$(echo $(ps -o nosuch 2>&1; echo $?))"
t "ps bad flag exits 1" "1" "$(ps -Z >/dev/null 2>&1; echo $?)"

# xargs
t "xargs default echo" "a b c" "$(printf 'a\nb c\n' | xargs)"
t "xargs -n 2" "a b|c d|e|" "$(printf 'a b c d e' | xargs -n 2 | while read l; do printf '%s|' "$l"; done)"
t "xargs quoting" "x y|z|" "$(printf '"x y" z' | xargs -n 1 | while read l; do printf '%s|' "$l"; done)"
t "xargs -0" "p q|r|" "$(printf 'p q\0r\0' | xargs -0 -n 1 | while read l; do printf '%s|' "$l"; done)"
t "xargs -I replaces in arguments" "[a]-[b]-" "$(printf 'a\nb\n' | xargs -I {} printf '[{}]-')"
t "xargs -r with empty input runs nothing" "" "$(printf '' | xargs -r echo ran)"
t "xargs without -r runs once" "ran" "$(printf '' | xargs echo ran)"
t "xargs: failing command gives 123" "123" "$(echo a | xargs false; echo $?)"
t "xargs: missing command gives 127" "127" "$(echo a | xargs /nonexistent/x 2>/dev/null; echo $?)"
t "xargs -L 1" "a b|c|" "$(printf 'a b\nc\n' | xargs -L 1 | while read l; do printf '%s|' "$l"; done)"
t "xargs bad -n" "1" "$(echo a | xargs -n 0 echo 2>/dev/null; echo $?)"

# chown / chgrp
touch f1 f2
mkdir -p d/e && touch d/e/g
chown user f1
t "chown user" "1001 0" "$(ls -ln f1 | (read m l u g r; echo $u $g))"
chown 1001:20 f2
t "chown uid:gid" "1001 20" "$(ls -ln f2 | (read m l u g r; echo $u $g))"
chown :staff f1
t "chown :group" "1001 20" "$(ls -ln f1 | (read m l u g r; echo $u $g))"
chgrp 5 f1
t "chgrp number" "1001 5" "$(ls -ln f1 | (read m l u g r; echo $u $g))"
chown -R user:user d
t "chown -R reaches the bottom" "1001 1001" "$(ls -ln d/e/g | (read m l u g r; echo $u $g))"
t "chown -v names the file" "f2" "$(chown -v 0 f2)"
t "chown unknown user" "chown: nosuchuser: illegal user name 1" \
    "$(echo $(chown nosuchuser f1 2>&1; echo $?))"
t "chown missing file" "chown: nofile: No such file or directory 1" \
    "$(echo $(chown 0 nofile 2>&1; echo $?))"
t "chown usage" "1" "$(chown 0 >/dev/null 2>&1; echo $?)"

# su: root runs commands as the unprivileged user.
t "su user -c id -u" "1001" "$(su user -c 'id -u')"
t "su user -c id -g" "1001" "$(su user -c 'id -g')"
t "su sets USER and HOME" "user /home/user" "$(su user -c 'echo $USER $HOME')"
t "su - starts in the home directory" "/home/user" "$(su - user -c pwd 2>/dev/null)"
t "su: the user cannot write root's file" "1" \
    "$(su user -c 'echo x >> '$tmp/f2 2>/dev/null; echo $?)"
t "su: the user cannot su back" "su: Sorry 1" \
    "$(echo $(su user -c 'su root -c id' 2>&1; echo $?))"
t "su unknown user" "su: unknown login: nosuch 1" \
    "$(echo $(su nosuch -c true 2>&1; echo $?))"

cd /
rm -rf $tmp
exit $failed
