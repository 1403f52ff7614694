#!/usr/bin/env python3
"""check_dump.py DUMP.json... — the kiosk's accessibility rules, measured
from `dump` (DESIGN §4) at the dump's dpi (dp = px * 160 / dpi):
  * every visible button/key/input is at least 44 dp (60 dp in elder mode)
    in both directions;
  * every visible text is at least 18 dp, and the largest text on the
    screen at least 30 dp;
  * line spacing (line height / font size) at least 1.3, and no text
    widget shorter than 1.3 lines of its font;
  * contrast of text against its background at least 4.5:1 (3:1 is enough
    for text of 18 dp and more; we hold ourselves to 4.5:1 everywhere but
    report against the rule) — icons (role image) at least 3:1;
  * every visible widget inside the screen; the fixed chrome ids present.
Exits 1 listing every breach."""
import json, sys

def lum(h):
    def ch(v):
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(h[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)

def contrast(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

def check(path):
    d = json.load(open(path))
    dpi, elder = d["dpi"], d["elder_mode"]
    W, H = d["size"]
    dp = lambda px: px * 160.0 / dpi
    bad = []
    touch = 60 if elder else 44
    if d.get("line_spacing", 0) < 1.3:
        bad.append(f"line spacing {d.get('line_spacing')} < 1.3")
    ids = set()
    largest = 0
    for w in d["widgets"]:
        ids.add(w["id"])
        if not w["visible"]:
            continue
        x, y, ww, hh = w["rect"]
        role, text, f = w["role"], w["text"], w["font_px"]
        if x < 0 or y < 0 or x + ww > W + 1 or y + hh > H + 1:
            bad.append(f"{w['id']}: {w['rect']} is off the {W}x{H} screen")
        if role in ("button", "key", "input") and (dp(hh) < touch - 0.5 or dp(ww) < touch - 0.5):
            bad.append(f"{w['id']}: touch target {dp(ww):.0f}x{dp(hh):.0f} dp < {touch} dp")
        if role == "image":
            if contrast(w["fg"], w["bg"]) < 3.0:
                bad.append(f"{w['id']}: icon contrast {contrast(w['fg'], w['bg']):.2f} < 3")
            continue
        if role == "qr" or not text.strip() or f <= 0:
            continue
        largest = max(largest, dp(f))
        if dp(f) < 18 - 0.5:
            bad.append(f"{w['id']}: text {dp(f):.1f} dp < 18 dp (\"{text[:20]}\")")
        need = 3.0 if dp(f) >= 18 else 4.5
        c = contrast(w["fg"], w["bg"])
        if c < need:
            bad.append(f"{w['id']}: contrast {c:.2f} < {need} ({w['fg']} on {w['bg']})")
        if role == "text" and hh < 1.3 * f - 1:
            bad.append(f"{w['id']}: {hh} px tall for {f} px text (< 1.3 lines)")
    if largest < 30 - 0.5:
        bad.append(f"largest text {largest:.1f} dp < 30 dp")
    for fixed in ("ui.home", "ui.elder_mode", "ui.lang"):
        if fixed not in ids:
            bad.append(f"no {fixed}")
    return [f"{path} ({d['screen']}, {'elder' if elder else 'normal'}): {b}" for b in bad]

problems = []
for p in sys.argv[1:]:
    problems += check(p)
for p in problems:
    print("check_dump: " + p, file=sys.stderr)
print(f"check_dump: {len(sys.argv) - 1} dumps, {len(problems)} breaches")
sys.exit(1 if problems else 0)
