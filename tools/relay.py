#!/usr/bin/env python3
"""A lossy Ethernet relay between two QEMU `-netdev socket,udp=` guests.

QEMU's UDP socket netdev sends each Ethernet frame the guest transmits as
one UDP datagram to the address in udp=, and hands every datagram that
arrives at localaddr= to the guest as a received frame.  This relay sits
between two such guests, A and B:

    guest A  -netdev socket,udp=127.0.0.1:PA,localaddr=127.0.0.1:GA
    guest B  -netdev socket,udp=127.0.0.1:PB,localaddr=127.0.0.1:GB

It listens on PA and PB; a frame arriving on PA goes out of PB's socket
to 127.0.0.1:GB, and one arriving on PB goes out of PA's socket to
127.0.0.1:GA.  A datagram from any other address is ignored (and
counted), so nothing else on the host can inject frames.

On the way, each frame independently (one seeded random.Random per
direction, so the decisions for the n-th frame of a direction depend
only on the seed) is
  - dropped with probability --drop, else
  - held back with probability --reorder: it goes out after the next
    frame of the same direction (the two swap places), or after
    --hold seconds if no next frame comes, and
  - sent twice with probability --dup (the copy right after the frame).
Every fate is counted per direction; the counts are what the caller
checks (a relay that never dropped, duplicated or reordered proves
nothing).

Used by tools/pairtest.py as a thread (Relay.start/stop); run alone it
relays until interrupted and prints its counts:

    tools/relay.py --port-a PA --port-b PB --guest-a GA --guest-b GB
"""
import argparse
import random
import selectors
import signal
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
MAX_FRAME = 65536


class Direction:
    """One way through the relay: frames from src go out of out to dst."""

    def __init__(self, name, out, dst, rng, drop, dup, reorder):
        self.name = name
        self.out = out
        self.dst = dst
        self.rng = rng
        self.drop = drop
        self.dup = dup
        self.reorder = reorder
        self.held = None        # (frame, time it was held)
        self.counts = {"frames": 0, "bytes": 0, "sent": 0, "dropped": 0,
                       "duplicated": 0, "reordered": 0, "send_errors": 0}

    def _send(self, frame):
        try:
            self.out.sendto(frame, self.dst)
            self.counts["sent"] += 1
        except OSError:
            # The guest's QEMU is not up yet or is gone: the frame is
            # lost like any other on a wire.
            self.counts["send_errors"] += 1

    def _emit(self, frame, dup):
        self._send(frame)
        if dup:
            self.counts["duplicated"] += 1
            self._send(frame)

    def frame(self, frame, now):
        """One frame from the source: decide its fate."""
        c = self.counts
        c["frames"] += 1
        c["bytes"] += len(frame)
        # Three draws per frame whatever the outcome, so the fate of
        # frame n does not depend on the fates of frames before it.
        r_drop, r_reorder, r_dup = (self.rng.random(), self.rng.random(),
                                    self.rng.random())
        if r_drop < self.drop:
            c["dropped"] += 1
            return
        dup = r_dup < self.dup
        if self.held is None and r_reorder < self.reorder:
            self.held = (frame, dup, now)
            return
        self._emit(frame, dup)
        if self.held is not None:
            # The held frame goes out after one that came after it.
            held, hdup, _ = self.held
            self.held = None
            c["reordered"] += 1
            self._emit(held, hdup)

    def flush(self, now, hold):
        """Let a frame held for longer than hold seconds go (in order:
        nothing overtook it, so it does not count as reordered)."""
        if self.held is not None and now - self.held[2] >= hold:
            held, hdup, _ = self.held
            self.held = None
            self._emit(held, hdup)


class Relay:
    """The relay: bind() picks the two ports, start() runs it in a thread,
    stop() ends it; counts() is per direction ("a>b", "b>a") and in all."""

    def __init__(self, seed=1, drop=0.05, dup=0.05, reorder=0.05,
                 hold=0.02, port_a=0, port_b=0, guest_a=None, guest_b=None):
        self.seed = seed
        self.hold = hold
        self.sa = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sb = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for s in (self.sa, self.sb):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 21)
        self.sa.bind((HOST, port_a))
        self.sb.bind((HOST, port_b))
        self.port_a = self.sa.getsockname()[1]
        self.port_b = self.sb.getsockname()[1]
        self.guest_a = guest_a
        self.guest_b = guest_b
        self.ignored = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = None
        # Each direction has its own generator, seeded from the seed and
        # the direction's name.
        self.ab = Direction("a>b", self.sb, (HOST, guest_b),
                            random.Random("%s a>b" % seed), drop, dup,
                            reorder)
        self.ba = Direction("b>a", self.sa, (HOST, guest_a),
                            random.Random("%s b>a" % seed), drop, dup,
                            reorder)

    def netdev(self, side, ident):
        """The -netdev argument for guest side "a" or "b"."""
        relay, guest = ((self.port_a, self.guest_a) if side == "a"
                        else (self.port_b, self.guest_b))
        return "socket,id=%s,udp=%s:%d,localaddr=%s:%d" % (
            ident, HOST, relay, HOST, guest)

    def run(self):
        sel = selectors.DefaultSelector()
        sel.register(self.sa, selectors.EVENT_READ, (self.ab, self.guest_a))
        sel.register(self.sb, selectors.EVENT_READ, (self.ba, self.guest_b))
        for s in (self.sa, self.sb):
            s.setblocking(False)
        try:
            while not self.stopping.is_set():
                events = sel.select(timeout=self.hold / 2)
                now = time.monotonic()
                with self.lock:
                    for key, _ in events:
                        d, want = key.data
                        while True:
                            try:
                                frame, src = key.fileobj.recvfrom(MAX_FRAME)
                            except (BlockingIOError, InterruptedError):
                                break
                            except OSError:
                                # An ICMP error from an earlier send.
                                continue
                            if src != (HOST, want):
                                self.ignored += 1
                                continue
                            d.frame(frame, now)
                    self.ab.flush(now, self.hold)
                    self.ba.flush(now, self.hold)
        finally:
            sel.close()

    def start(self):
        self.thread = threading.Thread(target=self.run, name="relay",
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(5)
        with self.lock:
            self.ab.flush(float("inf"), 0)
            self.ba.flush(float("inf"), 0)
        self.sa.close()
        self.sb.close()

    def counts(self):
        with self.lock:
            per = {"a>b": dict(self.ab.counts), "b>a": dict(self.ba.counts)}
        total = {k: per["a>b"][k] + per["b>a"][k] for k in per["a>b"]}
        total["ignored"] = self.ignored
        return per, total

    def summary(self):
        per, total = self.counts()
        parts = []
        for name in ("a>b", "b>a"):
            c = per[name]
            parts.append("%s: %d frames, %d dropped, %d duplicated, "
                         "%d reordered" % (name, c["frames"], c["dropped"],
                                           c["duplicated"], c["reordered"]))
        return "; ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="1")
    ap.add_argument("--drop", type=float, default=0.05)
    ap.add_argument("--dup", type=float, default=0.05)
    ap.add_argument("--reorder", type=float, default=0.05)
    ap.add_argument("--hold", type=float, default=0.02,
                    help="seconds a held frame waits for one to overtake it")
    ap.add_argument("--port-a", type=int, required=True,
                    help="port guest A's udp= names")
    ap.add_argument("--port-b", type=int, required=True,
                    help="port guest B's udp= names")
    ap.add_argument("--guest-a", type=int, required=True,
                    help="guest A's localaddr= port")
    ap.add_argument("--guest-b", type=int, required=True,
                    help="guest B's localaddr= port")
    a = ap.parse_args()
    r = Relay(a.seed, a.drop, a.dup, a.reorder, a.hold, a.port_a, a.port_b,
              a.guest_a, a.guest_b)
    print("relay: A: -netdev %s" % r.netdev("a", "net0"))
    print("relay: B: -netdev %s" % r.netdev("b", "net0"), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: r.stopping.set())
    r.start()
    try:
        while r.thread.is_alive():
            r.thread.join(0.5)
    except KeyboardInterrupt:
        pass
    r.stop()
    print("relay: " + r.summary())
    sys.exit(0)


if __name__ == "__main__":
    main()
