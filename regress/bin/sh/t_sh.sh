#!/bin/sh
#
# sh(1): each feature with its exact expected output.

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

cd /
rm -rf $tmp
exit $failed
