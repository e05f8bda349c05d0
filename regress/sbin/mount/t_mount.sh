#!/bin/sh
#
# mount(8) and umount(8): the listing as FreeBSD prints it (the boot
# mounts first), mounting a tmpfs with and without options, unmounting
# it, and the messages and exit status of the failures.

. "${REGRESS_TAP:-/usr/regress/include/tap.sh}"

d=/tmp/t_mount_sh.d
mkdir -p $d

t "the first line is the root" "tmpfs on / (tmpfs, local)" \
    "$(mount | head -n 1)"
t "/dev is listed" "devfs on /dev (devfs)" "$(mount | grep ' on /dev ')"
t "mount -t tmpfs tmpfs $d: silent, status 0" " 0" \
    "$(echo "$(mount -t tmpfs tmpfs $d 2>&1)" $?)"
t "listed last" "tmpfs on $d (tmpfs, local)" "$(mount | tail -n 1)"
echo hi > $d/f
t "a file in it" "hi" "$(cat $d/f)"
t "umount while a shell sits in it: busy" \
    "umount: $d: Device busy 1" \
    "$(cd $d && echo $(umount $d 2>&1; echo $?))"
t "umount $d" " 0" "$(echo "$(umount $d 2>&1)" $?)"
t "gone from the list" "0" "$(mount | grep -c " on $d ")"
t "and its file with it" "no" "$(test -e $d/f && echo yes || echo no)"
t "umount again: not a mount" "umount: $d: Invalid argument 1" \
    "$(echo $(umount $d 2>&1; echo $?))"
t "mount -r -o noexec,nosuid" " 0" \
    "$(echo "$(mount -r -o noexec,nosuid -t tmpfs tmpfs $d 2>&1)" $?)"
t "its options listed in FreeBSD's order" \
    "tmpfs on $d (tmpfs, local, noexec, nosuid, read-only)" \
    "$(mount | tail -n 1)"
t "writing it: read-only" "1" "$( (echo x > $d/g) 2>/dev/null; echo $?)"
t "umount it" " 0" "$(echo "$(umount $d 2>&1)" $?)"
t "-o rw after ro wins" " 0" \
    "$(echo "$(mount -o ro,rw -t tmpfs tmpfs $d 2>&1)" $?)"
t "so it is writable" "tmpfs on $d (tmpfs, local)" "$(mount | tail -n 1)"
umount $d
t "an unknown type" "mount: $d: Operation not supported by device 1" \
    "$(echo $(mount -t nosuchfs nosuchfs $d 2>&1; echo $?))"
t "an unknown option" "mount: bogus: unknown option 1" \
    "$(echo $(mount -o bogus -t tmpfs tmpfs $d 2>&1; echo $?))"
t "a missing directory" \
    "mount: /tmp/no/such: No such file or directory 1" \
    "$(echo $(mount -t tmpfs tmpfs /tmp/no/such 2>&1; echo $?))"
t "no type: usage" "usage: mount [-r] [-o options] -t type special node 1" \
    "$(echo $(mount tmpfs $d 2>&1 | head -n 1; mount tmpfs $d 2>/dev/null; echo $?))"
t "umount /: busy" "umount: /: Device busy 1" \
    "$(echo $(umount / 2>&1; echo $?))"
t "umount without a node: usage" "usage: umount [-f] node ... 1" \
    "$(echo $(umount 2>&1; umount 2>/dev/null; echo $?))"
t "as nobody: not permitted" \
    "mount: $d: Operation not permitted 1" \
    "$(echo $(SHELL=/bin/sh su -m nobody -c "mount -t tmpfs tmpfs $d" 2>&1; echo $?))"
rmdir $d
exit $failed
