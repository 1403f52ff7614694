#!/usr/bin/env python3
"""Rewrites downloaded .debs for the emulated install: data uncompressed and
without the files dpkg's path-exclude would drop anyway.

The image's packages are installed by dpkg inside QEMU (TCG), where reading
xz and skipping 300 MB of kernel modules the board does not use costs
minutes. dpkg would decompress every member and then throw away the
excluded files; this does both on the build machine, once:

  deb-slim.py CFG... -- DEB...     (CFG: dpkg.cfg files with path-exclude/-include)

The control member is kept byte for byte; the data member becomes a plain
data.tar holding the same entries in the same order, minus excluded
non-directories (dpkg keeps directories too). The files dpkg then installs
are exactly those it would have installed from the original package with
the same path-exclude options in force.
"""
import gzip
import importlib.util
import io
import lzma
import os
import subprocess
import sys
import tarfile

# the rules and their matching: dpkg-filter.py beside this file
_spec = importlib.util.spec_from_file_location(
    "dpkg_filter", os.path.join(os.path.dirname(os.path.abspath(__file__)), "dpkg-filter.py"))
dpkg_filter = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dpkg_filter)

AR_MAGIC = b"!<arch>\n"


def ar_read(path):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(AR_MAGIC):
        raise ValueError(f"{path}: not an ar archive")
    pos, members = len(AR_MAGIC), []
    while pos < len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        members.append((name, data[pos + 60:pos + 60 + size]))
        pos += 60 + size + (size & 1)
    return members


def ar_write(path, members):
    with open(path + ".new", "wb") as f:
        f.write(AR_MAGIC)
        for name, body in members:
            f.write(f"{name:<16}{0:<12}{0:<6}{0:<6}{'100644':<8}{len(body):<10}`\n".encode())
            f.write(body)
            if len(body) & 1:
                f.write(b"\n")
    os.replace(path + ".new", path)


def decompress(name, body):
    if name.endswith(".xz"):
        return lzma.decompress(body)
    if name.endswith(".gz"):
        return gzip.decompress(body)
    if name.endswith(".zst"):
        return subprocess.run(["zstd", "-qdc"], input=body, check=True, capture_output=True).stdout
    return body


def slim(path, rules):
    out, dropped = [], 0
    for name, body in ar_read(path):
        if not name.startswith("data.tar"):
            out.append((name, body))
            continue
        raw = decompress(name, body)
        src = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
        buf = io.BytesIO()
        dst = tarfile.open(fileobj=buf, mode="w:", format=tarfile.GNU_FORMAT)
        for m in src:
            name = m.name[2:] if m.name.startswith("./") else m.name
            member_path = "/" + name
            if not m.isdir() and rules and dpkg_filter.excluded(member_path, rules):
                dropped += m.size
                continue
            dst.addfile(m, src.extractfile(m) if m.isreg() else None)
        dst.close()
        out.append(("data.tar", buf.getvalue()))
    ar_write(path, out)
    return dropped


def main():
    sep = sys.argv.index("--")
    rules = dpkg_filter.rules_of(sys.argv[1:sep])
    dropped = 0
    for path in sys.argv[sep + 1:]:
        dropped += slim(path, rules)
    print(f"deb-slim: {len(sys.argv) - sep - 1} packages, {dropped // (1024 * 1024)} MiB left out")


if __name__ == "__main__":
    main()
