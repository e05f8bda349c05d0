#!/usr/bin/env python3
"""Write Petrel's root file system image: a cpio "newc" archive.

    mkroot.py -o root.cpio [--runtime] [-x PATTERN]... TREE[=PREFIX] ...

Each TREE is archived under PREFIX (default: the root), so
`mkroot.py -o r.cpio obj/destdir.amd64 ~/progs=/extra` makes the release
tree with ~/progs as /extra (the VM harness's --extra).  Every entry is
owned by root (uid 0, gid 0) and keeps its mode bits (setuid, executable,
...) and modification time; directories, regular files and symbolic links
are stored, anything else (sockets, devices) is refused: the kernel makes
/dev itself.  Entries are sorted so that the same tree gives the same
archive; the directories leading to a PREFIX are created as mode 755.
-x leaves out the paths matching a shell pattern (matched against the
path in the archive, e.g. "usr/include" or "usr/lib/*.a"; a directory
left out takes its contents with it).  --runtime leaves out what only
the cross toolchain uses (headers, static libraries, crt objects), which
nothing in the guest can use: build.sh and the VM harness make the root
image that way.

The MI kernel unpacks this archive into the tmpfs root at boot.
"""
import argparse
import fnmatch
import os
import stat
import sys

TRAILER = "TRAILER!!!"
DEVELOPMENT = ["usr/include", "usr/lib/*.a", "usr/lib/*.o"]


class Writer:
    def __init__(self, f):
        self.f = f
        self.ino = 1
        self.size = 0
        self.seen = set()

    def _write(self, b):
        self.f.write(b)
        self.size += len(b)

    def _pad(self):
        if self.size % 4:
            self._write(b"\0" * (4 - self.size % 4))

    def entry(self, name, mode, mtime, data=b"", nlink=1):
        """Add one entry; name has no leading slash ("bin/cat")."""
        if name in self.seen:
            return
        self.seen.add(name)
        nameb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            self.ino, mode, 0, 0, nlink, int(mtime), len(data),
            0, 0, 0, 0, len(nameb), 0))
        self.ino += 1
        self._write(hdr.encode())
        self._write(nameb)
        self._pad()
        self._write(data)
        self._pad()

    def dir(self, name, mode=0o755, mtime=0):
        self.entry(name, stat.S_IFDIR | mode, mtime, nlink=2)

    def close(self):
        self.entry(TRAILER, 0, 0)
        # Pad to a 512-byte block as cpio(1) does.
        if self.size % 512:
            self._write(b"\0" * (512 - self.size % 512))


def excluded(arc, patterns):
    return any(fnmatch.fnmatchcase(arc, p) for p in patterns)


def add_tree(w, top, prefix, patterns=()):
    prefix = prefix.strip("/")
    if prefix:
        parts = prefix.split("/")
        for i in range(1, len(parts) + 1):
            w.dir("/".join(parts[:i]))
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        rel = os.path.relpath(dirpath, top)
        for name in list(dirnames) + sorted(filenames):
            path = os.path.join(dirpath, name)
            arc = os.path.normpath(os.path.join(prefix, rel, name))
            if excluded(arc, patterns):
                if name in dirnames:
                    dirnames.remove(name)
                continue
            st = os.lstat(path)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISDIR(st.st_mode):
                w.dir(arc, perm, st.st_mtime)
            elif stat.S_ISLNK(st.st_mode):
                w.entry(arc, stat.S_IFLNK | 0o777, st.st_mtime,
                        os.readlink(path).encode())
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    w.entry(arc, stat.S_IFREG | perm, st.st_mtime, f.read())
            else:
                sys.exit("mkroot: %s: not a file, directory or symlink" % path)
        # os.walk does not follow symlinks to directories: they were
        # stored as symlinks above.
        dirnames[:] = [d for d in dirnames
                       if not os.path.islink(os.path.join(dirpath, d))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", dest="out", required=True, help="archive to write")
    ap.add_argument("-x", dest="exclude", action="append", default=[],
                    metavar="PATTERN", help="leave out matching paths")
    ap.add_argument("--runtime", action="store_true",
                    help="leave out %s" % " ".join(DEVELOPMENT))
    ap.add_argument("trees", nargs="+", metavar="TREE[=PREFIX]")
    a = ap.parse_args()
    if a.runtime:
        a.exclude += DEVELOPMENT
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        w = Writer(f)
        for t in a.trees:
            top, _, prefix = t.partition("=")
            if not os.path.isdir(top):
                sys.exit("mkroot: %s: not a directory" % top)
            add_tree(w, top, prefix, a.exclude)
        w.close()
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
