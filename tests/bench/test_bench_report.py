"""The benchmark's verdicts: ratios from pairs measured side by side, growth from the
fastest requests of each step, a run flagged when the machine's load moved."""

from __future__ import annotations

from bench.causes import annotate
from bench.config import Config
from bench.report import evaluate, growth, growth_steps, save, table


def _scenario(kind: str, rps_ratios: list[float], p95_ratios: list[float]) -> dict:
    return {
        "label": kind,
        "kind": kind,
        "user": "anonymous",
        "path": "/",
        "rps": 100.0,
        "p50_ms": 5,
        "p95_ms": 10,
        "p99_ms": 12,
        "requests": 500,
        "seconds": 6,
        "errors": 0,
        "queries": 3,
        "alone_ms": 4.0,
        "baseline_rps": 200,
        "rps_ratio": sum(rps_ratios) / len(rps_ratios),
        "p95_ratio": sum(p95_ratios) / len(p95_ratios),
        "rps_ratios": rps_ratios,
        "p95_ratios": p95_ratios,
        "load": [1.0, 1.2],
        "load_flag": False,
    }


def _step(n: int, ms: float) -> dict:
    page = {
        "min_ms": ms,
        "median_ms": ms,
        "baseline_min_ms": 1.0,
        "samples": 30,
        "load": [1.0, 1.0],
        "load_flag": False,
    }
    return {"recommendations": n, "pages": {"list_all": page}}


def _result(**extra) -> dict:
    return {
        "date": "2026-11-30T12:00:00Z",
        "size": "small",
        "machine": {"nproc": 2, "cpu": "x", "ram": "1 GiB", "load_average_at_start": [1, 1, 1]},
        "settings": {
            "workers": 4,
            "connections": 4,
            "pairs": 2,
            "window": 3,
            "samples": 30,
            "load_generator": "wrk",
        },
        "counts": {"recommendations": 10_000},
        **extra,
    }


def test_targets_by_kind_from_the_pairs():
    result = _result(
        scenarios={
            "anon": _scenario("anon", [1.1, 0.95], [1.2, 1.4]),
            "signed": _scenario("signed", [0.3, 0.4], [2, 2]),
            "heavy": _scenario("heavy", [0.1, 0.1], [6, 5]),
        },
        first_hits={
            "dash": {
                "label": "d",
                "kind": "cold",
                "ratio": 4.0,
                "median_ms": 8,
                "baseline_median_ms": 2,
                "runs": 10,
                "errors": 0,
                "max_ms": 9,
            }
        },
    )
    met = {c["target"].split(",")[0].split(":")[0]: c["met"] for c in evaluate(result)}
    assert met == {
        "anon": True,
        "signed": False,
        "heavy": False,
        "dash": True,
        "every response a 200": True,
    }


def test_growth_compares_10k_with_the_largest_step():
    result = _result(growth=[_step(1_000, 5.0), _step(10_000, 10.0), _step(200_000, 11.0)])
    assert growth(result)["list_all"]["growth"] == 0.1
    [check] = [c for c in evaluate(result) if "growth" in c["target"]]
    assert check["met"] and "10k -> 200k" in check["target"]


def test_a_run_whose_load_moved_is_flagged(tmp_path, monkeypatch):
    monkeypatch.setattr("bench.report.RESULTS", tmp_path)
    calm, busy = _scenario("anon", [1], [1]), _scenario("anon", [1], [1])
    busy["load"] = [2.0, 9.0]
    result = _result(scenarios={"a": calm, "b": busy})
    save(
        result,
        Config(
            size="small",
            pg="",
            db="bench",
            redis="",
            port=0,
            smtp_port=0,
            duration=6,
            warmup=0,
            workers=1,
            connections=1,
            emails=0,
            seed=1,
            reuse=True,
        ),
    )
    assert result["load_flag"]
    assert "load changed a lot" in table(result)


def _breakdown(total: float, **parts) -> dict:
    b = {
        "total_ms": total,
        "sql_ms": 0.0,
        "statements": 0,
        "slowest_ms": 0.0,
        "slowest_sql": "",
        "render_ms": 0.0,
        "cache_ms": 0.0,
        "cache_calls": 0,
        "cache_read_bytes": 0,
        "other_ms": 0.0,
        "bytes": 3_100,
        "status": 200,
        "response_cache": "-",
        "runs": 5,
    }
    b.update(parts)
    return b


def _measured_step(n: int, ms: float, **parts) -> dict:
    step = _step(n, ms)
    step["pages"]["list_all"]["breakdown"] = _breakdown(
        ms, statements=5, slowest_sql="SELECT COUNT(*)", other_ms=2.0, **parts
    )
    return step


def test_a_missed_target_names_its_measured_cause_and_next_step():
    slow = _scenario("anon", [0.5, 0.45], [1.3, 1.7])
    slow.update(
        path="/api/v1/recommendations/",
        breakdown=_breakdown(
            1.9,
            cache_ms=1.4,
            cache_calls=6,
            cache_read_bytes=45_000,
            other_ms=0.5,
            bytes=17_600,
            response_cache="HIT",
        ),
        baseline_breakdown=_breakdown(1.2, render_ms=0.8, other_ms=0.4),
    )
    calm = _scenario("anon", [0.7, 0.8], [1, 1])
    calm["breakdown"] = _breakdown(
        0.8, cache_ms=0.2, cache_calls=1, other_ms=0.6, bytes=32_000, response_cache="HIT"
    )
    calm["baseline_breakdown"] = _breakdown(1.2, render_ms=0.8, other_ms=0.4)
    low = _measured_step(10_000, 40.0, sql_ms=20.0, slowest_ms=9.0, render_ms=18.0)
    high = _measured_step(200_000, 90.0, sql_ms=68.0, slowest_ms=57.0, render_ms=19.0)
    result = _result(scenarios={"api_list": slow, "list_all": calm}, growth=[low, high])
    checks = {(c["family"], c["scenario"]): c for c in evaluate(result)}
    annotate(list(checks.values()), result, growth_steps(result))
    api = checks["cached", "api_list"]
    assert "6 cache calls" in api["cause"] and "mostly cache calls" in api["cause"]
    assert "get_many" in api["next_step"] and "6 cache calls" in api["next_step"]
    assert "no slower than the baseline" in checks["cached", "list_all"]["cause"]
    assert "--pairs 4" in checks["cached", "list_all"]["next_step"]
    grown = checks["growth", "list_all"]
    assert "mostly SQL (+48.0 ms)" in grown["cause"]
    assert "9.0 → 57.0 ms" in grown["next_step"]
    assert all("cause" not in c for c in checks.values() if c["met"])
    result["targets"] = list(checks.values())
    assert "| cause | next step |" in table(result)


def test_the_jobs_causes_come_from_their_phases():
    result = _result(
        reminder_scan={
            "actions": 500_000,
            "seconds": 89.7,
            "queries": 426,
            "batches_of_2000": 206,
            "reminders_offered": 410_293,
            "rerun_seconds": 12.7,
            "rerun_queries": 154,
            "rss_before_mb": 79.5,
            "peak_rss_mb": 330.0,
            "peak_rss_sampled_mb": 320.0,
            "rerun_peak_rss_sampled_mb": 130.0,
            "sql_seconds": {"INSERT": 61.0, "SELECT": 9.0},
        },
        delivery={
            "emails": 10_000,
            "sent": 10_000,
            "worker_rate_per_s": 56.6,
            "wall_seconds_incl_startup": 180.4,
            "bare_smtplib_rate_per_s": 699.8,
            "bare_smtplib_connection_per_message_rate_per_s": 318.1,
            "ratio_to_bare": 0.081,
            "ratio_to_bare_connection_per_message": 0.178,
            "sink_received": 22_000,
        },
    )
    checks = evaluate(result)
    annotate(checks, result, None)
    by = {c["family"]: c for c in checks if not c["met"]}
    assert "INSERT 61.0 s" in by["scan_time"]["cause"]
    assert by["scan_time"]["next_step"].startswith("Writing the reminders is most of it")
    assert "cold scan" in by["scan_memory"]["next_step"]
    assert "17.7 ms per e-mail" in by["delivery_rate"]["cause"]
    assert "16.2 ms per e-mail is the worker's own" in by["delivery_rate"]["next_step"]


def test_the_scan_reports_its_own_peak_memory_not_its_parent_s():
    """A child started by subprocess inherits the parent's peak as its ru_maxrss."""
    import subprocess
    import sys
    from pathlib import Path

    held = bytearray(300 * 2**20)
    held[:: 4096] = b"\1" * len(held[:: 4096])  # resident, not just reserved
    child = subprocess.run(
        [sys.executable, "-c", "from bench.scan import _peak_rss_mb; print(_peak_rss_mb())"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    del held
    assert float(child.stdout) < 150


def test_a_growth_taken_while_the_machine_slowed_says_so():
    """The baseline is measured interleaved with the page at each step: when it slowed
    too (1.3 -> 2.52 ms in the run of 30 Nov 19:25), the cause is the machine."""
    low = _measured_step(10_000, 22.25, render_ms=7.3)
    high = _measured_step(200_000, 36.9, render_ms=14.3)
    low["pages"]["list_all"]["baseline_min_ms"] = 1.3
    high["pages"]["list_all"]["baseline_min_ms"] = 2.52
    result = _result(growth=[low, high])
    checks = {(c["family"], c["scenario"]): c for c in evaluate(result)}
    annotate(list(checks.values()), result, growth_steps(result))
    grown = checks["growth", "list_all"]
    assert not grown["met"]  # the figure stands; its cause says what it is worth
    assert grown["cause"].startswith("the baseline measured alongside slowed from 1.3 to 2.52")
    assert "(+94%)" in grown["cause"] and "the page grew -14%" in grown["cause"]
    assert "otherwise idle" in grown["next_step"]
    # a steady baseline: the page's own cause
    high["pages"]["list_all"]["baseline_min_ms"] = 1.4
    annotate([grown], result, growth_steps(result))
    assert not grown["cause"].startswith("the baseline") and "idle" not in grown["next_step"]
