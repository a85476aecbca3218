"""The run's figures as a Markdown table (printed, and written into the README between markers), its JSON,
and which of issue 6's targets hold."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from tests.bench.processes import ROOT

README = ROOT / "README.md"
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
SUMMARY_SKIPPED = "not measured in this run"
ACK_RATIO, ACK_CEILING_MS, FLOOR_MARGIN_PCT, IDLE_CEILING_MIB, SUMMARY_CEILING_MS = 1.5, 300.0, 10.0, 150.0, 500.0
STAGES = ("draft_document", "slack", "body_markdown", "thread_messages")


def _ms(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.0f}"


def _triple(cell: dict[str, Any] | None, key: str = "ack_ms") -> str:
    if cell is None:
        return "not measured"
    figures = cell[key]
    return " / ".join(_ms(figures[p]) for p in ("p50", "p95", "p99"))


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    bare = {(c["command"], c["concurrency"]): c for c in results["latency"] if c["app"] == "bare"}
    for cell in results["latency"]:
        if cell["app"] == "bare" or cell["concurrency"] != 32:
            continue
        reference = bare[(cell["command"], 32)]["ack_ms"]["p99"]
        p99 = cell["ack_ms"]["p99"]
        found.append({"target": f"ack p99 at c=32, {cell['command']}, {cell['app']}: ≤ {ACK_RATIO}× bare and "
                                f"< {ACK_CEILING_MS:.0f} ms",
                      "holds": p99 <= ACK_RATIO * reference and p99 < ACK_CEILING_MS and cell["failures"] == 0,
                      "detail": f"{p99:.0f} ms, {p99 / reference:.2f}× bare ({reference:.0f} ms)"})
    found.append(_summary_target(results.get("summary")))
    for run in results["delivery"]:
        if "skipped" in run:
            found.append({"target": f"reminders, {run['database']}", "holds": None, "detail": run["skipped"]})
            continue
        ok = (run["over_floor_pct"] is not None and run["over_floor_pct"] <= FLOOR_MARGIN_PCT
              and run["duplicates"] == 0 and run["delivered"] == run["reminders"])
        found.append({"target": f"{run['reminders']} reminders within {FLOOR_MARGIN_PCT:.0f} % of the floor, "
                                f"no duplicates, {run['database']}", "holds": ok,
                      "detail": f"{run['total_s']:.1f} s against {run['floor_s']:.1f} s "
                                f"({run['over_floor_pct']:+.1f} %), {run['delivered']} delivered, "
                                f"{run['duplicates']} duplicates"})
    for name, memory in results["memory"].items():
        if name == "bare":
            continue
        found.append({"target": f"idle serve process < {IDLE_CEILING_MIB:.0f} MB RSS, {name}",
                      "holds": memory["idle"]["rss"] < IDLE_CEILING_MIB,
                      "detail": f"{memory['idle']['rss']:.0f} MiB (master + worker)"})
    return found


def _summary_target(measured: dict[str, Any] | None) -> dict[str, Any]:
    target = f"60-item summary rendered in < {SUMMARY_CEILING_MS / 1000:g} s"
    if not measured:
        return {"target": target, "holds": None, "detail": SUMMARY_SKIPPED}
    rendering = measured["rendering"]
    language, slowest = max(rendering["languages"].items(), key=lambda pair: pair[1]["median_ms"])
    stages = slowest["stages_ms"]
    templates = sum(stages[stage]["median"] for stage in STAGES[1:])
    return {"target": target, "holds": slowest["median_ms"] < SUMMARY_CEILING_MS,
            "detail": f"{slowest['median_ms']:.0f} ms median of {rendering['runs']}, {language}: draft_document "
                      f"{stages['draft_document']['median']:.0f} ms, templates and split {templates:.0f} ms"}


def _summary_lines(measured: dict[str, Any] | None) -> list[str]:
    heading = "Summary of 60 agenda items with five notes of about 600 characters each"
    if not measured:
        return [f"{heading}: {SUMMARY_SKIPPED}."]
    rendering = measured["rendering"]
    lines = [f"{heading}, drafted and rendered in the benchmark's process (the objectivity engine and skeleton, "
             "the thread's mrkdwn, the Markdown body hashed on approval, the split over messages), ms, median / best "
             f"of {rendering['runs']}:", "",
             "| language | total | " + " | ".join(f"`{stage}`" for stage in STAGES)
             + " | notes | sentences | Slack text | messages |",
             "| --- | ---: | " + " | ".join("---:" for _ in STAGES) + " | ---: | ---: | ---: | ---: |"]
    for language, figures in rendering["languages"].items():
        stages = [f"{figures['stages_ms'][s]['median']:.0f} / {figures['stages_ms'][s]['best']:.0f}" for s in STAGES]
        messages = f"{figures['messages']} (a file)" if figures["attached"] else str(figures["messages"])
        lines.append(f"| {language} | {figures['median_ms']:.0f} / {figures['best_ms']:.0f} | " + " | ".join(stages)
                     + f" | {figures['notes']} ({figures['note_characters']:,} characters) | {figures['sentences']} "
                     f"| {figures['characters']:,} characters | {messages} |")
    lines += ["", "Posted by `/minutes draft` against `regiebot serve` (SQLite), through a double that holds messages "
              "to Slack's Block Kit limits and to one a second per channel (the floor: the channel's messages a "
              "second apart, plus its extra Retry-Afters); the answer comes once the thread is complete:", "",
              "| notes of | ack | parent after | thread took | floor | messages (in the thread) | file "
              "| 429s for pacing | extra 429s | refused by Slack's limits | answered after |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in measured["posting"]:
        file = f"{run['file_characters']:,} characters" if run["files"] else "none"
        lines.append(f"| {run['note_length']} characters | {run['ack_ms']:.0f} ms | {run['parent_s']:.1f} s "
                     f"| {run['thread_s']:.1f} s | {run['floor_s']:.1f} s | {run['messages']} "
                     f"({run['thread_messages']}) | {file} | {run['paced_429']} | {run['extra_429']} "
                     f"| {', '.join(run['refused']) or 'none'} | {run['answered_s']:.1f} s |")
    return lines


def table(results: dict[str, Any]) -> str:
    cells = {(c["app"], c["command"], c["concurrency"]): c for c in results["latency"]}
    apps = [app for app in ("sqlite", "postgresql") if any(c["app"] == app for c in results["latency"])]
    names = {"bare": "bare Bolt", "sqlite": "Regiebot, SQLite", "postgresql": "Regiebot, PostgreSQL"}
    machine = results["machine"]
    lines = [f"Run {results['when']} at commit `{results['commit']}` ({results['mode']}), {machine['cpus']} CPUs "
             f"({machine['cpu']}), Python {machine['python']}; `serve --workers {results['workers']} --threads "
             f"{results['threads']}` and the bare Bolt app under the same gunicorn options, one after the other "
             "in each row.", "",
             "Acknowledgement (time until the HTTP answer), ms, p50 / p95 / p99; `× bare` compares p99:", "",
             "| command | concurrency | requests | " + " | ".join(
                 [names["bare"]] + [f"{names[a]} | × bare" for a in apps]) + " |",
             "| --- | ---: | ---: | ---: | " + " | ".join("---: | ---:" for _ in apps) + " |"]
    for command in ("/agenda add", "/agenda list"):
        for concurrency in (1, 8, 32):
            bare = cells.get(("bare", command, concurrency))
            if bare is None:
                continue
            row = [command, str(concurrency), str(bare["requests"]), _triple(bare)]
            for app in apps:
                cell = cells.get((app, command, concurrency))
                row += [_triple(cell), f"{cell['ack_ms']['p99'] / bare['ack_ms']['p99']:.2f}" if cell else "–"]
            lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Regiebot's answer (time until it reached the response URL), ms, p50 / p95 / p99:", "",
              "| command | concurrency | " + " | ".join(names[a] for a in apps) + " |",
              "| --- | ---: | " + " | ".join("---:" for _ in apps) + " |"]
    for command in ("/agenda add", "/agenda list"):
        for concurrency in (1, 8, 32):
            row = [command, str(concurrency)] + [_triple(cells.get((a, command, concurrency)), "reply_ms")
                                                 for a in apps]
            lines.append("| " + " | ".join(row) + " |")
    lines += ["", *_summary_lines(results.get("summary")), "",
              "Reminders due at one moment (T0), through a double allowing one message per second per channel:", "",
              "| database | reminders | total after T0 | floor | over floor | delivered | duplicates "
              "| extra 429s | 429s for pacing | first try after T0 |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in results["delivery"]:
        if "skipped" in run:
            lines.append(f"| {run['database']} | {run['skipped']} | | | | | | | | |")
            continue
        lines.append(f"| {run['database']} | {run['reminders']} ({run['owners']} owners, {run['channels']} "
                     f"channels) | {run['total_s']:.1f} s | {run['floor_s']:.1f} s | {run['over_floor_pct']:+.1f} % "
                     f"| {run['delivered']} | {run['duplicates']} | {run['extra_429']} | {run['paced_429']} "
                     f"| {run['first_s']:.1f} s |")
    lines += ["", "Resident memory of the gunicorn master and its worker, MiB (RSS; PSS in brackets):", "",
              "| process | idle | after the load | peak |", "| --- | ---: | ---: | ---: |"]
    for name, memory in results["memory"].items():
        idle, loaded = memory["idle"], memory.get("loaded", {})
        lines.append(f"| {names.get(name, name)} | {idle['rss']:.0f} ({idle['pss']:.0f}) | "
                     f"{loaded.get('rss', math.nan):.0f} ({loaded.get('pss', math.nan):.0f}) | "
                     f"{loaded.get('peak', math.nan):.0f} |")
    lines += ["", "Targets (issue 6):", ""]
    for target in results["targets"]:
        verdict = {True: "holds", False: "**missed**", None: "not measured"}[target["holds"]]
        lines.append(f"- {target['target']}: {verdict} ({target['detail']})")
    return "\n".join(lines)


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")


def update_readme(markdown: str, start: str = START, end: str = END) -> bool:
    """Replace what stands between two README markers, the benchmark's by default (read just before writing);
    False without them."""
    text = README.read_text()
    if start not in text or end not in text:
        return False
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    README.write_text(f"{before}{start}\n{markdown}\n{end}{after}")
    return True
