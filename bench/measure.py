"""Run a command in a child process and report its wall time and peak memory (bench helper).

`peak_mb` is the largest resident set of any one process of the tree (`ru_maxrss`);
`tree_mb` is the peak of the proportional set sizes (PSS) of the whole tree added up, sampled
every 50 ms on Linux (0 elsewhere), so that worker processes count once for what they share.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_kb(root: int) -> int:
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo += _children(pid)
    return total


def main() -> None:
    started = time.perf_counter()
    child = subprocess.Popen(
        sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak_tree = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(child.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    while child.poll() is None:
        peak_tree = max(peak_tree, tree_pss_kb(child.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    reader.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = "".join(output)
    profile = [line for line in text.splitlines() if line.startswith("leadgen: ")]
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "tree_mb": peak_tree / 1024,
                "rc": child.returncode,
                "tail": text[-2000:],
                "profile": profile,
            }
        )
    )


if __name__ == "__main__":
    main()
