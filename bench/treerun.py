#!/usr/bin/env python3
"""treerun.py CMD ARGS... — run a command in a session of its own and print
"<wall ms> <peak RSS kB> <peak PSS kB> <CPU ms>": the wall time from start
to the exit of the command, the peaks over time of the summed RSS and the
summed PSS of every process of its session (a browser's zygote, renderer
and GPU processes included), sampled from /proc. A sum of RSS counts a page
shared by two processes twice (what each holds resident, as top shows it);
PSS divides it among them (the tree's own share of memory).
CPU is user + system time of the command and the descendants it reaped
(getrusage): on a loaded machine the wall time includes waiting for a CPU,
the CPU time does not. The peak RSS is at least the largest peak of one
of its processes (getrusage's ru_maxrss: exact for a single process).

The sampler must not slow down what it measures: RSS (the mm's counters in
/proc/PID/stat) every 5 ms, but PSS every 25 ms only, because reading
/proc/PID/smaps_rollup walks the process's page tables with its mmap lock
held (2 ms for the kiosk, which maps ~100 libraries at start and so waits
for that lock); /proc is listed every tick but each process's session is
read once (a process cannot join another session); the exit is seen at
once (a pidfd), not at the next tick.
For bench/kiosk.sh; output and error of the command go to /dev/null."""
import os
import resource
import select
import subprocess
import sys
import time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TICK_S = 0.005
PSS_EVERY = 5       # ticks


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Session:
    """The processes of session @sid, found by listing /proc; a process's
    session is read from its stat once.
    Created before the command starts."""

    def __init__(self):
        # what runs before the command starts is not of its session
        self.sid = None
        self.member = {p: False for p in os.listdir("/proc") if p.isdigit()}

    def pids(self):
        listed = {p for p in os.listdir("/proc") if p.isdigit()}
        for pid in list(self.member):   # gone: its pid may come back
            if pid not in listed:
                del self.member[pid]
        for pid in listed:
            if pid not in self.member:
                self.member[pid] = self._session_of(pid) == self.sid
        return [pid for pid in listed if self.member[pid]]

    @staticmethod
    def _session_of(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            return -1
        # fields after the command name, which may contain spaces
        return int(stat[stat.rfind(")") + 2:].split()[3])     # field 6

    def rss_kb(self, pids):
        rss = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as f:
                    rss += int(f.read().split()[1]) * PAGE_KB
            except OSError:
                pass
        return rss


def main():
    session = Session()
    t0 = time.monotonic()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(sys.argv[1:], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    exited = os.pidfd_open(p.pid)
    session.sid = p.pid
    peak_rss = peak_pss = 0
    tick = 0
    while True:
        pids = session.pids()
        peak_rss = max(peak_rss, session.rss_kb(pids))
        if tick % PSS_EVERY == 0:
            peak_pss = max(peak_pss, sum(pss_kb(pid) for pid in pids))
        tick += 1
        if select.select([exited], [], [], TICK_S)[0]:
            break
    wall = (time.monotonic() - t0) * 1000
    p.wait()
    os.close(exited)
    # children left behind in the session are the command's too
    while session.pids():
        time.sleep(TICK_S)
    if p.returncode != 0:
        sys.exit(f"treerun: {sys.argv[1]} exited with {p.returncode}")
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # a sample can come late on a loaded machine; the tree's peak is at
    # least that of its largest process (for one process, exactly that)
    peak_rss = max(peak_rss, r1.ru_maxrss)
    cpu = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000
    print(f"{wall:.0f} {peak_rss} {peak_pss} {cpu:.0f}")


main()
