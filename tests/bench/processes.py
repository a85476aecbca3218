"""The processes a benchmark run starts: the Slack double, `regiebot serve`, the bare Bolt app; their memory.

Each runs in a scratch directory (so no developer `.env` is read) with its log in a file there.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REGIEBOT = Path(sys.executable).parent / "regiebot"
BOT_TOKEN = "xoxb-0000-bench-token"
SIGNING_SECRET = "bench-signing-secret-0123456789"
ADMIN = "U0ADMIN01"
MiB = 1024 * 1024


class BenchError(RuntimeError):
    """Something the benchmark needs did not start or did not answer."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def memory(self) -> dict[str, float]:
        """Resident memory now (RSS), at its peak (HWM) and proportional (PSS) of the master plus its workers, MiB."""
        pids = [self.popen.pid, *children(self.popen.pid)]
        totals = {"rss": 0.0, "peak": 0.0, "pss": 0.0, "processes": float(len(pids))}
        for pid in pids:
            status = _fields(Path(f"/proc/{pid}/status"))
            totals["rss"] += status.get("VmRSS", 0) / 1024
            totals["peak"] += status.get("VmHWM", 0) / 1024
            totals["pss"] += _fields(Path(f"/proc/{pid}/smaps_rollup")).get("Pss", 0) / 1024
        return {key: round(value, 1) for key, value in totals.items()}


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _fields(path: Path) -> dict[str, int]:
    """`Name:  123 kB` lines of a /proc file, as kB."""
    values = {}
    try:
        for line in path.read_text().splitlines():
            name, _, rest = line.partition(":")
            parts = rest.split()
            if len(parts) == 2 and parts[1] == "kB":
                values[name] = int(parts[0])
    except OSError:
        pass
    return values


def start_double(directory: Path) -> Process:
    log_path = directory / "slack-double.log"
    with log_path.open("w") as log:
        popen = subprocess.Popen([sys.executable, "-m", "tests.bench.limited_slack"], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=log, text=True)
    assert popen.stdout is not None
    line = popen.stdout.readline().strip()
    if not line.isdigit():
        popen.kill()
        raise BenchError(f"the Slack double did not start: {log_path.read_text()}")
    return Process("slack double", popen, int(line), log_path)


def _environment(double: Process, extra: dict[str, str]) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{double.url}/api/", **extra}


def start_serve(name: str, double: Process, database_url: str, directory: Path, *, workers: int, threads: int,
                extra: dict[str, str] | None = None) -> Process:
    port = free_port()
    environment = _environment(double, {"DATABASE_URL": database_url, "PORT": str(port), "BOT_ADMINS": ADMIN,
                                        "DEFAULT_LANGUAGE": "en", "LOG_FORMAT": "json", **(extra or {})})
    return _start(name, [str(REGIEBOT), "serve", "--workers", str(workers), "--threads", str(threads)],
                  environment, port, directory, health="/healthz")


def start_bare(double: Process, directory: Path, *, workers: int, threads: int) -> Process:
    port = free_port()
    command = [sys.executable, "-m", "tests.bench.bare_app", "--port", str(port), "--workers", str(workers),
               "--threads", str(threads)]
    return _start("bare Bolt", command, _environment(double, {}), port, directory, health="/healthz")


def _start(name: str, command: list[str], environment: dict[str, str], port: int, directory: Path, *,
           health: str) -> Process:
    log_path = directory / f"{name.replace(' ', '-').lower()}.log"
    with log_path.open("w") as log:
        popen = subprocess.Popen(command, cwd=directory, env=environment, stdout=log, stderr=log)
    process = Process(name, popen, port, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(process.url + health, timeout=10) as response:
                if response.status == 200:
                    return process
        # refused until the master listens; a slow worker boot times out the read: URLError and timeouts are
        # OSErrors too
        except OSError:
            if popen.poll() is not None:
                raise BenchError(f"{name} exited: {log_path.read_text()[-2000:]}") from None
            time.sleep(0.1)
    process.stop()
    raise BenchError(f"{name} did not become healthy in 60 s")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def wait_until_idle(process: Process, seconds: float = 2.0) -> None:
    """Let a process settle (imports done, first scheduler look taken) before reading its memory."""
    time.sleep(seconds)
    if process.popen.poll() is not None:
        raise BenchError(f"{process.name} exited: {process.log_path.read_text()[-2000:]}")
