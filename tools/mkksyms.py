#!/usr/bin/env python3
"""Turn `nm -n kernel` output into the kernel's symbol table (.ksyms).

The table has a fixed size (KSYMS_SIZE) so that putting the real table in
place of the empty one does not move any other symbol: the kernel links
twice (see sys/conf/Makefile.kern) and the addresses must not change.

Layout, read by sys/kern/subr_ksyms.c:
    ksyms_count:  uint64, number of entries
    ksyms_table:  ksyms_count x { uint64 addr; uint64 name_offset },
                  sorted by addr
    ksyms_strtab: NUL-terminated names
"""
import sys

KSYMS_SIZE = 768 * 1024


def emit(entries):
    strtab = bytearray()
    table = []
    for addr, name in entries:
        table.append((addr, len(strtab)))
        strtab += name.encode() + b"\0"
    size = 8 + 16 * len(table) + len(strtab)
    if size > KSYMS_SIZE:
        sys.exit("mkksyms: symbol table of %d bytes exceeds %d" % (size, KSYMS_SIZE))
    out = ['\t.section .ksyms, "a"', "\t.balign 8",
           "\t.globl ksyms_count", "\t.globl ksyms_table",
           "\t.globl ksyms_strtab", "\t.globl ksyms_end",
           "ksyms_count:", "\t.quad %d" % len(table), "ksyms_table:"]
    for addr, off in table:
        out.append("\t.quad 0x%x, %d" % (addr, off))
    out.append("ksyms_strtab:")
    for i in range(0, len(strtab), 32):
        out.append("\t.byte " + ",".join(str(b) for b in strtab[i:i + 32]))
    out.append("\t.space %d" % (KSYMS_SIZE - size))
    out.append("ksyms_end:")
    out.append('\t.section .note.GNU-stack, "", %progbits')
    print("\n".join(out))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--empty":
        emit([])
        return
    entries = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tTwW":
            continue
        if parts[2].startswith("ksyms_") or parts[2].startswith("$"):
            continue
        entries.append((int(parts[0], 16), parts[2]))
    emit(entries)


if __name__ == "__main__":
    main()
