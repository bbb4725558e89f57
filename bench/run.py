"""`make bench`: run every bench/bench_*.py, show its lines, fail if any BENCH line says FAIL.

Each benchmark is a script that prints `BENCH <name>: <measured> (target <target>) PASS|FAIL`.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print("No benchmarks found under bench/.")
        return 1
    failed, results = [], []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for script in scripts:
        print(f"--- {script.name}", flush=True)
        run = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True)
        sys.stdout.write(run.stdout)
        bench_lines = [line for line in run.stdout.splitlines() if line.startswith("BENCH ")]
        results.extend(bench_lines)
        if run.returncode != 0 or not bench_lines:
            sys.stdout.write(run.stderr[-4000:])
            failed.append(f"{script.name} (exit {run.returncode})")
        failed.extend(line for line in bench_lines if line.rstrip().endswith("FAIL"))
    print("\n=== summary")
    print("\n".join(results))
    if failed:
        print("\nFAILED:\n" + "\n".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
