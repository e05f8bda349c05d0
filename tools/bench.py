#!/usr/bin/env python3
"""Petrel against Linux, side by side in the same emulator (./build.sh bench).

    bench.py [--machine amd64|aarch64] [--objdir obj] [--seconds S]

For one architecture:

  1. builds the Linux version of usr.bin/ipcbench with the host compiler
     (gcc -static, aarch64-linux-gnu-gcc -static for aarch64);
  2. fetches Debian's own kernel (linux-image-<arch> and the versioned
     package it depends on) and busybox-static with `apt-get download'
     into obj/bench/debs/<arch>/ and unpacks them with `dpkg-deb -x'
     (never installed on the host).  arm64 packages come through a
     private apt configuration (APT::Architecture=arm64, its own state,
     cache and list directories under obj/bench/apt-arm64/, the system's
     sources) so the host's package database is untouched;
  3. boots Petrel (the release build.sh just made) through
     tools/vmtest.py with an /extra/run that runs /usr/bin/ipcbench;
  4. boots the Linux kernel in the same QEMU configuration: the command
     line comes from vmtest.py's own Run.qemu_cmd (same machine, CPU
     model, memory, -smp, TCG), with -kernel/-initrd pointing at Debian's
     kernel and an initramfs of busybox, the Linux ipcbench and an /init
     that runs it and powers off;
  5. prints the table `benchmark Petrel Linux ratio', with the ratio
     oriented so that > 1 means Petrel is better (Linux's time / Petrel's
     time for "us" figures, Petrel's rate / Linux's rate for rates),
     merges the figures into obj/bench/results.json and draws every
     architecture's ratios into obj/bench/ratios.png.

Boot time is measured from the host: seconds from starting QEMU to the
first console line printed by the first user program the bench runs
("bench: start": Linux's /init, Petrel's /extra/run after init and the
regress runner).  Benchmarks never decide whether tests pass; this
script exits non-zero only when a VM could not be booted at all.
"""
import argparse
import datetime
import gzip
import json
import os
import queue
import re
import shutil
import stat
import subprocess
import sys
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tools"))
import vmtest  # noqa: E402  (the QEMU configuration is vmtest's)

BENCH_RE = re.compile(r"^bench (\S+) (\S+) ?(.*)$")
START = "bench: start"
DONE = "bench: done"
DEBARCH = {"amd64": "amd64", "aarch64": "arm64"}
# Units where a smaller figure is better; everything else is a rate.
LOWER_BETTER = {"us"}


def say(msg):
    print(msg, flush=True)


def die(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def run(cmd, **kw):
    """Run a command, showing it; its failure ends the bench."""
    say("bench: $ " + " ".join(cmd))
    try:
        subprocess.check_call(cmd, **kw)
    except (OSError, subprocess.CalledProcessError) as e:
        die("%s failed: %s" % (cmd[0], e))


# -- 1. the Linux build of ipcbench ---------------------------------------

def build_linux_ipcbench(m, work):
    cc = {"amd64": "gcc", "aarch64": "aarch64-linux-gnu-gcc"}[m]
    if shutil.which(cc) is None:
        die("%s is not installed (./build.sh bench installs it)" % cc)
    out = os.path.join(work, "ipcbench.linux")
    run([cc, "-static", "-O2", "-Wall", "-o", out,
         os.path.join(TOP, "usr.bin", "ipcbench", "ipcbench.c")])
    return out


# -- 2. Debian's kernel and busybox ----------------------------------------

def apt_env(m, objdir):
    """The environment for apt: the system's for amd64 on an amd64 host,
    a private arm64 configuration otherwise (returned with its dirs made)."""
    env = dict(os.environ)
    env["DEBIAN_FRONTEND"] = "noninteractive"
    arch = DEBARCH[m]
    host = subprocess.check_output(["dpkg", "--print-architecture"],
                                   text=True).strip()
    if arch == host:
        return env, False
    base = os.path.join(objdir, "bench", "apt-" + arch)
    for d in ("state/lists/partial", "cache/archives/partial", "etc"):
        os.makedirs(os.path.join(base, d), exist_ok=True)
    status = os.path.join(base, "state", "status")
    if not os.path.exists(status):
        open(status, "w").close()
    # An empty sources.list of our own; the system's sources.list.d (the
    # same mirror) is read as it is.
    srclist = os.path.join(base, "etc", "sources.list")
    if not os.path.exists(srclist):
        with open("/etc/apt/sources.list") if os.path.exists(
                "/etc/apt/sources.list") else open(os.devnull) as f:
            text = f.read()
        with open(srclist, "w") as f:
            f.write(text)
    conf = os.path.join(base, "apt.conf")
    with open(conf, "w") as f:
        f.write('// Written by tools/bench.py: %s packages for the bench,\n'
                '// with a state of their own.\n' % arch)
        f.write('APT::Architecture "%s";\n' % arch)
        f.write('APT::Architectures { "%s"; };\n' % arch)
        f.write('Dir::State "%s";\n' % os.path.join(base, "state"))
        f.write('Dir::State::status "%s";\n' % status)
        f.write('Dir::Cache "%s";\n' % os.path.join(base, "cache"))
        f.write('Dir::Etc::SourceList "%s";\n' % srclist)
        f.write('Dir::Etc::SourceParts "/etc/apt/sources.list.d";\n')
        f.write('APT::Sandbox::User "root";\n')
    env["APT_CONFIG"] = conf
    return env, True


def fetch_debs(m, objdir):
    """Download linux-image-<arch>, its versioned kernel and busybox-static
    into obj/bench/debs/<arch>/ unless they are there; return the paths."""
    arch = DEBARCH[m]
    dest = os.path.join(objdir, "bench", "debs", arch)
    os.makedirs(dest, exist_ok=True)
    have = lambda prefix: sorted(f for f in os.listdir(dest)
                                 if f.startswith(prefix) and f.endswith(".deb"))
    kern = [f for f in have("linux-image-") if not
            f.startswith("linux-image-%s_" % arch)]
    bbox = have("busybox-static_")
    if kern and bbox:
        return os.path.join(dest, kern[-1]), os.path.join(dest, bbox[-1])
    env, private = apt_env(m, objdir)
    if private:
        run(["apt-get", "update", "-qq"], env=env)
    elif not any(n.endswith("_Packages") or "_Packages." in n
                 for n in os.listdir("/var/lib/apt/lists")):
        run(["apt-get", "update", "-qq"], env=env)
    # linux-image-amd64 is a metapackage: its Depends names the kernel.
    out = subprocess.check_output(
        ["apt-cache", "depends", "linux-image-" + arch], env=env, text=True)
    deps = re.findall(r"Depends: (linux-image-\S+)", out)
    if not deps:
        die("apt-cache depends linux-image-%s names no kernel:\n%s"
            % (arch, out))
    run(["apt-get", "download", "-q", "linux-image-" + arch, deps[0],
         "busybox-static"], cwd=dest, env=env)
    return fetch_debs(m, objdir)


def unpack(deb, dest):
    if not os.path.isdir(dest):
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        run(["dpkg-deb", "-x", deb, tmp])
        os.rename(tmp, dest)
    return dest


def linux_kernel(m, kdir, work):
    """The kernel image QEMU -kernel takes: amd64's bzImage as it is;
    arm64's vmlinuz is a gzipped Image, unpacked once."""
    boot = os.path.join(kdir, "boot")
    names = sorted(f for f in os.listdir(boot) if f.startswith("vmlinuz-"))
    if not names:
        die("no vmlinuz in %s" % boot)
    path = os.path.join(boot, names[-1])
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic != b"\x1f\x8b":
        return path, names[-1][len("vmlinuz-"):]
    out = os.path.join(work, "Image")
    with gzip.open(path, "rb") as f, open(out, "wb") as g:
        shutil.copyfileobj(f, g)
    return out, names[-1][len("vmlinuz-"):]


# -- the Linux initramfs: a newc archive written here --------------------------

class Cpio:
    """A cpio "newc" archive with root-owned entries, device nodes too
    (tools/mkroot.py refuses them; Linux needs /dev/console in its
    initramfs to give /init a console)."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.ino = 1

    def entry(self, name, mode, data=b"", rdev=(0, 0)):
        hdr = "070701" + "".join("%08X" % v for v in (
            self.ino, mode, 0, 0, 1, 0, len(data), 0, 0,
            rdev[0], rdev[1], len(name) + 1, 0))
        self.ino += 1
        self.f.write(hdr.encode() + name.encode() + b"\0")
        self.f.write(b"\0" * ((4 - (110 + len(name) + 1) % 4) % 4))
        self.f.write(data)
        self.f.write(b"\0" * ((4 - len(data) % 4) % 4))

    def dir(self, name):
        self.entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o755):
        self.entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self.entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, mode=0o600):
        self.entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def close(self):
        self.entry("TRAILER!!!", 0)
        self.f.close()


INIT = """#!/bin/busybox sh
# Written by tools/bench.py: run the bench, then power off.
/bin/busybox echo "%(start)s"
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox ifconfig lo 127.0.0.1 up
cd /tmp
/ipcbench -v -t %(secs)s all
/bin/busybox echo "%(done)s"
/bin/busybox poweroff -f
"""


def make_initramfs(work, busybox, ipcbench, secs):
    out = os.path.join(work, "initramfs.cpio")
    c = Cpio(out)
    for d in ("bin", "dev", "proc", "sys", "tmp"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3, 0o666)
    with open(busybox, "rb") as f:
        c.file("bin/busybox", f.read())
    c.symlink("bin/sh", "busybox")
    with open(ipcbench, "rb") as f:
        c.file("ipcbench", f.read())
    c.file("init", (INIT % {"start": START, "done": DONE,
                            "secs": secs}).encode())
    c.close()
    return out


# -- 3 and 4. the two boots ------------------------------------------------------

def parse_console(lines):
    """lines: (seconds since QEMU started, text).  The figures, the boot
    time and whether the bench ran to its end."""
    res = {}
    boot = None
    done = False
    for t, text in lines:
        text = text.strip()
        if text == START and boot is None:
            boot = t
        elif text == DONE:
            done = True
        m = BENCH_RE.match(text)
        if m and boot is not None:
            name, value, unit = m.groups()
            if value == "n/a":
                res[name] = {"value": None, "unit": None,
                             "note": unit.strip()}
            else:
                try:
                    res[name] = {"value": float(value), "unit": unit.strip()}
                except ValueError:
                    res[name] = {"value": None, "unit": None,
                                 "note": "unparsed: " + text}
    return res, boot, done


def boot_petrel(a, work):
    """Petrel through vmtest.py, /extra/run running ipcbench."""
    extra = os.path.join(work, "petrel-extra")
    os.makedirs(extra, exist_ok=True)
    with open(os.path.join(extra, "run"), "w") as f:
        f.write("#!/bin/sh\n# Written by tools/bench.py.\n"
                "echo \"%s\"\n/usr/bin/ipcbench -v -t %s all\necho \"%s\"\n"
                % (START, a.seconds, DONE))
    os.chmod(os.path.join(extra, "run"), 0o755)
    cmd = [sys.executable, os.path.join(TOP, "tools", "vmtest.py"),
           "--machine", a.machine, "--objdir", a.objdir,
           "--release", a.release, "--version", a.version,
           "--extra", extra, "--skip-suite", "--timeout", str(a.timeout),
           "--idle", str(a.timeout), "--smp", str(a.smp), "--mem", a.mem,
           "--name", "bench.petrel." + a.machine]
    if a.machine == "amd64":
        # -kernel/-initrd, like the Linux boot (PVH entry).
        cmd.append("--direct")
    say("bench: booting Petrel (%s)" % a.machine)
    rc = subprocess.call(cmd, stdout=subprocess.DEVNULL)
    log = os.path.join(a.objdir, "log", "bench.petrel.%s.log" % a.machine)
    keep = os.path.join(work, "petrel.console.log")
    lines = []
    with open(log, errors="replace") as f:
        for ln in f:
            mm = re.match(r"^\[\s*([0-9.]+)\] (.*)$", ln.rstrip("\n"))
            if mm:
                lines.append((float(mm.group(1)), mm.group(2)))
    shutil.copyfile(log, keep)
    res, boot, done = parse_console(lines)
    if rc != 0:
        say("bench: the Petrel boot did not pass (vmtest exit %d); "
            "console: %s" % (rc, keep))
    return res, boot, done, keep


class LinuxRun(vmtest.Run):
    """vmtest's QEMU configuration with Linux's command line."""

    def __init__(self, a, kernel, initrd, cmdline):
        vmtest.Run.__init__(self, a)
        self.kernel = kernel
        self.linux_cmdline = cmdline
        self.initrd = initrd

    def cmdline(self):
        return self.linux_cmdline


def vm_args(a, kernel, initrd):
    """vmtest's argument namespace for a --direct style boot."""
    argv = ["--machine", a.machine, "--objdir", a.objdir,
            "--smp", str(a.smp), "--mem", a.mem, "--kernel", kernel,
            "--root", initrd, "--name", "bench.linux." + a.machine]
    if a.machine == "amd64":
        argv.append("--direct")
    saved = sys.argv
    sys.argv = ["vmtest.py"] + argv
    try:
        return vmtest.parse_args()
    finally:
        sys.argv = saved


def boot_linux(a, work, kernel, initrd):
    console = {"amd64": "ttyS0", "aarch64": "ttyAMA0"}[a.machine]
    # panic=-1 and QEMU's -no-reboot turn a panic into an exit; quiet
    # keeps the kernel's log off the slow emulated UART, as Petrel's is.
    cmdline = "console=%s quiet panic=-1 rdinit=/init" % console
    r = LinuxRun(vm_args(a, kernel, initrd), kernel, initrd, cmdline)
    cmd = r.qemu_cmd(initrd, ["-serial", "stdio", "-monitor", "none"])
    log = os.path.join(work, "linux.console.log")
    say("bench: booting Linux (%s): %s" % (a.machine, " ".join(cmd)))
    lines = []
    q = queue.Queue()
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    th = threading.Thread(target=vmtest.reader_thread, args=(proc.stdout, q),
                          daemon=True)
    th.start()
    deadline = t0 + a.timeout
    timed_out = False
    with open(log, "w") as f:
        f.write("# %s\n" % " ".join(cmd))
        while True:
            try:
                ln = q.get(timeout=0.5)
            except queue.Empty:
                if time.monotonic() > deadline:
                    timed_out = True
                    break
                continue
            if ln is None:
                break
            now = time.monotonic() - t0
            text = vmtest.ANSI_RE.sub("", ln.rstrip("\r\n")).replace("\r", "")
            lines.append((now, text))
            f.write("[%8.3f] %s\n" % (now, text))
            f.flush()
            if time.monotonic() > deadline:
                timed_out = True
                break
    vmtest.kill(proc)
    if timed_out:
        say("bench: the Linux boot timed out after %gs; console: %s"
            % (a.timeout, log))
    res, boot, done = parse_console(lines)
    return res, boot, done, log


# -- 5. the table, results.json, the chart -------------------------------------

def ratio(p, l):
    """> 1: Petrel better.  None if either side has no figure."""
    if p is None or l is None or p.get("value") is None or \
            l.get("value") is None:
        return None
    pv, lv = p["value"], l["value"]
    if pv <= 0 or lv <= 0:
        return None
    if p["unit"] in LOWER_BETTER:
        return lv / pv
    return pv / lv


def fmt(r):
    if r is None:
        return "n/a"
    v = r["value"]
    if v is None:
        return "n/a"
    if v >= 1000:
        return "%.0f %s" % (v, r["unit"])
    return "%.4g %s" % (v, r["unit"])


def table(m, petrel, linux, pboot, lboot):
    names = list(petrel.keys())
    names += [n for n in linux if n not in petrel]
    rows = []
    out = []
    out.append("ipcbench, %s, QEMU TCG -smp 2 (ratio > 1: Petrel better)"
               % m)
    out.append("%-16s %16s %16s %8s" % ("benchmark", "Petrel", "Linux",
                                        "ratio"))
    for n in names:
        p, l = petrel.get(n), linux.get(n)
        r = ratio(p, l)
        rows.append({"name": n, "petrel": p, "linux": l, "ratio": r})
        out.append("%-16s %16s %16s %8s" % (
            n, fmt(p), fmt(l), "%.2f" % r if r is not None else "n/a"))
    bt = lambda t: "%.2f s" % t if t is not None else "n/a"
    out.append("%-16s %16s %16s %8s" % (
        "boot-to-user", bt(pboot), bt(lboot),
        "%.2f" % (lboot / pboot) if pboot and lboot else "n/a"))
    return rows, "\n".join(out)


def chart(results, path):
    """Horizontal bars of the ratios (log scale), one colour an arch."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        # Debian's python3-matplotlib is for Debian's python3; the one
        # on PATH may be another (pyenv).  Let Debian's draw it.
        deb = "/usr/bin/python3"
        if os.path.exists(deb) and \
                os.path.realpath(deb) != os.path.realpath(sys.executable):
            return subprocess.call([deb, os.path.abspath(__file__),
                                    "--chart", path]) == 0
        say("bench: python3-matplotlib is missing: no chart")
        return False
    arches = [m for m in ("amd64", "aarch64") if m in results]
    names = []
    for m in arches:
        for row in results[m]["rows"]:
            if row["name"] not in names:
                names.append(row["name"])
    names.append("boot-to-user")
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) + 1.5))
    h = 0.8 / max(1, len(arches))
    for i, m in enumerate(arches):
        byname = {row["name"]: row["ratio"] for row in results[m]["rows"]}
        b = results[m]["boot"]
        if b["petrel"] and b["linux"]:
            byname["boot-to-user"] = b["linux"] / b["petrel"]
        ys = [k + i * h for k in range(len(names))]
        vals = [byname.get(n) or 0 for n in names]
        # Bars grow from 1.0 (parity): right is Petrel better, left worse.
        ax.barh(ys, [v - 1 if v > 0 else 0 for v in vals], left=1.0,
                height=h, label=m, color=["tab:blue", "tab:orange"][i])
        for y, v in zip(ys, vals):
            if v <= 0:
                ax.text(1.0, y, " n/a", va="center", fontsize=7)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks([k + h * (len(arches) - 1) / 2 for k in range(len(names))])
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel("Petrel / Linux (> 1: Petrel better; log scale)")
    ax.set_title("ipcbench under QEMU TCG -smp 2: Petrel vs Linux")
    ax.legend(loc="center left")  # the n/a rows leave room there
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--machine", default="amd64", choices=["amd64", "aarch64"])
    ap.add_argument("--objdir", default=os.path.join(TOP, "obj"))
    ap.add_argument("--release")
    ap.add_argument("--version", default="0.1")
    ap.add_argument("--seconds", default="1",
                    help="seconds each benchmark aims to run (ipcbench -t)")
    ap.add_argument("--timeout", type=float, default=900,
                    help="seconds for each boot")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--only", choices=["petrel", "linux"],
                    help="boot one system only (figures of the other: n/a)")
    ap.add_argument("--chart", metavar="PNG",
                    help="only draw PNG from the results.json beside it")
    a = ap.parse_args()
    a.objdir = os.path.abspath(a.objdir)
    if a.chart:
        with open(os.path.join(os.path.dirname(os.path.abspath(a.chart)),
                               "results.json")) as f:
            sys.exit(0 if chart(json.load(f), a.chart) else 1)
    if a.release is None:
        a.release = os.path.join(a.objdir, "release")
    m = a.machine
    bench = os.path.join(a.objdir, "bench")
    work = os.path.join(bench, m)
    os.makedirs(work, exist_ok=True)

    petrel = linux = {}
    pboot = lboot = None
    plog = llog = None
    if a.only != "petrel":
        ipcb = build_linux_ipcbench(m, work)
        kdeb, bdeb = fetch_debs(m, a.objdir)
        kdir = unpack(kdeb, os.path.join(work, os.path.basename(kdeb)[:-4]))
        bdir = unpack(bdeb, os.path.join(work, os.path.basename(bdeb)[:-4]))
        kernel, kver = linux_kernel(m, kdir, work)
        initrd = make_initramfs(work, os.path.join(bdir, "bin", "busybox"),
                                ipcb, a.seconds)
    if a.only != "linux":
        petrel, pboot, pdone, plog = boot_petrel(a, work)
        if not pdone:
            say("bench: Petrel did not finish the bench (console: %s)" % plog)
    if a.only != "petrel":
        linux, lboot, ldone, llog = boot_linux(a, work, kernel, initrd)
        if not ldone:
            say("bench: Linux did not finish the bench (console: %s)" % llog)
    rows, text = table(m, petrel, linux, pboot, lboot)
    say(text)

    path = os.path.join(bench, "results.json")
    try:
        with open(path) as f:
            results = json.load(f)
    except (OSError, ValueError):
        results = {}
    results[m] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ"),
        "qemu": "smp %d, %s, TCG" % (a.smp, a.mem),
        "linux_kernel": kver if a.only != "petrel" else None,
        "seconds_per_bench": float(a.seconds),
        "ratio_means": "> 1: Petrel better (Linux time / Petrel time, or "
                       "Petrel rate / Linux rate)",
        "rows": rows,
        "boot": {"petrel": pboot, "linux": lboot,
                 "means": "seconds from QEMU start to the first console "
                          "line of the bench's first user program"},
        "console": {"petrel": plog, "linux": llog},
        "table": text,
    }
    with open(path + ".tmp", "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    os.rename(path + ".tmp", path)
    png = os.path.join(bench, "ratios.png")
    drew = chart(results, png)
    say("bench: results %s%s" % (path, ", chart " + png if drew else ""))
    booted = (a.only == "linux" or pboot is not None) and \
        (a.only == "petrel" or lboot is not None)
    sys.exit(0 if booted else 1)


if __name__ == "__main__":
    main()
