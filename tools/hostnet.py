#!/usr/bin/env python3
"""Interop with a real host stack: boot Petrel on QEMU user networking
and talk to it from the host with Python sockets.

One boot (one machine, one NIC kind) is one run of this script.  The
guest is booted like a regress boot (tools/vmtest.py builds the QEMU
command) with an /extra directory holding tools/hostnet/hnserve.c built
with the Petrel cross compiler and a run script (init runs /extra/run;
no regress suite), and two NICs of the kind asked for:

  - NIC 0 (MAC 52:54:00:12:34:56) on `-netdev user,restrict=on`, the
    guest restricted to the host, carrying hostfwd=tcp:127.0.0.1:T-:5001
    and guestfwd=tcp:10.0.2.100:5002-tcp:127.0.0.1:G.  What works there,
    checked exactly (libslirp's restricted mode): DHCP, whose server
    then offers no router and no name server (so the guest has no
    default route and no /etc/resolv.conf); ICMP echo to slirp's own
    10.0.2.2 and 10.0.2.3, which slirp answers itself; TCP through
    hostfwd and guestfwd.  What does not, checked too, so that a boot
    that lost its restriction fails: a TCP connect to any other port of
    10.0.2.2 (slirp resets it, even with a host server listening on
    127.0.0.1 there) and a UDP datagram to 10.0.2.2 (slirp drops every
    UDP datagram from the guest but DHCP and TFTP, hostfwd replies
    included, so no UDP test can pass on this NIC);
  - NIC 1 (MAC 52:54:00:12:34:57) on an unrestricted `-netdev user` with
    net=10.0.3.0/24 and hostfwd=udp:127.0.0.1:U-:7, for UDP: DHCP with
    router 10.0.3.2 and name server 10.0.3.3, then the UDP server.
    --no-udp leaves this NIC (and the UDP part) out.

The run script finds which interface is which by MAC (on aarch64's
virtio-mmio the first NIC attaches as vtnet1, not vtnet0), runs
/sbin/dhclient on NIC 0 and shows the lease, ifconfig, the default route
and /etc/resolv.conf; pings 10.0.2.2 and 10.0.2.3; sends the two probes
to 10.0.2.2 with nc; runs dhclient on NIC 1 and shows the same; then
serves UDP on port 7, TCP on port 5001, and connects out through
guestfwd.  The host judges the console (DHCPACK from 10.0.2.2, bound to
exactly 10.0.2.15 with netmask 255.255.255.0 and no router or name
server; 10.0.3.15/24 with router 10.0.3.2 and name server 10.0.3.3 on NIC
1; the pings answered; the TCP probe refused) and then talks to the
guest:

  - UDP through NIC 1's hostfwd: an echo of exact bytes, --udp-mib MiB
    put into the guest and the same taken out of it, each checked with
    SHA-256 (a request/response protocol with retransmission, since UDP
    through slirp may drop);
  - TCP through NIC 0 (on unless HOSTNET_TCP=0 in the environment, or
    --no-tcp): --tcp-mib MiB (default 64) each way through hostfwd tcp
    to the guest's server with matching SHA-256, and the guest
    connecting out through guestfwd to a host server; a missing or
    broken TCP FAILS the run.

Every check is a TAP line; the boot itself must also end well (no panic,
/extra/run exit status 0, the guest halted with status 0).  The last
line is "N passed, N failed" for build.sh to add up; the exit status is
0 only if nothing failed.  Log: obj/log/hostnet.<arch>.<nic>.log.
"""
import argparse
import hashlib
import os
import queue
import re
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmtest  # noqa: E402

TOP = vmtest.TOP
TCP_SWITCH = "HOSTNET_TCP"
GUESTFWD_ADDR = "10.0.2.100"
UDP_GUEST_PORT = 7
TCP_GUEST_PORT = 5001
GUESTFWD_PORT = 5002
UDP_BLOCK = 1024          # payload bytes per put/get datagram
UDP_WINDOW = 16           # datagrams in flight


class Net:
    """One of the guest's two user networks, as slirp lays it out: the
    guest leases .15, slirp's host is .2 and its name server .3.  ifn is
    the guest's name for the NIC, learnt from the console."""

    def __init__(self, tag, prefix, restricted, mac):
        self.tag = tag                  # "restricted" or "open": markers
        self.prefix = prefix            # "10.0.2"
        self.addr = prefix + ".15"
        self.gw = prefix + ".2"
        self.ns = prefix + ".3"
        self.restricted = restricted
        self.mac = mac
        self.ifn = None


def nets(a):
    """NIC 0 restricted to the host (DHCP, ping, TCP); NIC 1 unless
    --no-udp: unrestricted on another subnet, for UDP."""
    out = [Net("restricted", "10.0.2", True, "52:54:00:12:34:56")]
    if a.udp:
        out.append(Net("open", "10.0.3", False, "52:54:00:12:34:57"))
    return out


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    vmtest.add_guest_args(ap)
    ap.add_argument("--nic", default="e1000",
                    choices=["e1000", "virtio", "virtio-mmio"])
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds for the whole boot")
    ap.add_argument("--udp-mib", type=float, default=16,
                    help="MiB each way over UDP (default 16)")
    ap.add_argument("--tcp", action="store_true", default=True,
                    help="the TCP part (the default)")
    ap.add_argument("--no-tcp", dest="tcp", action="store_false",
                    help="leave the TCP part out (same as %s=0)" % TCP_SWITCH)
    ap.add_argument("--tcp-mib", type=float, default=64,
                    help="MiB each way over TCP (default 64)")
    ap.add_argument("--no-udp", dest="udp", action="store_false",
                    help="leave out NIC 1 (unrestricted, 10.0.3.0/24) and "
                    "the UDP part: one restricted NIC")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.release is None:
        a.release = os.path.join(a.objdir, "release")
    if os.environ.get(TCP_SWITCH, "") == "0":
        a.tcp = False
    if a.machine == "amd64" and a.nic == "virtio-mmio":
        vmtest.die("--nic virtio-mmio: amd64 (q35) has no virtio-mmio bus")
    return a


# -- the stream both sides generate ------------------------------------------

def stream(off, n):
    """n bytes of SHA-256("petrel" || k, 8 bytes LE) for k = 0, 1, ..."""
    out = bytearray()
    k, skip = divmod(off, 32)
    while len(out) < n + skip:
        out += hashlib.sha256(b"petrel" + struct.pack("<Q", k)).digest()
        k += 1
    return bytes(out[skip:skip + n])


# -- TAP -------------------------------------------------------------------

class Tap:
    def __init__(self, quiet):
        self.results = []
        self.quiet = quiet

    def ok(self, cond, name, diag=None):
        self.results.append((bool(cond), name))
        line = "%s %d - %s" % ("ok" if cond else "not ok",
                               len(self.results), name)
        if not cond or not self.quiet:
            vmtest.say(line)
        if not cond and diag:
            for d in str(diag).splitlines():
                vmtest.say("# " + d)
        return bool(cond)

    def failed(self):
        return sum(1 for ok, _ in self.results if not ok)


# -- the console -------------------------------------------------------------

class Console:
    """Console lines from QEMU's stdout, logged, waitable by pattern."""

    def __init__(self, proc, logf, quiet, prefix="  | "):
        self.prefix = prefix
        self.lines = []
        self.cv = threading.Condition()
        self.eof = False
        self.logf = logf
        self.quiet = quiet
        self.t0 = time.monotonic()
        self.panic = None
        t = threading.Thread(target=self._read, args=(proc.stdout,),
                             daemon=True)
        t.start()

    def _read(self, stream_):
        q = queue.Queue()
        t = threading.Thread(target=vmtest.reader_thread, args=(stream_, q),
                             daemon=True)
        t.start()
        while True:
            ln = q.get()
            with self.cv:
                if ln is None:
                    self.eof = True
                    self.cv.notify_all()
                    return
                text = vmtest.ANSI_RE.sub("", ln.rstrip("\r\n")).replace(
                    "\r", "")
                self.lines.append(text)
                self.logf.write("[%8.3f] %s\n"
                                % (time.monotonic() - self.t0, text))
                self.logf.flush()
                if vmtest.PANIC_RE.match(text) and self.panic is None:
                    self.panic = text.strip()
                self.cv.notify_all()
            if not self.quiet:
                vmtest.say(self.prefix + text)

    def wait_for(self, pattern, timeout, start=0):
        """The first line at or after index start matching pattern (a
        regex), or None at the timeout, at EOF or after a panic."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cv:
            i = start
            while True:
                while i < len(self.lines):
                    if rx.search(self.lines[i]):
                        return self.lines[i]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self.eof or self.panic:
                    return None
                self.cv.wait(min(left, 0.5))

    def find(self, pattern):
        rx = re.compile(pattern)
        with self.cv:
            return [ln for ln in self.lines if rx.search(ln)]


# -- the guest's half ----------------------------------------------------------

def ifname(nic, unit=0):
    prefix = {"e1000": "em", "virtio": "vtnet", "virtio-mmio": "vtnet"}[nic]
    return "%s%d" % (prefix, unit)


def config_lines(net, var):
    """Run-script lines: dhclient on the NIC named by shell variable var,
    then what it configured, between "hostnet: <tag> ..." markers."""
    t, ifv = net.tag, "$" + var
    return [
        "echo \"hostnet: %s dhclient\"" % t,
        "/sbin/dhclient -1 -t 60 %s" % ifv,
        "echo \"hostnet: %s dhclient exit status $?\"" % t,
        "echo \"hostnet: %s lease\"" % t,
        "cat /var/db/dhclient.leases.%s" % ifv,
        "echo \"hostnet: %s ifconfig\"" % t,
        "/sbin/ifconfig %s" % ifv,
        "echo \"hostnet: %s route\"" % t,
        "/sbin/route get default",
        "/sbin/route get %s" % net.gw,
        "echo \"hostnet: %s resolv.conf\"" % t,
        "cat /etc/resolv.conf",
        "echo \"hostnet: %s config done\"" % t,
    ]


def traced(label, cmd):
    """Run-script lines: cmd between "hostnet: LABEL" and "hostnet: LABEL
    exit status N" (see command())."""
    return ["echo \"hostnet: %s\"" % label, cmd,
            "echo \"hostnet: %s exit status $?\"" % label]


def make_extra(a, work, nl, probe):
    """The /extra directory: hnserve for the guest and the run script."""
    extra = os.path.join(work, "extra")
    os.makedirs(extra, exist_ok=True)
    triple = {"amd64": "x86_64-petrel", "aarch64": "aarch64-petrel"}[a.machine]
    cc = os.path.join(a.objdir, "tools", "bin", triple + "-cc")
    if not os.path.exists(cc):
        vmtest.die("%s does not exist (run ./build.sh tools)" % cc)
    subprocess.check_call([cc, "-O2", "-Wall", "-o",
                           os.path.join(extra, "hnserve"),
                           os.path.join(TOP, "tools", "hostnet", "hnserve.c")])
    nbytes = int(a.tcp_mib * 1024 * 1024)
    rnet = nl[0]
    cands = " ".join(ifname(a.nic, i) for i in range(len(nl)))
    lines = [
        "#!/bin/sh",
        "# Written by tools/hostnet.py: the guest half of one interop boot.",
        "# Which interface is on which network: by the MACs QEMU was given.",
        "R=none",
        "O=none",
        "for i in %s; do" % cands,
    ]
    for net, var in zip(nl, "RO"):
        lines.append("\t/sbin/ifconfig $i 2>/dev/null | grep -q 'ether %s' "
                     "&& %s=$i" % (net.mac, var))
    lines += ["done",
              "echo \"hostnet: interfaces restricted $R open $O\""]
    lines += config_lines(rnet, "R")
    # One second apart: ARP holds one packet while it resolves.
    lines += traced("ping %s" % rnet.gw, "/sbin/ping -c 3 %s" % rnet.gw)
    lines += traced("ping %s" % rnet.ns, "/sbin/ping -c 3 %s" % rnet.ns)
    # Past the restriction: both must come to nothing on the host.
    lines += traced("tcp probe", "/usr/bin/nc -v -z -w 10 %s %d 2>&1"
                    % (rnet.gw, probe["tcp"]))
    # No -w: nc sends the datagram and is done; the host looks for it
    # at the end of the boot.
    lines += traced("udp probe", "echo hostnet-probe | /usr/bin/nc -u "
                    "%s %d 2>&1" % (rnet.gw, probe["udp"]))
    if a.udp:
        lines += config_lines(nl[1], "O")
        lines += ["./hnserve udp %d" % UDP_GUEST_PORT,
                  "echo \"hostnet: udp server exit status $?\""]
    if a.tcp:
        lines += [
            "./hnserve tcp %d" % TCP_GUEST_PORT,
            "echo \"hostnet: tcp server exit status $?\"",
            "./hnserve connect %s %d %d" % (GUESTFWD_ADDR, GUESTFWD_PORT,
                                            nbytes),
            "echo \"hostnet: connect exit status $?\"",
        ]
    # For the log: the drivers' counters (checksum offload at work).
    lines += ["/sbin/sysctl hw.nic.stats"]
    lines += ["echo \"hostnet: guest done\"", "exit 0"]
    run = os.path.join(extra, "run")
    with open(run, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(run, 0o755)
    return extra


def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class HostnetRun(vmtest.Run):
    """vmtest's boot, with a NIC per network in nl, of one kind, each on
    its own user net forwarding our ports."""

    def __init__(self, a, nl, fwd):
        self.nl = nl
        self.fwd = fwd
        super().__init__(a)

    def nic_count(self):
        return len(self.nl)

    def nic_args(self):
        dev = self.nic_devices()[0]
        args = []
        if dev == "virtio-net-device":
            args += ["-global", "virtio-mmio.force-legacy=false"]
        for i, net in enumerate(self.nl):
            nd = "user,id=net%d,net=%s.0/24" % (i, net.prefix)
            if net.restricted:
                nd += ",restrict=on"
                if "tcp" in self.fwd:
                    nd += ",hostfwd=tcp:127.0.0.1:%d-:%d" % (
                        self.fwd["tcp"], TCP_GUEST_PORT)
                    nd += ",guestfwd=tcp:%s:%d-tcp:127.0.0.1:%d" % (
                        GUESTFWD_ADDR, GUESTFWD_PORT, self.fwd["guestfwd"])
            else:
                nd += ",restrict=off,hostfwd=udp:127.0.0.1:%d-:%d" % (
                    self.fwd["udp"], UDP_GUEST_PORT)
            args += ["-netdev", nd, "-device",
                     "%s,netdev=net%d,mac=%s" % (dev, i, net.mac)]
        return args


def vm_args(a, extra, name):
    """The namespace tools/vmtest.py's Run expects."""
    return argparse.Namespace(
        machine=a.machine, objdir=a.objdir, release=a.release,
        version=a.version, emu="qemu", uefi=False,
        direct=(a.machine == "amd64"), smp=a.smp, mem="512M", cpu=a.cpu,
        nic=a.nic, vtblk=False, gic=a.gic, el2=False, timeout=a.timeout,
        idle=300,
        extra=extra, skip_suite=True, suite=None, args="", kernel=None,
        root=None, iso=None, name=name, tap=None, quiet=a.quiet, run=False,
        debug=False)


# -- the host's half: DHCP and configuration, from the console ----------------

def section(con, start, end, timeout=60):
    """The console lines between the marker lines start and end."""
    con.wait_for(r"^hostnet: %s$" % re.escape(end), timeout)
    with con.cv:
        lines = list(con.lines)
    try:
        i = lines.index("hostnet: %s" % start)
        j = lines.index("hostnet: %s" % end, i)
    except ValueError:
        return []
    return lines[i + 1:j]


def command(con, label, timeout):
    """What a traced() command printed, and its exit status (None if it
    never ended)."""
    end = con.wait_for(r"^hostnet: %s exit status -?\d+$" % re.escape(label),
                       timeout)
    if end is None:
        return [], None
    with con.cv:
        lines = list(con.lines)
    try:
        i = lines.index("hostnet: %s" % label)
        j = lines.index(end, i)
    except ValueError:
        return [], None
    return lines[i + 1:j], int(end.rsplit(" ", 1)[1])


def check_ifaces(tap, con, nl, nic):
    """Which interface the run script found on each network, by MAC."""
    line = con.wait_for(r"^hostnet: interfaces ", 120)
    m = re.match(r"^hostnet: interfaces restricted (\S+) open (\S+)$",
                 line or "")
    got = [m.group(1), m.group(2)][:len(nl)] if m else []
    want = sorted(ifname(nic, i) for i in range(len(nl)))
    tap.ok(sorted(got) == want,
           "%s: %s" % (", ".join(want), ", ".join(
               "%s on the %s net (%s)" % (n.mac, n.tag, n.prefix + ".0/24")
               for n in nl)), line)
    for net, ifn in zip(nl, got or want):
        net.ifn = ifn


def check_config(tap, con, net):
    """What dhclient got and set on one NIC.  QEMU's server leases .15/24
    for a day from .2; on the restricted net it offers no router and no
    name server (the guest may not leave), so none may be configured;
    on the open one it offers .2 and .3."""
    ifn, t = net.ifn, net.tag
    st = con.wait_for(r"^hostnet: %s dhclient exit status" % t, 120)
    tap.ok(st == "hostnet: %s dhclient exit status 0" % t,
           "dhclient %s (%s net) exits 0" % (ifn, t), st)
    dh = section(con, "%s dhclient" % t, "%s dhclient exit status 0" % t)
    want = ["DHCPDISCOVER on %s to 255.255.255.255 port 67 interval" % ifn,
            "DHCPOFFER from %s" % net.gw,
            "DHCPREQUEST on %s to 255.255.255.255 port 67 interval" % ifn,
            "DHCPACK from %s" % net.gw,
            "bound to %s -- renewal in 43200 seconds." % net.addr]
    tap.ok(len(dh) == len(want) and
           all(d.startswith(w) for d, w in zip(dh, want)),
           "dhclient %s: DISCOVER, OFFER from %s, REQUEST, ACK, bound to %s "
           "-- renewal in 43200 seconds." % (ifn, net.gw, net.addr),
           "\n".join(dh))
    lease = section(con, "%s lease" % t, "%s ifconfig" % t)
    want = ['lease {', '  interface "%s";' % ifn,
            '  fixed-address %s;' % net.addr,
            '  option subnet-mask 255.255.255.0;']
    if not net.restricted:
        want += ['  option routers %s;' % net.gw,
                 '  option domain-name-servers %s;' % net.ns]
    want += ['  option dhcp-lease-time 86400;',
             '  option dhcp-server-identifier %s;' % net.gw,
             '  renew 43200;', '  rebind 75600;', '}']
    tap.ok(lease == want, "lease on %s: %s/24 from %s for 86400 s, %s"
           % (ifn, net.addr, net.gw, "no router, no name server"
              if net.restricted else
              "router %s, name server %s" % (net.gw, net.ns)),
           "\n".join(lease))
    ifc = section(con, "%s ifconfig" % t, "%s route" % t)
    inet = [ln for ln in ifc if ln.startswith("\tinet ")]
    bcast = net.prefix + ".255"
    tap.ok(inet == ["\tinet %s netmask 0xffffff00 broadcast %s"
                    % (net.addr, bcast)],
           "ifconfig %s: inet %s netmask 0xffffff00 broadcast %s"
           % (ifn, net.addr, bcast), "\n".join(ifc))
    tap.ok(any(ln.startswith("%s: flags=" % ifn) and "<UP," in ln
               for ln in ifc), "ifconfig %s: UP" % ifn, "\n".join(ifc))
    rt = section(con, "%s route" % t, "%s resolv.conf" % t)
    if net.restricted:
        want = ["route: get default: No route to host",
                "   route to: %s" % net.gw, "  interface: %s" % ifn]
        name = "no default route (none offered); %s on %s" % (net.gw, ifn)
    else:
        want = ["   route to: 0.0.0.0", "    gateway: %s" % net.gw,
                "  interface: %s" % ifn,
                "   route to: %s" % net.gw, "  interface: %s" % ifn]
        name = "default route via %s on %s" % (net.gw, ifn)
    got = [ln for ln in rt if not ln.strip().startswith("flags:")]
    tap.ok(got == want, name, "\n".join(rt))
    rc = section(con, "%s resolv.conf" % t, "%s config done" % t)
    if net.restricted:
        tap.ok(rc == ["cat: /etc/resolv.conf: No such file or directory"],
               "no /etc/resolv.conf (no name server offered)", "\n".join(rc))
    else:
        tap.ok(rc == ["# Generated by dhclient for %s" % ifn,
                      "nameserver %s" % net.ns],
               "/etc/resolv.conf: nameserver %s" % net.ns, "\n".join(rc))


def check_ping(tap, con, addr, why):
    out, st = command(con, "ping %s" % addr, 60)
    summary = [ln for ln in out if "packets transmitted" in ln]
    tap.ok(summary == ["3 packets transmitted, 3 packets received, "
                       "0.0% packet loss"] and st == 0,
           "ping -c 3 %s: 3 answered, exit 0 (%s)" % (addr, why),
           "\n".join(out + ["exit status %s" % st]))


def check_probes(tap, con, net, probe):
    """The guest's tries past the restriction.  TCP: slirp resets a
    connection to anything but a guestfwd, though a host server listens
    on 127.0.0.1 at that port (unrestricted, slirp would connect it).
    UDP: slirp drops the datagram (unrestricted, the host socket on
    127.0.0.1 would get it); nc only sends, so its exit is 0."""
    out, st = command(con, "tcp probe", 60)
    want = ["nc: connect to %s port %d (tcp) failed: Connection refused"
            % (net.gw, probe["tcp"])]
    tap.ok(out == want and st == 1,
           "TCP connect to %s:%d (not forwarded) refused by slirp, nc "
           "exits 1" % (net.gw, probe["tcp"]),
           "\n".join(out + ["exit status %s" % st]))
    out, st = command(con, "udp probe", 60)
    tap.ok(out == [] and st == 0,
           "UDP datagram to %s:%d sent, nc exits 0" % (net.gw, probe["udp"]),
           "\n".join(out + ["exit status %s" % st]))


def check_probes_host(tap, socks, net, probe):
    """At the end of the boot: nothing the guest sent past the
    restriction reached the host."""
    lt, us = socks
    lt.setblocking(False)
    us.setblocking(False)
    try:
        c, peer = lt.accept()
        c.close()
        got = "connection from %s:%d" % peer
    except BlockingIOError:
        got = None
    tap.ok(got is None, "host server on 127.0.0.1:%d never connected (the "
           "guest's %s:%d)" % (probe["tcp"], net.gw, probe["tcp"]), got)
    try:
        d = us.recv(4096)
        got = "datagram %r" % d
    except BlockingIOError:
        got = None
    tap.ok(got is None, "host UDP socket on 127.0.0.1:%d got nothing (the "
           "guest's %s:%d)" % (probe["udp"], net.gw, probe["udp"]), got)


# -- the host's half: UDP through hostfwd ------------------------------------------

class UdpClient:
    def __init__(self, port):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.connect(("127.0.0.1", port))
        self.s.settimeout(0.5)
        self.sent = 0

    def send(self, msg):
        """Send, ignoring the ICMP errors a lost race reports (slirp's
        port unreachable before the guest listens): we resend anyway."""
        try:
            self.s.send(msg)
        except OSError:
            pass
        self.sent += 1

    def request(self, op, seq, payload=b"", tries=20):
        """One request, retried until its answer (same seq) comes."""
        msg = op + b"\0\0\0" + struct.pack(">I", seq) + payload
        for _ in range(tries):
            self.send(msg)
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                try:
                    r = self.s.recv(4096)
                except socket.timeout:
                    break
                except ConnectionRefusedError:
                    break
                if len(r) >= 8 and struct.unpack(">I", r[4:8])[0] == seq:
                    return r
        return None

    def window(self, n, send, answer):
        """Sliding window over blocks 0..n-1: send(i) sends block i,
        answer(reply) returns the block a reply completes (or None).
        UDP_WINDOW blocks in flight; a block unanswered for 0.3 s is sent
        again.  Returns False after 10 minutes without finishing."""
        done = [False] * n
        sent_at = [0.0] * n
        base = nxt = 0
        deadline = time.monotonic() + 120
        self.s.settimeout(0.05)
        try:
            while base < n:
                now = time.monotonic()
                if now > deadline:
                    return False
                while nxt < n and nxt < base + UDP_WINDOW:
                    send(nxt)
                    sent_at[nxt] = now
                    nxt += 1
                for i in range(base, nxt):
                    if not done[i] and now - sent_at[i] > 0.3:
                        send(i)
                        sent_at[i] = now
                try:
                    r = self.s.recv(4096)
                except (socket.timeout, ConnectionRefusedError):
                    continue
                i = answer(r)
                if i is not None and i < n:
                    done[i] = True
                while base < n and done[base]:
                    base += 1
            return True
        finally:
            self.s.settimeout(0.5)

    def put(self, data):
        """Put data into the guest as numbered blocks."""
        blocks = [data[i:i + UDP_BLOCK] for i in range(0, len(data),
                                                        UDP_BLOCK)]

        def send(i):
            self.send(b"P\0\0\0" + struct.pack(">I", i) + blocks[i])

        def answer(r):
            if len(r) == 8 and r[0:1] == b"A":
                return struct.unpack(">I", r[4:8])[0]
            return None
        return self.window(len(blocks), send, answer)

    def get(self, nbytes):
        """Take nbytes of the guest's stream as numbered blocks."""
        n = (nbytes + UDP_BLOCK - 1) // UDP_BLOCK
        got = [None] * n

        def send(i):
            self.send(b"G\0\0\0" + struct.pack(">II", i, UDP_BLOCK))

        def answer(r):
            if len(r) == 8 + UDP_BLOCK and r[0:1] == b"D":
                i = struct.unpack(">I", r[4:8])[0]
                if i < n:
                    got[i] = r[8:]
                return i
            return None
        if not self.window(n, send, answer):
            return None
        return b"".join(got)[:nbytes]


def check_udp(tap, con, port, mib):
    ready = con.wait_for(r"^hnserve: udp port %d ready" % UDP_GUEST_PORT, 120)
    if not tap.ok(ready, "guest UDP server on port %d" % UDP_GUEST_PORT):
        return
    c = UdpClient(port)
    msg = b"hello, petrel: \x00\x01\x02\xff exact bytes"
    r = c.request(b"E", 1, msg)
    tap.ok(r == b"E\0\0\0" + struct.pack(">I", 1) + msg,
           "UDP echo through hostfwd: exact bytes", repr(r))
    big = bytes(range(256)) * 5 + b"!"
    r = c.request(b"E", 2, big)
    tap.ok(r is not None and r[8:] == big,
           "UDP echo of %d bytes: exact" % len(big))
    if r is None:
        tap.ok(False, "UDP bulk transfers (not run: no echo)")
        return

    nbytes = int(mib * 1024 * 1024)
    data = stream(1 << 40, nbytes)     # not the guest's own stream
    t0 = time.monotonic()
    c.request(b"R", 3)
    sent0 = c.sent
    done = c.put(data)
    dt = time.monotonic() - t0
    tap.ok(done, "UDP put %d bytes into the guest (%.1f s, %d datagrams "
           "for %d blocks)" % (nbytes, dt, c.sent - sent0,
                               (nbytes + UDP_BLOCK - 1) // UDP_BLOCK))
    r = c.request(b"H", 4)
    want = hashlib.sha256(data).digest()
    ok = (r is not None and len(r) == 48 and
          struct.unpack(">Q", r[8:16])[0] == nbytes and r[16:48] == want)
    tap.ok(ok, "UDP put: guest's count and SHA-256 match (%s)"
           % want.hex()[:16],
           None if r is None else "guest: %d %s" % (
               struct.unpack(">Q", r[8:16])[0], r[16:48].hex()))

    t0 = time.monotonic()
    got = c.get(nbytes)
    dt = time.monotonic() - t0
    want = hashlib.sha256(stream(0, nbytes)).hexdigest()
    have = hashlib.sha256(got).hexdigest() if got is not None else None
    tap.ok(have == want, "UDP get %d bytes from the guest, SHA-256 %s "
           "(%.1f s)" % (nbytes, want[:16], dt), "got %s" % have)
    r = c.request(b"Q", 5)
    tap.ok(r is not None and r[0:1] == b"Q", "guest UDP server quits")


# -- the host's half: TCP ---------------------------------------------------------

def tcp_connect(port, timeout=60):
    end = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=120)
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.5)


def check_tcp(tap, con, port, mib, guestfwd_srv):
    nbytes = int(mib * 1024 * 1024)
    ready = con.wait_for(r"^hnserve: tcp port %d ready|^hostnet: tcp server "
                         r"exit status" % TCP_GUEST_PORT, 60)
    if ready is not None and not ready.startswith("hnserve:"):
        ready = None            # the server could not even start
    if not tap.ok(ready, "guest TCP server on port %d (%s=0 leaves the "
                  "TCP part out)" % (TCP_GUEST_PORT, TCP_SWITCH),
                  "no 'hnserve: tcp port ready' line; last console lines:\n" +
                  "\n".join(con.lines[-5:])):
        return
    # Into the guest.
    try:
        data = stream(1 << 41, nbytes)
        t0 = time.monotonic()
        s = tcp_connect(port)
        s.sendall(b"SINK\n")
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = s.recv(256)
            if not chunk:
                break
            answer += chunk
        s.close()
        dt = time.monotonic() - t0
        want = "%d %s" % (nbytes, hashlib.sha256(data).hexdigest())
        tap.ok(answer.decode(errors="replace").strip() == want,
               "TCP %d bytes into the guest: SHA-256 matches (%.1f s, "
               "%.2f MB/s)" % (nbytes, dt, nbytes / dt / 1e6),
               "guest said %r" % answer)
    except OSError as e:
        tap.ok(False, "TCP %d bytes into the guest" % nbytes, e)
    # Out of the guest.
    try:
        t0 = time.monotonic()
        s = tcp_connect(port)
        s.sendall(b"SOURCE %d\n" % nbytes)
        h = hashlib.sha256()
        n = 0
        while True:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
        s.close()
        dt = time.monotonic() - t0
        want = hashlib.sha256(stream(0, nbytes)).hexdigest()
        tap.ok(n == nbytes and h.hexdigest() == want,
               "TCP %d bytes out of the guest: SHA-256 matches (%.1f s, "
               "%.2f MB/s)" % (nbytes, dt, nbytes / dt / 1e6),
               "got %d bytes, %s" % (n, h.hexdigest()))
    except OSError as e:
        tap.ok(False, "TCP %d bytes out of the guest" % nbytes, e)
    try:
        s = tcp_connect(port)
        s.sendall(b"QUIT\n")
        s.close()
    except OSError:
        pass
    # The guest connects out through guestfwd to guestfwd_srv.
    line = con.wait_for(r"guest connects out", 600)
    tap.ok(line is not None and line.startswith("ok "),
           "guest connects out through guestfwd, %d bytes, SHA-256 "
           "matches" % nbytes, line)
    guestfwd_srv.join(5)


def guestfwd_server(lsock, nbytes, result):
    """QEMU connects here at start-up; the guest's stream arrives on that
    connection: hash nbytes of it (or up to EOF) and answer with the
    count and SHA-256.  guestfwd is a chardev on QEMU's side: the
    guest's FIN never reaches us as EOF, so we stop at the count the
    guest was told to send."""
    try:
        lsock.settimeout(600)
        c, _ = lsock.accept()
        c.settimeout(600)
        h = hashlib.sha256()
        n = 0
        while n < nbytes:
            chunk = c.recv(min(1 << 16, nbytes - n))
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
        c.sendall(b"%d %s\n" % (n, h.hexdigest().encode()))
        c.close()
        result.append((n, h.hexdigest()))
    except OSError as e:
        result.append(e)


# -- one boot ---------------------------------------------------------------------

def main():
    a = parse_args()
    name = "hostnet.%s.%s" % (a.machine, a.nic)
    work = os.path.join(a.objdir, "regress", name)
    os.makedirs(work, exist_ok=True)
    tap = Tap(a.quiet)
    nl = nets(a)
    rnet = nl[0]

    # The host servers the guest's probes try to reach past the
    # restriction: bound before the boot, checked after it.
    probe_tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe_tcp.bind(("127.0.0.1", 0))
    probe_tcp.listen(1)
    probe_udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe_udp.bind(("127.0.0.1", 0))
    probe = {"tcp": probe_tcp.getsockname()[1],
             "udp": probe_udp.getsockname()[1]}
    extra = make_extra(a, work, nl, probe)

    fwd = {}
    if a.udp:
        fwd["udp"] = free_port(socket.SOCK_DGRAM)
    lsock = None
    gf_result = []
    gf_thread = None
    if a.tcp:
        fwd["tcp"] = free_port(socket.SOCK_STREAM)
        # guestfwd's chardev connects when QEMU starts: listen first.
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        fwd["guestfwd"] = lsock.getsockname()[1]
        gf_thread = threading.Thread(target=guestfwd_server,
                                     args=(lsock, int(a.tcp_mib * 1024 * 1024),
                                           gf_result), daemon=True)
        gf_thread.start()

    r = HostnetRun(vm_args(a, extra, name), nl, fwd)
    r.work = work
    r.log = os.path.join(a.objdir, "log", name + ".log")
    r.tap = os.path.join(a.objdir, "regress", name + ".tap")
    root = r.make_root()
    cmd = r.qemu_cmd(root, ["-serial", "stdio", "-monitor", "none"])
    logf = open(r.log, "w")
    logf.write("# %s\n# %s\n" % (name, " ".join(cmd)))
    if not a.quiet:
        vmtest.say("hostnet: %s: %s" % (name, " ".join(cmd)))
    errpath = os.path.join(work, "emulator.err")
    errf = open(errpath, "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=errf,
                            start_new_session=True)
    con = Console(proc, logf, a.quiet)
    try:
        check_ifaces(tap, con, nl, a.nic)
        check_config(tap, con, rnet)
        check_ping(tap, con, rnet.gw, "slirp's host, answered by slirp "
                   "under restrict=on")
        check_ping(tap, con, rnet.ns, "slirp's name server, answered by "
                   "slirp under restrict=on")
        check_probes(tap, con, rnet, probe)
        if a.udp:
            check_config(tap, con, nl[1])
            check_udp(tap, con, fwd["udp"], a.udp_mib)
        if a.tcp:
            check_tcp(tap, con, fwd["tcp"], a.tcp_mib, gf_thread)
        done = con.wait_for(r"^hostnet: guest done", 120)
        tap.ok(done, "guest run script finished")
        left = a.timeout - (time.monotonic() - t0)
        halt = con.wait_for(vmtest.HALT_RE.pattern, max(left, 1))
        st = con.find(r"^regress: /extra/run exit status")
        tap.ok(st == ["regress: /extra/run exit status 0"],
               "/extra/run exit status 0", st)
        m = vmtest.HALT_RE.search(halt or "")
        tap.ok(m and m.group(1) == "0", "guest halted with status 0", halt)
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            vmtest.kill(proc)
        if lsock is not None:
            lsock.close()
    check_probes_host(tap, (probe_tcp, probe_udp), rnet, probe)
    probe_tcp.close()
    probe_udp.close()
    tap.ok(con.panic is None, "no kernel panic", con.panic)
    errf.close()
    elapsed = time.monotonic() - t0

    os.makedirs(os.path.dirname(r.tap), exist_ok=True)
    with open(r.tap, "w") as f:
        f.write("TAP version 13\n1..%d\n" % len(tap.results))
        for i, (ok, n) in enumerate(tap.results, 1):
            f.write("%s %d - %s\n" % ("ok" if ok else "not ok", i, n))
    failed = tap.failed()
    if failed:
        vmtest.say("hostnet: %s FAILED after %.1fs (log: %s); last console "
                   "lines:" % (name, elapsed, r.log))
        for ln in con.lines[-25:]:
            vmtest.say("  | " + ln)
    else:
        vmtest.say("hostnet: %s passed in %.1fs (log: %s)"
                   % (name, elapsed, r.log))
    vmtest.say("%d passed, %d failed" % (len(tap.results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
