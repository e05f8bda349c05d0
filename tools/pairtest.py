#!/usr/bin/env python3
"""Two Petrel guests talk TCP through a lossy host-side relay.

One run of this script is one pair boot of one machine:

  - tools/relay.py's Relay listens on two host UDP ports; each guest is
    booted like a regress boot (tools/vmtest.py builds the QEMU command)
    with one NIC on `-netdev socket,udp=RELAY,localaddr=GUEST`, so every
    Ethernet frame either guest sends goes to the relay, which forwards it
    to the other guest after dropping, duplicating and reordering a
    seeded share of frames (--drop, --dup, --reorder; 5% each by
    default).  The NICs have distinct MAC addresses;
  - each guest's /extra holds tools/pair/pairpeer.c, built with the Petrel
    cross compiler, and a run script: guest A sets 10.9.0.1/24 with
    ifconfig and serves (`pairpeer server`), guest B sets 10.9.0.2/24 and
    connects (`pairpeer client`), retrying while A is not up yet;
  - over the one connection both send --mib MiB (default 4) at the same
    time, each a different deterministic stream, and each receiver checks
    every byte against the stream it expects and prints its count and
    SHA-256;
  - the host judges both consoles: the addresses ifconfig shows, the
    connection, both transfers exact with the SHA-256 the host computes
    for each stream, both pairpeers exiting 0, the relay having dropped,
    duplicated and reordered frames in both directions (a relay that did
    nothing proves nothing), both /extra/run exit statuses 0, both guests
    halted with status 0 (and QEMU's exit status agreeing), no panic.

Every check is a TAP line; the last line is "N passed, N failed" for
build.sh to add up; the exit status is 0 only if nothing failed.  Logs:
obj/log/pair.<arch>.<nic>.a.log and .b.log (console of each guest; the
relay's counts at the end of the A log), TAP: obj/regress/pair.<arch>.<nic>.tap.
"""
import argparse
import hashlib
import os
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostnet  # noqa: E402
import relay  # noqa: E402
import vmtest  # noqa: E402

TOP = vmtest.TOP
PORT = 5001
NET = "10.9.0"
GUESTS = {
    # side: (address, MAC, role)
    "a": (NET + ".1", "52:54:00:09:00:01", "server"),
    "b": (NET + ".2", "52:54:00:09:00:02", "client"),
}
STREAM_C2S = 1          # pairpeer.c's stream numbers
STREAM_S2C = 2


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    vmtest.add_guest_args(ap)
    ap.add_argument("--nic", choices=["e1000", "virtio", "virtio-mmio"],
                    help="NIC kind of both guests (default: virtio on "
                    "amd64, virtio-mmio on aarch64)")
    ap.add_argument("--timeout", type=float, default=400,
                    help="seconds for the whole run")
    ap.add_argument("--mib", type=float, default=4,
                    help="MiB each way (default 4)")
    ap.add_argument("--seed", default="12",
                    help="the relay's random seed (default 12)")
    ap.add_argument("--drop", type=float, default=0.05,
                    help="share of frames the relay drops (default 0.05)")
    ap.add_argument("--dup", type=float, default=0.05,
                    help="share of frames it sends twice (default 0.05)")
    ap.add_argument("--reorder", type=float, default=0.05,
                    help="share of frames it holds back behind the next "
                    "(default 0.05)")
    ap.add_argument("--sysctl", action="append", default=[],
                    metavar="NAME=VALUE",
                    help="set in both guests before the transfer (e.g. "
                    "net.inet.tcp.sack.enable=0 to compare); repeatable")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.release is None:
        a.release = os.path.join(a.objdir, "release")
    if a.nic is None:
        a.nic = "virtio" if a.machine == "amd64" else "virtio-mmio"
    if a.machine == "amd64" and a.nic == "virtio-mmio":
        vmtest.die("--nic virtio-mmio: amd64 (q35) has no virtio-mmio bus")
    if int(a.mib * 1024 * 1024) % 8:
        vmtest.die("--mib must come to a multiple of 8 bytes")
    for p in (a.drop, a.dup, a.reorder):
        if not 0 <= p < 1:
            vmtest.die("--drop, --dup, --reorder are shares in [0, 1)")
    return a


# -- the streams ---------------------------------------------------------------

M64 = (1 << 64) - 1


def stream_sha256(s, nbytes):
    """SHA-256 of nbytes (a multiple of 8) of pairpeer.c's stream s: the
    little-endian words mix(s << 56 ^ i), mix being SplitMix64's
    finalizer."""
    h = hashlib.sha256()
    words = nbytes // 8
    base = s << 56
    for start in range(0, words, 8192):
        ws = []
        for i in range(start, min(words, start + 8192)):
            z = base ^ i
            z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
            ws.append(z ^ (z >> 31))
        h.update(struct.pack("<%dQ" % len(ws), *ws))
    return h.hexdigest()


# -- the guests ------------------------------------------------------------------

def build_pairpeer(a, work):
    triple = {"amd64": "x86_64-petrel", "aarch64": "aarch64-petrel"}[a.machine]
    cc = os.path.join(a.objdir, "tools", "bin", triple + "-cc")
    if not os.path.exists(cc):
        vmtest.die("%s does not exist (run ./build.sh tools)" % cc)
    out = os.path.join(work, "pairpeer")
    subprocess.check_call([cc, "-O2", "-Wall", "-o", out,
                           os.path.join(TOP, "tools", "pair", "pairpeer.c")])
    return out


def make_extra(a, work, side, peer_bin, nbytes):
    """Guest side's /extra: pairpeer and its run script."""
    extra = os.path.join(work, "extra." + side)
    os.makedirs(extra, exist_ok=True)
    with open(peer_bin, "rb") as f, \
            open(os.path.join(extra, "pairpeer"), "wb") as g:
        g.write(f.read())
    os.chmod(os.path.join(extra, "pairpeer"), 0o755)
    addr, _, role = GUESTS[side]
    ifn = hostnet.ifname(a.nic)
    if role == "server":
        cmd = "./pairpeer server %d %d" % (PORT, nbytes)
    else:
        cmd = "./pairpeer client %s %d %d" % (GUESTS["a"][0], PORT, nbytes)
    lines = [
        "#!/bin/sh",
        "# Written by tools/pairtest.py: guest %s (%s) of one pair boot."
        % (side.upper(), role),
        "IF=%s" % ifn,
        "/sbin/ifconfig $IF inet %s netmask 255.255.255.0 up" % addr,
        "echo \"pair: ifconfig exit status $?\"",
        "/sbin/ifconfig $IF",
    ] + ["/sbin/sysctl %s" % kv for kv in a.sysctl] + [
        "echo \"pair: config done\"",
        cmd,
        "st=$?",
        "echo \"pair: pairpeer exit status $st\"",
        # For the log: checksum offload and TCP recovery at work.
        "/sbin/sysctl hw.nic.stats",
        "/usr/bin/netstat -s -p tcp",
        "exit $st",
    ]
    run = os.path.join(extra, "run")
    with open(run, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(run, 0o755)
    return extra


class PairRun(vmtest.Run):
    """vmtest's boot, with one NIC whose frames go to the relay."""

    def __init__(self, va, netdev, mac):
        self.netdev = netdev
        self.mac = mac
        super().__init__(va)

    def nic_args(self):
        dev = self.nic_devices()[0]
        args = []
        if dev == "virtio-net-device":
            args += ["-global", "virtio-mmio.force-legacy=false"]
        return args + ["-netdev", self.netdev,
                       "-device", "%s,netdev=net0,mac=%s" % (dev, self.mac)]


class Guest:
    """One booted guest: its QEMU, its console, its log."""

    def __init__(self, a, side, rl, extra, base):
        self.side = side
        self.addr, mac, self.role = GUESTS[side]
        self.name = "%s.%s" % (base, side)
        va = hostnet.vm_args(a, extra, self.name)
        self.run = PairRun(va, rl.netdev(side, "net0"), mac)
        self.run.work = os.path.join(a.objdir, "regress", self.name)
        os.makedirs(self.run.work, exist_ok=True)
        self.run.log = os.path.join(a.objdir, "log", self.name + ".log")
        root = self.run.make_root()
        self.cmd = self.run.qemu_cmd(root, ["-serial", "stdio",
                                            "-monitor", "none"])
        self.logf = open(self.run.log, "w")
        self.logf.write("# %s\n# %s\n" % (self.name, " ".join(self.cmd)))
        self.quiet = a.quiet
        self.proc = None
        self.con = None

    def start(self):
        if not self.quiet:
            vmtest.say("pairtest: %s: %s" % (self.name, " ".join(self.cmd)))
        self.errf = open(os.path.join(self.run.work, "emulator.err"), "wb")
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=self.errf,
                                     start_new_session=True)
        self.con = hostnet.Console(self.proc, self.logf, self.quiet,
                                   "  %s| " % self.side.upper())

    def finish(self):
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            vmtest.kill(self.proc)
        self.errf.close()
        return self.proc.returncode


# -- judging ---------------------------------------------------------------------

def check_config(tap, g, ifn):
    st = g.con.wait_for(r"^pair: ifconfig exit status", 120)
    tap.ok(st == "pair: ifconfig exit status 0",
           "guest %s: ifconfig %s inet %s/24 exits 0"
           % (g.side.upper(), ifn, g.addr), st)
    g.con.wait_for(r"^pair: config done$", 30)
    inet = g.con.find(r"^\tinet ")
    want = "\tinet %s netmask 0xffffff00 broadcast %s.255" % (g.addr, NET)
    tap.ok(inet == [want], "guest %s: ifconfig %s shows%s"
           % (g.side.upper(), ifn, want.replace("\t", " ")), inet)


def check_transfer(tap, a, ga, gb, nbytes, deadline):
    """The connection and both directions; returns the transfer time."""
    ready = ga.con.wait_for(r"^pairpeer: server (listening|:)", 120)
    tap.ok(ready == "pairpeer: server listening on port %d" % PORT,
           "guest A: pairpeer server listening on port %d" % PORT, ready)
    conn = gb.con.wait_for(r"^pairpeer: client (connected|:)", 120)
    t0 = time.monotonic()
    tap.ok(conn is not None and conn.startswith(
        "pairpeer: client connected to %s:%d" % (ga.addr, PORT)),
        "guest B: pairpeer client connects to %s:%d through the relay"
        % (ga.addr, PORT), conn)
    acc = ga.con.wait_for(r"^pairpeer: server accepted", 60)
    tap.ok(acc is not None and acc.startswith(
        "pairpeer: server accepted %s:" % gb.addr),
        "guest A: accepts the connection from %s" % gb.addr, acc)
    want = {"server": stream_sha256(STREAM_C2S, nbytes),
            "client": stream_sha256(STREAM_S2C, nbytes)}
    took = None
    for g in (ga, gb):
        left = max(deadline - time.monotonic(), 1)
        got = g.con.wait_for(r"^pairpeer: %s (received|timed out)"
                             % g.role, left)
        if got is not None and took is None:
            took = time.monotonic() - t0
        elif got is not None:
            took = max(took, time.monotonic() - t0)
        line = "pairpeer: %s received %d bytes, exact, sha256 %s" % (
            g.role, nbytes, want[g.role])
        frm = gb if g is ga else ga
        tap.ok(got == line, "guest %s received %d bytes from %s, every "
               "byte exact, SHA-256 %s" % (g.side.upper(), nbytes,
                                          frm.addr, want[g.role][:16]),
               "\n".join(g.con.find(r"^pairpeer: ")))
        sent = frm.con.wait_for(r"^pairpeer: %s (sent|:)" % frm.role, 30)
        tap.ok(sent == "pairpeer: %s sent %d bytes" % (frm.role, nbytes),
               "guest %s sent %d bytes and shut down for writing"
               % (frm.side.upper(), nbytes), sent)
    for g in (ga, gb):
        st = g.con.wait_for(r"^pair: pairpeer exit status", 60)
        tap.ok(st == "pair: pairpeer exit status 0",
               "guest %s: pairpeer %s exits 0" % (g.side.upper(), g.role), st)
    return took


def check_relay(tap, rl, a):
    per, total = rl.counts()
    for d in ("a>b", "b>a"):
        c = per[d]
        tap.ok(c["dropped"] > 0 and c["duplicated"] > 0 and
               c["reordered"] > 0,
               "relay %s: of %d frames dropped %d, duplicated %d, "
               "reordered %d (each > 0)" % (d.replace(">", " to "),
                                          c["frames"], c["dropped"],
                                          c["duplicated"], c["reordered"]))
    tap.ok(total["ignored"] == 0, "relay: no datagram from a stranger",
           "%d ignored" % total["ignored"])


def check_end(tap, g, machine, rc, halt):
    st = g.con.find(r"^regress: /extra/run exit status")
    tap.ok(st == ["regress: /extra/run exit status 0"],
           "guest %s: /extra/run exit status 0" % g.side.upper(), st)
    m = vmtest.HALT_RE.search(halt or "")
    want = 1 if machine == "amd64" else 0     # isa-debug-exit: (0 << 1) | 1
    tap.ok(m and m.group(1) == "0" and rc == want,
           "guest %s halted with status 0 (QEMU exit status %d)"
           % (g.side.upper(), want), "%s; QEMU exit status %s" % (halt, rc))
    tap.ok(g.con.panic is None, "guest %s: no kernel panic" % g.side.upper(),
           g.con.panic)


# -- one pair boot ---------------------------------------------------------------

def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((relay.HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    a = parse_args()
    base = "pair.%s.%s" % (a.machine, a.nic)
    work = os.path.join(a.objdir, "regress", base)
    os.makedirs(work, exist_ok=True)
    os.makedirs(os.path.join(a.objdir, "log"), exist_ok=True)
    tap = hostnet.Tap(a.quiet)
    nbytes = int(a.mib * 1024 * 1024)
    peer = build_pairpeer(a, work)

    # The guests' ports are picked free here and bound by QEMU a moment
    # later; nothing else on the host binds 127.0.0.1 ports that quickly.
    ga_port = free_udp_port()
    gb_port = free_udp_port()
    while gb_port == ga_port:
        gb_port = free_udp_port()
    rl = relay.Relay(seed=a.seed, drop=a.drop, dup=a.dup, reorder=a.reorder,
                     guest_a=ga_port, guest_b=gb_port)
    guests = [Guest(a, side, rl, make_extra(a, work, side, peer, nbytes),
                    base) for side in ("a", "b")]
    ga, gb = guests
    t0 = time.monotonic()
    deadline = t0 + a.timeout
    rl.start()
    for g in guests:
        g.start()
    took = None
    halts = [None, None]
    try:
        for g in guests:
            check_config(tap, g, hostnet.ifname(a.nic))
        took = check_transfer(tap, a, ga, gb, nbytes, deadline)
        halts = [g.con.wait_for(vmtest.HALT_RE.pattern,
                                max(deadline - time.monotonic(), 1))
                 for g in guests]
    finally:
        rcs = [g.finish() for g in guests]
        rl.stop()
    check_relay(tap, rl, a)
    for g, rc, halt in zip(guests, rcs, halts):
        check_end(tap, g, a.machine, rc, halt)
    elapsed = time.monotonic() - t0
    summary = "relay (seed %s, drop %g, dup %g, reorder %g): %s" % (
        a.seed, a.drop, a.dup, a.reorder, rl.summary())
    ga.logf.write("# %s\n" % summary)
    for g in guests:
        g.logf.close()

    tapfile = os.path.join(a.objdir, "regress", base + ".tap")
    with open(tapfile, "w") as f:
        f.write("TAP version 13\n1..%d\n" % len(tap.results))
        for i, (ok, n) in enumerate(tap.results, 1):
            f.write("%s %d - %s\n" % ("ok" if ok else "not ok", i, n))
    vmtest.say("pairtest: " + summary)
    if took is not None:
        vmtest.say("pairtest: %d bytes each way in %.1f s (%.2f MB/s each "
                   "way)" % (nbytes, took, nbytes / took / 1e6))
    failed = tap.failed()
    if failed:
        vmtest.say("pairtest: %s FAILED after %.1fs (logs: %s)" % (
            base, elapsed, ", ".join(g.run.log for g in guests)))
        for g in guests:
            vmtest.say("pairtest: last console lines of guest %s:"
                       % g.side.upper())
            for ln in g.con.lines[-20:]:
                vmtest.say("  %s| %s" % (g.side.upper(), ln))
    else:
        vmtest.say("pairtest: %s passed in %.1fs (logs: %s)" % (
            base, elapsed, ", ".join(g.run.log for g in guests)))
    vmtest.say("%d passed, %d failed" % (len(tap.results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
