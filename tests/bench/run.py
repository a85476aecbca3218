"""The benchmark: `.venv/bin/python -m tests.bench.run [--quick]`.

Starts a Slack double, `regiebot serve` on SQLite and on PostgreSQL, and a bare Bolt app served the same way,
and measures over real HTTP with signed requests: the acknowledgement latency of `/agenda add` and
`/agenda list` at concurrency 1, 8 and 32; the delivery of 1,000 reminders due at one moment; the memory of
idle and loaded serve processes; the drafting and rendering of a 60-item summary, and its posting by
`/minutes draft` (tests/bench/summary.py). Prints a table, writes bench-results/latest.json and (on a full run) the
README's table. PostgreSQL: BENCH_POSTGRES_URL (default 127.0.0.1:5432, user postgres, database test); the
run works in databases of its own (regiebot_bench, regiebot_bench_delivery), dropped and made anew each run.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.storage.db import Database, migrate
from tests.bench import delivery, load, report, summary
from tests.bench.processes import (
    ADMIN,
    ROOT,
    BenchError,
    Process,
    start_bare,
    start_double,
    start_serve,
    wait_until_idle,
)

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FULL = {"requests": {1: 200, 8: 400, 32: 800}, "plan": delivery.Plan(owners=200, channel_reminders=200),
        "summary_runs": 5}
QUICK = {"requests": {1: 30, 8: 60, 32: 120}, "plan": delivery.Plan(owners=40, channel_reminders=40),
         "summary_runs": 3}
SECRETARY = "U0BENCH00"
MEMBERS = [f"U0BENCH{n:02d}" for n in range(1, 32)]
SEED_ITEMS = 20


def fresh_postgres(name: str) -> str | None:
    """A new, empty database `name` on the PostgreSQL server, or None when there is no server."""
    try:
        admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
    except Exception as error:  # no server: the PostgreSQL rows say so
        print(f"PostgreSQL not reachable: {str(error).splitlines()[0]}", file=sys.stderr)
        return None
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def one(target: Process, double: Process, request_id: str, command: str, text_: str, user: str,
        expect: str) -> None:
    """One command, answered before the next is sent (setting up needs its order)."""
    request = load.slash_command(double, request_id, command, text_, user=user)
    outcome = load.drive(target, [request], 1)
    answer = load.replies(double, request_id, 1, timeout=30)[0]["text"] if not outcome.failures else ""
    if expect not in answer:
        raise BenchError(f"{target.name}: {command} {text_} was answered {answer!r}")


def set_up(target: Process, double: Process, name: str) -> None:
    one(target, double, f"{name}-setup.0", "/regie", "setup Benchtafel en", ADMIN, "is now the steering table")
    one(target, double, f"{name}-setup.1", "/regie", f"member add <@{SECRETARY}|sam> BZK secretary", ADMIN, "joined")
    for n, member in enumerate(MEMBERS):
        one(target, double, f"{name}-member.{n}", "/regie", f"member add <@{member}|m{n}> ORG{n % 7} member", ADMIN,
            "joined")
    one(target, double, f"{name}-setup.2", "/meeting", "schedule 2030-03-12 10:00 2h", SECRETARY, "Planned session")
    for n in range(SEED_ITEMS):
        one(target, double, f"{name}-seed.{n}", "/agenda", f"add Seed item {n}", MEMBERS[n], "Item *#")


def requests_for(double: Process, prefix: str, command: str, count: int) -> list[load.Request]:
    verb = command.split()[1]
    return [load.slash_command(double, f"{prefix}.{n}", "/agenda", f"add Bench item {prefix} {n}" if verb == "add"
                               else "list", user=MEMBERS[n % len(MEMBERS)]) for n in range(count)]


def cell(target: Process, double: Process, app: str, command: str, concurrency: int, count: int) -> dict[str, Any]:
    prefix = f"{app}-{command.split()[1]}-c{concurrency}"
    outcome = load.drive(target, requests_for(double, prefix, command, count), concurrency)
    result: dict[str, Any] = {"app": app, "command": command, "concurrency": concurrency, "requests": count,
                              "failures": outcome.failures, "ack_ms": load.summary(outcome.latencies_ms),
                              "per_second": round(count / outcome.seconds, 1)}
    if app != "bare":
        answers = load.replies(double, prefix + ".", count - outcome.failures, timeout=300)
        expect = "Item *#" if command.endswith("add") else "Seed item"
        result["refused"] = sum(expect not in a["text"] for a in answers)
        result["failures"] += result["refused"]
        result["reply_ms"] = load.summary([(a["at"] - outcome.sent_at[a["id"]]) * 1000 for a in answers
                                           if a["id"] in outcome.sent_at])
    return result


def latency(double: Process, directory: Path, mode: dict[str, Any], workers: int, threads: int,
            databases: list[str], results: dict[str, Any]) -> None:
    targets: dict[str, Process] = {}
    try:
        targets["bare"] = start_bare(double, directory, workers=workers, threads=threads)
        if "sqlite" in databases:
            targets["sqlite"] = start_serve("serve sqlite", double, f"sqlite:///{directory / 'regiebot-bench.db'}",
                                            directory, workers=workers, threads=threads)
        postgres_url = fresh_postgres("regiebot_bench") if "postgresql" in databases else None
        if postgres_url:
            targets["postgresql"] = start_serve("serve postgresql", double, postgres_url, directory,
                                                workers=workers, threads=threads)
        for name, target in targets.items():
            wait_until_idle(target)
            results["memory"][name] = {"idle": target.memory()}
            if name != "bare":
                set_up(target, double, name)
        for command in ("/agenda list", "/agenda add"):
            for name, target in targets.items():  # warm-up, not measured
                cell(target, double, name, command, 4, 40)
            for concurrency in mode["concurrency"]:
                for name, target in targets.items():
                    measured = cell(target, double, name, command, concurrency, mode["requests"][concurrency])
                    results["latency"].append(measured)
                    print(f"  {command:13} c={concurrency:<2} {name:10} ack p50/p95/p99 "
                          f"{report._triple(measured)} ms, failures {measured['failures']}", flush=True)
        for name, target in targets.items():
            results["memory"][name]["loaded"] = target.memory()
    finally:
        for target in targets.values():
            target.stop()


def deliveries(double: Process, directory: Path, mode: dict[str, Any], workers: int, threads: int,
               databases: list[str], results: dict[str, Any]) -> None:
    plan: delivery.Plan = mode["plan"]
    for database_name in databases:
        if database_name == "sqlite":
            url: str | None = f"sqlite:///{directory / 'regiebot-delivery.db'}"
        else:
            url = fresh_postgres("regiebot_bench_delivery")
        if url is None:
            results["delivery"].append({"database": database_name, "skipped": "not measured: no PostgreSQL"})
            continue
        migrate(url)
        database = Database.from_url(url)
        delivery.seed(database, plan)
        served = start_serve(f"serve delivery {database_name}", double, url, directory, workers=workers,
                             threads=threads, extra={"REMINDER_INTERVAL": "1"})
        try:
            wait_until_idle(served)
            load.get_json(f"{double.url}/bench/reset")
            due = delivery.make_due(database)
            statuses = delivery.wait_for_delivery(database, plan, timeout=max(600, plan.total * 1.5))
            run = {"database": database_name, **delivery.measure(double, plan, due, statuses)}
        finally:
            served.stop()
            database.dispose()
        results["delivery"].append(run)
        print(f"  reminders on {database_name}: {run['total_s']} s against a floor of {run['floor_s']} s, "
              f"{run['delivered']}/{run['reminders']} delivered, {run['duplicates']} duplicates", flush=True)


def summaries(directory: Path, mode: dict[str, Any], threads: int, results: dict[str, Any]) -> None:
    measured = summary.measure(directory, runs=mode["summary_runs"], threads=threads)
    results["summary"] = measured
    for language, figures in measured["rendering"]["languages"].items():
        stages = ", ".join(f"{stage} {times['median']:.0f}" for stage, times in figures["stages_ms"].items())
        print(f"  60 items rendered, {language}: median {figures['median_ms']:.0f} ms, best "
              f"{figures['best_ms']:.0f} ms ({stages}); {figures['characters']} characters, "
              f"{figures['messages']} messages", flush=True)
    for run in measured["posting"]:
        print(f"  /minutes draft, notes of {run['note_length']} characters: {run['total_s']} s, {run['messages']} "
              f"messages and {run['files']} files, thread {run['thread_s']} s against a floor of {run['floor_s']} s, "
              f"refused {run['refused'] or 'none'}", flush=True)


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "memory_mib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 / 1024)}


def commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return found.stdout.strip() + ("+changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.splitlines()[0])
    arguments.add_argument("--quick", action="store_true", help="fewer requests and 200 reminders; README untouched")
    arguments.add_argument("--workers", type=int, default=1, help="serve --workers (default 1)")
    arguments.add_argument("--threads", type=int, default=32, help="serve --threads (default 32)")
    arguments.add_argument("--only", choices=["latency", "delivery", "summary"], help="run one part")
    arguments.add_argument("--databases", default="sqlite,postgresql", help="comma-separated (default both)")
    arguments.add_argument("--concurrency", default="1,8,32", help="comma-separated (default 1,8,32)")
    arguments.add_argument("--output", type=Path, default=ROOT / "bench-results" / "latest.json")
    given = arguments.parse_args(argv)
    mode = QUICK if given.quick else FULL
    databases = [name for name in given.databases.split(",") if name]
    mode = {**mode, "concurrency": [int(c) for c in given.concurrency.split(",")]}
    results: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit(),
                               "mode": "quick" if given.quick else "full", "machine": machine(),
                               "workers": given.workers, "threads": given.threads, "latency": [], "delivery": [],
                               "memory": {}, "summary": None}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="regiebot-bench-") as scratch:
        directory = Path(scratch)
        double = start_double(directory)
        try:
            if given.only in (None, "latency"):
                print("acknowledgement latency and memory", flush=True)
                latency(double, directory, mode, given.workers, given.threads, databases, results)
            if given.only in (None, "delivery"):
                print("reminder delivery", flush=True)
                deliveries(double, directory, mode, given.workers, given.threads, databases, results)
            if given.only in (None, "summary"):
                print("summary of 60 agenda items", flush=True)
                summaries(directory, mode, given.threads, results)
        except BenchError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
        finally:
            double.stop()
    results["targets"] = report.targets(results)
    results["seconds"] = round(time.monotonic() - started)
    markdown = report.table(results)
    print("\n" + markdown)
    if not given.quick and given.only is None and given.databases == "sqlite,postgresql" and \
            given.concurrency == "1,8,32":
        print("\nREADME updated" if report.update_readme(markdown) else "\nREADME has no benchmark markers")
    report.write(results, given.output)
    print(f"results written to {given.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
