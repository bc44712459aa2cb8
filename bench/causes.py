"""The measured cause and the next step of every missed target: the last two columns of
the target table, and ``cause`` / ``next_step`` of each target in the JSON results.

The cause is read from what the run measured, never assumed: for a page, one request
taken apart in-process (``bench/breakdown.py``: SQL, rendering, cache calls, the rest,
the size, whether the response cache served it) next to the baseline's, taken the same
way; for the load targets also the pairs and the load average; for growth, the same
breakdown at the two steps compared; for the jobs, the phases they record. The part of
the time that dominates (over the baseline's, or over the smaller step's) picks the next
step in ``NEXT_STEPS``, keyed by the target's family, whose texts say what the
measurements of this code showed and where to act; ``{...}`` are the run's figures.
"""

from __future__ import annotations

from bench.breakdown import describe

PARTS = ("sql", "render", "cache", "other")
PART_NAMES = {
    "sql": "SQL",
    "render": "rendering/serializing",
    "cache": "cache calls",
    "other": "the rest (fetching rows and building objects, middlewares, the view's Python)",
}

# The next step by family of target, then by what dominates the measured cost.
NEXT_STEPS: dict[str, dict[str, str]] = {
    "cached": {
        "not_slower": (
            "In-process the cached answer is no slower than the baseline ({total_ms} vs "
            "{base_total_ms} ms): rerun `--only {name} --pairs 4` while the load average is "
            "below 2 before changing code; pairs that still miss then point at the wire, "
            "where this answer is {kb} kB against the baseline's {base_kb} kB."
        ),
        "cache": (
            "A hit makes {cache_calls} cache calls ({cache_ms} ms, largest read {read_kb} "
            "kB). It needs one get_many for a page, plus the rate-limit count's write for "
            "the API (portal/core/response_cache.py, portal/api/throttling.py): any other "
            "call comes from a middleware or a throttle on the hit path."
        ),
        "not_cached": (
            "The repeat was not served from the response cache (X-Response-Cache "
            "{response_cache}): find what makes it uncacheable (a cookie or CSRF token set "
            "while rendering, the session touched, a private Cache-Control: `_storable` in "
            "portal/core/response_cache.py) or register the view."
        ),
        "other": (
            "The hit's own Python ({other_ms} ms) is the difference: profile it "
            "(`python -m bench.profile '{path}'`); every middleware runs on a hit."
        ),
    },
    "load": {
        "not_slower": (
            "In-process this page is no slower than the baseline ({total_ms} vs "
            "{base_total_ms} ms): rerun `--only {name} --pairs 4` on a quiet machine."
        ),
        "sql": (
            "{statements} statements take {sql_ms} ms, the slowest {slowest_ms} ms "
            "({slowest_sql}…): EXPLAIN it (`python -m bench.profile '{path}' --user {user} "
            "--explain`) and give it an index matching its filter and order, or bound it; "
            "then fold the per-row lookups into the list's statement."
        ),
        "render": (
            "Rendering takes {render_ms} ms for {kb} kB: render fewer rows per page, or "
            "keep rendered rows per data generation and what the user may see."
        ),
        "cache": "{cache_calls} cache calls take {cache_ms} ms: read them in one get_many.",
        "other": (
            "{other_ms} ms outside SQL and templates: profile the view "
            "(`python -m bench.profile '{path}' --user {user}`)."
        ),
    },
    "first_hit": {
        "sql": (
            "After a change the page is computed again: {statements} statements, {sql_ms} "
            "ms, the slowest {slowest_ms} ms ({slowest_sql}…). Every first visitor after "
            "any change pays it: EXPLAIN the slowest (`python -m bench.profile '{path}' "
            "--explain`) and bound it."
        ),
        "render": (
            "After a change {render_ms} ms goes to rendering {kb} kB: keep the rendered "
            "rows (per row and version) so that a change renders only what it touched."
        ),
        "cache": (
            "{cache_calls} cache calls take {cache_ms} ms on the computed path: read what "
            "it needs in one get_many."
        ),
        "other": (
            "{other_ms} ms outside SQL and templates on the computed path: profile it "
            "(`python -m bench.profile '{path}'`)."
        ),
    },
    "cold": {
        "sql": (
            "Right after a domain event the stored numbers are served (portal/core/"
            "read_models.py), yet {statements} statements take {sql_ms} ms (slowest "
            "{slowest_ms} ms: {slowest_sql}…): move those reads into the stored read model "
            "or the page's cached parts."
        ),
        "render": (
            "Right after a domain event {render_ms} ms goes to rendering {kb} kB: cache the "
            "rendered charts with the read model's version."
        ),
        "cache": "{cache_calls} cache calls take {cache_ms} ms: read them in one get_many.",
        "other": (
            "{other_ms} ms outside SQL and templates: profile it "
            "(`python -m bench.profile '{path}' --user {user}`)."
        ),
    },
    "growth": {
        "sql": (
            "SQL grows from {low_sql_ms} to {sql_ms} ms (the slowest statement {low_slowest_ms}"
            " → {slowest_ms} ms: {slowest_sql}…): it reads more rows as the data grows. "
            "EXPLAIN it at both sizes (`python -m bench.profile '{path}' --explain`) and bound "
            "it: an index matching its filter and order, a capped count, a ranked window."
        ),
        "render": (
            "Rendering grows ({low_render_ms} → {render_ms} ms, {low_kb} → {kb} kB): "
            "something rendered grows with the data (a filter's options, a list without a "
            "limit); bound it."
        ),
        "cache": "Cache calls grow ({low_cache_calls} → {cache_calls}): one per row somewhere.",
        "other": (
            "The view's own Python grows ({low_other_ms} → {other_ms} ms): it handles more "
            "rows than it shows; profile it at both sizes."
        ),
        "drift": (
            "Not a measured growth of the page: measure it again with the machine otherwise "
            "idle, and profile both sizes (`python -m bench.profile '{path}' --runs 30 "
            "--after-change`) before changing the code."
        ),
    },
    "errors": {
        "errors": (
            "Rerun the scenario with BENCH_ACCESS_LOG=1 and read var/bench/gunicorn.log: a "
            "non-200 is a redirect (a session a middleware rejects) or an error."
        ),
    },
    "scan_time": {
        "insert": (
            "Writing the reminders is most of it ({insert_s} s of INSERT of {seconds} s): "
            "fewer, larger statements per batch (a batch's reminders in one INSERT, or COPY); "
            "the rerun ({rerun_seconds} s) is what finding the due ones costs."
        ),
        "select": (
            "Reading is most of it ({select_s} s of SELECT; the rerun that inserts nothing "
            "takes {rerun_seconds} s): index the due-date filters of the scan, or scan only "
            "what changed since the last run."
        ),
        "process": (
            "Most of it ({process_s} s of {seconds} s) is outside SQL, in the process: profile "
            "one batch (building instances and keys per row is the suspect)."
        ),
        "timed_out": (
            "Rerun with a longer --scan-timeout to get the split (SQL by kind of statement, "
            "RSS per phase) instead of a timeout."
        ),
    },
    "scan_memory": {
        "inherited": (
            "Rerun: the scan now reports its own peak (VmHWM, bench/scan.py) and the "
            "highest sampled RSS of each phase."
        ),
        "memory": (
            "The peak ({peak_mb} MB) is reached in the {phase}: stream that phase's rows "
            "(iterator with a chunk size, values instead of instances) so that one batch is "
            "held at a time."
        ),
    },
    "scan_queries": {
        "queries": "Fold the per-row statements of the scan into one per batch.",
    },
    "delivery_rate": {
        "portal_work": (
            "{own_ms} ms per e-mail is the worker's own, beyond a bare send ({bare_ms} ms on "
            "one connection): profile one batch of the delivery task (claim, render, send, "
            "record) against the local sink."
        ),
        "connection": (
            "An e-mail costs about a new SMTP connection ({worker_ms} ms against {conn_ms} ms "
            "for a connection per message): keep one connection per worker."
        ),
    },
    "delivery_sent": {
        "not_sent": "Read the worker's log and the unsent rows' last error.",
    },
}


class _Figures(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _fields(b: dict | None, prefix: str = "") -> dict:
    if not b:
        return {}
    out = {f"{prefix}{k}": v for k, v in b.items()}
    out[f"{prefix}kb"] = round(b.get("bytes", 0) / 1000, 1)
    out[f"{prefix}read_kb"] = round(b.get("cache_read_bytes", 0) / 1000, 1)
    return out


def _dominant(b: dict, over: dict | None) -> tuple[str, float]:
    deltas = {p: b.get(f"{p}_ms", 0.0) - (over or {}).get(f"{p}_ms", 0.0) for p in PARTS}
    part = max(deltas, key=lambda p: deltas[p])
    return part, deltas[part]


def _page(
    family: str, name: str, entry: dict, b: dict | None, base: dict | None
) -> tuple[str, str, dict]:
    if not b or not base:
        return "no breakdown in this run (measured from this version on)", "", {}
    figures = {
        **_fields(b),
        **_fields(base, "base_"),
        "name": name,
        "path": entry.get("path", ""),
        "user": entry.get("user", "anonymous"),
    }
    cause = f"in-process {describe(b)}; the baseline {describe(base)}"
    if family == "cached" and b["response_cache"] != "HIT":
        return cause + ": not served from the response cache", "not_cached", figures
    if family in ("cached", "load") and b["total_ms"] <= 1.1 * base["total_ms"]:
        rps = ", ".join(f"{x:g}" for x in entry.get("rps_ratios", []))
        p95 = ", ".join(f"{x:g}" for x in entry.get("p95_ratios", []))
        load = entry.get("load", ["?", "?"])
        return (
            (
                cause + f": no slower than the baseline in-process, so the miss is in the "
                f"windows (pairs: req/s {rps}; p95 {p95}; load {load[0]}→{load[1]})"
            ),
            "not_slower",
            figures,
        )
    over = base if family in ("cached", "load") else None
    part, delta = _dominant(b, over)
    more = " more than the baseline" if over else ""
    return cause + f": mostly {PART_NAMES[part]} ({delta:+.1f} ms{more})", part, figures


#: Between the two growth steps, the baseline page measured alongside (the same trivial
#: page each time) may not slow down by more than this: beyond it the machine's speed
#: changed, and the page's growth says as much about the machine as about the page.
BASELINE_DRIFT = 0.25


def _drift(low_page: dict, high_page: dict) -> str:
    """How the interleaved baseline moved between the steps, when it moved too much."""
    base_low, base_high = low_page.get("baseline_min_ms"), high_page.get("baseline_min_ms")
    if not base_low or not base_high or base_high / base_low - 1 <= BASELINE_DRIFT:
        return ""
    relative = (high_page["min_ms"] / base_high) / (low_page["min_ms"] / base_low) - 1
    return (
        f"the baseline measured alongside slowed from {base_low} to {base_high} ms "
        f"({base_high / base_low - 1:+.0%}) between the steps: the machine was slower while "
        f"this figure was taken (against its baseline the page grew {relative:+.0%})"
    )


def _growth(name: str, result: dict, span: tuple[int, int]) -> tuple[str, str, dict]:
    by_n = {st["recommendations"]: st["pages"] for st in result.get("growth", [])}
    low_page = by_n.get(span[0], {}).get(name, {})
    high_page = by_n.get(span[1], {}).get(name, {})
    low, high = low_page.get("breakdown"), high_page.get("breakdown")
    if not low or not high:
        return "no breakdown in this run (measured from this version on)", "", {}
    scenario = result.get("scenarios", {}).get(name, {})
    figures = {
        **_fields(high),
        **_fields(low, "low_"),
        "name": name,
        "path": scenario.get("path", ""),
    }
    part, delta = _dominant(high, low)
    cause = (
        f"at {span[0]:,}: {describe(low)}; at {span[1]:,}: {describe(high)}: the growth "
        f"is mostly {PART_NAMES[part]} ({delta:+.1f} ms)"
    )
    drift = _drift(low_page, high_page)
    if drift:
        return f"{drift}; {cause}", "drift", figures
    return cause, part, figures


def _scan(family: str, scan: dict) -> tuple[str, str, dict]:
    figures = dict(scan)
    if scan.get("timed_out"):
        return (
            (
                f"stopped after {scan['seconds']} s with {scan.get('reminders_stored', 0):,} "
                "reminders stored"
            ),
            "timed_out",
            figures,
        )
    if family == "scan_queries":
        return (
            (f"{scan['queries']} statements for {scan['batches_of_2000']} batches of 2,000"),
            "queries",
            figures,
        )
    if family == "scan_memory":
        cold, rerun = scan.get("peak_rss_sampled_mb"), scan.get("rerun_peak_rss_sampled_mb")
        figures["peak_mb"] = scan["peak_rss_mb"]
        if cold is None:  # a run before the scan measured its own peak
            kept = max(scan.get("rss_samples_mb") or [0])
            return (
                (
                    f"{scan['peak_rss_mb']} MB is ru_maxrss, which Linux keeps across exec: "
                    "the benchmark process's own memory when it started the scan, not the "
                    f"scan's; the scan's RSS samples reach {kept} MB"
                ),
                "inherited",
                figures,
            )
        figures["phase"] = "cold scan" if cold >= (rerun or 0) else "rerun (nothing new)"
        return (
            (
                f"peak RSS {scan['peak_rss_mb']} MB from {scan['rss_before_mb']} MB; highest "
                f"sampled {cold} MB in the cold scan, {rerun} MB in the rerun that inserts "
                "nothing"
            ),
            "memory",
            figures,
        )
    sql = scan.get("sql_seconds") or {}
    seconds = scan["seconds"]
    if not sql:
        key = "insert" if scan["rerun_seconds"] < seconds / 2 else "select"
        figures.update(
            insert_s=f"{seconds - scan['rerun_seconds']:.1f} (the cold scan less the rerun)",
            select_s=scan["rerun_seconds"],
        )
        return (
            (
                f"{seconds} s for {scan['reminders_offered']:,} reminders; the rerun, which "
                f"only finds what is due, takes {scan['rerun_seconds']} s (no SQL split in "
                "this run)"
            ),
            key,
            figures,
        )
    in_sql = sum(sql.values())
    figures.update(
        insert_s=sql.get("INSERT", 0.0),
        select_s=sql.get("SELECT", 0.0),
        process_s=round(seconds - in_sql, 1),
    )
    split = ", ".join(f"{k} {v} s" for k, v in sorted(sql.items(), key=lambda kv: -kv[1]))
    parts = {
        "insert": figures["insert_s"],
        "select": figures["select_s"],
        "process": figures["process_s"],
    }
    key = max(parts, key=lambda k: parts[k])
    return (
        (
            f"{seconds} s for {scan['reminders_offered']:,} reminders: {in_sql:.1f} s in SQL "
            f"({split}), {figures['process_s']} s in the process; the rerun (nothing new) "
            f"{scan['rerun_seconds']} s"
        ),
        key,
        figures,
    )


def _delivery(family: str, d: dict) -> tuple[str, str, dict]:
    if family == "delivery_sent":
        return (
            (f"{d['sent']:,} of {d['emails']:,} sent, the sink received {d['sink_received']:,}"),
            "not_sent",
            dict(d),
        )
    worker = 1000 / d["worker_rate_per_s"] if d["worker_rate_per_s"] else 0.0
    bare = 1000 / d["bare_smtplib_rate_per_s"] if d["bare_smtplib_rate_per_s"] else 0.0
    rate = d.get("bare_smtplib_connection_per_message_rate_per_s")
    conn = 1000 / rate if rate else 0.0
    sending = d["emails"] / d["worker_rate_per_s"] if d["worker_rate_per_s"] else 0.0
    figures = {
        **d,
        "worker_ms": round(worker, 1),
        "bare_ms": round(bare, 1),
        "conn_ms": round(conn, 1),
        "own_ms": round(worker - bare, 1),
    }
    # slower than a connection per message: more than the connection is at stake
    key = "portal_work" if worker > 1.5 * conn else "connection"
    return (
        (
            f"{worker:.1f} ms per e-mail in the worker against {bare:.1f} ms for a bare send "
            f"on one connection ({conn:.1f} ms with a connection per message); start-up "
            f"{max(0.0, d['wall_seconds_incl_startup'] - sending):.0f} s is outside the rate"
        ),
        key,
        figures,
    )


def _errors(result: dict) -> tuple[str, str, dict]:
    parts = []
    for name, s in result.get("scenarios", {}).items():
        if s.get("errors"):
            parts.append(
                f"{name}: {s.get('error_detail')}, non-200 {s.get('not_200')} "
                f"(first {s.get('first_bad_status')}) {s.get('error_note', '')}"
            )
    for name, f in result.get("first_hits", {}).items():
        if f.get("errors"):
            parts.append(f"{name} (first hits): {f['errors']} not 200")
    return "; ".join(parts), "errors", {}


def explain(check: dict, result: dict, span: tuple[int, int] | None) -> tuple[str, str]:
    """The cause and the next step of one missed target."""
    family, name = check.get("family", ""), check.get("scenario", "")
    if family in ("cached", "signed", "heavy"):
        entry = result.get("scenarios", {}).get(name, {})
        group = "cached" if family == "cached" else "load"
        cause, key, figures = _page(
            group, name, entry, entry.get("breakdown"), entry.get("baseline_breakdown")
        )
    elif family in ("first_hit", "cold"):
        group = family
        entry = {
            **result.get("scenarios", {}).get(name, {}),
            **result.get("first_hits", {}).get(name, {}),
        }
        cause, key, figures = _page(
            family, name, entry, entry.get("breakdown"), entry.get("baseline_breakdown")
        )
        if figures:
            cause = (
                f"over HTTP {entry['median_ms']} ms against {entry['baseline_median_ms']}"
                f" ms; {cause}"
            )
    elif family == "growth" and span:
        group = family
        cause, key, figures = _growth(name, result, span)
    elif family.startswith("scan"):
        group = family
        cause, key, figures = _scan(family, result.get("reminder_scan") or {})
    elif family.startswith("delivery"):
        group = family
        cause, key, figures = _delivery(family, result.get("delivery") or {})
    elif family == "errors":
        group = family
        cause, key, figures = _errors(result)
    else:
        return "", ""
    text = NEXT_STEPS.get(group, {}).get(key, "")
    return cause, text.format_map(_Figures(figures)) if text else ""


def annotate(checks: list[dict], result: dict, span: tuple[int, int] | None) -> None:
    """Adds ``cause`` and ``next_step`` to every missed target."""
    for check in checks:
        if not check["met"]:
            check["cause"], check["next_step"] = explain(check, result, span)
