#!/bin/sh
#
# sh(1): each feature with its exact expected output.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

tmp=/tmp/t_sh.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1

t "echo" "a b c" "$(echo a   b c)"
t "simple variable" "hello" "$(x=hello; echo $x)"
t "single quotes" '$x "y"' "$(x=1; echo '$x "y"')"
t "double quotes keep spaces" "a   b" "$(x='a   b'; echo "$x")"
t "backslash escape" 'a$b' "$(echo a\$b)"
t "field splitting" "3" "$(x='1 2 3'; set -- $x; echo $#)"
t "quoted no split" "1" "$(x='1 2 3'; set -- "$x"; echo $#)"
t "\$@ in quotes" "<a b><c>" "$(set -- 'a b' c; for i in "$@"; do printf '<%s>' "$i"; done)"
t "\$* joined" "a b:c" "$(set -- 'a b' c; IFS=:; echo "$*")"
t "\$# and shift" "3 1" "$(set -- a b c; x=$#; shift 2; echo $x $#)"
t "\$? after false" "1" "$(false; echo $?)"
t "\$? after true" "0" "$(true; echo $?)"
t "\$\$ is a number" "yes" "$(case $$ in *[!0-9]*) echo no;; *) echo yes;; esac)"
t "pipeline" "3" "$(printf 'a\nb\nc\n' | grep -c .)"
t "pipeline status is the last" "0" "$(false | true; echo $?)"
t "negated pipeline" "1" "$(! true; echo $?)"
t "and list" "yes" "$(true && echo yes)"
t "or list" "no" "$(false || echo no)"
t "and or chain" "b" "$(false && echo a || echo b)"
t "semicolon list" "1 2" "$(printf 1; printf ' '; echo 2)"
t "redirect out and in" "data" "$(echo data > f1; cat < f1)"
t "append" "one two" "$(echo one > f2; echo two >> f2; echo $(cat f2))"
t "2>&1" "err" "$( (echo err 1>&2) 2>&1)"
t "stderr to null" "" "$(ls /nonexistent 2>/dev/null)"
t "here-document" "x=5 end" "$(x=5; cat <<EOT
x=$x end
EOT
)"
t "quoted here-document" 'x=$x' "$(cat <<'EOT'
x=$x
EOT
)"
t "here-document <<- strips tabs" "tab" "$(cat <<-EOT
	tab
	EOT
)"
t "if then" "T" "$(if true; then echo T; else echo F; fi)"
t "if else" "F" "$(if false; then echo T; else echo F; fi)"
t "elif" "2" "$(x=2; if [ $x = 1 ]; then echo 1; elif [ $x = 2 ]; then echo 2; else echo 3; fi)"
t "while loop" "0 1 2" "$(i=0; while [ $i -lt 3 ]; do printf '%s' "$i"; i=$((i+1)); [ $i -lt 3 ] && printf ' '; done)"
t "until loop" "3" "$(i=0; until [ $i -ge 3 ]; do i=$((i+1)); done; echo $i)"
t "for loop" "a-b-c-" "$(for w in a b c; do printf '%s-' $w; done)"
t "break" "1 2" "$(for i in 1 2 3 4; do [ $i = 3 ] && break; printf '%s' $i; [ $i = 1 ] && printf ' '; done)"
t "continue" "124" "$(for i in 1 2 3 4; do [ $i = 3 ] && continue; printf '%s' $i; done)"
t "nested break 2" "x" "$(for i in 1 2; do for j in 1 2; do echo x; break 2; done; done)"
t "case pattern" "txt" "$(f=a.txt; case $f in *.c) echo c;; *.txt) echo txt;; esac)"
t "case alternatives" "yes" "$(case b in a|b) echo yes;; *) echo no;; esac)"
t "case quoted pattern" "lit" "$(case 'a*' in 'a*') echo lit;; *) echo glob;; esac)"
t "function" "f:2:x" "$(f() { echo "f:$#:$1"; }; f x y)"
t "function return status" "3" "$(f() { return 3; }; f; echo $?)"
t "function locals" "in out" "$(v=out; f() { local v=in; printf '%s ' $v; }; f; echo $v)"
t "command substitution" "abc" "$(echo $(echo abc))"
t "backquotes" "abc" "$(echo `echo abc`)"
t "nested substitution" "inner" "$(echo $(echo $(echo inner)))"
t "arithmetic" "17" "$(echo $((3 * 5 + 2)))"
t "arithmetic precedence and parens" "20 -1 1" "$(echo $(( (3+2)*4 )) $((2-3)) $((7%3)))"
t "arithmetic variables" "11" "$(x=5; y=6; echo $((x + y)))"
t "arithmetic assignment" "6 6" "$(x=5; echo $((x += 1)) $x)"
t "arithmetic comparison" "1 0" "$(echo $((2 < 3)) $((2 > 3)))"
t "default value" "def" "$(unset u; echo ${u:-def})"
t "assign default" "set set" "$(unset u; echo ${u:=set} $u)"
t "alternate value" "alt" "$(v=1; echo ${v:+alt})"
t "string length" "6" "$(v=petrel; echo ${#v})"
t "suffix removal" "file archive" "$(v=file.tar.gz; a=${v%%.*}; v2=archive.zip; echo $a ${v2%.zip})"
t "prefix removal" "gz tar.gz" "$(v=file.tar.gz; echo ${v##*.} ${v#*.})"
t "globbing" "g1 g2 g3" "$(touch g1 g2 g3; echo g*)"
t "glob no match stays" "zz*" "$(echo zz*)"
t "quoted glob" "g*" "$(echo "g*")"
t "bracket glob" "g1 g3" "$(echo g[13])"
t "export to child" "val" "$(export EV=val; sh -c 'echo $EV')"
t "not exported" "" "$(NV=val; sh -c 'echo $NV')"
t "assignment before command" "tmp" "$(TV=tmp sh -c 'echo $TV')"
t "unset" "" "$(v=1; unset v; echo $v)"
t "set positional" "b" "$(set -- a b c; echo $2)"
t "read" "one two" "$(echo 'one two' | { read a b; echo $a $b; })"
t "read last var takes rest" "x|y z" "$(echo 'x y z' | { read a b; echo "$a|$b"; })"
t "eval" "5" "$(eval 'x=5'; echo $x)"
t "dot script" "sourced" "$(echo 'S=sourced' > dot.sh; . ./dot.sh; echo $S)"
t "subshell isolation" "1" "$(x=1; (x=2); echo $x)"
t "brace group shares" "2" "$(x=1; { x=2; }; echo $x)"
t "exit status of subshell" "5" "$( (exit 5); echo $?)"
t "trap EXIT" "body trap" "$(sh -c 'trap "echo trap" EXIT; printf "body "')"
t "background and wait" "done 0" "$(sleep 0 & wait $!; echo done $?)"
t "\$! set" "yes" "$(true & p=$!; wait; [ -n "$p" ] && echo yes)"
t "sh -c with args" "a b" "$(sh -c 'echo $0 $1' a b)"
t "sh script file" "script 2" "$(printf 'echo script $#\n' > s.sh; sh s.sh x y)"
t "command -v builtin" "echo" "$(command -v echo)"
t "not found status" "127" "$(nosuchcommand_xyz 2>/dev/null; echo $?)"
t "syntax error status" "2" "$(sh -c 'if then' 2>/dev/null; echo $?)"
t "test string ops" "0 1" "$(test abc = abc; a=$?; test abc = abd; echo $a $?)"
t "[ numeric ]" "yes" "$([ 10 -gt 9 ] && echo yes)"
t "test -f -d" "f d" "$(touch tf; mkdir -p td; [ -f tf ] && printf 'f '; [ -d td ] && echo d)"
t "printf builtin" "x=  7|ab" "$(printf 'x=%3d|%s\n' 7 ab)"
t "IFS splitting" "a|b|c" "$(IFS=,; x=a,b,c; set -- $x; echo "$1|$2|$3")"
t "empty string argument" "1" "$(set -- ''; echo $#)"
t "tilde" "$HOME" "$(echo ~)"
t "set -e exits" "before" "$(sh -c 'set -e; echo before; false; echo after')"
t "pwd and cd" "$tmp/td" "$(cd td && pwd)"
t "getopts" "a b:v" "$(set -- -a -b v; while getopts ab: o; do case $o in a) printf 'a ';; b) printf 'b:%s' $OPTARG;; esac; done)"

# alias: substituted when a later command is parsed (the definition's own
# line is already parsed), so each case runs in sh -c with a newline.
t "alias: first word" "hi there" "$(sh -c 'alias hi="echo hi"
hi there')"
t "alias: trailing blank checks the next word" "hi x y" \
    "$(sh -c 'alias e="echo hi " w="x y"
e w')"
t "alias: no trailing blank, next word kept" "w" \
    "$(sh -c 'alias e="echo"
alias w=nope
e w')"
t "alias: recursive" "deep" "$(sh -c 'alias a=b b="echo deep"
a')"
t "alias: self-reference stops after one round" "x y" \
    "$(sh -c 'alias echo="echo x"
echo y')"
t "alias: mutual reference ends: a is not found" "127" \
    "$(sh -c 'alias a=b b=a
a' 2>/dev/null; echo $?)"
t "alias: quoted word is not substituted" "127" \
    "$(sh -c 'alias hi="echo hi"
"hi"' 2>/dev/null; echo $?)"
t "alias: after assignments" "V=v" "$(sh -c 'alias p=env
V=v p' | grep '^V=')"
t "alias: value with a list" "a b" "$(sh -c 'alias ab="printf a; echo \" b\""
ab')"
t "alias: an empty value is no command" "after 0 hi" \
    "$(echo $(sh -c 'alias x=""
x
echo after $?
x echo hi'))"
t "alias: empty value ending in a blank: the next word too" "yo" \
    "$(sh -c 'alias x="" y="x " e="echo yo"
y e')"
t "alias: listing in name='value' form" "e='echo x'
q='it'\\''s'" "$(sh -c "alias q=\"it's\" e='echo x'; alias")"
t "command -v of an alias" "alias e='echo x'" "$(sh -c "alias e='echo x'; command -v e")"
t "type of an alias" "e is an alias for echo x" "$(sh -c "alias e='echo x'; type e")"
t "alias name prints one" "e='echo x'" "$(sh -c "alias e='echo x'; alias e")"
t "alias unknown: message, status 1" "sh: alias: nope: not found 1" \
    "$(echo $(sh -c 'alias nope; echo $?' 2>&1))"
t "unalias" "127" "$(sh -c 'alias hi=true
unalias hi
hi' 2>/dev/null; echo $?)"
t "unalias unknown: status 1" "sh: unalias: nope: not found 1" \
    "$(echo $(sh -c 'unalias nope; echo $?' 2>&1))"
t "unalias -a" "" "$(sh -c 'alias a=b c=d; unalias -a; alias')"

# ulimit
t "ulimit -n set and read back" "64 64" \
    "$(sh -c 'ulimit -n 64; echo $(ulimit -n) $(ulimit -Hn)')"
t "ulimit -S leaves the hard limit" "32 64" \
    "$(sh -c 'ulimit -n 64; ulimit -Sn 32; echo $(ulimit -n) $(ulimit -Hn)')"
t "ulimit: a child inherits the limit" "48" \
    "$(sh -c 'ulimit -n 48; sh -c "ulimit -n"')"
t "ulimit -f (the default limit)" "10 10" \
    "$(sh -c 'ulimit 10; echo $(ulimit -f) $(ulimit)')"
t "ulimit -f 1: a child's writes stop at 512 bytes" "512" \
    "$(sh -c 'ulimit -f 1; /usr/bin/printf "%01000d" 0 > big' 2>/dev/null; wc -c < big | (read a; echo $a))"
t "ulimit -c unlimited" "unlimited" "$(sh -c 'ulimit -c unlimited; ulimit -c')"
t "ulimit -c default" "0" "$(ulimit -c)"
t "ulimit -t and -d and -s and -v" "5 unlimited 8192 unlimited" \
    "$(sh -c 'ulimit -t 5; echo $(ulimit -t) $(ulimit -d) $(ulimit -s) $(ulimit -v)')"
t "ulimit -a lists open files" "open files (-n) 64" \
    "$(sh -c 'ulimit -n 64; ulimit -a' | grep '^open files' | (read a b c d; echo $a $b $c $d))"
t "ulimit -a: ten limits" "10" "$(ulimit -a | wc -l | (read a; echo $a))"
t "ulimit bad value: message, status 1" "sh: ulimit: bad limit: abc 1" \
    "$(echo $(sh -c 'ulimit -n abc; echo $?' 2>&1))"
t "ulimit soft above hard: status 1" "1" \
    "$(sh -c 'ulimit -n 64; ulimit -Sn 128' 2>/dev/null; echo $?)"
t "ulimit soft above hard: message" "sh: ulimit: Invalid argument" \
    "$(sh -c 'ulimit -n 64; ulimit -Sn 128' 2>&1)"
t "ulimit: the user cannot raise the hard limit" "1 64" \
    "$(su user -c 'ulimit -n 64; ulimit -Hn 128 2>/dev/null; echo $? $(ulimit -Hn)')"
t "readonly keeps its value" "1" "$(readonly ro=1; echo $ro)"
t "quotes in \"\$( )\" in \"...\"" "a \"it's\" b" "$(x="$(echo "a \"it's\" b")"; echo "$x")"
t "ulimit -Z: usage, status 2" "2" "$(ulimit -Z 2>/dev/null; echo $?)"

# Special built-ins' errors end a non-interactive shell (POSIX 2.8.1).
t "shift too many ends the script" "sh: shift: can't shift that many 2" \
    "$(echo $(sh -c 'shift 3; echo after' 2>&1; echo $?))"
t "set bad option ends the script" "2" \
    "$(sh -c 'set -o nosuchopt; echo after' 2>/dev/null; echo $?)"
t "read-only assignment ends the script" "sh: r: is read only 2" \
    "$(echo $(sh -c 'readonly r=1; r=2; echo after' 2>&1; echo $?))"
t "exit bad number ends the script" "2" \
    "$(sh -c 'exit abc; echo after' 2>/dev/null; echo $?)"
t "exit 300 is 44" "44" "$(sh -c 'exit 300'; echo $?)"
t "readonly cannot be unset" "1 1" "$(sh -c 'readonly r=1; unset r; echo $? $r' 2>/dev/null)"
t "unset -f" "127" "$(f() { :; }; unset -f f; f 2>/dev/null; echo $?)"
t "export -p shows an export" "export XV=1" "$(XV=1; export XV; export -p | grep XV=)"
t "cd - prints the new directory" "$tmp" "$(cd /; cd - )"
t "cd missing: message, status 1" "sh: cd: /nonexist: No such file or directory 1" \
    "$(echo $(cd /nonexist 2>&1; echo $?))"
t "trap lists" "trap -- 'echo x' USR1" "$(trap 'echo x' USR1; trap)"
t "trap runs on a signal" "x after" \
    "$(echo $(sh -c 'trap "echo x" USR1; kill -USR1 $$; echo after'))"
# The signal comes while the loop runs builtins only: no waitpid to
# interrupt, so the trap must run at the next command.
sh -c 'trap "echo got; exit 0" USR1; while :; do :; done' > trapout &
tp=$!
sleep 1
kill -USR1 $tp
wait $tp
t "a trap runs in a loop of builtins" "0 got" "$(echo $? $(cat trapout))"
rm -f trapout
t "EXIT trap set in a subshell runs when it exits" "sub after" \
    "$(echo $( (trap 'echo sub' EXIT; true); echo after))"
t "EXIT trap of the parent is not the subshell's" "in p" \
    "$(echo $(sh -c 'trap "echo p" EXIT; (echo in)'))"
t "trap - resets" "" "$(trap 'echo x' USR1; trap - USR1; trap)"
t "exec redirects the shell" "hi" "$(exec 3>e3; echo hi >&3; exec 3>&-; cat e3)"
t "exec not found: 127" "127" "$(sh -c 'exec /nonexistent/x; echo no' 2>/dev/null; echo $?)"
t "exec replaces the shell" "replaced" "$(sh -c 'exec echo replaced; echo no')"
t "eval empty is 0" "0" "$(false; eval; echo $?)"
t ". missing ends the script" "2" "$(sh -c '. /nonexist; echo no' 2>/dev/null; echo $?)"
t "command skips functions" "builtin" "$(echo() { printf 'fn\n'; }; command echo builtin)"
t "command -v of a program" "/bin/ls" "$(command -v ls)"
t "command -v missing: 127" "127" "$(command -v nosuch_xyz; echo $?)"
t "wait for an unknown pid: 127" "127" "$(wait 99999; echo $?)"
t "wait returns the job's status" "7" "$(sh -c 'exit 7' & wait $!; echo $?)"
t "read -r keeps backslashes" 'a\b' "$(echo 'a\b' | { read -r v; echo "$v"; })"
t "read at end of file: status 1" "1" "$(read v </dev/null; echo $?)"
t "set -u: unset variable ends the script" "2" "$(sh -c 'set -u; echo $zz; echo no' 2>/dev/null; echo $?)"
t "set -x traces to stderr" "+ echo x" "$(sh -c 'set -x; echo x' 2>&1 >/dev/null)"
t "true and false builtins" "0 1" "$(true; a=$?; false; echo $a $?)"

cd /
rm -rf $tmp
exit $failed
