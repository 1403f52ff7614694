#!/usr/bin/env python3
"""Deletes from an unpacked root what dpkg's path-exclude would have left out.

mmdebstrap --variant=extract unpacks with dpkg-deb, which knows nothing of
dpkg's path-exclude/path-include options; dpkg honours them when it
installs the packages again in stage 2, but does not delete what is already
there. This applies the same rules to the tree first.

  dpkg-filter.py ROOT CFG...   (dpkg.cfg files with path-exclude/-include lines)

As in dpkg, the last rule whose glob matches a file decides; a glob's `*`
matches `/` too. With merged /usr a file may be named by its package as
/lib/... or /usr/lib/...: both names are tried. Directories stay.
"""
import fnmatch
import os
import sys

ALIASES = (("/usr/lib/", "/lib/"), ("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/"))


def rules_of(paths):
    rules = []
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                for kind in ("path-exclude", "path-include"):
                    if line.startswith(kind + "="):
                        rules.append((kind == "path-exclude", line[len(kind) + 1:]))
    return rules


def excluded(name, rules):
    names = [name] + [alt + name[len(usr):] for usr, alt in ALIASES if name.startswith(usr)]
    verdict = False
    for exclude, glob in rules:
        if any(fnmatch.fnmatchcase(n, glob) for n in names):
            verdict = exclude
    return verdict


def main():
    root, cfgs = sys.argv[1], sys.argv[2:]
    rules = rules_of(cfgs)
    removed = size = 0
    for top, dirs, files in os.walk(root):
        for fname in files:
            full = os.path.join(top, fname)
            name = full[len(root):] or "/"
            if excluded(name, rules):
                size += os.lstat(full).st_size
                os.unlink(full)
                removed += 1
    print(f"dpkg-filter: removed {removed} files, {size // (1024 * 1024)} MiB")


if __name__ == "__main__":
    main()
