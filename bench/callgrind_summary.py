#!/usr/bin/env python3
"""Summarises a callgrind output file of `bench_c callgrind WHICH N` as RESULT lines.

    callgrind_summary.py WHICH N FILE

Prints, per call of the measured loop (the file holds only that loop: the program turns
instrumentation on and off around it):
  RESULT cg_<which>_ir_per_call <Ir>
  RESULT cg_<which>_objects  <object>=<Ir>;...        self cost by shared object
  RESULT cg_<which>_top      <function>=<self Ir>/<inclusive Ir>;...   libb44sso's top functions
  RESULT cg_<which>_own_top  the same, for b44sso's own Swift code (modules B44SSO, B44SSOBridge)

Names are demangled with swift-demangle when it is on PATH. The format is valgrind's
documented callgrind format (name compression "(id) name", "calls=" lines followed by the
inclusive cost of that call).
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys


def parse(path):
    names = {"ob": {}, "fl": {}, "fn": {}}
    kind_of = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl",
               "fn": "fn", "cfn": "fn"}
    fn_file = {}                        # (ob, fn) -> source file of the function
    self_cost = collections.Counter()   # (ob, fn) -> Ir
    incl_extra = collections.Counter()  # (ob, fn) -> Ir spent in callees
    ob = fn = fl = None
    npos = 1
    skip_next_cost = False
    totals = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                value = int(parts[npos]) if len(parts) > npos else 0
                if skip_next_cost:
                    incl_extra[(ob, fn)] += value
                    skip_next_cost = False
                else:
                    self_cost[(ob, fn)] += value
                continue
            if "=" in line:
                key, _, val = line.partition("=")
                if key in kind_of:
                    table = names[kind_of[key]]
                    if val.startswith("("):
                        ident, _, name = val.partition(")")
                        ident += ")"
                        name = name.strip()
                        if name:
                            table[ident] = name
                        val = table.get(ident, ident)
                    if key == "ob":
                        ob = val
                    elif key == "fl":
                        fl = val
                    elif key == "fn":
                        fn = val
                        fn_file.setdefault((ob, fn), fl)
                elif key == "calls":
                    skip_next_cost = True
                continue
            if line.startswith("positions:"):
                npos = len(line.split()[1:])
            elif line.startswith("totals:") or line.startswith("summary:"):
                value = int(line.split()[1])
                if value:
                    totals = value
    return self_cost, incl_extra, totals, fn_file


def demangle(symbols):
    tool = shutil.which("swift-demangle")
    if not tool or not symbols:
        return {s: s for s in symbols}
    try:
        out = subprocess.run([tool, "--simplified"], input="\n".join(symbols) + "\n",
                             capture_output=True, text=True, timeout=60).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {s: s for s in symbols}
    if len(out) != len(symbols):
        return {s: s for s in symbols}
    return dict(zip(symbols, out))


def short(name, limit=110):
    name = " ".join(name.split())
    for a, b in (("Swift.", ""), ("B44SSOBridge.", ""), ("B44SSO.", "")):
        name = name.replace(a, b)
    return name if len(name) <= limit else name[: limit - 3] + "..."


def main():
    which, calls, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    self_cost, incl_extra, totals, fn_file = parse(path)
    total = totals if totals is not None else sum(self_cost.values())
    print("RESULT cg_%s_ir_per_call %.0f" % (which, total / calls))

    by_object = collections.Counter()
    for (ob, _), v in self_cost.items():
        by_object[os.path.basename(ob or "???")] += v
    print("RESULT cg_%s_objects %s" % (which, ";".join(
        "%s=%.0f" % (o, v / calls) for o, v in by_object.most_common(8))))

    ours = [(k, v) for k, v in self_cost.items() if k[0] and "libb44sso" in os.path.basename(k[0])]
    if not ours:
        return
    readable = demangle(sorted({fn for (_, fn), _ in ours}))
    rows = sorted(ours, key=lambda kv: -kv[1])

    def fmt(items):
        return ";".join("%s=%.0f/%.0f" % (short(readable[fn]).replace(";", ","), v / calls,
                                          (v + incl_extra[(ob, fn)]) / calls)
                        for (ob, fn), v in items)

    print("RESULT cg_%s_top %s" % (which, fmt(rows[:12])))
    # b44sso's own code: functions whose source is under Sources/ (B44SSO, B44SSOBridge),
    # as opposed to the Swift runtime and standard library linked into the same object.
    own = [kv for kv in rows if "Sources/B44SSO" in (fn_file.get(kv[0]) or "")]
    print("RESULT cg_%s_own_top %s" % (which, fmt(own[:12])))
    own_inclusive = sorted(own, key=lambda kv: -(kv[1] + incl_extra[kv[0]]))
    print("RESULT cg_%s_own_inclusive_top %s" % (which, fmt(own_inclusive[:12])))


if __name__ == "__main__":
    main()
