# tap.sh: the TAP helper the regress shell scripts share (sourced, as
# `. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"').
#
#	t NAME EXPECTED GOT	prints `ok N - NAME', or `not ok N - NAME'
#				with both values, and sets failed=1
#
# A script ends with `exit $failed'.

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
