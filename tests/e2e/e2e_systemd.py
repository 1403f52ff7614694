#!/usr/bin/env python3
"""e2e_systemd.py SERVER KIOSK — both programs as systemd's Type=notify units
see them, without PID 1: this test plays systemd's side of sd_notify(3), a
datagram socket in NOTIFY_SOCKET with WATCHDOG_USEC set, and the lab's debug
port (a pseudo-terminal as the kiosk's debug_port).

  kiosk, --script: READY=1 from the first frame (the enrollment screen of a
      kiosk with no credentials), WATCHDOG=1 from the UI loop, none while the
      script freezes the loop (`freeze 3`), again after.
  kiosk, the real loop (headless, no script), enrolled: READY=1 naming home;
      the debug port answers `screen`, `dump` (one line of dump JSON), errors
      for anything else; `freeze 3` over the port stops the pings; SIGTERM
      ends it with STOPPING=1 and exit 0, even with the port's peer gone.
  server: READY=1 once it listens (/healthz answers at that moment), pings
      every half period while the database answers, STOPPING=1 on SIGTERM.
Exit 0 when all holds; says what did not otherwise."""
import json, os, pty, select, signal, socket, subprocess, sys, tempfile, time, tty

SERVER, KIOSK = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
WATCHDOG_S = 3.0                       # the unit's WatchdogSec= in this test
FREEZE_S = 3
work = tempfile.mkdtemp(prefix="mq-systemd-")


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def step(msg):
    print("--- " + msg, flush=True)


class Notify:
    """systemd's end of the notify socket: every datagram with its arrival time."""

    def __init__(self, name):
        self.path = os.path.join(work, name + ".notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.got = []                  # (monotonic time, text)

    def env(self):
        e = dict(os.environ, NOTIFY_SOCKET=self.path, WATCHDOG_USEC=str(int(WATCHDOG_S * 1e6)))
        e.pop("WATCHDOG_PID", None)
        return e

    def pump(self, seconds):
        """Collect datagrams for `seconds`, each stamped as it arrives."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            if select.select([self.sock], [], [], left)[0]:
                self.got.append((time.monotonic(), self.sock.recv(4096).decode()))

    def wait_for(self, what, seconds):
        """Collect until a datagram holds `what` (bounded); its time, or fail."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for t, text in self.got:
                if what in text:
                    return t
            self.pump(min(0.2, max(0.0, end - time.monotonic())))
        fail(f"{self.path}: no {what!r} within {seconds} s; got {[x[1] for x in self.got]}")

    def pings(self, after=0.0, before=float("inf")):
        return [t for t, text in self.got if "WATCHDOG=1" in text and after <= t <= before]


def check_watchdog(n, what):
    """READY first, pings all along but for the freeze, which leaves a gap."""
    ready = n.wait_for("READY=1", 1)
    frozen = n.wait_for("frozen for %d s" % FREEZE_S, 1)
    thawed = n.wait_for("running again", 1)
    before, during, after = n.pings(ready, frozen), n.pings(frozen, thawed), n.pings(thawed)
    if len(before) < 2 or len(after) < 2:
        fail(f"{what}: too few pings around the freeze: {len(before)} before, {len(after)} after")
    if during:
        fail(f"{what}: {len(during)} pings while the loop was frozen: not from the loop")
    gap = after[0] - before[-1]
    if gap < FREEZE_S * 0.9:
        fail(f"{what}: the freeze left a gap of {gap:.2f} s, not {FREEZE_S} s")
    # outside the freeze the pings come well within the watchdog's timeout
    for a, b in zip(n.pings(ready), n.pings(ready)[1:]):
        if b - a > WATCHDOG_S and not (a <= frozen and b >= thawed):
            fail(f"{what}: {b - a:.2f} s between pings outside the freeze (timeout {WATCHDOG_S} s)")
    print(f"    READY, {len(before)} pings, a {gap:.1f} s gap while frozen, {len(after)} pings after")


def kiosk_ini(name, extra=""):
    data = os.path.join(work, name)
    os.makedirs(data)
    ini = os.path.join(work, name + ".ini")
    with open(ini, "w") as f:
        f.write(f"[kiosk]\ndata_dir = {data}\nsize = 1280x800\n{extra}\n")
    return ini, data


def kiosk_script_mode():
    step("kiosk --headless --script, not enrolled: READY from the enrollment screen, pings, none while frozen")
    ini, _ = kiosk_ini("script")
    script = os.path.join(work, "freeze.script")
    with open(script, "w") as f:
        f.write(f"wait-for enroll.code\nwait 2500\nfreeze {FREEZE_S}\nwait 2500\n")
    n = Notify("script")
    log = os.path.join(work, "script.log")
    with open(log, "w") as f:
        p = subprocess.Popen([KIOSK, "--headless", "--config", ini, "--script", script],
                             env=n.env(), stdout=subprocess.DEVNULL, stderr=f)
        end = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < end:
            n.pump(0.1)               # the datagrams' times are when they arrive
    if p.poll() is None:
        p.kill()
        fail("the kiosk script did not end")
    if p.returncode != 0:
        fail("kiosk script failed: " + open(log).read()[-2000:])
    n.pump(0.2)
    ready = [text for _, text in n.got if "READY=1" in text]
    if not ready or "STATUS=enroll" not in ready[0]:
        fail(f"READY=1 does not name the first screen: {ready}")
    # a slow start (fonts, first frame under emulation) may outlast the
    # watchdog: lifted until READY, which puts the unit's own back
    texts = [text for _, text in n.got]
    first_ready = next(i for i, text in enumerate(texts) if "READY=1" in text)
    if "WATCHDOG_USEC=300000000" not in texts[:first_ready]:
        fail(f"no WATCHDOG_USEC=300000000 (the start's) before READY: {texts[:first_ready]}")
    if f"WATCHDOG_USEC={int(WATCHDOG_S * 1e6)}" not in ready[0]:
        fail(f"READY=1 does not put the unit's watchdog back: {ready[0]!r}")
    check_watchdog(n, "kiosk --script")
    n.wait_for("STOPPING=1", 1)


class Port:
    """The host's end of the debug port: a pseudo-terminal's master."""

    def __init__(self):
        self.notify = None             # a Notify to keep listening to meanwhile
        self.master, slave = pty.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(slave)
        os.close(slave)
        self.buf = b""

    def ask(self, line, seconds=10):
        os.write(self.master, line.encode() + b"\n")
        return self.answer(seconds)

    def answer(self, seconds):
        end = time.monotonic() + seconds
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                fail(f"no answer on the debug port within {seconds} s")
            if self.notify:
                self.notify.pump(min(left, 0.05))     # datagrams stamped as they come
            if select.select([self.master], [], [], 0 if self.notify else left)[0]:
                self.buf += os.read(self.master, 65536)
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def kiosk_run_loop():
    step("kiosk --headless (the real loop), enrolled, with a debug port")
    port = Port()
    ini, data = kiosk_ini("loop", f"debug_port = {port.path}")
    subprocess.run([KIOSK, "status", "--config", ini], stdout=subprocess.DEVNULL, check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "..", "kiosk", "seed_state.py"), data],
                   check=True)
    n = Notify("loop")
    port.notify = n
    log = open(os.path.join(work, "loop.log"), "w")
    p = subprocess.Popen([KIOSK, "--headless", "--config", ini], env=n.env(), stderr=log)
    try:
        n.wait_for("READY=1", 60)
        if "STATUS=home" not in [x for _, x in n.got if "READY=1" in x][0]:
            fail("READY=1 does not name home")
        if port.ask("screen", 30) != "home":
            fail("the debug port does not say home")
        dump = json.loads(port.ask("dump"))
        ids = {w["id"] for w in dump["widgets"]}
        if dump["screen"] != "home" or dump["blanked"] is not False or "home.file_opinion" not in ids:
            fail(f"the debug port's dump is not home's: {dump['screen']} {sorted(ids)[:5]}")
        if not port.ask("reboot").startswith("error: unknown command"):
            fail("an unknown command was not refused")
        if port.ask("x" * 400) != "error: line too long":
            fail("an overlong line was not refused")
        if port.ask("screen") != "home":
            fail("the port stopped answering after errors")
        n.pump(2.5)
        t0 = time.monotonic()
        if port.ask(f"freeze {FREEZE_S}", FREEZE_S + 10) != "ok":
            fail("freeze over the debug port did not answer ok")
        if time.monotonic() - t0 < FREEZE_S * 0.9:
            fail("freeze answered before the loop had been frozen that long")
        n.pump(2.5)
        check_watchdog(n, "kiosk loop")
        step("the debug port's peer goes away; SIGTERM still stops the kiosk cleanly")
        os.close(port.master)
        n.pump(0.5)
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=30)
        if rc != 0:
            fail(f"the kiosk exited {rc} on SIGTERM")
        n.wait_for("STOPPING=1", 1)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        log.close()


def server():
    step("minqing-server serve: READY once it listens, pings, STOPPING")
    db = os.path.join(work, "server.db")
    subprocess.run([SERVER, "seed-demo", "--db", "sqlite:" + db], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    n = Notify("server")
    port = 20000 + (os.getpid() * 17) % 30000
    log = open(os.path.join(work, "server.log"), "w")
    p = subprocess.Popen([SERVER, "serve", "--db", "sqlite:" + db, "--listen",
                          f"127.0.0.1:{port}"], env=n.env(), stdout=log, stderr=log)
    try:
        n.wait_for("READY=1", 30)
        ready = [x for _, x in n.got if "READY=1" in x][0]
        if f"STATUS=listening on http://127.0.0.1:{port}" not in ready:
            fail(f"READY's status: {ready!r}")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:   # it listens now
            s.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
            if b" 200 " not in s.recv(200):
                fail("/healthz does not answer 200 at READY")
        n.pump(2 * WATCHDOG_S)
        pings = n.pings()
        if len(pings) < 3:
            fail(f"{len(pings)} watchdog pings in {2 * WATCHDOG_S} s")
        if max(b - a for a, b in zip(pings, pings[1:])) > WATCHDOG_S:
            fail("the server's pings come slower than its watchdog's timeout")
        p.send_signal(signal.SIGTERM)
        if p.wait(timeout=30) != 0:
            fail("the server did not exit 0 on SIGTERM")
        n.wait_for("STOPPING=1", 1)
        print(f"    READY while listening, {len(pings)} pings in {2 * WATCHDOG_S:.0f} s, STOPPING")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        log.close()


try:
    kiosk_script_mode()
    kiosk_run_loop()
    server()
finally:
    if not os.environ.get("KEEP"):
        subprocess.run(["rm", "-rf", work])
print("e2e_systemd: ok")
