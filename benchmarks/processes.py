"""A command's wall time, CPU time and peak memory, per process of its tree.

``os.wait4`` gives one peak RSS for a whole process tree: that of its largest process, whichever it
is.  A Pelican build has three kinds: Pelican itself, the comment parse workers it forks, and the
search indexer (Pagefind) it runs at the end, so the peak of each kind is sampled from ``/proc``
(``VmHWM``, the kernel's own high-water mark of a process) while the command runs.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system, the command and every child it waited for
    peak_rss_mib: float  # the largest process of the tree (wait4)
    peaks_mib: dict[str, float] = field(default_factory=dict)  # per kind of process


def _children_of(root: int) -> list[int]:
    """``root`` and its descendants, from every process's parent in /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _kind(pid: int, root: int, root_cmdline: bytes, cmdline: bytes) -> str:
    if pid == root:
        return "main"
    if b"pagefind" in cmdline:
        return "search index"
    if cmdline == root_cmdline:
        return "parse worker"  # forked from the main process
    return "other"


def run(cmd: list[str], cwd: Path, env: dict | None = None, stdout=subprocess.DEVNULL,
        sample: bool = False) -> tuple[Run, bytes]:
    """Run ``cmd``; (its figures, its stderr). Raises SystemExit when it fails.

    ``sample``: each kind's peak read from ``/proc`` while it runs (``peaks_mib``), else none.  The
    sampling reads every process's ``/proc`` entry 20 times a second, on the command's own cores: a
    timed run goes without it.  It costs a build that keeps both cores busy more than one that leaves
    the second idle (400 posts of 20 comments, cold, with archives against without: x1.51 sampled, x1.30
    not, 5 pairs each), so the ratios were the sampler's as much as the build's."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    peaks: dict[int, tuple[str, int]] = {}
    cmdlines: dict[int, bytes] = {}
    done = threading.Event()

    def sample_peaks():
        while not done.is_set():
            for pid in _children_of(process.pid):
                if pid not in cmdlines:
                    try:
                        cmdlines[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
                    except OSError:
                        continue
                hwm = _hwm_kib(pid)
                if hwm is not None:
                    kind = _kind(pid, process.pid, cmdlines.get(process.pid, b""), cmdlines[pid])
                    peaks[pid] = (kind, max(hwm, peaks.get(pid, ("", 0))[1]))
            done.wait(0.05)

    sampler = threading.Thread(target=sample_peaks, daemon=True) if sample else None
    if sampler is not None:
        sampler.start()
    errors = process.stderr.read()  # never let a full pipe stall the command
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    if sampler is not None:
        sampler.join()
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}: {errors.decode(errors='replace')[-2000:]}")
    by_kind: dict[str, float] = {}
    for kind, hwm in peaks.values():
        by_kind[kind] = max(by_kind.get(kind, 0.0), hwm / 1024)
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, by_kind), errors
