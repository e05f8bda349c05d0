#!/bin/sh
# t_mkroot.sh: tools/mkroot.py writes the root image the kernel unpacks.
# Checked with GNU cpio: the archive lists every file, under a PREFIX
# when asked, owned by root, with modes (setuid, executable) and symbolic
# links kept, and the same tree gives the same bytes.

TOOLS=${TOOLS:-$(dirname "$0")/../../tools}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 failed=0
check()
{
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}

mkdir -p "$T/root/bin" "$T/root/etc" "$T/extra/sub"
printf 'x' > "$T/root/bin/prog"
chmod 4755 "$T/root/bin/prog"
printf 'conf\n' > "$T/root/etc/conf"
chmod 600 "$T/root/etc/conf"
ln -s prog "$T/root/bin/link"
printf '#!/bin/sh\necho hi\n' > "$T/extra/run"
chmod 755 "$T/extra/run"
printf 'd' > "$T/extra/sub/data"

python3 "$TOOLS/mkroot.py" -o "$T/a.cpio" "$T/root" "$T/extra=/extra"
rc=$?
check "mkroot.py exits 0" '[ $rc -eq 0 ] && [ -s "$T/a.cpio" ]'
list=$(cpio -itv --quiet < "$T/a.cpio")
check "setuid program kept" 'echo "$list" | grep -q "^-rwsr-xr-x .* root *root .* bin/prog$"'
check "mode 600 kept" 'echo "$list" | grep -q "^-rw------- .* etc/conf$"'
check "symbolic link kept" 'echo "$list" | grep -q "bin/link -> prog$"'
check "prefix directory made" 'echo "$list" | grep -q "^drwxr-xr-x .* extra$"'
check "extra tree under the prefix" 'echo "$list" | grep -q "^-rwxr-xr-x .* extra/run$"'
check "nested extra file" 'echo "$list" | grep -q "extra/sub/data$"'
check "every entry owned by root" '! echo "$list" | grep -v " root *root " | grep -q .'
mkdir "$T/x"
(cd "$T/x" && cpio -id --quiet < "$T/a.cpio")
check "contents survive" '[ "$(cat "$T/x/etc/conf")" = conf ] && [ "$(cat "$T/x/extra/run" | tail -1)" = "echo hi" ]'
python3 "$TOOLS/mkroot.py" -o "$T/b.cpio" "$T/root" "$T/extra=/extra"
check "the same tree gives the same archive" 'cmp -s "$T/a.cpio" "$T/b.cpio"'
python3 "$TOOLS/mkroot.py" -o "$T/c.cpio" "$T/nonexistent" 2>/dev/null
rc=$?
check "a missing tree is an error" '[ $rc -ne 0 ]'
mkdir -p "$T/dev/usr/include/sys" "$T/dev/usr/lib" "$T/dev/bin"
: > "$T/dev/usr/include/sys/x.h"; : > "$T/dev/usr/lib/libc.a"
: > "$T/dev/usr/lib/crt0.o"; : > "$T/dev/bin/sh"
python3 "$TOOLS/mkroot.py" --runtime -o "$T/d.cpio" "$T/dev"
dlist=$(cpio -it --quiet < "$T/d.cpio")
check "--runtime leaves out headers, libraries, crt objects" \
    '! echo "$dlist" | grep -q -e include -e "\.a$" -e "\.o$"'
check "--runtime keeps programs" 'echo "$dlist" | grep -qx bin/sh'
echo "1..$n"
[ $failed -eq 0 ]
