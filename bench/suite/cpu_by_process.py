#!/usr/bin/env python3
"""Where a command's CPU time goes, by process: samples the CPU time (utime + stime in /proc/PID/stat)
of COMMAND and of every process it starts, twice a second while it runs, keeps each process's last
reading, and prints the CPU seconds per kind of process (each module's test JVMs, YARN application
masters and executors, deploy.sh's SparkSubmit, Maven, ...). Processes shorter than half a second are
missed: the total is a little under what `time` reports for the same command.

Usage: bench/suite/cpu_by_process.py [--json FILE] -- COMMAND [ARGS...]
       (bench/suite/run.sh runs it around .ci/run on a clean clone)
"""
import json
import os
import subprocess
import sys
import time
from collections import Counter

HZ = os.sysconf("SC_CLK_TCK")


def describe(pid):
    """(program, main class or jar, working directory) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None
    if not argv:
        return None
    program = os.path.basename(argv[0])
    main = ""
    if program == "java":
        if any("surefirebooter" in a for a in argv):
            main = "surefire/failsafe fork"
        else:
            skip = False
            for a in argv[1:]:
                if skip:
                    skip = False
                elif a in ("-cp", "-classpath", "--add-opens", "--add-exports", "--add-modules"):
                    skip = True
                elif a == "-jar" or a.startswith("-") or a.startswith("@"):
                    continue
                else:
                    main = a
                    break
    return program, main, cwd


def kind(program, main, cwd, root):
    """The group a process's CPU is counted in."""
    module = os.path.relpath(cwd, root).split(os.sep)[0] if cwd.startswith(root) else ""
    if main == "surefire/failsafe fork":
        return f"test JVM of {module}"
    for name, label in (("ApplicationMaster", "YARN application masters (cluster-mode drivers)"),
                        ("ExecutorLauncher", "YARN application masters (client mode)"),
                        ("YarnCoarseGrainedExecutorBackend", "YARN executors"),
                        ("SparkSubmit", "deploy.sh's SparkSubmit JVMs"),
                        ("plexus.classworlds", "Maven")):
        if name in main:
            return label
    if program == "java":
        return f"other JVM: {main.rsplit('.', 1)[-1] or '?'} ({module or os.path.basename(cwd)})"
    return f"other: {program}"


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--json"]:
        out, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    root = os.getcwd()
    seen = {}  # (pid, start time) -> [description, cpu seconds], for COMMAND and its descendants only
    child = subprocess.Popen(args)
    ours = {str(child.pid)}
    started = time.time()
    while child.poll() is None:
        stats = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            stats[pid] = stat[stat.rfind(")") + 2:].split()
        grew = True
        while grew:  # a new process's parent may be new too
            grew = False
            for pid, fields in stats.items():
                if pid not in ours and fields[1] in ours:
                    ours.add(pid)
                    grew = True
        for pid, fields in stats.items():
            if pid not in ours:
                continue
            key = (pid, fields[19])
            entry = seen.get(key)
            if entry is None or entry[0][0] in ("sh", "bash"):  # a script may exec java
                d = describe(pid)
                if d is None:
                    continue
                entry = seen[key] = [d, entry[1] if entry else 0.0]
            entry[1] = (int(fields[11]) + int(fields[12])) / HZ
        time.sleep(0.5)
    wall = time.time() - started
    groups = Counter()
    for (program, main_class, cwd), cpu in seen.values():
        groups[kind(program, main_class, cwd, root)] += cpu
    total = sum(groups.values())
    print(f"\n| process | CPU s | share |\n|---|---:|---:|")
    for k, v in groups.most_common():
        if v >= 1:
            print(f"| {k} | {v:.0f} | {100 * v / total:.0f}% |")
    print(f"| **all** ({wall:.0f} s of wall time, {total / wall:.2f} cores busy on average) | **{total:.0f}** | |")
    if out:
        with open(out, "w") as f:
            json.dump([[list(d), cpu] for d, cpu in seen.values()], f)
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
