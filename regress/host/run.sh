#!/bin/sh
# run.sh: run host unit tests and sum their TAP lines.
#
#	run.sh PROGRAM...
#
# Each program's output is shown as it is; a program that exits non-zero
# without a failed check (a crash, a sanitizer report) adds one failure.
# The last line is "N passed, N failed"; the exit status is 0 only if
# nothing failed.

pass=0 fail=0
for t in "$@"; do
	name=$(basename "$t")
	echo "# $name"
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	pass=$((pass + p))
	fail=$((fail + f))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
