#!/usr/bin/env python3
"""escpos_png.py JOB PNG — decode an ESC/POS print job as the kiosk sends it
(ESC @, GS v 0 raster bands, ESC d n, GS V m n) back into the picture the
printer would print, as a 1-bit PNG (standard library only), so a test can
read the slip's QR code with zbarimg. Refuses (exit 1) any byte it does not
know, so a job the kiosk garbles fails here rather than on paper."""
import struct, sys, zlib


def decode(job):
    rows, width, i = [], None, 0
    while i < len(job):
        if job[i:i + 2] == b"\x1b@":
            i += 2
        elif job[i:i + 3] == b"\x1dv0":
            m, xl, xh, yl, yh = job[i + 3:i + 8]
            if m != 0:
                raise ValueError(f"GS v 0 mode {m} at byte {i}: the kiosk sends 0")
            stride, h = xl + 256 * xh, yl + 256 * yh
            if width not in (None, stride):
                raise ValueError(f"band at byte {i} is {stride} bytes wide, not {width}")
            width = stride
            data = job[i + 8:i + 8 + stride * h]
            if len(data) != stride * h:
                raise ValueError(f"band at byte {i} is cut short")
            rows += [data[r * stride:(r + 1) * stride] for r in range(h)]
            i += 8 + stride * h
        elif job[i:i + 2] == b"\x1bd":
            i += 3
        elif job[i:i + 2] == b"\x1dV":
            i += 4 if job[i + 2] in (65, 66) else 3
        else:
            raise ValueError(f"unknown byte 0x{job[i]:02x} at {i}")
    if not rows:
        raise ValueError("no raster in the job")
    return width, rows


def png(width_bytes, rows, quiet=16):
    """1-bit grey PNG, white border of `quiet` dots (PNG: 0 = black, so invert)."""
    w = width_bytes * 8 + 2 * quiet
    pad = b"\xff" * (quiet // 8)
    blank = b"\x00" + b"\xff" * (w // 8)
    lines = [blank] * quiet
    lines += [b"\x00" + pad + bytes(255 - b for b in r) + pad for r in rows]
    lines += [blank] * quiet
    h = len(lines)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(lines))) + chunk(b"IEND", b""))


if __name__ == "__main__":
    try:
        width, rows = decode(open(sys.argv[1], "rb").read())
    except ValueError as e:
        sys.exit(f"escpos_png.py: {sys.argv[1]}: {e}")
    open(sys.argv[2], "wb").write(png(width, rows))
    print(f"{width * 8}x{len(rows)} dots")
