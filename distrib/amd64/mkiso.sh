#!/bin/sh
# mkiso.sh: make the Petrel amd64 ISO with grub-mkrescue.
#
#	mkiso.sh GRUBCFG KERNEL ROOTCPIO OUT.iso STAGEDIR [TESTCFG]
#
# The ISO boots by BIOS (grub-pc-bin) and UEFI (grub-efi-amd64-bin) and
# holds /boot/kernel, /boot/root.cpio and /boot/grub/grub.cfg; TESTCFG,
# if given, becomes /boot/grub/petrel-test.cfg (see grub.cfg).  Called by
# build.sh release and by the VM harness (tools/vmtest.py), which makes
# its own ISO per run.  STAGEDIR is emptied and refilled.
set -eu

[ $# -ge 5 ] || { echo "usage: mkiso.sh GRUBCFG KERNEL ROOTCPIO OUT STAGEDIR [TESTCFG]" >&2; exit 2; }
cfg=$1 kernel=$2 root=$3 out=$4 stage=$5 testcfg=${6:-}

rm -rf "$stage"
mkdir -p "$stage/boot/grub"
# Hard links when possible: the kernel and image are large and unchanged.
ln -f "$kernel" "$stage/boot/kernel" 2>/dev/null || cp "$kernel" "$stage/boot/kernel"
ln -f "$root" "$stage/boot/root.cpio" 2>/dev/null || cp "$root" "$stage/boot/root.cpio"
cp "$cfg" "$stage/boot/grub/grub.cfg"
if [ -n "$testcfg" ]; then
	cp "$testcfg" "$stage/boot/grub/petrel-test.cfg"
fi
mkdir -p "$(dirname "$out")"
# Only the modules the menu needs in the EFI and BIOS core images keeps
# the ISO small; xorriso's chatter goes to the log only on failure.
if ! grub-mkrescue -o "$out.tmp" "$stage" \
    --install-modules="multiboot2 normal serial terminal test echo configfile part_msdos part_gpt iso9660 all_video boot" \
    --fonts= --locales= --themes= >"$out.log" 2>&1; then
	cat "$out.log" >&2
	exit 1
fi
mv -f "$out.tmp" "$out"
rm -f "$out.log"
