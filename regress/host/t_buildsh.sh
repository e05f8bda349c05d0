#!/bin/sh
# t_buildsh.sh: build.sh's handling of bad input, without building
# anything: an unknown op or machine and every harness combination the
# VM harness would refuse give usage on stderr and exit 2 before any
# step runs (nothing is made under -O); `--` before harness options is
# taken; and `deps`, with fake dpkg-query, apt-get and id first on PATH,
# stops with exit 1 naming the package apt cannot install.

TOOLS=${TOOLS:-$(dirname "$0")/../../tools}
BUILDSH=$(cd "$TOOLS/.." && pwd -P)/build.sh
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

# Fake Debian tools first on PATH: dpkg-query reports every package it
# is asked about installed except $FAKE_MISSING (ALL: none); apt-get fails unless
# FAKE_APT_OK is set (then it "succeeds" without installing anything); id
# says root, so the apt-get path runs whoever runs the test.  The usage
# cases run behind them too, with nothing installed: a build.sh that let
# a bad option through stops at deps (exit 1) instead of building.
mkdir -p "$T/bin"
cat > "$T/bin/dpkg-query" <<'EOF'
#!/bin/sh
# Options first (-W -f=FORMAT), then package names.
[ "$FAKE_MISSING" = ALL ] && exit 0
for a in "$@"; do
	case $a in
	-*) ;;
	"$FAKE_MISSING") ;;
	*) printf 'ii |%s\n' "$a" ;;
	esac
done
exit 0
EOF
cat > "$T/bin/apt-get" <<'EOF'
#!/bin/sh
echo "fake apt-get $*" >> "$FAKE_APTLOG"
[ -n "${FAKE_APT_OK:-}" ] && exit 0
echo "E: Unable to locate package (fake)"
exit 100
EOF
printf '#!/bin/sh\necho 0\n' > "$T/bin/id"
chmod +x "$T/bin/dpkg-query" "$T/bin/apt-get" "$T/bin/id"

# usage_case NAME WANT ARGS...: build.sh ARGS exits 2, prints usage on
# stderr with a line naming WANT, nothing on stdout, and makes nothing.
usage_case()
{
	name=$1 want=$2
	shift 2
	rm -rf "$T/obj"
	: > "$T/aptlog"
	PATH="$T/bin:$PATH" FAKE_MISSING=ALL FAKE_APTLOG="$T/aptlog" \
	    bash "$BUILDSH" -O "$T/obj" "$@" > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	check "$name: exit 2" '[ $rc -eq 2 ]'
	check "$name: names $want" 'head -n 1 "$T/err" | grep -qF -e "$want"'
	check "$name: usage on stderr" 'grep -q "^usage: ./build.sh" "$T/err"'
	check "$name: nothing on stdout, nothing made" \
	    '[ ! -s "$T/out" ] && [ ! -e "$T/obj" ]'
}

usage_case "unknown op" "unknown op frobnicate" frobnicate
usage_case "unknown op after a good one" "unknown op kernal" tools kernal
usage_case "unknown -m" "unknown machine sparc64" -m sparc64 kernel
usage_case "no op" "no op given" -m amd64
usage_case "unknown option" "unknown option --frob" regress --frob
usage_case "-m aarch64 --emu bochs" "--emu bochs" -m aarch64 regress \
    --emu bochs
usage_case "--emu bochs then -m aarch64" "--emu bochs" run --emu bochs \
    -m aarch64
usage_case "--uefi with aarch64" "--uefi" -m aarch64 regress --uefi
usage_case "--direct with aarch64" "--direct" -m aarch64 regress --direct
usage_case "--emu bochs --uefi" "--emu bochs" regress --emu bochs --uefi
usage_case "--emu foo" "--emu wants qemu or bochs" regress --emu foo
usage_case "--smp x" "--smp" regress --smp x
usage_case "--smp 0" "--smp" regress --smp 0
usage_case "--smp -1" "--smp" regress --smp -1
usage_case "--gic 4" "--gic" -m aarch64 regress --gic 4
usage_case "--nic foo" "--nic" regress --nic foo
usage_case "--nic virtio-mmio on amd64" "--nic virtio-mmio" regress \
    --nic virtio-mmio
usage_case "--el2 on amd64" "--el2" regress --el2
usage_case "hostnet --nic all" "--nic all" hostnet --nic all
usage_case "--timeout x" "--timeout" regress --timeout x
usage_case "an op after --" "only harness options may follow --: run" \
    regress -- run
usage_case "-m after --" "only harness options may follow --: -m" \
    regress -- -m aarch64
usage_case "--smp without a value" "--smp needs an argument" regress --smp

# -h: exit 0, the usage on stdout, every harness option the parser takes.
bash "$BUILDSH" -h > "$T/out" 2> "$T/err"
rc=$?
check "-h: exit 0, usage on stdout" \
    '[ $rc -eq 0 ] && grep -q "^usage: ./build.sh" "$T/out" && [ ! -s "$T/err" ]'
for o in --emu --uefi --smp --nic --vtblk --gic --quiet --timeout --extra \
    --skip-suite --suite --direct --idle --args --cpu --expect-panic; do
	check "-h documents $o" 'grep -qe "^  $o\\b" -e " $o " "$T/out"'
done
for op in deps tools kernel libs userland release run regress test hostnet \
    pair debug fuzz bench clean; do
	check "-h documents op $op" 'grep -qE "^  $op( |\$)" "$T/out"'
done

# The missing-package path.
deps()
{
	rm -rf "$T/obj"
	: > "$T/aptlog"
	PATH="$T/bin:$PATH" FAKE_APTLOG="$T/aptlog" bash "$BUILDSH" \
	    -O "$T/obj" deps "$@" > "$T/out" 2> "$T/err" < /dev/null
}

FAKE_MISSING=none; export FAKE_MISSING
deps
rc=$?
check "deps, nothing missing: exit 0" '[ $rc -eq 0 ]'
check "deps, nothing missing: says so" \
    'grep -q "all Debian packages present" "$T/out"'
check "deps, nothing missing: apt-get not run" '[ ! -s "$T/aptlog" ]'

# Good harness options pass: after a bare --, and an option's value that
# looks like an option (--args "--uefi" on aarch64).
deps -- --smp 4 --gic 2 --nic virtio --timeout 2.5 --quiet
rc=$?
check "deps -- good harness options: exit 0" \
    '[ $rc -eq 0 ] && grep -q "all Debian packages present" "$T/out"'
deps -m aarch64 --args --uefi --nic virtio-mmio --emu qemu
rc=$?
check "-m aarch64 --args --uefi: a value, not --uefi: exit 0" \
    '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'

FAKE_MISSING=gdb
deps
rc=$?
check "deps, gdb missing, apt fails: exit 1" '[ $rc -eq 1 ]'
check "deps, gdb missing, apt fails: names gdb" \
    'grep -q "^build.sh: apt-get cannot install: gdb " "$T/err"'
check "deps: apt-get asked for gdb and nothing else" \
    'grep -q "install .*gdb\$" "$T/aptlog" &&
     ! grep "install" "$T/aptlog" | grep -qv " gdb\$"'
check "deps: stopped before the op" \
    '! grep -q "all Debian packages present" "$T/out"'

FAKE_MISSING=xorriso FAKE_APT_OK=1; export FAKE_APT_OK
deps
rc=$?
check "deps, apt succeeds but xorriso still missing: exit 1" '[ $rc -eq 1 ]'
check "deps, still missing: names xorriso" \
    'grep -q "^build.sh: still missing after apt-get: xorriso\$" "$T/err"'
unset FAKE_APT_OK

echo "1..$n"
[ $failed -eq 0 ]
