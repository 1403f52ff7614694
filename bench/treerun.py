#!/usr/bin/env python3
"""treerun.py CMD ARGS... — run a command in a session of its own and print
"<wall ms> <peak RSS kB> <peak PSS kB> <CPU ms>": the wall time from start
to the exit of the command, the peaks over time of the summed RSS and the
summed PSS of every process of its session (a browser's zygote, renderer
and GPU processes included), sampled every 5 ms from /proc. A sum of RSS
counts a page shared by two processes twice (what each holds resident, as
top shows it); PSS divides it among them (the tree's own share of memory).
CPU is user + system time of the command and the descendants it reaped
(getrusage): on a loaded machine the wall time includes waiting for a CPU,
the CPU time does not.
For bench/kiosk.sh; output and error of the command go to /dev/null."""
import os
import resource
import subprocess
import sys
import time


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def session_kb(sid):
    """(summed RSS, summed PSS) of the processes of session @sid, in kB."""
    rss = pss = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # fields after the command name, which may contain spaces
        rest = stat[stat.rfind(")") + 2:].split()
        if int(rest[3]) != sid:     # field 6: session
            continue
        rss += int(rest[21]) * os.sysconf("SC_PAGE_SIZE") // 1024   # field 24: rss
        pss += pss_kb(pid)
    return rss, pss


def main():
    t0 = time.monotonic()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(sys.argv[1:], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    while p.poll() is None:
        rss, pss = session_kb(p.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.005)
    wall = (time.monotonic() - t0) * 1000
    # children left behind in the session are the command's too
    while session_kb(p.pid)[0]:
        time.sleep(0.005)
    if p.returncode != 0:
        sys.exit(f"treerun: {sys.argv[1]} exited with {p.returncode}")
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000
    print(f"{wall:.0f} {peak_rss} {peak_pss} {cpu:.0f}")


main()
