#!/usr/bin/env python3
"""Boot test of the qemu-virt image (run by firmware/test-image.sh).

Boots the image in qemu-system-aarch64 (TCG) with the appliance's fixed
command line plus what the test needs -- a QMP socket, a virtio serial port
(org.minqing.test) answered by the image's minqing-probe.service, the serial
console to a log -- and checks what a broken image would get wrong:

  boot 1  the pristine dist image, snapshot=on, exactly as shipped: the kiosk's
          screen is up (QMP screendump: a drawn screen, not a blank or a text
          console), root is read-only, no getty, the data partition made
  boot 2  a copy on a "card" 1 GiB bigger: the data partition is created
          to fill it and holds the kiosk's directory; then the power is cut
          (QMP quit, no shutdown)
  boot 3  the same copy, grown again: the data partition and file system
          grew by 512 MiB, survived the power cut (same file system, journal recovered,
          e2fsck clean), the kiosk is up again; a clean power-off, then from
          outside: root_a and the ESP were never written, e2fsck -fn is clean

Steps that need the kiosk's enrollment screen (enroll by taps, file an
opinion) slot in at `kiosk_steps` below: `Vm.tap(x, y)` sends absolute
usb-tablet events, `Vm.probe("dump")` reads the kiosk's widget dump.

Python 3 standard library only. Every wait is for a condition, bounded.
"""
import argparse
import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import time
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


class TestFailure(Exception):
    pass


def log(msg):
    print(f"boot-test: {msg}", flush=True)


CHECKS_PASSED = [0]


def check(cond, what, detail=""):
    if not cond:
        raise TestFailure(f"{what}{': ' + detail if detail else ''}")
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
                time.sleep(0.1)
        self.buf = b""

    def readline(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TestFailure("no answer in time")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
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
        json.loads(self.ls.readline(30))           # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.ls.send(json.dumps(msg) + "\n")
        while True:
            reply = json.loads(self.ls.readline(120))
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise TestFailure(f"QMP {name}: {reply['error']}")
            # asynchronous events (RESET, POWERDOWN, ...) are skipped

    def close(self):
        self.ls.close()


class Vm:
    """One boot of the image."""

    def __init__(self, args, name, disk, snapshot):
        self.name = name
        self.work = args.work
        self.qmp_path = os.path.join(args.work, f"{name}.qmp")
        self.probe_path = os.path.join(args.work, f"{name}.probe")
        self.serial_log = os.path.join(args.work, f"{name}-serial.log")
        for p in (self.qmp_path, self.probe_path):
            if os.path.exists(p):
                os.unlink(p)
        drive = f"if=virtio,format=raw,{'snapshot=on,' if snapshot else ''}file={disk}"
        cmd = QEMU_BASE + ["-drive", drive] + QEMU_DEVICES + [
            # what the test adds
            "-display", "none",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
            "-serial", f"file:{self.serial_log}",
            "-device", "virtio-serial-pci",
            "-chardev", f"socket,id=probe,path={self.probe_path},server=on,wait=off",
            "-device", "virtserialport,chardev=probe,name=org.minqing.test",
        ]
        log(f"{name}: starting: {' '.join(cmd)}")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(args.work, f"{name}-qemu.log"), "w"),
                                     stderr=subprocess.STDOUT)
        self.qmp = Qmp(self.qmp_path)
        self.port = None

    def elapsed(self):
        return time.monotonic() - self.started

    def connect_probe(self, timeout):
        """Waits for the guest's probe to say hello (systemd reached it)."""
        self.port = LineSocket(self.probe_path, 30)
        end = time.monotonic() + timeout
        while True:
            line = self.port.readline(max(1, end - time.monotonic()))
            if line.startswith("hello "):
                log(f"{self.name}: probe up after {self.elapsed():.0f} s (boot {line[6:]})")
                return line[6:]

    def probe(self, command, timeout=120):
        self.port.send(command + "\n")
        lines = []
        while True:
            line = self.port.readline(timeout)
            if line == "end":
                return lines
            lines.append(line)

    def report(self):
        rep = {}
        for line in self.probe("report"):
            k, _, v = line.partition("=")
            rep[k] = v
        return rep

    def tap(self, x, y, width, height):
        """A touch at pixel (x, y) of a width x height screen (usb-tablet)."""
        ax, ay = x * 32767 // (width - 1), y * 32767 // (height - 1)
        for down in (True, False):
            self.qmp.cmd("input-send-event", events=[
                {"type": "abs", "data": {"axis": "x", "value": ax}},
                {"type": "abs", "data": {"axis": "y", "value": ay}},
                {"type": "btn", "data": {"button": "left", "down": down}},
            ])

    def screendump(self, path):
        self.qmp.cmd("screendump", filename=path)
        return read_ppm(path)

    def journal(self):
        try:
            return "\n".join(self.probe("journal", timeout=60))
        except TestFailure:
            return "(no journal: the probe did not answer)"

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
        log(f"{self.name}: powered off cleanly after the power key")

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
    w, h, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    pixels = parts[4][: w * h * 3]
    return w, h, pixels


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
    dark = 0
    n = 0
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


def kiosk_screen_up(vm, name):
    """True when the screen shows a drawn UI: many colours, mostly not black
    (a text console or a blank panel is nearly all black, with few colours)."""
    ppm = os.path.join(vm.work, f"{name}.ppm")
    w, h, rgb = vm.screendump(ppm)
    st = screen_stats(w, h, rgb)
    if st["colours"] >= 64 and st["dark_share"] < 0.5 and w >= 640:
        write_png(os.path.join(vm.work, f"{name}.png"), w, h, rgb)
        return (w, h, st)
    return None


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
    # ext4 keeps its journal and metadata out of df: 10 % of a 256 MiB partition
    check(fs >= 0.85 * part, f"{vm.name}: the data file system fills its partition", f"{fs} of {part} bytes")


def boot_until_kiosk(vm, args):
    """Waits for the probe, the kiosk's first frame and a drawn screen."""
    vm.connect_probe(args.boot_timeout)
    rep = wait_for("the kiosk's first frame (journal)", args.kiosk_timeout,
                   lambda: (lambda r: r if r.get("kiosk_first_frame") else None)(vm.report()), interval=2)
    screen = wait_for("a drawn kiosk screen (QMP screendump)", 60,
                      lambda: kiosk_screen_up(vm, f"{vm.name}-screen"), interval=2)
    w, h, st = screen
    log(f"{vm.name}: kiosk screen up after {vm.elapsed():.0f} s of power-on: {w}x{h}, "
        f"{st['colours']} colours, {st['dark_share']:.0%} dark, background #{st['top']} "
        f"({vm.name}-screen.png)")
    rep = vm.report()   # after the screen: memory and timings of a settled system
    return rep, screen


def kiosk_steps(vm, args, screen):
    """Where the enrollment screen's taps go (enroll.server, enroll.code,
    enroll.submit; then an opinion by taps), once the kiosk has them: take the
    widget rects from vm.probe("dump"), tap their centres with vm.tap()."""
    return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--boot-timeout", type=int, default=420)
    ap.add_argument("--kiosk-timeout", type=int, default=300)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    t0 = time.monotonic()
    timings = {}
    pristine = partitions(args.image)
    root_hash = region_sha256(args.image, pristine["root_a"])
    esp_hash = region_sha256(args.image, pristine["esp"])
    vm = None
    try:
        # boot 1: the dist image exactly as shipped (snapshot=on: untouched)
        vm = Vm(args, "boot1", args.image, snapshot=True)
        rep1, screen = boot_until_kiosk(vm, args)
        timings["boot1_to_kiosk_s"] = vm.elapsed()
        common_checks(vm, rep1)
        check("created=yes" in rep1.get("data_status", ""), "boot1: the first boot made the data partition",
              rep1.get("data_status", ""))
        kiosk_steps(vm, args, screen)
        first_frame = rep1.get("kiosk_first_frame", "")
        vm.power_cut()
        vm = None

        # boot 2: a copy on a bigger "card"; state survives between boots
        disk = os.path.join(args.work, "card.img")
        subprocess.run(["cp", "--sparse=always", args.image, disk], check=True)
        card = os.path.getsize(args.image) + 1024 ** 3     # a card 1 GiB bigger than the image
        os.truncate(disk, card)
        vm = Vm(args, "boot2", disk, snapshot=False)
        rep2, _ = boot_until_kiosk(vm, args)
        timings["boot2_to_kiosk_s"] = vm.elapsed()
        common_checks(vm, rep2)
        check("created=yes" in rep2.get("data_status", ""), "boot2: data partition created on the bigger card")
        created = rep2.get("data_created", "")
        check(created.startswith("boot_id="), "boot2: the data file system records its first boot", created)
        vm.power_cut()
        vm = None

        # boot 3: power was cut; the card is bigger again
        os.truncate(disk, card + 512 * 1024 ** 2)            # and a bigger card again
        vm = Vm(args, "boot3", disk, snapshot=False)
        rep3, _ = boot_until_kiosk(vm, args)
        timings["boot3_to_kiosk_s"] = vm.elapsed()
        common_checks(vm, rep3)
        check(rep3.get("data_created") == created, "boot3: the same data file system after the power cut",
              f"{rep3.get('data_created')} != {created}")
        check("grown=yes" in rep3.get("data_status", ""), "boot3: data partition grown to the bigger card",
              rep3.get("data_status", ""))
        check(rep3.get("data_status", "").count("fsck=0") + rep3.get("data_status", "").count("fsck=1") == 1,
              "boot3: e2fsck -p after the power cut: clean or journal replayed", rep3.get("data_fsck", ""))
        check(int(rep3["data_fs_bytes"]) > int(rep2["data_fs_bytes"]) + 400 * 1024 ** 2,
              "boot3: the data file system grew online", f"{rep2['data_fs_bytes']} -> {rep3['data_fs_bytes']}")
        check(rep3.get("kiosk_restarts") == "0", "boot3: the kiosk started once (its store opened)",
              rep3.get("kiosk_restarts", ""))
        vm.power_off(180)
        vm = None

        after = partitions(disk)
        check(region_sha256(disk, after["root_a"]) == root_hash, "root_a was never written (same bytes)")
        check(region_sha256(disk, after["esp"]) == esp_hash, "the ESP was never written (same bytes)")
        check("root_b" in after and region_sha256(disk, after["root_b"]) == region_sha256(args.image, pristine["root_b"]),
              "root_b untouched")
        data = after["data"]
        fsck = subprocess.run(["e2fsck", "-fn", f"{disk}?offset={data['start'] * SECTOR}"],
                              capture_output=True, text=True)
        check(fsck.returncode == 0, "the data file system is clean after power cut + clean power-off (e2fsck -fn)",
              fsck.stdout[-400:] + fsck.stderr[-400:])
    except (TestFailure, subprocess.SubprocessError, OSError, KeyError, ValueError) as e:
        log(f"FAILED: {e}")
        if vm is not None:
            print(vm.journal()[-20000:])
            vm.kill()
        for name in ("boot1", "boot2", "boot3"):
            path = os.path.join(args.work, f"{name}-serial.log")
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    print(f"--- {path} (end)\n" + f.read()[-3000:])
        print(f"boot test: {CHECKS_PASSED[0]} passed, 1 failed")
        return 1

    def kb(rep, key):
        return int(rep.get(key) or 0) // 1024
    log(f"kiosk first frame (boot1 journal, seconds since kernel start): {first_frame}")
    log(f"memory with the kiosk up (boot3): used {kb(rep3, 'mem_used_kb')} MiB of "
        f"{kb(rep3, 'mem_total_kb')} MiB; sum of PSS {kb(rep3, 'pss_total_kb')} MiB; "
        f"sum of RSS {kb(rep3, 'rss_total_kb')} MiB; kiosk RSS {kb(rep3, 'kiosk_rss_kb')} MiB")
    log(f"systemd (boot3): {rep3.get('boot_time')}")
    log("timings: " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items())
        + f", whole boot test {time.monotonic() - t0:.0f} s")
    with open(os.path.join(args.work, "figures.json"), "w") as f:
        json.dump({"timings": timings, "first_frame": first_frame, "boot1": rep1, "boot3": rep3}, f, indent=1)
    print(f"boot test: {CHECKS_PASSED[0]} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
