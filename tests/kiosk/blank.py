#!/usr/bin/env python3
"""blank.py KIOSK — the panel off outside opening hours, headless, on the
script's UI clock (the wall clock starts on Thursday 2026-11-19 16:00 in
Shanghai through libfaketime): opening_hours = Mon-Fri 08:30-17:30,
idle_seconds = 90, and a fake backlight whose bl_power is a FIFO this test
reads, so every switch the kiosk makes is seen.

  during opening hours an idle kiosk stays lit;
  at 17:30, idle for 90 s: a black frame (the screenshot is black), the dump
  says blanked, the backlight gets 4;
  a touch lights it (0) and presses nothing; 90 s later it is dark again;
  a badge scan lights it and still counts (the check-in screen comes);
  at 08:30 the next morning it lights by itself;
  a kiosk that is not enrolled never goes dark."""
import json, os, struct, subprocess, sys, tempfile, threading, zlib

KIOSK = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="mq-blank-")
ok = True


def check(cond, what):
    global ok
    if not cond:
        print("blank.py: " + what, file=sys.stderr)
        ok = False


def kiosk(name, script, enrolled):
    """Run `script` on a fresh kiosk; the backlight values it wrote, in order."""
    data, light = os.path.join(work, name), os.path.join(work, name + "-backlight", "panel")
    os.makedirs(data)
    os.makedirs(light)
    fifo = os.path.join(light, "bl_power")
    os.mkfifo(fifo)
    ini = os.path.join(work, name + ".ini")
    with open(ini, "w") as f:
        f.write(f"[kiosk]\ndata_dir = {data}\nsize = 1280x800\nidle_seconds = 90\n"
                f"opening_hours = Mon-Fri 08:30-17:30\nbacklight = {os.path.dirname(light)}\n")
    if enrolled:
        subprocess.run([KIOSK, "status", "--config", ini], stdout=subprocess.DEVNULL, check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "seed_state.py"), data], check=True)
    writes, stop = [], threading.Event()

    def read_backlight():
        # each switch opens, writes and closes bl_power: one open of ours each
        while not stop.is_set():
            with open(fifo) as f:
                writes.extend(f.read().split())    # writes close together come in one read

    reader = threading.Thread(target=read_backlight, daemon=True)
    reader.start()
    path = os.path.join(work, name + ".script")
    with open(path, "w") as f:
        f.write(script.replace("@O@", work))
    env = dict(os.environ, TZ="UTC", FAKETIME_DONT_FAKE_MONOTONIC="1",
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0")
    p = subprocess.run(["faketime", "-f", "@2026-11-19 08:00:00", KIOSK, "--headless", "--config",
                        ini, "--script", path], env=env, capture_output=True, text=True,
                       timeout=300)
    stop.set()
    with open(fifo, "w"):
        pass                           # wakes the reader for its last open
    reader.join(5)
    if p.returncode != 0:
        print(p.stderr[-3000:], file=sys.stderr)
        sys.exit(f"blank.py: {name}: the script failed")
    return writes


def brightest(png_path):
    """The largest R, G or B value of a PNG (8-bit RGB or RGBA), unfiltered by hand."""
    data = open(png_path, "rb").read()
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, _, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, top = zlib.decompress(idat), w * bpp, bytearray(w * bpp), 0
    for row in range(len(raw) // (stride + 1)):
        f, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pred = [0, a, b, (a + b) // 2,
                    a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
            line[i] = (line[i] + pred) & 0xFF
        top = max(top, max(v for i, v in enumerate(line) if i % bpp < 3))
        prev = line
    return top


def dump(name):
    with open(os.path.join(work, name + ".json")) as f:
        return json.load(f)


writes = kiosk("enrolled", """wait-for home.file_opinion
dump @O@/open.json
screenshot @O@/open.png
clock +5340
dump @O@/open_late.json
clock +120
dump @O@/closed.json
screenshot @O@/closed.png
tap home.file_opinion
expect-screen home
dump @O@/touched.json
clock +89
dump @O@/touched_89.json
clock +2
dump @O@/dark_again.json
hid MQHB9999\\n
wait-for checkin.message
expect-screen checkin
dump @O@/scanned.json
tap ui.home
clock +91
dump @O@/dark_third.json
clock +53940
dump @O@/morning.json
""", True)
# 16:00 and 17:29: open, lit, however long idle
check(dump("open")["blanked"] is False, "dark at 16:00")
check(dump("open_late")["blanked"] is False, "dark at 17:29 though open")
# 17:31: closed and idle: dark, black, the home screen's widgets behind it
d = dump("closed")
check(d["blanked"] is True and d["screen"] == "home", "not dark at 17:31")
check(brightest(os.path.join(work, "closed.png")) == 0, "the dark screenshot is not all black")
check(brightest(os.path.join(work, "open.png")) > 200, "the lit screenshot is not lit")
# the touch that lights it presses nothing; lit for idle_seconds, then dark
d = dump("touched")
check(d["blanked"] is False and d["screen"] == "home", "a touch did not light it, or pressed")
check(dump("touched_89")["blanked"] is False, "dark before idle_seconds after a touch")
check(dump("dark_again")["blanked"] is True, "not dark again after idle_seconds")
# a badge scan lights it and is still a check-in
d = dump("scanned")
check(d["blanked"] is False and d["screen"] == "checkin", "the scan was lost or left it dark")
check(dump("dark_third")["blanked"] is True, "not dark after the check-in screen went home")
# 08:30 next morning: lit by itself
check(dump("morning")["blanked"] is False, "not lit at opening time")
check(writes == ["4", "0", "4", "0", "4", "0"], f"backlight switched {writes}")

writes = kiosk("unenrolled", """wait-for enroll.code
clock +7200
dump @O@/unenrolled.json
""", False)
d = dump("unenrolled")
check(d["blanked"] is False and d["screen"] == "enroll", "a kiosk to be enrolled went dark")
check(writes == [], f"a kiosk to be enrolled switched the backlight: {writes}")

if not os.environ.get("KEEP"):
    subprocess.run(["rm", "-rf", work])
print("blank.py: " + ("passed" if ok else "FAILED"))
sys.exit(0 if ok else 1)
