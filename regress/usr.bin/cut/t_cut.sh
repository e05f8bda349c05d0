#!/bin/sh
#
# cut(1): byte and field lists with exact output (single positions,
# ranges, open ranges on both sides, overlaps), -d, -s, -w, several files
# and "-", and the errors: a bad list is one message and exit 1, a bad
# option combination is the usage text and exit 1, a missing file is
# reported and the others still cut.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

# Lines joined with '|' (there is no tr(1)); a last line without a
# newline is shown too, so count bytes with wc -c where that matters.
lines()
{
	while IFS= read -r l || [ -n "$l" ]; do
		printf '%s|' "$l"
	done
}

tmp=/tmp/t_cut.$$
mkdir -p $tmp || exit 1
cd $tmp || exit 1
printf 'abcdefgh\nxy\n\n' > b
printf 'a:b:c:d\nnodelim\none:two\n' > f

usage='usage: cut -b list [-n] [file ...]
       cut -c list [file ...]
       cut -f list [-s] [-w | -d delim] [file ...]'

t "-c 1,3-5,7-" "acdegh|x||" "$(cut -c 1,3-5,7- b | lines)"
t "-b 2" "b|y||" "$(cut -b 2 b | lines)"
t "-c -3" "abc|xy||" "$(cut -c -3 b | lines)"
t "-c 7-" "gh|||" "$(cut -c 7- b | lines)"
t "-c overlapping 2-4,3-6" "bcdef" "$(cut -c 2-4,3-6 b | head -n 1)"
t "-c list with blanks" "ace" "$(cut -c '1 3 5' b | head -n 1)"
t "-c 2-,5 (open range and a point inside it)" "bcdefgh" \
    "$(cut -c 2-,5 b | head -n 1)"
t "-b -n accepted" "ab" "$(cut -n -b 1-2 b | head -n 1)"
t "-c last line without newline, list reached: b and a newline" "b|2" \
    "$(printf 'ab' | cut -c 2 | lines; printf 'ab' | cut -c 2 | wc -c |
    while read c; do echo $c; done)"
t "-c last line without newline, list not reached: no newline" "1" \
    "$(printf 'abc' | cut -c 1,5 | wc -c | while read c; do echo $c; done)"
t "-c from stdin" "ab" "$(echo abc | cut -c 1-2)"
t "-f 2,4 -d:" "b:d|nodelim|two|" "$(cut -d: -f 2,4 f | lines)"
t "-f 3- -d:" "c:d|nodelim||" "$(cut -d: -f 3- f | lines)"
t "-s drops lines without delimiter" "a|one|" \
    "$(cut -s -d: -f 1 f | lines)"
t "-f default delimiter tab" "2	3" "$(printf '1\t2\t3\n' | cut -f 2-)"
t "-f empty fields kept" "::x" "$(echo 'a:::x' | cut -d: -f 2-)"
t "-f field past the end" "a" "$(echo 'a:b' | cut -d: -f 1,5)"
t "-w runs of blanks" "b	c" "$(printf 'a  b\t \tc\n' | cut -w -f 2,3)"
t "two files and -" "a|n|o|s|a|x||" \
    "$(echo s | cut -c 1 f - b | lines)"

t "list 0" "cut: [-bcf] list: values may not include zero
1" \
    "$(cut -c 0 b 2>&1; echo $?)"
t "list with letters" "cut: [-bcf] list: illegal list value
1" \
    "$(cut -c 1,x b 2>&1; echo $?)"
t "list 1-2-3" "cut: [-bcf] list: illegal list value
1" \
    "$(cut -f 1-2-3 f 2>&1; echo $?)"
t "list of a lone -" "cut: [-bcf] list: values may not include zero
1" \
    "$(cut -c - b 2>&1; echo $?)"
t "empty list element" "cut: [-bcf] list: values may not include zero
1" \
    "$(cut -c 1,,2 b 2>&1; echo $?)"
t "decreasing range" "cut: [-bcf] list: invalid byte or character range
1" \
    "$(cut -c 3-1 b 2>&1; echo $?)"
t "no list: usage" "$usage
1" "$(cut b 2>&1; echo $?)"
t "-c with -f: usage" "$usage
1" "$(cut -c 1 -f 1 b 2>&1; echo $?)"
t "-d without -f: usage" "$usage
1" "$(cut -c 1 -d: b 2>&1; echo $?)"
t "-s without -f: usage" "$usage
1" "$(cut -b 1 -s b 2>&1; echo $?)"
t "-w with -d: usage" "$usage
1" "$(cut -w -d: -f 1 f 2>&1; echo $?)"
t "-n with -c: usage" "$usage
1" "$(cut -n -c 1 b 2>&1; echo $?)"
t "unknown option: usage" "1" "$(cut -z -c 1 b 2>/dev/null; echo $?)"
t "missing file: the others are cut, exit 1" "a n o 1" \
    "$(echo $(cut -c 1 nofile f 2>/dev/null; echo $?))"
t "missing file: the message" "cut: nofile: No such file or directory" \
    "$(cut -c 1 nofile f 2>&1 >/dev/null)"

cd /
rm -rf $tmp
echo "1..$n"
exit $failed
