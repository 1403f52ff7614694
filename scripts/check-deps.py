#!/usr/bin/env python3
"""check-deps.py BUILD_DIR [SOURCE_DIR] — the dependencies between the
product's modules, read from what the compiler made rather than from what
the code says: every object file's defined and undefined symbols (`nm`).

A module is a folder of product code (server/http, app/ui, sync, common,
...). Module A uses module B when an object of A leaves a symbol undefined
that an object of B defines. The script fails (exit 1)

  * on a cycle between modules (A uses B, and B uses A through any path),
    naming the edges of the cycle and a symbol behind each; and
  * when the graph differs from the one docs/ARCHITECTURE.md draws in its
    ```deps block (one line a module: `A -> B C D`), in either direction,
    so that the map a newcomer reads is the code's.

`--print` writes the measured graph in the ```deps block format instead."""
import collections
import os
import subprocess
import sys

PRODUCT = ("app", "sync", "server", "common")


def object_files(build):
    for top in PRODUCT:
        for base, _, files in os.walk(os.path.join(build, top)):
            for name in files:
                if name.endswith(".o") and "CMakeFiles" in base:
                    yield os.path.join(base, name)


def module_of(obj, build, src):
    """The source folder of @obj ('server/http'), or None for generated code."""
    rel = os.path.relpath(obj, build)
    cmake_dir, _, inner = rel.partition("/CMakeFiles/")
    inner = inner.split("/", 1)[1] if "/" in inner else ""   # drop "<target>.dir"
    source = os.path.normpath(os.path.join(cmake_dir, inner[:-2]))   # drop ".o"
    if not os.path.exists(os.path.join(src, source)):
        return None
    return os.path.dirname(source)


def symbols(obj):
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind in "U":
            undefined.add(name)
        elif kind.isupper() and kind not in "UVW":
            defined.add(name)
    return defined, undefined


def measure(build, src):
    owner, uses = {}, collections.defaultdict(set)
    for obj in object_files(build):
        mod = module_of(obj, build, src)
        if mod is None:
            continue
        defined, undefined = symbols(obj)
        for s in defined:
            owner.setdefault(s, mod)
        uses[mod] |= undefined
        uses.setdefault(mod, set())
    edges = collections.defaultdict(dict)     # a -> {b: a symbol}
    for mod, names in uses.items():
        edges.setdefault(mod, {})
        for s in sorted(names):
            other = owner.get(s)
            if other and other != mod:
                edges[mod].setdefault(other, s)
    return edges


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def documented(src):
    path = os.path.join(src, "docs", "ARCHITECTURE.md")
    graph, inside = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() == "```deps":
                inside = True
            elif inside and line.strip() == "```":
                break
            elif inside and "->" in line:
                a, _, bs = line.partition("->")
                graph[a.strip()] = set(bs.split())
            elif inside and line.strip() and not line.strip().startswith("#"):
                graph[line.strip()] = set()
    return graph


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    build = args[0]
    src = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..")
    edges = measure(build, src)
    if not edges:
        print(f"check-deps: no object files of {', '.join(PRODUCT)} under {build}", file=sys.stderr)
        return 2
    if "--print" in sys.argv:
        for mod in sorted(edges):
            print(f"{mod} -> {' '.join(sorted(edges[mod]))}".rstrip(" ->") if edges[mod] else mod)
        return 0
    bad = False
    for comp in cycles(edges):
        bad = True
        print(f"check-deps: a cycle between modules: {', '.join(comp)}")
        for a in comp:
            for b, sym in sorted(edges[a].items()):
                if b in comp:
                    print(f"  {a} -> {b}  (uses {sym})")
    doc = documented(src)
    for mod in sorted(set(edges) | set(doc)):
        have, drawn = set(edges.get(mod, {})), doc.get(mod)
        if drawn is None:
            bad = True
            print(f"check-deps: module {mod} is not in the ```deps block of docs/ARCHITECTURE.md")
            continue
        if mod not in edges:
            bad = True
            print(f"check-deps: docs/ARCHITECTURE.md draws module {mod}, which has no code")
            continue
        for b in sorted(have - drawn):
            bad = True
            print(f"check-deps: {mod} -> {b} (uses {edges[mod][b]}) is not drawn in"
                  f" docs/ARCHITECTURE.md")
        for b in sorted(drawn - have):
            bad = True
            print(f"check-deps: docs/ARCHITECTURE.md draws {mod} -> {b}, which the code does"
                  f" not use")
    if not bad:
        print(f"check-deps: {len(edges)} modules, "
              f"{sum(len(v) for v in edges.values())} dependencies, no cycle, as drawn")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
