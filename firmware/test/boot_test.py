#!/usr/bin/env python3
"""Boot test of the qemu-virt image: the appliance's proof (run by
firmware/test-image.sh).

A real district server (the native minqing-server, seeded with the demo
district) listens on the host's loopback; the guest reaches it as
http://10.0.2.2:PORT (QEMU user networking), which the card's site file
names, with allow_insecure_http (a lab). The image boots in
qemu-system-aarch64 (TCG) with the appliance's fixed command line (DESIGN.md
section 9) plus what the test needs: a QMP socket, the serial console to a
file, and two virtio serial ports -- org.minqing.test, answered by the
image's read-only minqing-probe.service (mounts, partitions, units, memory),
and mq.debug, on which the kiosk answers `dump` and `screen` (its
debug_port, turned on by minqing-debug-port.service only because that port
exists). Touches are QMP input-send-event on the usb-tablet, at the centres
of the widgets the kiosk's dump lists.

The kiosk reaches the server through a relay on the host (Network: the
studio's network), which can let the server store an upload and then drop
the line before the answer gets back -- so the kiosk holds a record the
server already has, and must send it again without it being counted twice.
What a broken appliance gets wrong:

  boot 1  a copy of the dist image on a card 1 GiB bigger: root read-only,
          no getty, no failed unit, the data partition made to fill the card;
          the enrollment screen on the panel (QMP screendump), the site's
          server proposed; enrolled with taps on the keypad (a code from
          `minqing-server kiosk-code`, each tap seen in the code field);
          home; opinion 1 filed with taps (category, pinyin and letters on
          the on-screen keyboard, the steps to 提交) arrives, stored; opinion
          2 filed with taps: the server stores it, its answer is lost, and
          the power is cut (QMP quit) on its receipt
  between the card as the power cut left it (the data partition copied out,
          its journal replayed on the copy): device.json there, opinion 1
          acknowledged in kiosk.db, opinion 2 still queued in its outbox
  boot 2  the card grown by 512 MiB, the network whole: the kiosk comes up
          enrolled on its home screen; the data file system is the same one,
          its journal replayed or clean, grown to the bigger card; opinion 2
          is sent again and the server answers "duplicate"; the server holds
          each opinion exactly once; a clean power-off (the power key)
  after   root_a and root_b hold exactly the bytes they held before the
          first boot, the boot partition the same files but for grubenv
          (GRUB's boot counting: slot A good and first); e2fsck -fn finds the data file system
          clean; kiosk.db: opinion 2 acknowledged, nothing queued; the root
          file system has no debug_port configured
  MQ_SLOW=1 also boots the dist image exactly as shipped (snapshot=on, its
          own site file): the enrollment screen, no server preset.

Prints each check and the timings; writes figures.json and the screens as
PNG into --work. Python 3 standard library only; every wait is for a
condition, bounded.
"""
import argparse
import hashlib
import http.client
import http.server
import json
import os
import socket
import struct
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib

QEMU_BASE = [  # DESIGN.md section 9: the appliance's command line
    "qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
    "-bios", "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd",
]
QEMU_DEVICES = [
    "-device", "virtio-gpu-pci", "-device", "qemu-xhci", "-device", "usb-tablet",
    "-nic", "user,model=virtio-net-pci",
]
SECTOR = 512
STUDIO = "hubin"                 # a studio of the demo district (seed-demo)


class TestFailure(Exception):
    pass


T0 = time.monotonic()


def log(msg):
    print(f"boot-test: [{time.monotonic() - T0:6.1f}] {msg}", flush=True)


CHECKS_PASSED = [0]


def check(cond, what, detail=""):
    if not cond:
        raise TestFailure(f"{what}{': ' + str(detail) if detail else ''}")
    CHECKS_PASSED[0] += 1
    log(f"ok: {what}")


def wait_for(what, timeout, fn, interval=1.0):
    """Calls fn until it returns something true, at most timeout seconds."""
    end = time.monotonic() + timeout
    while True:
        result = fn()
        if result:
            return result
        if time.monotonic() >= end:
            raise TestFailure(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)  # polling interval of a bounded wait


class LineSocket:
    """A unix stream socket read line by line with a deadline."""

    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        end = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() >= end:
                    raise TestFailure(f"cannot connect to {path}")
                time.sleep(0.1)  # polling interval: QEMU creates the socket
        self.buf = b""

    def readline(self, timeout):
        """The next line, or None when none came within timeout seconds."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                continue
            if not chunk:
                raise TestFailure("connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def send(self, text):
        self.sock.sendall(text.encode())

    def close(self):
        self.sock.close()


class Qmp:
    def __init__(self, path):
        self.ls = LineSocket(path, 30)
        if self.ls.readline(30) is None:             # the greeting
            raise TestFailure("QMP said nothing")
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.ls.send(json.dumps(msg) + "\n")
        while True:
            line = self.ls.readline(120)
            if line is None:
                raise TestFailure(f"QMP {name}: no answer")
            reply = json.loads(line)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise TestFailure(f"QMP {name}: {reply['error']}")
            # asynchronous events (RESET, POWERDOWN, ...) are skipped

    def close(self):
        self.ls.close()


class Server:
    """The district server: the native minqing-server on the host's loopback."""

    def __init__(self, binary, work):
        self.binary = os.path.abspath(binary)
        self.db = os.path.join(work, "server.db")
        self.log = os.path.join(work, "server.log")
        self.proc = None
        with socket.socket() as s:                   # a free port, kept for both boots
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.run("seed-demo")

    def run(self, *args):
        out = subprocess.run([self.binary, *args, "--db", f"sqlite:{self.db}"], capture_output=True,
                             text=True, timeout=120)
        if out.returncode != 0:
            raise TestFailure(f"minqing-server {args[0]} failed: {out.stderr[-400:]}")
        return out.stdout.strip()

    def scalar(self, sql, *params):
        """One value from the server's database (SQLite: what it stored)."""
        db = sqlite3.connect(self.db, timeout=30)
        try:
            return db.execute(sql, params).fetchone()[0]
        finally:
            db.close()

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve", "--db", f"sqlite:{self.db}",
                                      "--listen", f"127.0.0.1:{self.port}"],
                                     stdin=subprocess.DEVNULL, stdout=open(self.log, "a"),
                                     stderr=subprocess.STDOUT)
        wait_for("the server's /healthz", 30, lambda: self.get("/healthz") == 200, interval=0.2)
        log(f"server: listening on {self.url} (pid {self.proc.pid})")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None
        log("server: stopped")

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except (urllib.error.URLError, OSError):
            return None


class Network:
    """The studio's network between the kiosk and the district server: an
    HTTP relay on the host's loopback (the guest's 10.0.2.2:PORT) that hands
    every request to the server and its answer back -- or, while
    lose_record_answers is set, lets the server store an upload of records
    and then drops the line before the answer reaches the kiosk (a network
    that fails at the worst moment). Every upload is logged: the tokens of
    the opinions in it, the server's results, whether the answer was lost."""

    def __init__(self, server):
        self.server = server
        self.lose_record_answers = False
        self.uploads = []            # dicts: tokens, results ({token: result}), lost, phase
        self.phase = ""
        self.lock = threading.Lock()
        net = self

        class Relay(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"       # libcurl keeps its connection

            def log_message(self, *a):
                pass

            def relay(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "expect", "keep-alive")}
                conn = http.client.HTTPConnection("127.0.0.1", net.server.port, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    r = conn.getresponse()
                    answer = r.read()
                    answer_headers = r.getheaders()
                    status = r.status
                finally:
                    conn.close()
                upload = None
                if self.command == "POST" and self.path.startswith("/api/v1/records"):
                    upload = net.note_upload(body, status, answer)
                if upload and upload["lost"]:
                    self.close_connection = True        # the line drops: no answer
                    return
                self.send_response_only(status)
                for k, v in answer_headers:
                    if k.lower() not in ("connection", "transfer-encoding", "keep-alive", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = do_DELETE = relay

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Relay)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        log(f"network: relay on 127.0.0.1:{self.port} (the guest's http://10.0.2.2:{self.port})")

    def note_upload(self, body, status, answer):
        try:
            sent = json.loads(body or b"{}").get("records", [])
            ids = {r["id"]: (r.get("data") or {}).get("token", "") for r in sent}
            results = {ids.get(r["id"], r["id"]): r["result"] for r in json.loads(answer)["results"]} \
                if status == 200 else {}
        except (ValueError, KeyError, TypeError, AttributeError):
            ids, results = {}, {}
        with self.lock:
            upload = {"tokens": list(ids.values()), "status": status, "results": results,
                      "lost": self.lose_record_answers, "phase": self.phase}
            self.uploads.append(upload)
        log(f"network: upload of {len(ids)} record(s) {sorted(upload['tokens'])}: HTTP {status} "
            f"{results}{' -- answer LOST on the way back' if upload['lost'] else ''}")
        return upload

    def find(self, pred):
        with self.lock:
            return [u for u in self.uploads if pred(u)]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Vm:
    """One boot of the card."""

    def __init__(self, args, name, disk, snapshot=False):
        self.name = name
        self.work = args.work
        self.qmp_path = os.path.join(args.work, f"{name}.qmp")
        self.probe_path = os.path.join(args.work, f"{name}.probe")
        self.debug_path = os.path.join(args.work, f"{name}.debug")
        self.serial_log = os.path.join(args.work, f"{name}-serial.log")
        for p in (self.qmp_path, self.probe_path, self.debug_path):
            if os.path.exists(p):
                os.unlink(p)
        # The card is a copy written by both boots, so no snapshot=on there;
        # everything else is the appliance's command line.
        drive = f"if=virtio,format=raw,{'snapshot=on,' if snapshot else ''}file={disk}"
        cmd = QEMU_BASE + ["-drive", drive] + QEMU_DEVICES + [
            # what the test adds
            "-display", "none",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
            "-serial", f"file:{self.serial_log}",
            "-device", "virtio-serial-pci",
            "-chardev", f"socket,id=probe,path={self.probe_path},server=on,wait=off",
            "-device", "virtserialport,chardev=probe,name=org.minqing.test",
            "-chardev", f"socket,id=debug,path={self.debug_path},server=on,wait=off",
            "-device", "virtserialport,chardev=debug,name=mq.debug",
        ]
        log(f"{name}: power on: {' '.join(cmd)}")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(args.work, f"{name}-qemu.log"), "w"),
                                     stderr=subprocess.STDOUT)
        self.qmp = Qmp(self.qmp_path)
        self.port = None
        self.debug = LineSocket(self.debug_path, 30)
        self.size = None          # the panel's pixels, from the first screendump

    def elapsed(self):
        return time.monotonic() - self.started

    # ---- the probe (org.minqing.test): the system's facts ----

    def connect_probe(self, timeout):
        """Waits for the guest's probe to say hello (systemd reached it)."""
        self.port = LineSocket(self.probe_path, 30)
        return self.await_hello(timeout, "probe up")

    def await_hello(self, timeout, what="booted again, probe up"):
        """The boot id in the probe's next hello on the open connection: a
        reboot keeps QEMU's socket, and the guest's port opens again."""
        end = time.monotonic() + timeout
        while True:
            line = self.port.readline(max(1, end - time.monotonic()))
            if line is None:
                raise TestFailure(f"{self.name}: the probe did not say hello within {timeout} s")
            if line.startswith("hello "):
                log(f"{self.name}: {what} {self.elapsed():.0f} s after power-on (boot {line[6:]})")
                return line[6:]

    def probe(self, command, timeout=120):
        self.port.send(command + "\n")
        lines = []
        while True:
            line = self.port.readline(timeout)
            if line is None:
                raise TestFailure(f"{self.name}: the probe did not finish '{command}'")
            if line == "end":
                return lines
            lines.append(line)

    def report(self):
        rep = {}
        for line in self.probe("report"):
            k, _, v = line.partition("=")
            rep[k] = v
        return rep

    def journal(self):
        try:
            return "\n".join(self.probe("journal", timeout=60))
        except TestFailure:
            return "(no journal: the probe did not answer)"

    # ---- the kiosk's debug port (mq.debug): its screen ----

    def ask(self, command, timeout=5):
        """The kiosk's one-line answer, or None (not listening yet, busy).
        A line that comes late belongs to an earlier question: the port is
        drained before asking."""
        while self.debug.readline(0.01) is not None:
            pass
        self.debug.send(command + "\n")
        return self.debug.readline(timeout)

    def dump(self):
        line = self.ask("dump", timeout=20)
        if not line or not line.startswith("{"):
            return None
        try:
            return json.loads(line)
        except ValueError:
            return None

    def widget(self, wid, dump=None):
        d = dump or self.dump()
        for w in (d or {}).get("widgets", []):
            if w["id"] == wid and w.get("visible", True):
                return w
        return None

    def wait_widget(self, wid, timeout=60):
        return wait_for(f"{self.name}: widget {wid}", timeout, lambda: self.widget(wid), interval=0.5)

    def wait_text(self, wid, pred, what, timeout=30):
        return wait_for(f"{self.name}: {wid} {what}", timeout,
                        lambda: (lambda w: w if w and pred(w["text"]) else None)(self.widget(wid)),
                        interval=0.3)

    def tap_xy(self, x, y):
        """A touch at pixel (x, y) of the panel (usb-tablet, absolute)."""
        w, h = self.size
        ax, ay = x * 32767 // (w - 1), y * 32767 // (h - 1)
        for down in (True, False):
            self.qmp.cmd("input-send-event", events=[
                {"type": "abs", "data": {"axis": "x", "value": ax}},
                {"type": "abs", "data": {"axis": "y", "value": ay}},
                {"type": "btn", "data": {"button": "left", "down": down}},
            ])

    def tap(self, wid, timeout=60):
        """Taps the centre of widget wid once it is on the screen."""
        w = self.wait_widget(wid, timeout)
        x, y, ww, hh = w["rect"]
        self.tap_xy(x + ww // 2, y + hh // 2)
        return w

    # ---- the panel (QMP) and the power ----

    def screendump(self, name):
        path = os.path.join(self.work, f"{self.name}-{name}.ppm")
        self.qmp.cmd("screendump", filename=path)
        w, h, rgb = read_ppm(path)
        os.unlink(path)
        return w, h, rgb

    def save_screen(self, name):
        w, h, rgb = self.screendump(name)
        write_png(os.path.join(self.work, f"{self.name}-{name}.png"), w, h, rgb)
        return w, h, rgb

    def power_cut(self):
        """Pulls the plug: QEMU quits, the guest gets no shutdown."""
        try:
            self.qmp.cmd("quit")
        except TestFailure:
            pass
        self.proc.wait(timeout=60)
        log(f"{self.name}: power cut")

    def power_off(self, timeout):
        """The power key: systemd shuts down cleanly, QEMU exits."""
        self.qmp.cmd("system_powerdown")
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{self.name}: no clean power-off within {timeout} s")
        log(f"{self.name}: powered off cleanly {self.elapsed():.0f} s after power-on")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        raise TestFailure(f"{path}: not a binary PPM")
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][: w * h * 3]


def write_png(path, w, h, rgb):
    """Writes RGB bytes as a PNG (for a person to look at the screen)."""
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def screen_stats(w, h, rgb):
    """Colours and coverage of a screen, sampled every 4th pixel."""
    counts = {}
    dark = n = 0
    for y in range(0, h, 4):
        row = y * w * 3
        for x in range(0, w, 4):
            i = row + x * 3
            px = rgb[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
            if px[0] < 24 and px[1] < 24 and px[2] < 24:
                dark += 1
            n += 1
    top = max(counts.items(), key=lambda kv: kv[1])
    return {"colours": len(counts), "dark_share": dark / n, "top": top[0].hex(), "top_share": top[1] / n}


def drawn(st, w):
    """A drawn UI: many colours, mostly not black (a text console or a blank
    panel is nearly all black, with few colours)."""
    return st["colours"] >= 64 and st["dark_share"] < 0.5 and w >= 640


def partitions(disk):
    out = subprocess.run(["sfdisk", "--json", disk], check=True, capture_output=True, text=True).stdout
    return {p["name"]: p for p in json.loads(out)["partitiontable"]["partitions"]}


def region_sha256(disk, part):
    h = hashlib.sha256()
    with open(disk, "rb") as f:
        f.seek(part["start"] * SECTOR)
        left = part["size"] * SECTOR
        while left:
            block = f.read(min(left, 1 << 20))
            if not block:
                break
            h.update(block)
            left -= len(block)
    return h.hexdigest()


def esp_files(disk, part, work, tag):
    """The boot partition's files {path: sha256}, read with mtools."""
    out = os.path.join(work, f"esp-{tag}")
    subprocess.run(["rm", "-rf", out], check=True)
    os.makedirs(out)
    subprocess.run(["mcopy", "-s", "-n", "-i", f"{disk}@@{part['start'] * SECTOR}", "::*", out],
                   check=True, capture_output=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    files = {}
    for d, _, names in os.walk(out):
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                files[os.path.relpath(os.path.join(d, n), out)] = hashlib.sha256(f.read()).hexdigest()
    return files


def grubenv(disk, part, work):
    """RAUC's boot variables in grubenv on the boot partition."""
    path = os.path.join(work, "grubenv")
    subprocess.run(["mcopy", "-o", "-n", "-i", f"{disk}@@{part['start'] * SECTOR}", "::EFI/BOOT/grubenv", path],
                   check=True, capture_output=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    with open(path, encoding="ascii", errors="replace") as f:
        return dict(ln.split("=", 1) for ln in f.read().splitlines() if "=" in ln and not ln.startswith("#"))


def common_checks(vm, rep):
    check(rep.get("root_options", "").split(",")[0] == "ro", f"{vm.name}: / is mounted read-only",
          rep.get("root_options", ""))
    check(rep.get("root_source") == "/dev/vda2" and "root=PARTLABEL=root_a" in rep.get("cmdline", ""),
          f"{vm.name}: / is slot A (/dev/vda2)", rep.get("root_source", ""))
    check(rep.get("data_source") == "/dev/vda4" and rep.get("data_options", "").startswith("rw"),
          f"{vm.name}: /data is partition 4, read-write", f"{rep.get('data_source')} {rep.get('data_options')}")
    check(rep.get("kiosk_dir_source") == "/dev/vda4[/kiosk]",
          f"{vm.name}: the kiosk's data dir is on the data partition", rep.get("kiosk_dir_source", ""))
    check(rep.get("gettys", "").strip() == "", f"{vm.name}: no getty anywhere", rep.get("gettys", ""))
    check(rep.get("kiosk_active") == "active", f"{vm.name}: minqing-kiosk.service is active",
          rep.get("kiosk_active", ""))
    check(rep.get("failed_units", "").strip() == "", f"{vm.name}: no failed units",
          rep.get("failed_units", ""))
    check(rep.get("ssh_active") != "active", f"{vm.name}: SSH is off (no key in the site file)")
    end, sectors = int(rep.get("part4_end_sector") or 0), int(rep.get("disk_sectors") or 1)
    check(end >= sectors - 34 - 2048, f"{vm.name}: the data partition reaches the end of the disk",
          f"ends at sector {end} of {sectors}")
    fs = int(rep.get("data_fs_bytes") or 0)
    fields = rep.get("part4", "").split()          # PARTLABEL SIZE FSTYPE
    part = int(fields[1]) if len(fields) >= 3 and fields[0] == "data" else 0
    check(part > 0 and fields[2] == "ext4", f"{vm.name}: partition 4 is the ext4 data partition",
          rep.get("part4", ""))
    # ext4 keeps its journal and metadata out of df
    check(fs >= 0.85 * part, f"{vm.name}: the data file system fills its partition", f"{fs} of {part} bytes")
    check(rep.get("kiosk_font_cache", "") == "",
          f"{vm.name}: the kiosk found the image's font cache valid (wrote none of its own)",
          rep.get("kiosk_font_cache", ""))


def kiosk_up(vm, args, screen):
    """Waits for the probe and for the kiosk to show @p screen, touchable
    (its UI loop answers on the debug port) and drawn on the panel. Returns
    the probe's report and the seconds from power-on."""
    vm.connect_probe(args.boot_timeout)
    shown = wait_for(f"{vm.name}: the kiosk's {screen} screen (debug port)", args.kiosk_timeout,
                     lambda: vm.ask("screen") == screen, interval=1)
    # The loop answers a moment before the panel shows its first frame.
    last = {}

    def on_panel():
        w, h, rgb = vm.screendump(screen)
        last.update(w=w, h=h, st=screen_stats(w, h, rgb))
        if drawn(last["st"], w):
            write_png(os.path.join(vm.work, f"{vm.name}-{screen}.png"), w, h, rgb)
            return True
        return False
    try:
        wait_for(f"{vm.name}: the {screen} screen drawn on the panel", 120, on_panel, interval=2)
    except TestFailure:
        pass                                 # the check below says what the panel showed
    touchable = vm.elapsed()
    w, h, st = last["w"], last["h"], last["st"]
    check(shown and drawn(st, w), f"{vm.name}: the {screen} screen is on the panel (QMP screendump)",
          f"{w}x{h}, {st['colours']} colours, {st['dark_share']:.0%} dark")
    vm.size = (w, h)
    # a loaded host can keep the first answer past the dump's 20 s: a few tries
    d = wait_for(f"{vm.name}: the kiosk's widget dump", 90, vm.dump, interval=1)
    check(d and d["size"] == [w, h], f"{vm.name}: the kiosk draws the whole {w}x{h} panel", d and d["size"])
    log(f"{vm.name}: {screen} touchable {touchable:.0f} s after power-on: {w}x{h}, "
        f"{st['colours']} colours, background #{st['top']} ({vm.name}-{screen}.png)")
    return vm.report(), touchable


def enroll(vm, server, net):
    """The enrollment screen: the site's server proposed, a code typed on
    the keypad (each tap seen in the code field before the next), 登记;
    then the home screen."""
    w = vm.widget("enroll.server")
    check(w and w["text"] == f"http://10.0.2.2:{net.port}",
          f"{vm.name}: the enrollment screen proposes the site file's server", w and w["text"])
    code = server.run("kiosk-code", "--studio", STUDIO)
    plain = code.replace("-", "")
    log(f"{vm.name}: enrollment code {code} from minqing-server kiosk-code: {len(plain)} taps on the keypad")
    for n, c in enumerate(plain, 1):
        vm.tap(f"enroll.key.{c.lower()}")
        vm.wait_text("enroll.code", lambda t: t.replace("-", "").upper() == plain[:n], f"shows {plain[:n]}")
    vm.wait_text("enroll.code", lambda t: t == code, f"reads {code}")
    check(True, f"{vm.name}: the code typed by taps reads {code} (as kiosk-code printed it)")
    vm.save_screen("enroll-typed")
    vm.tap("enroll.submit")
    wait_for(f"{vm.name}: home after enrolling", 120,
             lambda: vm.ask("screen") == "home" or (lambda e: e and e["text"] and
                                                   _fail(f"enrollment refused: {e['text']}"))(
                 vm.widget("enroll.error")), interval=1)
    check(server.scalar("SELECT count(*) FROM devices WHERE studio = ?", STUDIO) == 1,
          f"{vm.name}: enrolled by taps: the home screen came, the server has the studio's device")


def _fail(why):
    raise TestFailure(why)


def type_opinion(vm, letters):
    """Text through the on-screen keyboard: pinyin (a candidate picked) and
    letters, each tap seen in the field before the next. Returns what the
    field then holds."""
    for n, c in enumerate("lu", 1):
        vm.tap(f"kbd.key.{c}")
        vm.wait_text("kbd.composing", lambda t: t == "lu"[:n], f"shows the pinyin {'lu'[:n]}")
    word = vm.wait_text("kbd.candidate.0", lambda t: t != "", "offers a character")["text"]
    vm.tap("kbd.candidate.0")
    vm.wait_text("opinion.text", lambda t: t == word, f"holds the candidate {word}")
    vm.tap("kbd.key.lang")                         # 英文: letters as they are
    vm.wait_text("kbd.key.lang", lambda t: t == "拼音", "offers pinyin again (letters now)")
    for n, c in enumerate(letters, 1):
        vm.tap(f"kbd.key.{c}")
        vm.wait_text("opinion.text", lambda t: t == word + letters[:n], f"reads {word + letters[:n]}")
    return word + letters


def file_opinion(vm, name, letters):
    """Home → 反映意见 → category → text → community → member → anonymous →
    提交 → the receipt. Returns the record's token (from the receipt's QR)
    and its text."""
    vm.tap("home.file_opinion")
    vm.tap("opinion.category.other")
    vm.wait_widget("opinion.text")
    text = type_opinion(vm, letters)
    check(True, f"{vm.name}: {name}: typed '{text}' with taps (pinyin and letters)")
    vm.tap("opinion.next")
    vm.tap("opinion.community.none")
    vm.tap("opinion.member.none")
    vm.tap("opinion.contact.anonymous")
    vm.wait_widget("opinion.submit")
    vm.tap("opinion.submit")
    qr = vm.wait_widget("confirm.qr", 60)
    token = qr["text"].rstrip("/").rsplit("/", 1)[-1]
    check(qr["text"].startswith(f"http://10.0.2.2:{vm.net_port}/t/") and token,
          f"{vm.name}: {name}: the receipt's QR links to the server's tracking page", qr["text"])
    return token, text


def prepare_card(args, net):
    """A copy of the image on a bigger card, with the test's site file."""
    disk = os.path.join(args.work, "card.img")
    subprocess.run(["cp", "--sparse=always", args.image, disk], check=True)
    os.truncate(disk, os.path.getsize(args.image) + 1024 ** 3)
    esp = partitions(disk)["esp"]
    site = os.path.join(args.work, "minqing-site.txt")
    with open(site, "w") as f:
        f.write("# the boot test's studio: the district server on the host's loopback\n"
                f"server = http://10.0.2.2:{net.port}\n"
                "allow_insecure_http = yes\n"
                "opening_hours = always\n")
    subprocess.run(["mcopy", "-o", "-i", f"{disk}@@{esp['start'] * SECTOR}", site, "::minqing-site.txt"],
                   check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    return disk


def kiosk_files(args, disk, tag):
    """The kiosk's files as the data partition holds them now (after a power
    cut, too): the partition copied out, its journal replayed on the copy
    (the card itself stays as the power cut left it, for the next boot's
    own e2fsck), kiosk.db (with its WAL) and device.json read out with
    debugfs. Returns (outbox rows {token or id: row}, device.json or None)."""
    part = partitions(disk)["data"]
    copy = os.path.join(args.work, f"data-{tag}.ext4")
    subprocess.run(["dd", f"if={disk}", f"of={copy}", "bs=4M", "iflag=skip_bytes,count_bytes",
                    f"skip={part['start'] * SECTOR}", f"count={part['size'] * SECTOR}", "conv=sparse",
                    "status=none"], check=True)
    fsck = subprocess.run(["e2fsck", "-fy", copy], capture_output=True, text=True)
    if fsck.returncode > 1:
        raise TestFailure(f"{tag}: e2fsck -fy on a copy of the data partition: exit {fsck.returncode}: "
                          f"{fsck.stdout[-400:]}")
    out = os.path.join(args.work, f"kiosk-{tag}")
    os.makedirs(out, exist_ok=True)
    for name in ("kiosk.db", "kiosk.db-wal", "device.json"):
        subprocess.run(["debugfs", "-R", f"dump /kiosk/{name} {out}/{name}", copy],
                       capture_output=True, check=True)
    os.unlink(copy)
    for name in ("kiosk.db-wal", "device.json"):   # debugfs leaves an empty file for a missing one
        path = os.path.join(out, name)
        if os.path.exists(path) and os.path.getsize(path) == 0:
            os.unlink(path)
    db = sqlite3.connect(os.path.join(out, "kiosk.db"))
    try:
        rows = db.execute("SELECT o.id, p.token, o.state, o.result, o.attempts FROM outbox o "
                          "LEFT JOIN opinions p ON p.id = o.id").fetchall()
    finally:
        db.close()
    device = None
    if os.path.exists(os.path.join(out, "device.json")):
        with open(os.path.join(out, "device.json")) as f:
            device = json.load(f)
    return {(tok or rid): {"id": rid, "state": st, "result": res, "attempts": att}
            for rid, tok, st, res, att in rows}, device


def boot1(args, server, net, disk, figures):
    """First boot of the card: enrollment and two opinions by taps; the
    second one's answer is lost on the way back, and the power goes."""
    vm = Vm(args, "boot1", disk)
    vm.net_port = net.port
    net.phase = "boot1"
    try:
        rep, touchable = kiosk_up(vm, args, "enroll")
        figures["boot1_enroll_touchable_s"] = touchable
        figures["boot1_first_frame"] = rep.get("kiosk_first_frame", "")
        common_checks(vm, rep)
        check("created=yes" in rep.get("data_status", ""), "boot1: the first boot made the data partition",
              rep.get("data_status", ""))
        created = rep.get("data_created", "")
        check(created.startswith("boot_id="), "boot1: the data file system records its first boot", created)
        check(rep.get("kiosk_restarts") == "0", "boot1: the kiosk started once (no watchdog kill on its "
              "slow first start)", rep.get("kiosk_restarts", ""))
        t = time.monotonic()
        enroll(vm, server, net)
        vm.save_screen("home")
        figures["boot1_enroll_by_taps_s"] = time.monotonic() - t

        t = time.monotonic()
        token1, text1 = file_opinion(vm, "opinion 1", "qemu")
        vm.save_screen("confirm")
        figures["boot1_opinion_by_taps_s"] = time.monotonic() - t
        wait_for("opinion 1's upload", 120,
                 lambda: net.find(lambda u: token1 in u["tokens"] and u["status"] == 200), interval=0.3)
        figures["boot1_opinion_delivered_s"] = time.monotonic() - t
        check(net.find(lambda u: u["results"].get(token1) == "stored" and not u["lost"])
              and server.get(f"/t/{token1}") == 200,
              f"boot1: opinion 1 arrived on the server, stored, the answer back at the kiosk (/t/{token1})")
        vm.tap("confirm.done")
        vm.wait_widget("home.file_opinion")

        # Opinion 2: the server gets it, the answer is lost on the way back,
        # and the power goes on its receipt: queued at the kiosk only.
        net.lose_record_answers = True
        t = time.monotonic()
        token2, text2 = file_opinion(vm, "opinion 2", "cut")
        wait_for("opinion 2's upload, its answer lost", 120,
                 lambda: net.find(lambda u: token2 in u["tokens"] and u["lost"] and u["status"] == 200),
                 interval=0.2)
        vm.power_cut()
        figures["boot1_opinion2_to_power_cut_s"] = time.monotonic() - t
        check(server.get(f"/t/{token2}") == 200,
              "boot1: power cut on opinion 2's receipt, right after the server stored it and the "
              "kiosk's line dropped before the answer")
        return created, (token1, text1), (token2, text2)
    finally:
        if vm.proc.poll() is None:
            print(vm.journal()[-20000:])
            vm.kill()


def after_cut_checks(args, disk, op1, op2):
    """What the power cut left on the card: the enrollment and the queue."""
    outbox, device = kiosk_files(args, disk, "after-cut")
    check(device and device.get("device_id"), "after the power cut: device.json (the enrollment) is on the "
          "data partition", device and sorted(device))
    o1, o2 = outbox.get(op1[0]), outbox.get(op2[0])
    check(o1 and o1["state"] == "acked" and o1["result"] == "stored",
          "after the power cut: opinion 1 is acknowledged (stored) in kiosk.db", o1)
    check(o2 and o2["state"] == "queued" and o2["attempts"] >= 1,
          "after the power cut: opinion 2 is in kiosk.db's outbox on the data partition, still queued "
          "(sent, never acknowledged)", o2)


def boot2(args, server, net, disk, created, op1, op2, figures):
    """After the power cut, on a bigger card, the network whole again."""
    os.truncate(disk, os.path.getsize(disk) + 512 * 1024 ** 2)      # a bigger card again
    net.lose_record_answers = False
    net.phase = "boot2"
    vm = Vm(args, "boot2", disk)
    vm.net_port = net.port
    ok = False
    try:
        rep, touchable = kiosk_up(vm, args, "home")
        figures["boot2_home_touchable_s"] = touchable
        figures["boot2_first_frame"] = rep.get("kiosk_first_frame", "")
        check(True, "boot2: the kiosk is still enrolled after the power cut (home, not enrollment)")
        common_checks(vm, rep)
        check(rep.get("data_created") == created, "boot2: the same data file system after the power cut",
              f"{rep.get('data_created')} != {created}")
        status = rep.get("data_status", "")
        check("grown=yes" in status, "boot2: data partition grown to the bigger card", status)
        check(status.count("fsck=0") + status.count("fsck=1") == 1,
              "boot2: e2fsck -p after the power cut: clean or journal replayed", rep.get("data_fsck", ""))
        token2 = op2[0]
        redelivered = wait_for("opinion 2 delivered again", 180,
                               lambda: net.find(lambda u: u["phase"] == "boot2" and token2 in u["tokens"]
                                                and u["status"] == 200 and not u["lost"]), interval=0.5)
        figures["boot2_redelivered_s"] = vm.elapsed()
        check(redelivered[0]["results"].get(token2) == "duplicate",
              f"boot2: the queued opinion 2 was sent again {vm.elapsed():.0f} s after power-on; the server "
              "answered duplicate (it had it already)", redelivered[0]["results"])
        for token, text in (op1, op2):
            n = server.scalar("SELECT count(*) FROM opinions WHERE token = ? OR text = ?", token, text)
            check(n == 1, f"boot2: the server holds '{text}' exactly once", f"{n} rows")
        figures["boot2_uploads"] = len(net.find(lambda u: u["phase"] == "boot2"))
        rep = vm.report()                 # a settled system: memory with the kiosk at home
        check(rep.get("kiosk_restarts") == "0", "boot2: the kiosk started once (its store opened)",
              rep.get("kiosk_restarts", ""))
        vm.save_screen("home-after-cut")
        figures["boot2_report"] = rep
        vm.power_off(180)
        ok = True
        return rep
    finally:
        if not ok and vm.proc.poll() is None:
            print(vm.journal()[-20000:])
            vm.kill()


def offline_checks(args, disk, pristine, op2):
    after = partitions(disk)
    for name in ("root_a", "root_b"):
        check(region_sha256(disk, after[name]) == pristine[name],
              f"{name} holds exactly the bytes it held before the first boot")
    # The boot partition: GRUB counts boots in grubenv (RAUC's <slot>_TRY)
    # and the kiosk marks a healthy boot good through RAUC; nothing else.
    files = esp_files(disk, after["esp"], args.work, "after")
    env = grubenv(disk, after["esp"], args.work)
    check({k: v for k, v in files.items() if k != "EFI/BOOT/grubenv"} ==
          {k: v for k, v in pristine["esp_files"].items() if k != "EFI/BOOT/grubenv"},
          "the boot partition holds exactly the files it held before the first boot, grubenv apart",
          sorted(set(files.items()) ^ set(pristine["esp_files"].items())))
    check(env.get("ORDER") == "A B" and env.get("A_OK") == "1" and env.get("B_OK") == "0"
          and env.get("A_TRY") == "0",
          "grubenv: slot A good and first, its last boot marked good through RAUC (A_TRY=0), B empty", env)
    data = after["data"]
    fsck = subprocess.run(["e2fsck", "-fn", f"{disk}?offset={data['start'] * SECTOR}"],
                          capture_output=True, text=True)
    check(fsck.returncode == 0, "the data file system is clean after the power cut and a clean power-off "
          "(e2fsck -fn)", fsck.stdout[-400:] + fsck.stderr[-400:])
    outbox, _ = kiosk_files(args, disk, "end")
    o2 = outbox.get(op2[0])
    check(o2 and o2["state"] == "acked" and o2["result"] == "duplicate",
          "kiosk.db: opinion 2 acknowledged by its redelivery (result duplicate)", o2)
    check(not [k for k, r in outbox.items() if r["state"] == "queued"], "kiosk.db: nothing left in the queue",
          outbox)
    root = after["root_a"]
    ini = subprocess.run(["debugfs", "-R", "cat /etc/minqing/kiosk.ini", f"{disk}?offset={root['start'] * SECTOR}"],
                         capture_output=True, text=True)
    lines = [ln for ln in ini.stdout.splitlines() if ln.strip().startswith("debug_port")]
    check(ini.returncode == 0 and "[kiosk]" in ini.stdout and not lines,
          "the image's kiosk.ini turns no debug port on (only a test QEMU's mq.debug port does)", lines)


def shipped_boot(args, figures):
    """MQ_SLOW=1: the dist image exactly as shipped (snapshot=on, the
    appliance's command line, its own empty site file): the enrollment
    screen with an empty server field."""
    vm = Vm(args, "shipped", args.image, snapshot=True)
    try:
        rep, touchable = kiosk_up(vm, args, "enroll")
        figures["shipped_enroll_touchable_s"] = touchable
        common_checks(vm, rep)
        w = vm.widget("enroll.server")
        check(w is not None and w["text"] == "", "shipped: no server preset (the site file's is empty)",
              w and w["text"])
        vm.power_cut()
    finally:
        vm.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--server", required=True, help="the native minqing-server")
    ap.add_argument("--boot-timeout", type=int, default=420)
    ap.add_argument("--kiosk-timeout", type=int, default=300)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    figures = {}
    server = net = None
    try:
        server = Server(args.server, args.work)
        server.start()
        net = Network(server)
        disk = prepare_card(args, net)
        parts = partitions(disk)
        pristine = {n: region_sha256(disk, parts[n]) for n in ("root_a", "root_b")}
        pristine["esp_files"] = esp_files(disk, parts["esp"], args.work, "before")
        t = time.monotonic()
        created, op1, op2 = boot1(args, server, net, disk, figures)
        figures["boot1_s"] = time.monotonic() - t
        after_cut_checks(args, disk, op1, op2)
        t = time.monotonic()
        rep = boot2(args, server, net, disk, created, op1, op2, figures)
        figures["boot2_s"] = time.monotonic() - t
        offline_checks(args, disk, pristine, op2)
        if os.environ.get("MQ_SLOW"):
            t = time.monotonic()
            shipped_boot(args, figures)
            figures["shipped_s"] = time.monotonic() - t
    except (TestFailure, subprocess.SubprocessError, OSError, KeyError, ValueError, sqlite3.Error) as e:
        log(f"FAILED: {e}")
        for name in ("boot1", "boot2", "shipped"):
            path = os.path.join(args.work, f"{name}-serial.log")
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    print(f"--- {path} (end)\n" + f.read()[-3000:])
        print(f"boot test: {CHECKS_PASSED[0]} passed, 1 failed ({e})")
        return 1
    finally:
        if net:
            net.close()
        if server:
            server.stop()

    def mib(key):
        return int(rep.get(key) or 0) // 1024
    log(f"kiosk first frame (journal, seconds since the kernel started): boot1 "
        f"{figures['boot1_first_frame']}; boot2 {figures['boot2_first_frame']}")
    log(f"memory with the kiosk at home (boot2): used {mib('mem_used_kb')} MiB of {mib('mem_total_kb')} MiB; "
        f"sum of PSS {mib('pss_total_kb')} MiB; sum of RSS {mib('rss_total_kb')} MiB; "
        f"kiosk RSS {mib('kiosk_rss_kb')} MiB")
    log(f"systemd (boot2): {rep.get('boot_time')}")
    log("timings (s): " + ", ".join(f"{k} {v:.0f}" for k, v in figures.items() if isinstance(v, float))
        + f", whole boot test {time.monotonic() - T0:.0f}")
    with open(os.path.join(args.work, "figures.json"), "w") as f:
        json.dump(figures, f, indent=1)
    print(f"boot test: {CHECKS_PASSED[0]} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
