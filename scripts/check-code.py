#!/usr/bin/env python3
"""check-code.py [ROOT] — the house rules of STYLE.md that a script can see
in the product's C (app/, sync/, server/, common/):

  * no function longer than 80 lines, unless the comment directly above it
    says why it is long (the word "long" in it);
  * no comment that points at an issue number ("issue 6"): a reader of the
    code has no tracker, so say what the code is for;
  * no two headers with one name: with per-module include directories the
    compiler would take whichever comes first on the path.

Functions are found the way this code base writes them: the return type and
name start a line at column 0 and the opening and closing braces of the body
stand alone at column 0. Prints one line a finding and exits 1 when there is
any; exits 0 silently otherwise."""
import os
import re
import sys

MAX_LINES = 80
FOLDERS = ("app", "sync", "server", "common")
ISSUE = re.compile(r"\bissues? #?[0-9]+", re.IGNORECASE)


def sources(root):
    for folder in FOLDERS:
        for base, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if name.endswith((".c", ".h", ".cc")):
                    yield os.path.join(base, name)


def comment_above(lines, start):
    """The comment block that ends on the line before @start ('' if none)."""
    i = start - 1
    if i < 0 or not lines[i].rstrip().endswith("*/"):
        return ""
    text = []
    while i >= 0:
        text.append(lines[i])
        if "/*" in lines[i]:
            break
        i -= 1
    return "".join(reversed(text))


def signature_start(lines, brace):
    """The first line of the definition whose body opens at @brace."""
    i = brace - 1
    while i > 0 and lines[i - 1].strip() and not lines[i - 1].rstrip().endswith(("*/", ";", "}")) \
            and not lines[i - 1].startswith("#"):
        i -= 1
    return i


def long_functions(path, lines):
    findings = []
    i = 0
    while i < len(lines):
        if lines[i].rstrip() == "{" and i > 0 and re.search(r"\)\s*(__attribute__.*)?$",
                                                          lines[i - 1].rstrip()):
            end = i + 1
            while end < len(lines) and lines[end].rstrip() != "}":
                end += 1
            start = signature_start(lines, i)
            length = end - start + 1
            if length > MAX_LINES and not re.search(r"\blong\b", comment_above(lines, start),
                                                    re.IGNORECASE):
                name = re.search(r"(\w+)\s*\(", "".join(lines[start:i]))
                findings.append(f"{path}:{start + 1}: {name.group(1) if name else '?'}() is "
                                f"{length} lines (over {MAX_LINES}): split it, or say above it "
                                f"why it is long")
            i = end
        i += 1
    return findings


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    findings = []
    for path in sources(root):
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
        rel = os.path.relpath(path, root)
        findings += long_functions(rel, lines)
        for n, line in enumerate(lines, 1):
            if ISSUE.search(line):
                findings.append(f"{rel}:{n}: points at an issue number: say what the code is for")
    seen = {}
    for path in sources(root):
        if path.endswith(".h"):
            seen.setdefault(os.path.basename(path), []).append(os.path.relpath(path, root))
    for name, paths in sorted(seen.items()):
        if len(paths) > 1:
            findings.append(f"{name}: one header name in {len(paths)} places ({', '.join(paths)}):"
                            f" rename one")
    for f in findings:
        print(f)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
