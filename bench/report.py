"""The results of a run: the targets of the issue met or missed, the table, the files."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

from bench.causes import annotate
from bench.config import BENCH, RESULTS, Config
from bench.measure import LOAD_SWING

GROWTH_LIMIT = 0.20


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(
            next(
                x
                for x in Path("/proc/meminfo").read_text().splitlines()
                if x.startswith("MemTotal")
            ).split()[1]
        )
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def _pairs(s: dict, key: str) -> str:
    return ", ".join(f"{x:g}" for x in s.get(key, []))


def growth_steps(result: dict) -> tuple[int, int] | None:
    """The two steps growth compares: 10k and the largest when the run has them (the
    issue's 10k -> 200k), else the first and the last."""
    steps = [st["recommendations"] for st in result.get("growth", [])]
    if len(steps) < 2:
        return None
    low = 10_000 if 10_000 in steps and max(steps) > 10_000 else min(steps)
    return low, max(steps)


def growth(result: dict) -> dict[str, dict]:
    """Per page: the fastest in-process request at each step, and its growth."""
    span = growth_steps(result)
    if not span:
        return {}
    by_n = {st["recommendations"]: st["pages"] for st in result["growth"]}
    out = {}
    for name, low in by_n[span[0]].items():
        high = by_n[span[1]].get(name)
        if high and low.get("min_ms") and high.get("min_ms"):
            out[name] = {
                "from_ms": low["min_ms"],
                "to_ms": high["min_ms"],
                "growth": round(high["min_ms"] / low["min_ms"] - 1, 3),
                "samples": min(low["samples"], high["samples"]),
            }
    return out


def evaluate(result: dict) -> list[dict]:
    """The targets of the issue ("Targets"), each with met / missed and the figures."""
    checks: list[dict] = []

    def check(target: str, met: bool, value: str, family: str, scenario: str = "") -> None:
        checks.append(
            {
                "target": target,
                "met": bool(met),
                "value": value,
                "family": family,
                "scenario": scenario,
            }
        )

    for name, s in result.get("scenarios", {}).items():
        if "rps_ratio" not in s:
            continue
        flag = " (load changed)" if s.get("load_flag") else ""
        value = (
            f"{s['rps_ratio']:.2f}x / {s['p95_ratio']:.2f}x (pairs: req/s "
            f"{_pairs(s, 'rps_ratios')}; p95 {_pairs(s, 'p95_ratios')}){flag}"
        )
        if s["kind"] == "anon":
            check(
                f"{name}, cached: >= 1.0x baseline req/s, p95 <= 1.5x",
                s["rps_ratio"] >= 1.0 and s["p95_ratio"] <= 1.5,
                value,
                "cached",
                name,
            )
        elif s["kind"] == "signed":
            check(
                f"{name}: >= 40% of baseline req/s, p95 <= 3x",
                s["rps_ratio"] >= 0.4 and s["p95_ratio"] <= 3,
                value,
                "signed",
                name,
            )
        elif s["kind"] == "heavy":
            check(
                f"{name}: p95 <= 5x baseline",
                s["p95_ratio"] <= 5,
                f"{s['p95_ratio']:.2f}x (pairs {_pairs(s, 'p95_ratios')}){flag}",
                "heavy",
                name,
            )
    for name, f in result.get("first_hits", {}).items():
        limit = 5 if f["kind"] == "cold" else 10
        what = (
            "cold, right after a domain event"
            if f["kind"] == "cold"
            else "first hit after a change"
        )
        check(
            f"{name}, {what}: <= {limit}x the baseline alone",
            f["ratio"] <= limit,
            f"{f['ratio']}x ({f['median_ms']} ms vs {f['baseline_median_ms']} ms, median of "
            f"{f['runs']}){' (load changed)' if f.get('load_flag') else ''}",
            "cold" if f["kind"] == "cold" else "first_hit",
            name,
        )
    bad = {n: s["errors"] for n, s in result.get("scenarios", {}).items() if s.get("errors")}
    bad.update(
        {
            f"{n} (first hits)": f["errors"]
            for n, f in result.get("first_hits", {}).items()
            if f.get("errors")
        }
    )
    if result.get("scenarios"):
        check(
            "every response a 200, no socket error",
            not bad,
            ", ".join(f"{n}: {e}" for n, e in bad.items()) or "0",
            "errors",
        )
    span = growth_steps(result)
    for name, g in growth(result).items():
        check(
            f"{name}: growth {span[0] // 1000}k -> {span[1] // 1000}k <= 20% "
            f"(fastest of {g['samples']})",
            g["growth"] <= GROWTH_LIMIT,
            f"{g['growth']:+.0%} ({g['from_ms']} -> {g['to_ms']} ms)",
            "growth",
            name,
        )
    scan = result.get("reminder_scan") or {}
    if scan.get("timed_out"):
        check("reminder scan < 60 s", False, f"not finished after {scan['seconds']} s", "scan_time")
    elif "seconds" in scan:
        of = f" ({scan['actions']:,} actions)"
        check(
            "reminder scan < 60 s" + of, scan["seconds"] < 60, f"{scan['seconds']} s", "scan_time"
        )
        check(
            "reminder scan peak RSS < 300 MB" + of,
            scan["peak_rss_mb"] < 300,
            f"{scan['peak_rss_mb']} MB",
            "scan_memory",
        )
        per_batch = scan["queries"] / max(1, scan["batches_of_2000"])
        check(
            "reminder scan queries grow with batches, not rows",
            scan["queries"] <= 4 * max(1, scan["batches_of_2000"]) + 50,
            f"{scan['queries']} queries for {scan['reminders_offered']:,} reminders "
            f"({per_batch:.1f} per batch of 2,000)",
            "scan_queries",
        )
    d = result.get("delivery") or {}
    if "worker_rate_per_s" in d:
        check(
            ">= 100 e-mails/s per worker",
            d["worker_rate_per_s"] >= 100,
            f"{d['worker_rate_per_s']}/s",
            "delivery_rate",
        )
        check(
            ">= 30% of a bare smtplib loop on one connection",
            (d["ratio_to_bare"] or 0) >= 0.3,
            f"{d['ratio_to_bare']:.0%}",
            "delivery_rate",
        )
        check(
            "every e-mail sent",
            d["sent"] == d["emails"] and d["sink_received"] >= d["emails"],
            f"{d['sent']}/{d['emails']}",
            "delivery_sent",
        )
    return checks


def _load(s: dict) -> str:
    if "load" not in s:
        return "—"
    a, b = s["load"]
    return f"{a:.1f}→{b:.1f}{' ⚠' if s.get('load_flag') else ''}"


def _scenario_rows(result: dict) -> list[str]:
    lines = [
        "| scenario | who | req/s | p50 ms | p95 ms | p99 ms | queries | alone ms "
        "| baseline req/s | req/s vs baseline | p95 vs baseline | load | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for s in result.get("scenarios", {}).values():
        if "rps" not in s:
            lines.append(
                f"| {s['label']} | {s['user']} | — | — | — | — | — | — | — | — | — "
                f"| — | {s.get('skipped', '')} |"
            )
            continue
        lat = (
            f"{s['p50_ms']:.0f} | {s['p95_ms']:.0f} | {s['p99_ms']:.0f}"
            if s["requests"]
            else "— | — | —"
        )
        lines.append(
            f"| {s['label']} | {s['user']} | {s['rps']:.1f} | {lat} | {s['queries']} | "
            f"{s['alone_ms']:.1f} | {s['baseline_rps']:.0f} | {s['rps_ratio']:.2f}x | "
            f"{s['p95_ratio']:.2f}x | {_load(s)} | {s['errors']} |"
        )
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(result: dict) -> str:
    st = result["settings"]
    lines = [
        f"Run of {result['date']} — size `{result['size']}` — {result['machine']['nproc']} "
        f"CPUs ({result['machine']['cpu']}), {result['machine']['ram']} RAM, load average "
        f"at start {result['machine']['load_average_at_start']} — gunicorn "
        f"{st['workers']} sync workers, {st['load_generator'].split(' ')[0]} "
        f"{st['connections']} connections, {st['pairs']} pairs of {st['window']} s windows "
        f"(baseline, page) per scenario.",
        "",
        f"Data: {', '.join(f'{k} {v:,}' for k, v in result.get('counts', {}).items())}"
        + (f"; share of the recommendations: {result['shares']}" if result.get("shares") else "")
        + ".",
    ]
    if result.get("load_flag"):
        lines += [
            "",
            f"**The machine's load changed a lot during the run** "
            f"({result['load_range'][0]} to {result['load_range'][1]}): ratios "
            "are from pairs measured seconds apart, absolute figures are not "
            "comparable with other runs.",
        ]
    lines += [
        "",
        "Under load (ratios: each page window over the baseline window just "
        "before it, averaged over the pairs; *alone*: fastest of 10 in-process "
        "requests; ⚠: the load average moved during the figure):",
        "",
    ]
    lines += _scenario_rows(result)
    hits = result.get("first_hits", {})
    if hits:
        lines += [
            "",
            "One request at a time over HTTP, right after a change (the data "
            "generation bumped; for dashboards, a domain event), against the "
            "baseline alone in the same seconds:",
            "",
            "| page | after | median ms | max ms | baseline ms | ratio | load | errors |",
            "|---|---|---:|---:|---:|---:|---|---:|",
        ]
        for f in hits.values():
            after = "domain event" if f["kind"] == "cold" else "change"
            lines.append(
                f"| {f['label']} | {after}"
                f" | {f['median_ms']} | {f['max_ms']} | {f['baseline_median_ms']} | "
                f"{f['ratio']}x | {_load(f)} | {f['errors']} |"
            )
    steps = result.get("growth", [])
    if steps:
        names = list(steps[0]["pages"])
        lines += [
            "",
            "Growth: the fastest of at least "
            f"{result['settings']['samples']} in-process requests per page and "
            "step, each the first after a change (ms); the baseline's fastest "
            "alongside:",
            "",
            "| recommendations | baseline | " + " | ".join(names) + " | load |",
            "|---:|---:|" + "---:|" * len(names) + "---|",
        ]
        for step in steps:
            pages = step["pages"]
            base = min((p["baseline_min_ms"] for p in pages.values()), default=0)
            loads = [x for p in pages.values() for x in p["load"]]
            cells = [f"{pages[n]['min_ms']:.1f}" if n in pages else "—" for n in names]
            lines.append(
                f"| {step['recommendations']:,} | {base:.2f} | "
                + " | ".join(cells)
                + f" | {min(loads, default=0):.1f}–{max(loads, default=0):.1f} |"
            )
    scan = result.get("reminder_scan") or {}
    if scan.get("timed_out"):
        lines += [
            "",
            f"Reminder scan: stopped after {scan['seconds']} s, "
            f"{scan['reminders_stored']:,} reminders stored by then.",
        ]
    elif "seconds" in scan:
        lines += [
            "",
            f"Reminder scan over {scan['actions']:,} follow-up actions: "
            f"{scan['seconds']} s, {scan['queries']} queries for "
            f"{scan['reminders_offered']:,} reminders, peak RSS "
            f"{scan['peak_rss_mb']} MB (RSS before {scan['rss_before_mb']} MB); "
            f"rerun (nothing new) {scan['rerun_seconds']} s, "
            f"{scan['rerun_queries']} queries; load {_load(scan)}.",
        ]
    d = result.get("delivery") or {}
    if "worker_rate_per_s" in d:
        where = f" (measured in {d['measured_in']})" if d.get("measured_in") else ""
        lines += [
            "",
            f"Delivery{where}: one Celery worker (solo pool) sent {d['sent']:,} of "
            f"{d['emails']:,} e-mails at {d['worker_rate_per_s']}/s "
            f"({d['wall_seconds_incl_startup']} s including start-up); a bare "
            f"smtplib loop: {d['bare_smtplib_rate_per_s']}/s on one connection "
            f"({d['ratio_to_bare']:.0%}), "
            f"{d['bare_smtplib_connection_per_message_rate_per_s']}/s with a "
            f"connection per message ({d['ratio_to_bare_connection_per_message']:.0%})"
            f"; the sink received {d['sink_received']:,}; load {_load(d)}.",
        ]
    checks = result.get("targets", [])
    if checks:
        lines += [
            "",
            "Every missed target with its measured cause and the next step (bench/causes.py):",
            "",
            "| target | met | value | cause | next step |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {c['target']} | {'met' if c['met'] else '**missed**'} | {c['value']} | "
            f"{_cell(c.get('cause', ''))} | {_cell(c.get('next_step', ''))} |"
            for c in checks
        ]
    return "\n".join(lines)


def write_readme(result: dict) -> None:
    readme = BENCH / "README.md"
    text = readme.read_text() if readme.exists() else ""
    start, end = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
    block = f"{start}\n{table(result)}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text += "\n## Latest results\n\n" + block + "\n"
    readme.write_text(text)


def mark_load(result: dict) -> None:
    """The range of the load average over every figure of the run, and whether it moved
    too much for the run's absolute figures to mean much."""
    figures = [
        *result.get("scenarios", {}).values(),
        *result.get("first_hits", {}).values(),
        *(p for st in result.get("growth", []) for p in st["pages"].values()),
        result.get("reminder_scan") or {},
        result.get("delivery") or {},
    ]
    loads = [x for s in figures for x in s.get("load", [])]
    if loads:
        result["load_range"] = [min(loads), max(loads)]
        result["load_flag"] = max(loads) - min(loads) > max(2.0, LOAD_SWING * min(loads))


def save(result: dict, cfg: Config) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    mark_load(result)
    result["targets"] = evaluate(result)
    annotate(result["targets"], result, growth_steps(result))
    stamp = result["date"].replace(":", "").replace("-", "")[:15]
    path = RESULTS / f"{stamp}-{cfg.size}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    (RESULTS / f"latest-{cfg.size}.json").write_text(json.dumps(result, indent=2, default=str))
    return path
