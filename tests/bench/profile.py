"""Where a serve worker spends the interpreter during a burst of one command: `python -m tests.bench.profile`.

Starts `regiebot serve` (SQLite, or PostgreSQL with --postgresql) against the rate-limiting Slack double, sets up
a table, and sends 1,600 signed `/agenda <verb>` at concurrency 32 while py-spy (`pip install -e ".[bench]"`)
samples the thread holding the GIL. Writes py-spy's raw stacks and prints the ack figures and the busiest bot and
library frames. This is how the benchmark's findings were traced (README, Benchmark).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.bench import run
from tests.bench.processes import ROOT, children, start_double, start_serve


def hot_frames(raw: Path, top: int = 12) -> list[tuple[str, float]]:
    """The innermost bot/handlers frame of each sample, by share of all samples."""
    counts: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        samples = int(number)
        total += samples
        ours = [frame for frame in stack.split(";") if re.search(r"\((bot|handlers)/", frame)]
        library = re.search(r"\(([^/)]+)/", stack.split(";")[-1])
        counts[ours[-1] if ours else f"[{library.group(1) if library else 'other'}]"] += samples
    return [(frame, samples / total) for frame, samples in counts.most_common(top)] if total else []


def main() -> int:
    arguments = argparse.ArgumentParser(prog="python -m tests.bench.profile", description=__doc__.splitlines()[0])
    arguments.add_argument("verb", choices=["add", "list"], nargs="?", default="add")
    arguments.add_argument("--postgresql", action="store_true")
    arguments.add_argument("--output", type=Path, default=ROOT / "bench-results" / "profile.txt")
    given = arguments.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with tempfile.TemporaryDirectory(prefix="regiebot-profile-") as scratch:
        directory = Path(scratch)
        double = start_double(directory)
        name = "postgresql" if given.postgresql else "sqlite"
        url = run.fresh_postgres("regiebot_bench") if given.postgresql else f"sqlite:///{directory / 'p.db'}"
        if url is None:
            return 1
        served = start_serve("serve", double, url, directory, workers=1, threads=32)
        try:
            run.set_up(served, double, name)
            run.cell(served, double, name, f"/agenda {given.verb}", 4, 40)  # warm-up
            given.output.parent.mkdir(parents=True, exist_ok=True)
            recorder = subprocess.Popen([spy, "record", "--pid", str(children(served.popen.pid)[0]), "--gil",
                                         "--rate", "200", "--format", "raw", "-o", str(given.output),
                                         "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            time.sleep(1)
            measured = run.cell(served, double, name, f"/agenda {given.verb}", 32, 1600)
            recorder.send_signal(signal.SIGINT)
            recorder.wait(30)
        finally:
            served.stop()
            double.stop()
    print(f"/agenda {given.verb} at c=32 on {name}: ack ms {measured['ack_ms']}, answer ms {measured['reply_ms']}, "
          f"{measured['per_second']} requests/s")
    for frame, share in hot_frames(given.output):
        print(f"{share:6.1%}  {frame}")
    print(f"raw stacks: {given.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
