"""Run a command in a child process and report its wall time and peak memory (bench helper)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    started = time.perf_counter()
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    tail = (result.stdout + result.stderr)[-2000:]
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_mb": peak_kb / 1024,
                "rc": result.returncode,
                "tail": tail,
            }
        )
    )


if __name__ == "__main__":
    main()
