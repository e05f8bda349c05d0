#!/usr/bin/env python3
"""mkcorpus.py: write the fuzz targets' seed corpus (small valid inputs).

    python3 mkcorpus.py [DIR]        (default: corpus/ next to this file)

The files are checked in; this script is how they were made, so that they
can be read and regenerated.  Each target gets a directory of its own:

  fuzz_cpio      newc cpio archives: the trailer alone, a tree with a
                 directory, files, a symbolic link, a hard link pair, a
                 FIFO and a device, and one with "./"-style names
  fuzz_fdt       flattened device trees built here (dtc is not needed):
                 the nodes the aarch64 kernel reads on QEMU virt
  fuzz_elf       static ELF64 executables for x86-64: ET_EXEC with text
                 and data/bss segments, ET_DYN, one with PT_PHDR, one with
                 PT_INTERP; and the bad program header offsets fuzzing
                 found
  fuzz_sockaddr  an operation byte and a socket address (sockaddr_un),
                 also one byte too long and one too short
  fuzz_cmsg      an operation byte and msg_control bytes: credentials,
                 rights of the process's own descriptors (received,
                 peeked, truncated, never received) and of ones it lacks
  fuzz_ip        a mode byte and IPv4 packets or Ethernet frames with good
                 checksums (and one without): UDP to port 7 (bound) and
                 to a closed port, ICMP echo, a datagram in two
                 fragments, options, broadcast; TCP SYNs to the listener
                 with MSS, window scale, SACK-permitted and timestamps,
                 segments for no connection, segments for an established
                 one (data, out of order, FIN, RST, old timestamps, bad
                 options, a zero window); ARP requests, replies, probes,
                 a ping whose reply waits for ARP, broadcasts, runts
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- cpio newc ------------------------------------------------------------

def cpio_entry(name, mode, data=b"", ino=1, nlink=1, rdev=(0, 0)):
    nameb = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 1700000000, len(data), 0, 0,
              rdev[0], rdev[1], len(nameb), 0]
    hdr = b"070701" + b"".join(b"%08x" % v for v in fields)
    out = hdr + nameb
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def cpio(entries):
    return b"".join(entries) + cpio_entry("TRAILER!!!", 0, ino=0)


def corpus_cpio(d):
    write(d, "trailer", cpio([]))
    write(d, "tree", cpio([
        cpio_entry(".", 0o40755, ino=1),
        cpio_entry("etc", 0o40755, ino=2),
        cpio_entry("etc/motd", 0o100644, b"Welcome to Petrel\n", ino=3),
        cpio_entry("bin/sh", 0o100755, b"\x7fELF" + b"\0" * 60, ino=4),
        cpio_entry("sh", 0o120777, b"bin/sh", ino=5),
        cpio_entry("a", 0o100644, b"linked", ino=6, nlink=2),
        cpio_entry("b", 0o100644, b"linked", ino=6, nlink=2),
        cpio_entry("fifo", 0o10644, ino=7),
        cpio_entry("dev/null", 0o20666, ino=8, rdev=(1, 3)),
    ]))
    write(d, "dotnames", cpio([
        cpio_entry("./usr/", 0o40755, ino=1),
        cpio_entry("./usr//lib/./x", 0o100600, b"x" * 37, ino=2),
        cpio_entry("sock", 0o140755, ino=3),
    ]))


# ---- flattened device tree ------------------------------------------------

class DTB:
    def __init__(self):
        self.struct = b""
        self.strings = b""
        self.stroff = {}

    def _name(self, s):
        if s not in self.stroff:
            self.stroff[s] = len(self.strings)
            self.strings += s.encode() + b"\0"
        return self.stroff[s]

    def begin(self, name):
        n = name.encode() + b"\0"
        n += b"\0" * (-len(n) % 4)
        self.struct += struct.pack(">I", 1) + n

    def end(self):
        self.struct += struct.pack(">I", 2)

    def prop(self, name, value):
        if isinstance(value, str):
            value = value.encode() + b"\0"
        elif isinstance(value, list):
            value = b"".join(struct.pack(">I", v) for v in value)
        v = value + b"\0" * (-len(value) % 4)
        self.struct += struct.pack(">III", 3, len(value), self._name(name))
        self.struct += v

    def blob(self):
        st = self.struct + struct.pack(">I", 9)
        rsv = struct.pack(">QQ", 0, 0)
        off_rsv = 40
        off_struct = off_rsv + len(rsv)
        off_strings = off_struct + len(st)
        total = off_strings + len(self.strings)
        hdr = struct.pack(">10I", 0xd00dfeed, total, off_struct, off_strings,
                          off_rsv, 17, 16, 0, len(self.strings), len(st))
        return hdr + rsv + st + self.strings


def dtb_virt(ncpu=2, gic="arm,gic-v3", pci=True):
    t = DTB()
    t.begin("")
    t.prop("#address-cells", [2])
    t.prop("#size-cells", [2])
    t.prop("compatible", "linux,dummy-virt")
    t.prop("model", "linux,dummy-virt")
    t.begin("memory@40000000")
    t.prop("device_type", "memory")
    t.prop("reg", [0, 0x40000000, 0, 0x20000000])
    t.end()
    t.begin("chosen")
    t.prop("bootargs", "console=ttyAMA0 regress")
    t.prop("linux,initrd-start", [0, 0x48000000])
    t.prop("linux,initrd-end", [0, 0x48100000])
    t.end()
    t.begin("cpus")
    t.prop("#address-cells", [1])
    t.prop("#size-cells", [0])
    for i in range(ncpu):
        t.begin("cpu@%d" % i)
        t.prop("device_type", "cpu")
        t.prop("compatible", "arm,cortex-a57")
        t.prop("reg", [i])
        t.prop("enable-method", "psci")
        t.end()
    t.end()
    t.begin("psci")
    t.prop("compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci")
    t.prop("method", "hvc")
    t.end()
    t.begin("intc@8000000")
    t.prop("compatible", gic)
    t.prop("#address-cells", [2])
    t.prop("#size-cells", [2])
    t.prop("reg", [0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0xf60000])
    t.end()
    t.begin("pl011@9000000")
    t.prop("compatible", "arm,pl011\0arm,primecell")
    t.prop("reg", [0, 0x09000000, 0, 0x1000])
    t.prop("interrupts", [0, 1, 4])
    t.end()
    t.begin("timer")
    t.prop("compatible", "arm,armv8-timer\0arm,armv7-timer")
    t.prop("interrupts", [1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4])
    t.end()
    for i in range(2):
        t.begin("virtio_mmio@%x" % (0x0a000000 + 0x200 * i))
        t.prop("compatible", "virtio,mmio")
        t.prop("reg", [0, 0x0a000000 + 0x200 * i, 0, 0x200])
        t.prop("interrupts", [0, 16 + i, 1])
        t.end()
    if pci:
        t.begin("pcie@10000000")
        t.prop("compatible", "pci-host-ecam-generic")
        t.prop("device_type", "pci")
        t.prop("#address-cells", [3])
        t.prop("#size-cells", [2])
        t.prop("bus-range", [0, 0xff])
        t.prop("reg", [0x40, 0x10000000, 0, 0x10000000])
        t.prop("ranges", [0x01000000, 0, 0, 0, 0x3eff0000, 0, 0x10000,
                          0x02000000, 0, 0x10000000, 0, 0x10000000, 0,
                          0x2eff0000])
        t.prop("interrupt-map-mask", [0x1800, 0, 0, 7])
        t.prop("interrupt-map", [0, 0, 0, 1, 0x8001, 0, 0, 0, 3, 4,
                                 0x800, 0, 0, 1, 0x8001, 0, 0, 0, 4, 4])
        t.end()
    t.begin("disabled@0")
    t.prop("compatible", "virtio,mmio")
    t.prop("status", "disabled")
    t.prop("reg", [0, 0x0a001000, 0, 0x200])
    t.end()
    t.end()
    return t.blob()


def corpus_fdt(d):
    write(d, "virt", dtb_virt())
    write(d, "virt-gic2-1cpu", dtb_virt(ncpu=1, gic="arm,cortex-a15-gic",
                                        pci=False))
    t = DTB()
    t.begin("")
    t.end()
    write(d, "empty", t.blob())


# ---- ELF64 ----------------------------------------------------------------

def elf(etype=2, phdr=False, base=0x400000, interp=False):
    ehsize, phentsize = 64, 56
    phs = []
    nph = 2 + (1 if phdr else 0) + (1 if interp else 0)
    text_off = 0
    text_len = 0x1000 + 0x40
    data_off = 0x2000
    data_len = 0x100
    vbase = base if etype == 2 else 0
    if phdr:
        phs.append((6, 4, ehsize, vbase + ehsize, ehsize, nph * phentsize,
                    nph * phentsize, 8))
    if interp:
        phs.append((3, 4, 0x1000, vbase + 0x1000, 0x1000, 16, 16, 1))
    phs.append((1, 5, text_off, vbase + text_off, vbase + text_off,
                text_len, text_len, 0x1000))
    phs.append((1, 6, data_off, vbase + data_off + 0x1000,
                vbase + data_off + 0x1000, data_len, 0x3000, 0x1000))
    entry = vbase + 0x1000
    eh = struct.pack("<4sBBBBB7sHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0,
                     b"\0" * 7, etype, 62, 1, entry, ehsize, 0, 0, ehsize,
                     phentsize, nph, 64, 0, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", t, f, o, v, p, fs, ms, a)
                  for (t, f, o, v, p, fs, ms, a) in phs)
    img = bytearray(eh + ph)
    img += b"\0" * (0x1000 - len(img))
    img += b"\x90" * 0x40 + b"\xf4" + b"\0" * (0x1000 - 0x41)
    img += b"D" * data_len
    return bytes(img)


def corpus_elf(d):
    write(d, "exec", elf())
    write(d, "dyn", elf(etype=3))
    write(d, "phdr", elf(phdr=True))
    write(d, "interp", elf(interp=True))
    # Found by fuzzing (imgact_elf.c accepted both): e_phoff that wraps
    # the bounds check around to just before the header, and one that is
    # not 8-aligned.
    img = bytearray(elf())
    struct.pack_into("<Q", img, 32, (1 << 64) - 8)
    struct.pack_into("<H", img, 56, 1)
    write(d, "phoff-wrap", bytes(img))
    img = bytearray(elf())
    struct.pack_into("<Q", img, 32, 65)
    write(d, "phoff-unaligned", bytes(img))


# ---- socket addresses and control messages ---------------------------------

def sun(path, length=None):
    p = path.encode()
    n = 2 + len(p) if length is None else length
    return bytes([n & 0xff, 1]) + p


def corpus_sockaddr(d):
    # op: bits 0-1 bind/connect/sendto/bind+connect, bits 2-3 socket
    # type, 0x10 non-blocking; the rest is the address, its length the
    # length passed to the call
    write(d, "bind-new", bytes([0]) + sun("/n"))
    write(d, "bind-inuse", bytes([0]) + sun("/l"))
    write(d, "connect-l", bytes([1]) + sun("/l"))
    write(d, "connect-l-nb", bytes([1 | 0x10]) + sun("/l"))
    write(d, "connect-d", bytes([1 | 4]) + sun("/d"))
    write(d, "sendto-d", bytes([2 | 4]) + sun("/d"))
    write(d, "sendto-missing", bytes([2 | 4]) + sun("/nope/x"))
    write(d, "bind-connect", bytes([3 | 8]) + sun("/s"))
    write(d, "long", bytes([0]) + sun("/" + "p" * 103))
    write(d, "nul-inside", bytes([1]) + sun("/l\0junk"))
    # getsockaddr's bounds: one byte over SOCK_MAXADDRLEN, one under
    # the header
    write(d, "too-long", bytes([0]) + sun("/" + "q" * 254))
    write(d, "too-short", bytes([1]) + b"\x01")


def cmsg(level, ctype, data):
    hdr = struct.pack("<Iii", 16 + len(data), level, ctype)
    out = hdr + b"\0" * 4 + data        # CMSG_DATA is 8-aligned on LP64
    return out + b"\0" * (-len(out) % 8)


SOL_SOCKET, SCM_RIGHTS, SCM_CREDS = 0xffff, 1, 3


def corpus_cmsg(d):
    # op: bits 0-1 type (dgram/stream/seqpacket/dgram), 0x04 a control
    # buffer for one descriptor only, 0x08 send twice, 0x10 peek first,
    # 0x20 peek with a control buffer, 0x40 LOCAL_CREDS on the receiver,
    # 0x80 never receive (close with the message queued)
    write(d, "creds", bytes([0x00]) + cmsg(SOL_SOCKET, SCM_CREDS,
                                         b"\0" * 84))
    write(d, "creds-stream", bytes([0x01 | 0x10 | 0x20]) +
          cmsg(SOL_SOCKET, SCM_CREDS, b""))
    # Descriptors 0 and 1 are the socket pair itself: real rights.
    write(d, "rights", bytes([0x00]) + cmsg(SOL_SOCKET, SCM_RIGHTS,
                                          struct.pack("<ii", 0, 1)))
    # Peeked: the rights stay queued and must not come back.
    write(d, "rights-peek", bytes([0x10 | 0x20]) +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<ii", 0, 1)))
    # Room for one descriptor of two: the rest closed (MSG_CTRUNC).
    write(d, "rights-trunc", bytes([0x04]) +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<ii", 1, 0)))
    # The receiver's own descriptor, never received: a cycle that only
    # the garbage collector breaks.
    write(d, "rights-cycle", bytes([0x80 | 0x08]) +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<i", 1)))
    # Descriptors the process lacks: the failed send once handed the
    # numbers to unp_dispose as if they were held files (found here).
    write(d, "rights-bad", bytes([0x00]) + cmsg(SOL_SOCKET, SCM_RIGHTS,
                                              struct.pack("<ii", 7, 8)))
    write(d, "two", bytes([0x02 | 0x40]) +
          cmsg(SOL_SOCKET, SCM_CREDS, b"") +
          cmsg(SOL_SOCKET, SCM_CREDS, b"\0" * 8))
    write(d, "rights-creds", bytes([0x01 | 0x40 | 0x10 | 0x20]) +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<i", 0)) +
          cmsg(SOL_SOCKET, SCM_CREDS, b""))
    write(d, "unknown", bytes([0x00]) + cmsg(SOL_SOCKET, 99, b"abcd"))
    # Rights after credentials: the receive once externalized a control
    # mbuf only when its first message was SCM_RIGHTS, so these handed
    # the reader kernel file pointers as descriptor numbers.
    write(d, "creds-rights", bytes([0x00]) +
          cmsg(SOL_SOCKET, SCM_CREDS, b"") +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<ii", 0, 1)))
    # Two files shrink by eight bytes when they become descriptors, so
    # the credentials behind them move down over their own header.
    write(d, "rights-creds-rights", bytes([0x00]) +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<ii", 1, 0)) +
          cmsg(SOL_SOCKET, SCM_CREDS, b"") +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<iii", 0, 1, 0)))
    # ... with room for the first message only: the rest closed.
    write(d, "creds-rights-trunc", bytes([0x01 | 0x04]) +
          cmsg(SOL_SOCKET, SCM_CREDS, b"") +
          cmsg(SOL_SOCKET, SCM_RIGHTS, struct.pack("<i", 0)))


# ---- IPv4 ---------------------------------------------------------------------

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ipv4(proto, payload, src="127.0.0.1", dst="127.0.0.1", ident=1,
         off=0, mf=False, opts=b"", total=None):
    a = bytes(int(x) for x in src.split("."))
    b = bytes(int(x) for x in dst.split("."))
    hl = 20 + len(opts)
    tl = hl + len(payload) if total is None else total
    flags = (0x2000 if mf else 0) | (off // 8)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | (hl // 4), 0, tl, ident, flags,
                    64, proto, 0, a, b) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(sport, dport, data, src="127.0.0.1", dst="127.0.0.1"):
    a = bytes(int(x) for x in src.split("."))
    b = bytes(int(x) for x in dst.split("."))
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    ph = a + b + struct.pack("!BBH", 0, 17, len(u))
    c = csum(ph + u) or 0xffff
    return u[:6] + struct.pack("!H", c) + u[8:]


def icmp(t, code, rest):
    h = struct.pack("!BBH", t, code, 0) + rest
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def tcp(sport, dport, seq, ack, flags, opts=b"", data=b"",
        src="127.0.0.1", dst="127.0.0.1", win=65535):
    a = bytes(int(x) for x in src.split("."))
    b = bytes(int(x) for x in dst.split("."))
    opts += b"\0" * (-len(opts) % 4)
    off = (20 + len(opts)) // 4
    t = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags,
                    win, 0, 0) + opts + data
    ph = a + b + struct.pack("!BBH", 0, 6, len(t))
    return t[:16] + struct.pack("!H", csum(ph + t)) + t[18:]


FIN, SYN, RST, PSH, ACK, URG = 1, 2, 4, 8, 16, 32
MSS = b"\x02\x04\x05\xb4"            # MSS 1460
WSCALE = b"\x01\x03\x03\x07"         # NOP, window scale 7
SACKOK = b"\x04\x02"                   # SACK permitted


def ts(val, ecr):
    return b"\x01\x01\x08\x0a" + struct.pack("!II", val, ecr)


def ether(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def arp(op, sha, spa, tha, tpa):
    def ip4(s):
        return bytes(int(x) for x in s.split("."))
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + sha + ip4(spa) + \
        tha + ip4(tpa)


FZ_MAC = bytes([0x52, 0x54, 0, 0x12, 0x34, 0x56])     # fuzz_ip.c's fz0
PEER_MAC = bytes([0x52, 0x54, 0, 0x12, 0x34, 0x02])   # the host 10.0.2.2
BCAST = b"\xff" * 6


def frames(*fs):
    return b"".join(struct.pack("!H", len(f)) + f for f in fs)


def corpus_ip(d):
    # The first byte: mode 0 IPv4 on lo0, 1 Ethernet frames on fz0
    # (each a 2-byte length and the frame), 2 IPv4 on fz0 from 10.0.2.2,
    # 3 a TCP segment for a connection fuzz_ip.c has just made (numbers
    # relative to it); 0xf0 and above: checksums left as they are.
    lo, eth, fz0, est = 0, 1, 2, 3
    write(d, "udp-echo", bytes([lo]) + ipv4(17, udp(1234, 7,
                                                    b"hello, petrel")))
    write(d, "udp-closed", bytes([lo]) + ipv4(17, udp(1234, 9999,
                                                      b"nobody")))
    write(d, "icmp-echo", bytes([lo]) + ipv4(1, icmp(
        8, 0, struct.pack("!HH", 1, 1) + b"ping" * 4)))
    u = udp(1, 7, b"F" * 40)
    write(d, "frag-first", bytes([lo]) + ipv4(17, u[:24], ident=7,
                                              mf=True))
    write(d, "frag-last", bytes([lo]) + ipv4(17, u[24:], ident=7, off=24))
    write(d, "options", bytes([lo]) + ipv4(17, udp(5, 7, b"opt"),
                                           opts=bytes([1, 1, 7, 7, 4, 0, 0,
                                                       0])[:8]))
    write(d, "broadcast", bytes([lo]) + ipv4(17, udp(5, 7, b"all"),
                                             dst="255.255.255.255"))
    # A bad checksum on purpose (left as it is).
    bad = bytearray(ipv4(17, udp(1234, 7, b"bad sum")))
    bad[-1] ^= 0x55
    write(d, "udp-badsum", bytes([0xf0 | lo]) + bytes(bad))

    # TCP on lo0: SYNs to the listener on port 80 with every option,
    # a SYN to a closed port, a lone ACK and a RST for no connection.
    write(d, "tcp-syn", bytes([lo]) + ipv4(6, tcp(
        1234, 80, 1000, 0, SYN, MSS + WSCALE + SACKOK + ts(1, 0))))
    write(d, "tcp-syn-mss", bytes([lo]) + ipv4(6, tcp(
        1235, 80, 7, 0, SYN, b"\x02\x04\x00\x01")))
    write(d, "tcp-syn-closed", bytes([lo]) + ipv4(6, tcp(
        1236, 81, 1, 0, SYN, MSS)))
    write(d, "tcp-ack-nobody", bytes([lo]) + ipv4(6, tcp(
        1237, 80, 5, 6, ACK)))
    write(d, "tcp-rst-nobody", bytes([lo]) + ipv4(6, tcp(
        1238, 80, 5, 0, RST)))
    write(d, "tcp-synfin", bytes([lo]) + ipv4(6, tcp(
        1239, 80, 5, 0, SYN | FIN | URG | PSH)))

    # TCP for an established connection (phantom 127.0.0.1:4000 to :80):
    # seq/ack are offsets from the connection's next numbers, the
    # timestamp's from the peer's first and the server's last.
    def est_seg(seq, ack, flags, opts=b"", data=b""):
        return bytes([est]) + ipv4(6, tcp(4000, 80, seq, ack, flags,
                                          opts, data))
    write(d, "est-data", est_seg(0, 0, ACK | PSH, ts(1, 0), b"GET /\r\n"))
    write(d, "est-ooo", est_seg(100, 0, ACK, ts(1, 0), b"later" * 20))
    write(d, "est-fin", est_seg(0, 0, ACK | FIN, ts(1, 0), b"bye"))
    write(d, "est-rst", est_seg(0, 0, RST))
    write(d, "est-rst-out", est_seg(0x40000000, 0, RST))
    write(d, "est-old-ts", est_seg(0, 0, ACK, ts(0xffff0000, 0), b"old"))
    write(d, "est-ack-future", est_seg(0, 1000, ACK, ts(1, 0)))
    write(d, "est-syn", est_seg(0, 0, SYN, MSS + ts(1, 0)))
    write(d, "est-urg", est_seg(0, 0, ACK | URG, ts(1, 0), b"!"))
    write(d, "est-opts-bad", est_seg(0, 0, ACK, b"\x08\x0a\x00\x00" +
                                     b"\x02\x09\x01\x01\x01\x01\x01\x01",
                                     b"x"))
    write(d, "est-win0", bytes([est]) + ipv4(6, tcp(4000, 80, 0, 0, ACK,
                                                   ts(1, 0), win=0)))

    # Ethernet and ARP on fz0 (10.0.2.15, 52:54:00:12:34:56).
    req = arp(1, PEER_MAC, "10.0.2.2", b"\0" * 6, "10.0.2.15")
    write(d, "arp-request", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0806, req)))
    write(d, "arp-reply-unasked", bytes([eth]) + frames(
        ether(FZ_MAC, PEER_MAC, 0x0806,
              arp(2, PEER_MAC, "10.0.2.2", FZ_MAC, "10.0.2.15"))))
    write(d, "arp-probe", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0806,
              arp(1, PEER_MAC, "0.0.0.0", b"\0" * 6, "10.0.2.15"))))
    write(d, "arp-dupip", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0806,
              arp(1, PEER_MAC, "10.0.2.15", b"\0" * 6, "10.0.2.15"))))
    write(d, "arp-other", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0806,
              arp(1, PEER_MAC, "10.0.2.3", b"\0" * 6, "10.0.2.99"))))
    # A ping from 10.0.2.2: the reply waits for ARP, whose answer then
    # releases it.
    ping = ipv4(1, icmp(8, 0, struct.pack("!HH", 2, 1) + b"eth!" * 4),
                src="10.0.2.2", dst="10.0.2.15")
    write(d, "eth-ping-then-arp", bytes([eth]) + frames(
        ether(FZ_MAC, PEER_MAC, 0x0800, ping),
        ether(FZ_MAC, PEER_MAC, 0x0806,
              arp(2, PEER_MAC, "10.0.2.2", FZ_MAC, "10.0.2.15"))))
    write(d, "eth-arp-then-udp", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0806, req),
        ether(FZ_MAC, PEER_MAC, 0x0800,
              ipv4(17, udp(5353, 7, b"to seven"), src="10.0.2.2",
                   dst="10.0.2.15"))))
    write(d, "eth-bcast-udp", bytes([eth]) + frames(
        ether(BCAST, PEER_MAC, 0x0800,
              ipv4(17, udp(68, 67, b"dhcp?"), src="10.0.2.2",
                   dst="10.0.2.255"))))
    write(d, "eth-notours", bytes([eth]) + frames(
        ether(PEER_MAC, FZ_MAC, 0x0800, ping)))
    write(d, "eth-unknown-type", bytes([eth]) + frames(
        ether(FZ_MAC, PEER_MAC, 0x86dd, b"\x60" + b"\0" * 39)))
    write(d, "eth-runt", bytes([eth]) + frames(b"\xff" * 10))
    # IPv4 on fz0: a SYN from the network (its SYN-ACK waits for ARP),
    # a ping, a UDP datagram to a closed port (ICMP unreachable back).
    write(d, "fz0-syn", bytes([fz0]) + ipv4(6, tcp(
        5555, 80, 77, 0, SYN, MSS + WSCALE + SACKOK + ts(9, 0),
        src="10.0.2.2", dst="10.0.2.15"), src="10.0.2.2", dst="10.0.2.15"))
    write(d, "fz0-ping", bytes([fz0]) + ping)
    write(d, "fz0-udp-closed", bytes([fz0]) + ipv4(
        17, udp(9, 999, b"x", src="10.0.2.2", dst="10.0.2.15"),
        src="10.0.2.2", dst="10.0.2.15"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    corpus_cpio(os.path.join(out, "fuzz_cpio"))
    corpus_fdt(os.path.join(out, "fuzz_fdt"))
    corpus_elf(os.path.join(out, "fuzz_elf"))
    corpus_sockaddr(os.path.join(out, "fuzz_sockaddr"))
    corpus_cmsg(os.path.join(out, "fuzz_cmsg"))
    corpus_ip(os.path.join(out, "fuzz_ip"))


if __name__ == "__main__":
    main()
