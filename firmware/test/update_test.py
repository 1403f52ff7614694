#!/usr/bin/env python3
"""System updates of the qemu-virt image in QEMU (firmware/test-update.sh).

One card (a sparse copy of the image, grown), one district server (the
native minqing-server on loopback, updates on, the development keyring),
the kiosk enrolled by taps; then the scenarios, each printed as
`scenario N: ok` or `scenario N: FAILED: why`:

  1  v1 -> v2: a bundle made with firmware/build-bundle.sh from the image's
     own root file system, version bumped, uploaded on the console and
     offered to this kiosk (canary). The kiosk, enrolled on its screen,
     reports its slots at once (its update thread starts with the
     enrollment); it downloads the bundle, installs it into slot B inside its
     window, reboots (minqing-update-reboot.path), boots B (GRUB, grubenv),
     marks it good after home + a sync round; the heartbeat shows 2.0.0 and
     good; an opinion filed before and one after the update are both on the
     server.
  2  (MQ_SLOW=1) v3 whose kiosk exits at start: StartLimitAction=reboot,
     GRUB's counter returns to slot B, the console shows rolled back.
  3  (MQ_SLOW=1) v4, and the power cut (QMP quit) while RAUC writes slot A
     (grubenv on the card says A_OK=0: RAUC has begun and not finished): B
     (v2) boots by itself, the kiosk starts the install over on its own,
     reboots into A and marks v4 good.
  4  a bundle signed with another key: refused by the server on upload; and
     by the kiosk when it lies on the kiosk's download path (put there by
     hand, the card out of a powered-off board, during scenario 1): the
     kiosk refuses and deletes it (its journal says so), stays on v1 and
     downloads the offered bundle.

Python 3 standard library and boot_test.py's pieces; every wait is bounded.
"""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_test as bt  # noqa: E402
from boot_test import TestFailure, check, log, wait_for  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FW = os.path.join(ROOT, "firmware")
PASSWORD = "a long password"


class UpdateServer(bt.Server):
    """The district server with updates on (bundle_dir, the dev keyring)."""

    def __init__(self, binary, work):
        self.ini = os.path.join(work, "server.ini")
        self.bundles = os.path.join(work, "bundles")
        os.makedirs(self.bundles, exist_ok=True)
        with open(os.path.join(FW, "rauc", "compatible")) as f:
            compatible = f.read().strip()
        with open(self.ini, "w") as f:
            f.write(f"[server]\nbundle_dir = {self.bundles}\n"
                    f"update_keyring = {FW}/rauc/dev-keyring.pem\n"
                    f"update_compatible = {compatible}\nbundle_max_mb = 2048\n")
        super().__init__(binary, work)
        self.jar = os.path.join(work, "admin.jar")
        self.csrf = None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve", "--db", f"sqlite:{self.db}", "--config", self.ini,
                                      "--listen", f"127.0.0.1:{self.port}"],
                                     stdin=subprocess.DEVNULL, stdout=open(self.log, "a"),
                                     stderr=subprocess.STDOUT)
        wait_for("the server's /healthz", 30, lambda: self.get("/healthz") == 200, interval=0.2)
        log(f"server: listening on {self.url} with updates on (pid {self.proc.pid})")

    def curl(self, *args):
        out = subprocess.run(["curl", "-sS", "-c", self.jar, "-b", self.jar, *args],
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise TestFailure(f"curl {args[-1]}: {out.stderr[-300:]}")
        return out.stdout

    def sign_in(self):
        subprocess.run([self.binary, "staff-add", "admin", "--role", "admin", "--db", f"sqlite:{self.db}"],
                       input=PASSWORD + "\n", capture_output=True, text=True, check=True, timeout=60)
        csrf = re.search(r'name="csrf" value="([^"]*)"', self.curl(f"{self.url}/console/login")).group(1)
        self.curl("-o", "/dev/null", "--data-urlencode", f"csrf={csrf}", "--data-urlencode", "username=admin",
                  "--data-urlencode", f"password={PASSWORD}", f"{self.url}/console/login")
        m = re.search(r'name="csrf" value="([^"]*)"', self.curl(f"{self.url}/console/inbox"))
        check(m, "console: the admin is signed in")
        self.csrf = m.group(1)

    def upload(self, path):
        """The console's upload form: (HTTP status, page)."""
        page = os.path.join(os.path.dirname(self.db), "upload.html")
        status = self.curl("-o", page, "-w", "%{http_code}", "-F", f"csrf={self.csrf}",
                           "-F", f"bundle=@{path};type=application/octet-stream",
                           f"{self.url}/console/kiosks/updates/bundle")
        with open(page, encoding="utf-8", errors="replace") as f:
            return int(status), f.read()

    def rollout(self, bundle_id, target):
        return int(self.curl("-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode", f"csrf={self.csrf}",
                             "--data-urlencode", "action=rollout", "--data-urlencode", f"bundle={bundle_id}",
                             "--data-urlencode", f"target={target}", f"{self.url}/console/kiosks/updates"))

    def status(self, device):
        """The kiosk's update state from its heartbeat: a dict, {} when none."""
        import sqlite3
        db = sqlite3.connect(self.db, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            row = db.execute("SELECT * FROM update_status WHERE device = ?", (device,)).fetchone()
            return dict(row) if row else {}
        finally:
            db.close()


def build_bundle(work, version, rootfs, cert=None, key=None, keyring=None):
    out = os.path.join(work, f"v{version}.raucb")
    cmd = ["nice", "-n", "19", os.path.join(FW, "build-bundle.sh"), "--rootfs", rootfs, "--version", version,
           "--out", out]
    if cert:
        cmd += ["--cert", cert, "--key", key, "--keyring", keyring]
    t = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise TestFailure(f"build-bundle {version}: {run.stderr[-400:]}")
    log(f"bundle {version}: {os.path.getsize(out) // 1024} KiB in {time.monotonic() - t:.0f} s")
    return out


def prepare_card(args, net):
    """The image on a card grown by 1 GiB, the test's site file: this
    studio's server, updates at any hour, no download limit."""
    disk = os.path.join(args.work, "card.img")
    subprocess.run(["cp", "--sparse=always", args.image, disk], check=True)
    os.truncate(disk, os.path.getsize(args.image) + 1024 ** 3)
    esp = bt.partitions(disk)["esp"]
    site = os.path.join(args.work, "minqing-site.txt")
    with open(site, "w") as f:
        f.write(f"server = http://10.0.2.2:{net.port}\nallow_insecure_http = yes\nopening_hours = always\n"
                "update_window = always\nupdate_rate_kib = 0\n")
    subprocess.run(["mcopy", "-o", "-i", f"{disk}@@{esp['start'] * bt.SECTOR}", site, "::minqing-site.txt"],
                   check=True, env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    return disk


def delivered(net, token):
    return net.find(lambda u: u["results"].get(token) in ("stored", "duplicate") and not u["lost"])


def other_bundle(args):
    """A bundle signed with a key of its own (not the district's)."""
    key = os.path.join(args.work, "other.key.pem")
    cert = os.path.join(args.work, "other.cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-subj", "/CN=someone else", "-days", "2"], check=True, capture_output=True)
    small = os.path.join(args.work, "other-root")
    os.makedirs(os.path.join(small, "etc"), exist_ok=True)
    with open(os.path.join(small, "etc", "minqing-version"), "w") as f:
        f.write("6.6.6\n")
    with open(os.path.join(small, "etc", "noise"), "wb") as f:   # RAUC wants more than 4 KiB of squashfs
        f.write(os.urandom(256 * 1024))
    return build_bundle(args.work, "6.6.6", small, cert, key, cert)


def place_by_hand(args, disk, src, name):
    """Puts @p src on the powered-off card as /data/kiosk/update/@p name,
    owned like that folder (the kiosk's): the data partition copied out,
    written with debugfs, copied back."""
    part = bt.partitions(disk)["data"]
    copy = os.path.join(args.work, "data-by-hand.ext4")
    off, size = part["start"] * bt.SECTOR, part["size"] * bt.SECTOR
    subprocess.run(["dd", f"if={disk}", f"of={copy}", "bs=4M", "iflag=skip_bytes,count_bytes",
                    f"skip={off}", f"count={size}", "conv=sparse", "status=none"], check=True)
    fsck = subprocess.run(["e2fsck", "-fy", copy], capture_output=True, text=True)
    check(fsck.returncode <= 1, "the data partition is clean after the power-off", fsck.stdout[-300:])
    st = subprocess.run(["debugfs", "-R", "stat /kiosk/update", copy], capture_output=True, text=True).stdout
    m = re.search(r"User:\s*(\d+)\s+Group:\s*(\d+)", st)
    check(m, "the kiosk's download folder /data/kiosk/update exists", st[:200])
    cmds = os.path.join(args.work, "by-hand.cmds")
    with open(cmds, "w") as f:
        f.write(f"cd /kiosk/update\nwrite {src} {name}\nsif {name} uid {m.group(1)}\n"
                f"sif {name} gid {m.group(2)}\nsif {name} mode 0100600\n")
    subprocess.run(["debugfs", "-w", "-f", cmds, copy], check=True, capture_output=True)
    got = subprocess.run(["debugfs", "-R", f"stat /kiosk/update/{name}", copy], capture_output=True, text=True)
    check(f"Size: {os.path.getsize(src)}" in got.stdout, "the foreign bundle lies on the download path",
          got.stdout[:200])
    subprocess.run(["dd", f"if={copy}", f"of={disk}", "bs=4M", "oflag=seek_bytes", f"seek={off}",
                    "conv=sparse,notrunc", "status=none"], check=True)
    os.unlink(copy)
    log(f"by hand: {os.path.basename(src)} put on the card as /data/kiosk/update/{name}")


def power_on(args, net, disk, name, box):
    """Powers the card on in a new QEMU (box["vm"]) and waits for home."""
    vm = box["vm"] = bt.Vm(args, name, disk)
    vm.net_port = net.port
    bt.kiosk_up(vm, args, "home")
    return vm


def scenario1(args, server, net, disk, figures, box, s4):
    """v1 -> v2 on the kiosk enrolled on its screen; on the way, scenario 4's
    kiosk half (a foreign bundle on its download path, refused)."""
    vm = box["vm"]
    device = server.scalar("SELECT id FROM devices WHERE studio = ?", bt.STUDIO)
    # no restart since the enrollment on screen: the update thread runs
    st = wait_for("the first heartbeat with the slots (no restart after the enrollment)", 180,
                  lambda: server.status(device).get("slot_a"), interval=2)
    check(st and server.status(device).get("running") not in (None, "", "2.0.0"),
          "scenario 1: enrolled on its screen, the kiosk reports the image's own version from slot A "
          "without a restart", server.status(device))
    log(f"scenario 1: before: {server.status(device)}")
    token1, _ = bt.file_opinion(vm, "before the update", "vone")
    wait_for("the opinion filed before the update delivered", 120, lambda: delivered(net, token1), interval=0.5)
    vm.tap("confirm.done")
    vm.wait_widget("home.file_opinion")
    v2 = build_bundle(args.work, "2.0.0", args.rootfs)
    figures["bundle_bytes"] = os.path.getsize(v2)
    status, page = server.upload(v2)
    check(status == 200 and "2.0.0" in page, "scenario 1: the console keeps the v2 bundle", status)
    bundle = server.scalar("SELECT id FROM update_bundles WHERE version = '2.0.0'")
    sha = server.scalar("SELECT sha256 FROM update_bundles WHERE version = '2.0.0'")
    # scenario 4, the kiosk's half: the board powered off (the power key), the
    # foreign bundle put where the offered one will be downloaded to
    try:
        vm.power_off(120)
        place_by_hand(args, disk, s4["other"], f"{sha}.raucb")
        s4["placed"] = True
    except (TestFailure, subprocess.SubprocessError, OSError) as e:
        s4["kiosk"] = f"putting the file on the card: {e}"
        if vm.proc.poll() is None:
            vm.kill()
    vm = power_on(args, net, disk, "update-2", box)
    check(server.rollout(bundle, f"device:{device}") == 303, "scenario 1: offered to this kiosk (canary)")
    t = time.monotonic()
    wait_for("the kiosk downloading", 300, lambda: server.status(device).get("state") in
             ("downloading", "downloaded", "installing", "installed", "booted", "good"), interval=1)
    if s4.get("placed"):
        try:
            journal = vm.journal()
            check(f"{sha}.raucb is not the offered bundle (SHA-256 differs): refused, deleted" in journal,
                  "scenario 4: the kiosk refuses and deletes the foreign bundle on its download path",
                  "\n".join(ln for ln in journal.splitlines() if "update" in ln)[-600:])
            st = server.status(device)
            check(st.get("running") not in (None, "", "2.0.0") and st.get("state") != "failed",
                  "scenario 4: the kiosk stays on its version and goes on with the offered bundle", st)
            s4["kiosk"] = "ok"
        except TestFailure as e:
            s4["kiosk"] = str(e)
    wait_for("installed", args.install_timeout,
             lambda: server.status(device).get("state") in ("installed", "booted", "good")
             or (server.status(device).get("state") == "failed"
                 and bt._fail(f"install failed: {server.status(device)}")), interval=2)
    figures["download_install_s"] = time.monotonic() - t
    log(f"scenario 1: installed after {figures['download_install_s']:.0f} s: {server.status(device)}")
    # the kiosk asks for the reboot; the guest reboots, the probe says hello again
    t = time.monotonic()
    vm.await_hello(args.boot_timeout)
    wait_for("the home screen after the reboot", args.kiosk_timeout, lambda: vm.ask("screen") == "home",
             interval=1)
    figures["reboot_to_home_s"] = time.monotonic() - t
    rep = vm.report()
    check("rauc.slot=B" in rep.get("cmdline", "") and "root=PARTLABEL=root_b" in rep.get("cmdline", ""),
          "scenario 1: GRUB booted slot B", rep.get("cmdline", ""))
    st = wait_for("the heartbeat: 2.0.0, good", 300,
                  lambda: (lambda s: s if s.get("state") == "good" and s.get("version") == "2.0.0" else None)(
                      server.status(device)), interval=2)
    check(st.get("booted_slot") == "B" and st.get("running") == "2.0.0",
          "scenario 1: the heartbeat reports 2.0.0 good, booted from B", st)
    token2, _ = bt.file_opinion(vm, "after the update", "vtwo")
    wait_for("the opinion filed after the update delivered", 120, lambda: delivered(net, token2), interval=0.5)
    check(server.get(f"/t/{token1}") == 200 and server.get(f"/t/{token2}") == 200,
          "scenario 1: both opinions (before and after) are on the server")
    vm.tap("confirm.done")


def broken_root(args):
    """A copy of the image's root whose kiosk exits at start (a drop-in
    replacing its ExecStart with /bin/false), grown a little for the file."""
    out = os.path.join(args.work, "root-broken.ext4")
    subprocess.run(["cp", "--sparse=always", args.rootfs, out], check=True)
    os.truncate(out, os.path.getsize(out) + 16 * 1024 * 1024)
    subprocess.run(["resize2fs", out], check=True, capture_output=True)
    conf = os.path.join(args.work, "zz-broken.conf")
    with open(conf, "w") as f:
        f.write("[Service]\nExecStart=\nExecStart=/bin/false\n")
    cmds = os.path.join(args.work, "debugfs.cmds")
    with open(cmds, "w") as f:
        f.write(f"cd /etc/systemd/system/minqing-kiosk.service.d\nwrite {conf} zz-broken.conf\n"
                "sif zz-broken.conf mode 0100644\n")
    subprocess.run(["debugfs", "-w", "-f", cmds, out], check=True, capture_output=True)
    got = subprocess.run(["debugfs", "-R", "cat /etc/systemd/system/minqing-kiosk.service.d/zz-broken.conf", out],
                         capture_output=True, text=True)
    check("/bin/false" in got.stdout, "scenario 2: v3's root has a kiosk that exits at start")
    return out


def scenario2(args, server, net, box):
    """v3, whose kiosk exits at start: the board reboots (StartLimitAction),
    GRUB's counter returns to slot B (v2), which reports rolled back."""
    vm = box["vm"]
    device = server.scalar("SELECT id FROM devices WHERE studio = ?", bt.STUDIO)
    v3 = build_bundle(args.work, "3.0.0", broken_root(args))
    status, _ = server.upload(v3)
    check(status == 200, "scenario 2: the console keeps the v3 bundle", status)
    bundle = server.scalar("SELECT id FROM update_bundles WHERE version = '3.0.0'")
    check(server.rollout(bundle, "all:") == 303, "scenario 2: v3 offered to all kiosks")
    wait_for("v3 installed", args.install_timeout,
             lambda: (lambda s: s.get("version") == "3.0.0" and s.get("state") in ("installed", "rolled_back"))(
                 server.status(device)), interval=2)
    # reboot into A (v3): the kiosk fails five times, the board reboots, B
    # again. A's probe may or may not say hello before A reboots: the first
    # hello, then the kiosk's home screen (only B's kiosk draws one).
    vm.await_hello(args.boot_timeout)
    wait_for("the home screen back on v2", 2 * args.boot_timeout + args.kiosk_timeout,
             lambda: vm.ask("screen") == "home", interval=2)
    while vm.port.readline(0.5) is not None:     # B's hello, when A's came first
        pass
    rep = vm.report()
    check("rauc.slot=B" in rep.get("cmdline", ""), "scenario 2: GRUB returned to slot B by itself",
          rep.get("cmdline", ""))
    env = bt.grubenv(args.disk, bt.partitions(args.disk)["esp"], args.work)
    check(env.get("A_TRY") == "1" and env.get("A_OK") == "1",
          "scenario 2: grubenv shows slot A (v3) tried and never confirmed", env)
    st = wait_for("the heartbeat: rolled back", 300,
                  lambda: (lambda s: s if s.get("state") == "rolled_back" else None)(server.status(device)),
                  interval=2)
    check(st.get("running") == "2.0.0" and st.get("reason"), "scenario 2: v2 runs and reports rolled back "
          "with the reason", st)
    page = server.curl(f"{server.url}/console/kiosks/updates")
    check("3.0.0" in page and st["reason"][:8] in page, "scenario 2: the console shows the rollback")


def scenario3(args, server, net, disk, figures, box):
    """v4 (a good one), the power cut while RAUC writes slot A: B (v2) boots,
    the kiosk installs v4 again by itself, boots A and marks it good."""
    vm = box["vm"]
    device = server.scalar("SELECT id FROM devices WHERE studio = ?", bt.STUDIO)
    esp = bt.partitions(disk)["esp"]

    def env():
        try:
            return bt.grubenv(disk, esp, args.work)
        except (subprocess.SubprocessError, OSError, ValueError):
            return {}                        # read while GRUB's editenv rewrote it: again
    before = env()
    check(before.get("A_OK") == "1" and before.get("B_OK") == "1",
          "scenario 3: before v4 both slots are bootable in grubenv", before)
    v4 = build_bundle(args.work, "4.0.0", args.rootfs)
    status, _ = server.upload(v4)
    check(status == 200, "scenario 3: the console keeps the v4 bundle", status)
    bundle = server.scalar("SELECT id FROM update_bundles WHERE version = '4.0.0'")
    check(server.rollout(bundle, "all:") == 303, "scenario 3: v4 offered to all kiosks")
    wait_for("v4 installing", args.install_timeout,
             lambda: (lambda s: s.get("version") == "4.0.0" and s.get("state") == "installing")(
                 server.status(device)), interval=0.5)
    # RAUC marks the slot it writes not bootable first (A_OK=0) and bootable
    # again once written (A_OK=1, first in ORDER): the card's grubenv, as
    # QEMU has written it, says when the writing has begun
    during = wait_for("RAUC writing slot A (grubenv: A_OK=0)", 300,
                      lambda: (lambda e: e if e.get("A_OK") == "0" else None)(env()), interval=0.3)
    vm.power_cut()
    after = env()
    check(after.get("A_OK") == "0" and after.get("B_OK") == "1",
          "scenario 3: the power was cut while RAUC wrote slot A (grubenv: A not bootable, B good)", after)
    log(f"scenario 3: power cut during the install; grubenv {before} -> {during} -> {after}")
    t = time.monotonic()
    vm = power_on(args, net, disk, "update-3", box)
    figures["cut_to_home_s"] = time.monotonic() - t
    rep = vm.report()
    check("rauc.slot=B" in rep.get("cmdline", ""), "scenario 3: after the cut the board boots slot B (v2)",
          rep.get("cmdline", ""))
    # the kiosk says so when its thread starts (before the install, which
    # takes longer than this wait: the probe is not asked across a reboot)
    wait_for("the kiosk starting the cut install over (its journal)", 60,
             lambda: "an install of 4.0.0 was cut off: it starts over" in vm.journal(), interval=5)
    st = wait_for("v4 installed again by the kiosk itself", args.install_timeout,
                  lambda: (lambda s: s if s.get("version") == "4.0.0" and s.get("state") in
                           ("installed", "booted", "good") else None)(server.status(device)), interval=2)
    log(f"scenario 3: installed again: {st}")
    vm.await_hello(args.boot_timeout)
    wait_for("the home screen on v4", args.kiosk_timeout, lambda: vm.ask("screen") == "home", interval=1)
    rep = vm.report()
    check("rauc.slot=A" in rep.get("cmdline", ""), "scenario 3: GRUB boots the completed slot A",
          rep.get("cmdline", ""))
    st = wait_for("the heartbeat: 4.0.0, good", 300,
                  lambda: (lambda s: s if s.get("state") == "good" and s.get("version") == "4.0.0" else None)(
                      server.status(device)), interval=2)
    check(st.get("booted_slot") == "A" and st.get("running") == "4.0.0",
          "scenario 3: the heartbeat reports 4.0.0 good, booted from A", st)


def scenario4_server(args, server, s4):
    """A bundle signed with another key: the server refuses it."""
    s4["other"] = other_bundle(args)
    status, page = server.upload(s4["other"])
    check(status == 422 and "签名校验未通过" in page, "scenario 4: the server refuses a bundle signed by another key",
          status)
    check(server.scalar("SELECT count(*) FROM update_bundles WHERE version = '6.6.6'") == 0,
          "scenario 4: nothing of it kept")


def scenario(n, figures, fn, *a):
    """Runs one scenario: None when it passed, else why it failed."""
    t = time.monotonic()
    try:
        fn(*a)
        return None
    except (TestFailure, subprocess.SubprocessError, OSError, KeyError, ValueError) as e:
        return str(e) or type(e).__name__
    finally:
        figures[f"scenario_{n}_s"] = round(time.monotonic() - t)
        log(f"scenario {n}: {time.monotonic() - t:.0f} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", required=True)
    ap.add_argument("--rootfs", required=True, help="the image's root file system (build-image/<board>/root.ext4)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--boot-timeout", type=int, default=420)
    ap.add_argument("--kiosk-timeout", type=int, default=300)
    ap.add_argument("--install-timeout", type=int, default=1500)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    slow = bool(os.environ.get("MQ_SLOW"))
    figures, s4, box, why = {}, {}, {"vm": None}, {}
    server = UpdateServer(args.server, args.work)
    server.start()
    net = bt.Network(server)
    try:
        server.sign_in()
        why["4s"] = scenario("4_server", figures, scenario4_server, args, server, s4)
        disk = args.disk = prepare_card(args, net)
        box["vm"] = bt.Vm(args, "update", disk)
        box["vm"].net_port = net.port
        bt.kiosk_up(box["vm"], args, "enroll")
        bt.enroll(box["vm"], server, net)
        if "other" not in s4:
            s4["kiosk"] = "no foreign bundle (the server half failed before making it)"
        why[1] = scenario(1, figures, scenario1, args, server, net, disk, figures, box, s4)
        if slow:
            why[2] = scenario(2, figures, scenario2, args, server, net, box) if not why[1] else "scenario 1 failed"
            why[3] = scenario(3, figures, scenario3, args, server, net, disk, figures, box) if not why[1] \
                else "scenario 1 failed"
    except TestFailure as e:
        print(f"update-test: FAILED before the scenarios: {e}", flush=True)
        why["setup"] = str(e)
    finally:
        vm = box["vm"]
        failed = any(v for v in why.values())
        if vm and vm.proc.poll() is None:
            if failed:
                print(vm.journal()[-20000:])
            vm.kill()
        net.close()
        server.stop()
        log(f"figures: {figures}")
    if "setup" in why:
        for n in ((1, 2, 3) if slow else (1,)):
            why.setdefault(n, f"not run: {why['setup']}")
    if why.get("4s") is None and s4.get("kiosk") != "ok":
        why[4] = f"kiosk half: {s4.get('kiosk', 'not run')}"
    else:
        why[4] = why.get("4s")
    for n in (1, 2, 3, 4):
        if n in (2, 3) and not slow:
            print(f"scenario {n}: skipped (MQ_SLOW=1 runs it)", flush=True)
        elif why.get(n):
            print(f"scenario {n}: FAILED: {why[n]}", flush=True)
        else:
            print(f"scenario {n}: ok", flush=True)
    return 1 if any(why.get(n) for n in (1, 2, 3, 4)) or "setup" in why else 0


if __name__ == "__main__":
    sys.exit(main())
