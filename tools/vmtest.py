#!/usr/bin/env python3
"""Boot a Petrel release in an emulator and judge what it prints.

The host side of Petrel's tests (`./build.sh regress`, `./build.sh test`)
and of `./build.sh run` / `debug`.  It boots the release image headless
with -smp 2:

  amd64    QEMU q35 from a GRUB ISO (SeaBIOS, or OVMF with --uefi), or
           Bochs from the same ISO (--emu bochs), or QEMU's PVH entry with
           -kernel (--direct, the fast path);
  aarch64  QEMU virt with -kernel Image -initrd root.cpio, entered at EL1
           (or at EL2 with --el2: virtualization=on).

The kernel command line asks for the regress suite (see "Guest contract"
in docs/build.md); the serial console is streamed, with the time since
start, into obj/log/<name>.log (regress.<arch>.<emu>.log unless --name
says otherwise) and (compactly) to stdout.
A run passes only if
  - no line starts with "panic:" (the harness then stops the VM and shows
    the last 40 console lines),
  - the console does not go quiet for --idle seconds and the whole run
    ends within --timeout seconds (a hang),
  - no TAP line reads "not ok" and the guest's summary line
    "N passed, N failed" shows 0 failed,
  - the guest prints "petrel: halted, status 0", and the emulator's exit
    status agrees: amd64 QEMU isa-debug-exit gives (N<<1)|1, aarch64
    semihosting gives N exactly; Bochs always exits 1, so there the serial
    log alone decides,
  - with --extra DIR, /extra/run reported exit status 0.
With --console-script FILE the boot is an ordinary one (no regress
argument: init runs /etc/rc and then the shell on the serial console, as
`./build.sh run` does); the harness waits for the shell's prompt, types
each command of FILE and checks the lines it prints exactly, and the run
must end with the guest halting with status 0 (the script's last command
is poweroff).  FILE holds "> command" lines, each followed by the exact
lines its output must be (@NCPU@ stands for the CPUs the machine has);
blank lines and lines starting with "#" are comments.
The TAP results go to obj/regress/<name>.tap (<arch>[.<variant>].tap for an
unnamed run), and the last
line printed is "N passed, N failed" (the guest's own counts) so that
build.sh can add them up; the exit status is 0 only for a pass.
"""
import argparse
import bisect
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TAP_RE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
SUMMARY_RE = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?")
HALT_RE = re.compile(r"petrel: halted, status (-?\d+)")
EXTRA_RE = re.compile(r"regress: /extra/run exit status (-?\d+)")
PANIC_RE = re.compile(r"^\s*panic:")
# Terminal control sequences (GRUB clears the screen) are not console text.
ANSI_RE = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])")
# Enough of the guest's output after a panic to catch the backtrace.
PANIC_GRACE = 3.0


SAY_LOCK = threading.Lock()


def say(text):
    """Print to stdout; a closed stdout (| head) must not stop the run.
    One line at a time: several console threads may print at once."""
    try:
        with SAY_LOCK:
            print(text, flush=True)
    except (BrokenPipeError, ValueError):
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass


def die(msg):
    print("vmtest: " + msg, file=sys.stderr)
    sys.exit(2)


def add_guest_args(ap):
    """The guest options the host-side network tests (hostnet.py,
    pairtest.py) share: which machine, where its build is, its CPUs."""
    ap.add_argument("--machine", default="amd64", choices=["amd64", "aarch64"])
    ap.add_argument("--objdir", default=os.path.join(TOP, "obj"))
    ap.add_argument("--release")
    ap.add_argument("--version", default="0.1")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--cpu")
    ap.add_argument("--gic", type=int, default=3, choices=[2, 3])


def parse_args():
    ap = argparse.ArgumentParser(
        description="Boot a Petrel release and judge the regress suite.")
    ap.add_argument("--machine", default="amd64",
                    choices=["amd64", "aarch64"])
    ap.add_argument("--objdir", default=os.path.join(TOP, "obj"))
    ap.add_argument("--release", help="release directory (OBJDIR/release)")
    ap.add_argument("--version", default="0.1")
    ap.add_argument("--emu", default="qemu", choices=["qemu", "bochs"])
    ap.add_argument("--uefi", action="store_true",
                    help="amd64: boot the ISO with OVMF")
    ap.add_argument("--direct", action="store_true",
                    help="amd64: boot the kernel with QEMU -kernel (PVH)")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--cpu", help="QEMU -cpu (default max / cortex-a72), "
                    "Bochs cpu model")
    ap.add_argument("--nic", choices=["e1000", "virtio", "virtio-mmio", "all"],
                    help="network card(s) on QEMU user networking "
                    "restricted to the host; all: every kind the machine "
                    "has (amd64: e1000 and virtio-net-pci; aarch64: also "
                    "virtio-net on virtio-mmio)")
    ap.add_argument("--vtblk", action="store_true",
                    help="attach a 4 MiB virtio-blk-pci disk whose sector n "
                    "holds a known pattern (regress/sys/dev/vtblk)")
    ap.add_argument("--gic", type=int, default=3, choices=[2, 3])
    ap.add_argument("--el2", action="store_true",
                    help="aarch64: -machine virt,virtualization=on, so the "
                    "kernel is entered at EL2 and drops to EL1 (PSCI then "
                    "goes over smc)")
    ap.add_argument("--timeout", type=float, default=1200,
                    help="seconds for the whole run")
    ap.add_argument("--idle", type=float, default=300,
                    help="seconds without console output that count as a hang")
    ap.add_argument("--extra", help="directory packed in as /extra; "
                    "/extra/run runs after the suite")
    ap.add_argument("--skip-suite", action="store_true",
                    help="run only /extra/run")
    ap.add_argument("--suite", help="run only these parts of the suite "
                    "(comma-separated paths below /usr/regress)")
    ap.add_argument("--args", default="",
                    help="more kernel command-line arguments")
    ap.add_argument("--kernel", help="kernel to boot (default: the release's)")
    ap.add_argument("--root", help="root image (default: the release's)")
    ap.add_argument("--iso", help="amd64 ISO to boot as it is (no "
                    "per-run ISO; the suite runs only if its menu says so)")
    ap.add_argument("--expect-panic", action="append", metavar="REGEX",
                    help="the run must end in a kernel panic whose output "
                    "matches REGEX (repeatable); with --extra DIR whose run "
                    "script triggers it, e.g. machdep.fault_test=1")
    ap.add_argument("--name", help="name of this run in logs and results")
    ap.add_argument("--tap", help="TAP file to write")
    ap.add_argument("--quiet", action="store_true",
                    help="print only failures and the verdict")
    ap.add_argument("--console-script", metavar="FILE",
                    help="boot to the shell (no suite), type FILE's "
                    "commands on the serial console and check their output")
    ap.add_argument("--prompt", default="petrel# ",
                    help="with --console-script: the shell's prompt")
    ap.add_argument("--run", action="store_true",
                    help="interactive: console on this terminal, no judging")
    ap.add_argument("--debug", action="store_true",
                    help="with --run: QEMU -s -S (gdb on localhost:1234)")
    a = ap.parse_args()
    if a.release is None:
        a.release = os.path.join(a.objdir, "release")
    if a.machine == "aarch64" and (a.emu == "bochs" or a.uefi or a.direct):
        die("aarch64 boots under QEMU virt only (no --emu bochs, --uefi, --direct)")
    if a.el2 and a.machine != "aarch64":
        die("--el2 is for aarch64 (QEMU virt's virtualization=on)")
    if a.emu == "bochs" and (a.uefi or a.direct):
        die("--emu bochs boots the BIOS ISO only")
    if a.skip_suite and not a.extra and not a.run:
        die("--skip-suite needs --extra DIR")
    if a.extra and not os.path.isfile(os.path.join(a.extra, "run")):
        die("%s/run does not exist" % a.extra)
    if a.extra and not os.access(os.path.join(a.extra, "run"), os.X_OK):
        die("%s/run is not executable (chmod +x it)" % a.extra)
    if a.smp < 1:
        die("--smp wants at least 1")
    if a.console_script:
        if a.run or a.extra or a.suite or a.skip_suite or a.expect_panic:
            die("--console-script boots to the shell: no --run, --extra, "
                "--suite, --skip-suite or --expect-panic")
        if a.emu == "bochs":
            die("--console-script types on QEMU's serial (not Bochs)")
        if not os.path.isfile(a.console_script):
            die("%s does not exist" % a.console_script)
    return a


class Run:
    """One boot: the files it makes, the emulator command, the verdict."""

    def __init__(self, a):
        self.a = a
        m = a.machine
        variant = a.emu
        if a.uefi:
            variant = "uefi"
        elif a.direct:
            variant = "direct"
        self.variant = variant
        self.name = a.name or "regress.%s.%s" % (m, variant)
        self.work = os.path.join(a.objdir, "regress", "%s.%s" % (m, variant))
        self.logdir = os.path.join(a.objdir, "log")
        # Named runs (build.sh test names each boot) keep their own log
        # and TAP file, so the panic boot does not overwrite the suite's.
        self.log = os.path.join(self.logdir, "%s.log" % self.name)
        if a.tap:
            self.tap = a.tap
        elif a.name:
            self.tap = os.path.join(a.objdir, "regress", "%s.tap" % a.name)
        elif variant in ("qemu", "direct"):
            self.tap = os.path.join(a.objdir, "regress", "%s.tap" % m)
        else:
            self.tap = os.path.join(a.objdir, "regress", "%s.%s.tap" % (m, variant))
        os.makedirs(self.work, exist_ok=True)
        os.makedirs(self.logdir, exist_ok=True)
        rel = a.release
        if m == "amd64":
            self.kernel = a.kernel or os.path.join(a.objdir, "kernel.amd64", "kernel")
        else:
            self.kernel = a.kernel or os.path.join(
                rel, "petrel-%s-aarch64" % a.version, "Image")
        self.root = a.root or os.path.join(rel, m, "root.cpio")
        self.release_iso = os.path.join(rel, "petrel-%s-amd64.iso" % a.version)

    # -- images --------------------------------------------------------

    def cmdline(self):
        args = []
        if self.a.machine == "amd64":
            args.append("console=ttyS0")
        else:
            args.append("console=ttyAMA0")
        if not self.a.run and not getattr(self.a, "console_script", None):
            args.append("regress")
            if self.a.skip_suite:
                args.append("regress.suite=none")
            elif self.a.suite:
                args.append("regress.suite=" + self.a.suite)
        if self.a.machine == "aarch64":
            args.append("exit=semihost")
        # For regress/sys/arch/t_cpu: every CPU the machine has must
        # start (hw.ncpu), and on aarch64 each must have been entered
        # at the level the machine starts it at (machdep.entry_el).
        args.append("ncpu.expect=%d" % self.ncpu_expected())
        if self.a.machine == "aarch64":
            args.append("el.expect=%d" % (2 if self.el2() else 1))
        if self.a.nic:
            # For regress/sys/dev/nic: every card must attach and work.
            args.append("nic.expect=%d" % self.nic_count())
            if self.a.run:
                # etc/rc runs dhclient on the first NIC (QEMU's user
                # net serves DHCP): the interactive system is online.
                args.append("dhcp")
        if self.a.args:
            args.append(self.a.args)
        return " ".join(args)

    def el2(self):
        # hostnet.py and pairtest.py build their own namespace.
        return getattr(self.a, "el2", False)

    def ncpu_expected(self):
        """The CPUs the emulator is given, or fewer if an smp=N in
        --args tells the kernel to start fewer."""
        n = self.a.smp
        for w in self.a.args.split():
            if w.startswith("smp="):
                try:
                    n = min(n, max(1, int(w[4:], 0)))
                except ValueError:
                    pass
        return n

    def make_root(self):
        """The root image: the release's, or a new one with /extra."""
        if not self.a.extra:
            need(self.root)
            return self.root
        sysroot = os.path.join(self.a.objdir, "destdir." + self.a.machine)
        out = os.path.join(self.work, "root.cpio")
        subprocess.check_call([sys.executable,
                               os.path.join(TOP, "tools", "mkroot.py"),
                               "--runtime", "-o", out, sysroot,
                               os.path.abspath(self.a.extra) + "=/extra"])
        return out

    def make_iso(self, root):
        """A per-run ISO whose menu boots the regress entry at once."""
        if self.a.iso:
            return self.a.iso
        if self.a.run and not self.a.extra and not self.a.nic:
            need(self.release_iso)
            return self.release_iso
        need(self.kernel)
        cfg = os.path.join(self.work, "petrel-test.cfg")
        with open(cfg, "w") as f:
            f.write("# Written by tools/vmtest.py for one test run.\n")
            if not self.a.run:
                f.write("set default=regress\nset timeout=0\n")
            # The menu entry adds console= itself.
            words = self.cmdline().split()
            isreg = lambda w: w == "regress" or w.startswith("regress.")
            reg = [w for w in words if isreg(w)]
            rest = [w for w in words if not w.startswith("console=")
                    and not isreg(w)]
            f.write('set petrel_regress="%s"\n' % " ".join(reg))
            f.write('set petrel_args="%s"\n' % " ".join(rest))
        iso = os.path.join(self.work, "petrel-test.iso")
        subprocess.check_call(["sh", os.path.join(TOP, "distrib", "amd64", "mkiso.sh"),
                               os.path.join(TOP, "distrib", "amd64", "grub.cfg"),
                               self.kernel, root, iso,
                               os.path.join(self.work, "iso"), cfg])
        return iso

    # -- emulator commands -------------------------------------------------

    def nic_devices(self):
        a = self.a
        devs = {"e1000": ["e1000"], "virtio": ["virtio-net-pci"],
                "virtio-mmio": ["virtio-net-device"],
                "all": ["e1000", "virtio-net-pci"]}[a.nic]
        if a.machine == "aarch64" and a.nic == "all":
            devs = devs + ["virtio-net-device"]
        if a.machine == "amd64" and "virtio-net-device" in devs:
            die("--nic virtio-mmio: amd64 (q35) has no virtio-mmio bus")
        return devs

    def nic_count(self):
        return len(self.nic_devices()) if self.a.nic else 0

    def vtblk_args(self):
        """A fresh disk for regress/sys/dev/vtblk: 8192 sectors, sector n
        starting "vtbd sector n" (zero-padded to 32 bytes) and then bytes
        (n + i) & 0xff for i = 32..511."""
        if not self.a.vtblk:
            return []
        img = os.path.join(self.work, "vtblk.img")
        with open(img, "wb") as f:
            for n in range(8192):
                head = ("vtbd sector %d" % n).encode().ljust(32, b"\0")
                f.write(head + bytes((n + i) & 0xff for i in range(32, 512)))
        return ["-drive", "file=%s,if=none,format=raw,id=vtblk0" % img,
                "-device", "virtio-blk-pci,drive=vtblk0"]

    def nic_args(self):
        if not self.a.nic:
            return []
        devs = self.nic_devices()
        args = []
        if "virtio-net-device" in devs:
            # The 1.x register layout (version 2), not the legacy one.
            args += ["-global", "virtio-mmio.force-legacy=false"]
        for i, dev in enumerate(devs):
            args += ["-netdev", "user,id=net%d,restrict=on" % i,
                     "-device", "%s,netdev=net%d" % (dev, i)]
        return args

    def qemu_cmd(self, root, serial):
        a = self.a
        if a.machine == "amd64":
            cmd = ["qemu-system-x86_64", "-machine", "q35",
                   "-cpu", a.cpu or "max", "-smp", str(a.smp), "-m", a.mem,
                   "-display", "none", "-no-reboot",
                   "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
            if a.uefi:
                cmd += ["-bios", "/usr/share/ovmf/OVMF.fd"]
            if a.direct:
                need(self.kernel)
                cmd += ["-kernel", self.kernel, "-initrd", root,
                        "-append", self.cmdline()]
            else:
                cmd += ["-cdrom", self.make_iso(root), "-boot", "d"]
        else:
            need(self.kernel)
            machine = "virt,gic-version=%d" % a.gic
            if self.el2():
                machine += ",virtualization=on"
            cmd = ["qemu-system-aarch64", "-machine", machine,
                   "-cpu", a.cpu or "cortex-a72", "-smp", str(a.smp),
                   "-m", a.mem, "-display", "none", "-no-reboot",
                   "-kernel", self.kernel, "-initrd", root,
                   "-append", self.cmdline(),
                   "-semihosting-config", "enable=on,target=native"]
        cmd += self.nic_args()
        cmd += self.vtblk_args()
        cmd += serial
        if a.debug:
            cmd += ["-s", "-S"]
        return cmd

    def bochs_files(self, root, serial_dev):
        """Write the bochsrc and the debugger script; return the command."""
        a = self.a
        iso = self.make_iso(root)
        rc = os.path.join(self.work, "bochs.rc")
        with open(rc, "w") as f:
            # Debian's Bochs has its debugger built in and stops at the
            # first instruction; "c" continues.
            f.write("c\n")
        conf = os.path.join(self.work, "bochsrc")
        if a.run and sys.stdin.isatty():
            # Serial console on this terminal; the screen goes to VNC.
            display = 'display_library: rfb, options="timeout=0"'
            com1 = "com1: enabled=1, mode=term, dev=%s" % os.ttyname(0)
        else:
            # No terminal (CI): the term display needs none; the serial
            # console goes to a file the harness follows.
            display = "display_library: term"
            com1 = "com1: enabled=1, mode=file, dev=%s" % serial_dev
        lines = [
            "# Written by tools/vmtest.py.",
            "megs: %d" % mem_mb(a.mem),
            "cpu: model=%s, count=%d, ips=50000000, reset_on_triple_fault=0"
            % (a.cpu or "corei7_haswell_4770", a.smp),
            "romimage: file=/usr/share/bochs/BIOS-bochs-latest",
            "vgaromimage: file=/usr/share/vgabios/vgabios.bin",
            "ata0-master: type=cdrom, path=%s, status=inserted" % iso,
            "boot: cdrom",
            com1,
            display,
            "log: %s" % os.path.join(self.work, "bochs.log"),
            "panic: action=fatal",
            "error: action=report",
            "info: action=ignore",
            "debug: action=ignore",
            "clock: sync=none, time0=local",
            "speaker: enabled=0",
        ]
        if a.nic == "e1000":
            lines.append("e1000: enabled=1, mac=52:54:00:12:34:56, ethmod=null")
        with open(conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        return ["bochs", "-q", "-f", conf, "-rc", rc]


def need(path):
    if not os.path.exists(path):
        die("%s does not exist (run ./build.sh release)" % path)


def mem_mb(s):
    s = s.upper()
    if s.endswith("G"):
        return int(float(s[:-1]) * 1024)
    if s.endswith("M"):
        return int(s[:-1])
    return int(s)


# -- interactive ---------------------------------------------------------

def run_interactive(r):
    a = r.a
    root = None if a.iso else r.make_root()
    if a.emu == "bochs":
        cmd = r.bochs_files(root, os.path.join(r.work, "serial.log"))
        print("vmtest: %s" % " ".join(cmd), flush=True)
        if not sys.stdin.isatty():
            print("vmtest: no terminal: the serial console goes to %s"
                  % os.path.join(r.work, "serial.log"), flush=True)
        else:
            print("vmtest: serial console on this terminal; the screen is "
                  "on VNC localhost:5900; Ctrl-C stops Bochs", flush=True)
        os.execvp(cmd[0], cmd)
    cmd = r.qemu_cmd(root, ["-serial", "mon:stdio"])
    print("vmtest: %s" % " ".join(cmd), flush=True)
    print("vmtest: Ctrl-A X quits QEMU, Ctrl-A C its monitor", flush=True)
    os.execvp(cmd[0], cmd)


# -- judged runs -----------------------------------------------------------

class Judge:
    """Reads console lines and keeps what the verdict needs."""

    def __init__(self, r, logf):
        self.r = r
        self.logf = logf
        self.t0 = time.monotonic()
        self.lines = []
        self.tap = []          # (ok, name)
        self.summary = None    # (passed, failed, skipped)
        self.halt = None
        self.extra = None
        self.panic = None
        self.program = None     # the test the guest runs ("=== path")
        self.last_output = self.t0

    def line(self, text):
        now = time.monotonic()
        self.last_output = now
        text = ANSI_RE.sub("", text.rstrip("\r\n")).replace("\r", "")
        self.lines.append(text)
        self.logf.write("[%8.3f] %s\n" % (now - self.t0, text))
        self.logf.flush()
        quiet = self.r.a.quiet
        if text.startswith("=== "):
            self.program = text[4:].strip()
        m = TAP_RE.match(text)
        if m:
            ok = m.group(1) == "ok"
            self.tap.append((ok, m.group(3).strip()))
            if not ok and quiet and self.program:
                # Alone, "not ok 20 - ..." does not say which test.
                say("%s [%s]" % (text, self.program))
            elif not ok or not quiet:
                say(text)
            return
        m = SUMMARY_RE.match(text)
        if m:
            self.summary = (int(m.group(1)), int(m.group(2)),
                            int(m.group(3) or 0))
        m = HALT_RE.search(text)
        if m:
            self.halt = int(m.group(1))
        m = EXTRA_RE.search(text)
        if m:
            self.extra = int(m.group(1))
        if PANIC_RE.match(text) and self.panic is None:
            self.panic = (now, text.strip())
        if not quiet:
            say(text)


def reader_thread(stream, q):
    """Split a byte stream into lines for the main loop."""
    buf = b""
    while True:
        chunk = stream.read1(4096) if hasattr(stream, "read1") else stream.read(4096)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            ln, buf = buf.split(b"\n", 1)
            q.put(ln.decode("utf-8", "replace"))
    if buf:
        q.put(buf.decode("utf-8", "replace"))
    q.put(None)


def file_follower(path, q, stop):
    """Follow a file the emulator writes (Bochs com1) as lines."""
    buf = b""
    f = None
    while not stop.is_set():
        if f is None:
            try:
                f = open(path, "rb")
            except OSError:
                time.sleep(0.1)
                continue
        chunk = f.read(65536)
        if not chunk:
            time.sleep(0.1)
            continue
        buf += chunk
        while b"\n" in buf:
            ln, buf = buf.split(b"\n", 1)
            q.put(ln.decode("utf-8", "replace"))
    if f is not None:
        chunk = f.read()
        buf += chunk or b""
        while b"\n" in buf:
            ln, buf = buf.split(b"\n", 1)
            q.put(ln.decode("utf-8", "replace"))
        if buf:
            q.put(buf.decode("utf-8", "replace"))
        f.close()
    q.put(None)


def console_reader(stream, q, tail):
    """reader_thread for --console-script: lines go to q as there, and
    tail["text"] is always the unfinished last line (a prompt has no
    newline).  Lines are queued before tail changes, so once q is empty
    every line before the tail seen has been taken."""
    buf = b""
    while True:
        chunk = stream.read1(4096)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            ln, buf = buf.split(b"\n", 1)
            q.put(ln.decode("utf-8", "replace"))
        tail["text"] = buf.decode("utf-8", "replace")
    if buf:
        q.put(buf.decode("utf-8", "replace"))
    q.put(None)


def read_console_script(r):
    """[(command, [expected line, ...]), ...] from --console-script."""
    steps = []
    with open(r.a.console_script) as f:
        for n, raw in enumerate(f, 1):
            ln = raw.rstrip("\n")
            if not ln.strip() or ln.startswith("#"):
                continue
            if ln.startswith("> "):
                steps.append((ln[2:], []))
            elif steps:
                steps[-1][1].append(
                    ln.replace("@NCPU@", str(r.ncpu_expected())))
            else:
                die("%s:%d: output before any \"> command\" line"
                    % (r.a.console_script, n))
    if not steps:
        die("%s has no \"> command\" lines" % r.a.console_script)
    return steps


def clean(text):
    """Console text as a person sees it: no control sequences, and a
    carriage return starts the line over (the line editor redraws)."""
    return ANSI_RE.sub("", text.rstrip("\r\n")).split("\r")[-1]


def run_limit(a, judge, deadline):
    """Why a run must stop now (a panic given PANIC_GRACE to print, the
    overall timeout, a silent console), or None."""
    now = time.monotonic()
    if judge.panic and now - judge.panic[0] > PANIC_GRACE:
        return "panic"
    if now > deadline:
        return "timeout: the run took more than %gs" % a.timeout
    if now - judge.last_output > a.idle:
        return "hang: no console output for %gs" % a.idle
    return None


def run_console(r):
    """--console-script: boot to the shell, type each command once the
    prompt shows, and compare what comes back to the script's lines (the
    first line back is the command's echo, after the prompt)."""
    a = r.a
    steps = read_console_script(r)
    root = r.make_root()
    q = queue.Queue()
    tail = {"text": ""}
    errpath = os.path.join(r.work, "emulator.err")
    monsock = os.path.join(r.work, "monitor.sock")
    if os.path.exists(monsock):
        os.unlink(monsock)
    cmd = r.qemu_cmd(root, ["-serial", "stdio", "-monitor",
                            "unix:%s,server=on,wait=off" % monsock])
    errf = open(errpath, "wb")
    logf = open(r.log, "w")
    logf.write("# %s\n# %s\n" % (r.name, " ".join(cmd)))
    judge = Judge(r, logf)
    if not a.quiet:
        say("vmtest: %s: %s" % (r.name, " ".join(cmd)))
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=errf,
                            start_new_session=True)
    threading.Thread(target=console_reader, args=(proc.stdout, q, tail),
                     daemon=True).start()

    why = None
    deadline = judge.t0 + a.timeout
    step = -1           # the command typed last (-1: none yet)
    got = []            # its lines so far
    problems = []

    def check(i, lines):
        command, want = steps[i]
        echo_ok = bool(lines) and lines[0].endswith(command)
        out = lines[1:]
        ok = echo_ok and out == want
        judge.tap.append((ok, "console: %s" % command))
        if not ok:
            if not echo_ok:
                problems.append("console: %r: no echo of the command "
                                "(got %r)" % (command, lines[:1]))
            else:
                problems.append("console: %r printed %r, expected %r"
                                % (command, out, want))

    while True:
        try:
            ln = q.get(timeout=0.1)
        except queue.Empty:
            ln = ""
        if ln is None:
            break
        if ln:
            judge.line(ln)
            if step >= 0:
                got.append(clean(ln))
        why = run_limit(a, judge, deadline)
        if why:
            break
        prompt = clean(tail["text"]).endswith(a.prompt)
        if not prompt or not q.empty() or step + 1 >= len(steps):
            continue
        if step >= 0:
            if not got:
                continue    # still the prompt the command was typed at
            check(step, got)
        step += 1
        got = []
        tail["text"] = ""
        # One character at a time: the UART's receive FIFO is small.
        for c in steps[step][0] + "\r":
            proc.stdin.write(c.encode())
            proc.stdin.flush()
            time.sleep(0.01)
    if step >= 0 and step == len(steps) - 1 and (got or steps[step][1]):
        # The last command (poweroff): its lines, if the script has any.
        if steps[step][1]:
            check(step, got)
        else:
            judge.tap.append((bool(got) and got[0].endswith(steps[step][0]),
                              "console: %s" % steps[step][0]))
    if step < len(steps) - 1:
        problems.append("console: typed %d of %d commands (prompt %r "
                        "not seen)" % (step + 1, len(steps), a.prompt))
    if why:
        if why != "panic" and proc.poll() is None:
            where_are_cpus(r, monsock, judge, q)
        kill(proc)
    else:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill(proc)
            why = "the emulator did not exit after its console closed"
    rc = proc.returncode
    errf.close()
    elapsed = time.monotonic() - judge.t0
    return verdict(r, judge, why, rc, elapsed, errpath, problems)


def kill(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def kernel_symbols(path):
    """(addresses, names) of the kernel's functions, sorted, from nm."""
    try:
        out = subprocess.run(["nm", "-n", path], capture_output=True,
                             text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return [], []
    addrs, names = [], []
    for ln in out.splitlines():
        f = ln.split()
        if len(f) == 3 and f[1] in "tTwW":
            addrs.append(int(f[0], 16))
            names.append(f[2])
    return addrs, names


def monitor_ask(sock, command, wait=2.0):
    """Send one HMP command on an open monitor socket; return its reply."""
    sock.sendall((command + "\n").encode())
    out = b""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        out += chunk
        if out.rstrip().endswith(b"(qemu)"):
            break
    return out.decode("utf-8", "replace")


def where_are_cpus(r, monsock, judge, q):
    """
    A guest that stopped talking: log where each virtual CPU is (its
    program counter, named from the kernel's symbols) and, on amd64, send
    every CPU an NMI so the kernel prints each one's backtrace; then
    give the console a few seconds to carry that into the log.
    """
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(0.5)
        s.connect(monsock)
    except OSError as e:
        judge.logf.write("# vmtest: no monitor (%s)\n" % e)
        return
    addrs, names = kernel_symbols(r.kernel if r.a.machine == "amd64" else
                                  os.path.join(r.a.objdir, "kernel.aarch64",
                                               "kernel"))
    monitor_ask(s, "", 1.0)
    regs = monitor_ask(s, "info registers -a", 5.0)
    pcs = re.findall(r"(?:RIP|PC)=([0-9a-fA-F]+)", regs)
    for cpu, pc in enumerate(pcs):
        v = int(pc, 16)
        i = bisect.bisect_right(addrs, v) - 1
        where = "%s+%#x" % (names[i], v - addrs[i]) if i >= 0 else "?"
        judge.line("vmtest: cpu %d pc %#x <%s>" % (cpu, v, where))
    if r.a.machine == "amd64":
        monitor_ask(s, "nmi", 1.0)
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                ln = q.get(timeout=0.2)
            except queue.Empty:
                continue
            if ln is None:
                break
            judge.line(ln)
    s.close()


def run_judged(r):
    a = r.a
    root = r.make_root()
    q = queue.Queue()
    stop = threading.Event()
    serial_file = os.path.join(r.work, "serial.log")
    errpath = os.path.join(r.work, "emulator.err")
    env = dict(os.environ)
    if a.emu == "bochs":
        if os.path.exists(serial_file):
            os.unlink(serial_file)
        cmd = r.bochs_files(root, serial_file)
        env["TERM"] = "dumb"
        out = open(os.path.join(r.work, "bochs.out"), "wb")
    else:
        monsock = os.path.join(r.work, "monitor.sock")
        if os.path.exists(monsock):
            os.unlink(monsock)
        cmd = r.qemu_cmd(root, ["-serial", "stdio", "-monitor",
                                "unix:%s,server=on,wait=off" % monsock])
        out = subprocess.PIPE
    errf = open(errpath, "wb")
    logf = open(r.log, "w")
    logf.write("# %s\n# %s\n" % (r.name, " ".join(cmd)))
    judge = Judge(r, logf)
    if not a.quiet:
        say("vmtest: %s: %s" % (r.name, " ".join(cmd)))
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                            stderr=errf, env=env, start_new_session=True)
    if a.emu == "bochs":
        t = threading.Thread(target=file_follower, args=(serial_file, q, stop),
                             daemon=True)
    else:
        t = threading.Thread(target=reader_thread, args=(proc.stdout, q),
                             daemon=True)
    t.start()

    why = None
    deadline = judge.t0 + a.timeout
    eof = False
    while True:
        try:
            ln = q.get(timeout=0.2)
        except queue.Empty:
            ln = ""
        if ln is None:
            eof = True
            break
        if ln:
            judge.line(ln)
        why = run_limit(a, judge, deadline)
        if why:
            break
        if a.emu == "bochs" and proc.poll() is not None:
            # Bochs has exited; let the follower drain the file.
            stop.set()
    if why and why != "panic" and a.emu != "bochs" and proc.poll() is None:
        where_are_cpus(r, monsock, judge, q)
    if why:
        kill(proc)
        stop.set()
        # Whatever is still queued belongs in the log.
        while True:
            try:
                ln = q.get(timeout=0.5)
            except queue.Empty:
                break
            if ln is None:
                break
            judge.line(ln)
    else:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill(proc)
            why = "the emulator did not exit after its console closed"
    rc = proc.returncode
    errf.close()
    if a.emu == "bochs":
        out.close()
    elapsed = time.monotonic() - judge.t0
    return verdict(r, judge, why, rc, elapsed, errpath)


def panic_verdict(judge, why):
    """--expect-panic: the run must panic, and the console must match
    every pattern given (e.g. the backtrace's function names; the port's
    trap handler prints its register dump and backtrace before it calls
    panic(), so the whole console is searched)."""
    problems = []
    if judge.panic is None:
        problems.append("expected a kernel panic; none came")
        if why:
            problems.append(why)
        return problems
    for pat in judge.r.a.expect_panic:
        if not any(re.search(pat, ln) for ln in judge.lines):
            problems.append("the panic output has no line matching /%s/"
                            % pat)
    return problems


def verdict(r, judge, why, rc, elapsed, errpath, more=()):
    a = r.a
    if a.expect_panic:
        problems = panic_verdict(judge, why)
        write_tap(r, judge, problems)
        if problems:
            say("vmtest: %s FAILED after %.1fs:" % (r.name, elapsed))
            for p in problems:
                say("vmtest:   " + p)
            say("vmtest: last 40 console lines (whole log: %s):" % r.log)
            for ln in judge.lines[-40:]:
                say("  | " + ln)
        else:
            say("vmtest: %s panicked as expected in %.1fs (log: %s)"
                % (r.name, elapsed, r.log))
        say("0 passed, 0 failed")
        return 0 if not problems else 1
    problems = list(more)
    if judge.panic:
        problems.append("kernel panic: %s" % judge.panic[1])
    if why and why != "panic":
        problems.append(why)
    if (why or judge.panic) and judge.program:
        # Which test the guest was in, and its last result line.
        last = [n for _, n in judge.tap][-1:] or ["none"]
        problems.append("in %s, after: %s" % (judge.program, last[0]))
    failed_tap = [n for ok, n in judge.tap if not ok]
    if failed_tap:
        problems.append("%d TAP line(s) not ok" % len(failed_tap))
    if not a.skip_suite and not getattr(a, "console_script", None):
        if judge.summary is None:
            problems.append('no "N passed, N failed" line from the guest')
        elif judge.summary[1] != 0:
            problems.append("the guest reports %d failed" % judge.summary[1])
    if a.extra:
        if judge.extra is None:
            problems.append("no exit status from /extra/run")
        elif judge.extra != 0:
            problems.append("/extra/run exited with status %d" % judge.extra)
    if judge.halt is None:
        problems.append('no "petrel: halted, status N" line')
    else:
        if judge.halt != 0:
            problems.append("the guest halted with status %d" % judge.halt)
        if not why:
            want = None
            if a.emu == "qemu" and a.machine == "amd64":
                want = ((judge.halt << 1) | 1) & 0xff
            elif a.emu == "qemu":
                want = judge.halt & 0xff
            if want is not None and rc != want:
                problems.append("emulator exit status %s, expected %d for "
                                "status %d" % (rc, want, judge.halt))
    if rc is not None and rc < 0 and not why:
        problems.append("the emulator died of signal %d" % -rc)

    write_tap(r, judge, problems)
    ok = not problems
    if not ok:
        say("vmtest: %s FAILED after %.1fs:" % (r.name, elapsed))
        for p in problems:
            say("vmtest:   " + p)
        say("vmtest: last 40 console lines (whole log: %s):" % r.log)
        for ln in judge.lines[-40:]:
            say("  | " + ln)
        try:
            with open(errpath, "rb") as f:
                err = f.read().decode("utf-8", "replace").strip()
            # Bochs's sound plugin complains of missing ALSA devices.
            err = "\n".join(ln for ln in err.splitlines()
                            if not ln.startswith("ALSA lib"))
            if err:
                say("vmtest: emulator stderr:")
                for ln in err.splitlines()[-10:]:
                    say("  ! " + ln)
        except OSError:
            pass
    else:
        say("vmtest: %s passed in %.1fs (log: %s)" % (r.name, elapsed, r.log))
    p, f, s = judge.summary or (0, 0, 0)
    if judge.summary is None and judge.tap:
        p = sum(1 for ok_, _ in judge.tap if ok_)
        f = sum(1 for ok_, _ in judge.tap if not ok_)
    line = "%d passed, %d failed" % (p, f)
    if s:
        line += ", %d skipped" % s
    say(line)
    return 0 if ok else 1


def write_tap(r, judge, problems):
    os.makedirs(os.path.dirname(r.tap), exist_ok=True)
    with open(r.tap, "w") as f:
        n = len(judge.tap) + 1
        f.write("TAP version 13\n1..%d\n" % n)
        for i, (ok, name) in enumerate(judge.tap, 1):
            f.write("%s %d - %s\n" % ("ok" if ok else "not ok", i, name))
        f.write("%s %d - %s boot and verdict\n"
                % ("not ok" if problems else "ok", n, r.name))
        for p in problems:
            f.write("# %s\n" % p)


def main():
    a = parse_args()
    for tool in (["bochs"] if a.emu == "bochs" else
                 ["qemu-system-x86_64" if a.machine == "amd64"
                  else "qemu-system-aarch64"]):
        if shutil.which(tool) is None:
            die("%s is not installed (run ./build.sh deps)" % tool)
    r = Run(a)
    if a.run:
        run_interactive(r)
    if a.console_script:
        sys.exit(run_console(r))
    sys.exit(run_judged(r))


if __name__ == "__main__":
    main()
