#!/usr/bin/env python3
"""Sorts the image's downloaded .debs by where dpkg may unpack them.

  deb-class.py DEB...      prints one line a package: CLASS<TAB>ESSENTIAL<TAB>PATH

Unpacking a package runs one maintainer script, its preinst ("preinst
install" on a fresh root); postinst, prerm and postrm run later or never.
The build machine cannot run arm64 programs, so

  host  the package has no preinst, or one that does nothing on a fresh
        install (see NOOP below): the build machine's dpkg unpacks it into
        the tree (--force-script-chrootless runs such a preinst with the
        build machine's shell, where it finds nothing to do);
  vm    its preinst does something: it is unpacked inside the build VM,
        on the emulated CPU, where the preinst runs as on a board.

ESSENTIAL is yes or no (the control field). Every package of either class
is configured in the VM, postinst and all.

A preinst does nothing on a fresh install when, comments and blank lines
aside, it consists of nothing but lines debhelper writes for upgrades:
`set -e`, `exit 0`, `dpkg-maintscript-helper ACTION ... -- "$@"` (each of
those acts only when "$2", the old version, is given), and the init-script
block `if [ "$1" = "install" ] && [ -n "$2" ] && [ -e "/etc/init.d/X" ] ;
then chmod +x ... fi`. Anything else -- a user made, a directory created,
a check -- sends the package to the VM.
"""
import io
import lzma
import gzip
import re
import subprocess
import sys
import tarfile

NOOP_LINE = re.compile(r'^(set -e|exit 0|dpkg-maintscript-helper [a-z_]+ .* -- "\$@")$')
INIT_BLOCK = re.compile(
    r'^if \[ "\$1" = "install" \] && \[ -n "\$2" \] && \[ -e "/etc/init\.d/[^"]+" \] ; then\n'
    r'\s*chmod \+x "/etc/init\.d/[^"]+" >/dev/null \|\| true\n'
    r'fi$', re.MULTILINE)


def ar_members(path):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"!<arch>\n"):
        raise ValueError(f"{path}: not a .deb")
    pos = 8
    while pos < len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        yield name, data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)


def control_files(path):
    """control and preinst (text or None) of the package at @path."""
    for name, body in ar_members(path):
        if not name.startswith("control.tar"):
            continue
        if name.endswith(".xz"):
            body = lzma.decompress(body)
        elif name.endswith(".gz"):
            body = gzip.decompress(body)
        elif name.endswith(".zst"):
            body = subprocess.run(["zstd", "-qdc"], input=body, check=True,
                                  capture_output=True).stdout
        files = {}
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:") as tar:
            for m in tar:
                base = m.name[2:] if m.name.startswith("./") else m.name
                if base in ("control", "preinst") and m.isreg():
                    files[base] = tar.extractfile(m).read().decode("utf-8", "replace")
        return files.get("control", ""), files.get("preinst")
    raise ValueError(f"{path}: no control member")


def noop_on_install(script):
    lines = [ln.strip() for ln in script.splitlines()]
    text = "\n".join(ln for ln in lines if ln and not ln.startswith("#"))
    text = INIT_BLOCK.sub("", text)
    return all(NOOP_LINE.match(ln) for ln in text.splitlines() if ln.strip())


def main():
    for path in sys.argv[1:]:
        control, preinst = control_files(path)
        essential = "yes" if re.search(r"^Essential: yes$", control, re.MULTILINE) else "no"
        where = "host" if preinst is None or noop_on_install(preinst) else "vm"
        print(f"{where}\t{essential}\t{path}")


if __name__ == "__main__":
    main()
