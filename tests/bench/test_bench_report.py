"""The benchmark's verdicts: ratios from pairs measured side by side, growth from the
fastest requests of each step, a run flagged when the machine's load moved."""

from __future__ import annotations

from bench.config import Config
from bench.report import evaluate, growth, save, table


def _scenario(kind: str, rps_ratios: list[float], p95_ratios: list[float]) -> dict:
    return {"label": kind, "kind": kind, "user": "anonymous", "path": "/", "rps": 100.0,
            "p50_ms": 5, "p95_ms": 10, "p99_ms": 12, "requests": 500, "seconds": 6,
            "errors": 0, "queries": 3, "alone_ms": 4.0, "baseline_rps": 200,
            "rps_ratio": sum(rps_ratios) / len(rps_ratios),
            "p95_ratio": sum(p95_ratios) / len(p95_ratios),
            "rps_ratios": rps_ratios, "p95_ratios": p95_ratios,
            "load": [1.0, 1.2], "load_flag": False}


def _step(n: int, ms: float) -> dict:
    page = {"min_ms": ms, "median_ms": ms, "baseline_min_ms": 1.0, "samples": 30,
            "load": [1.0, 1.0], "load_flag": False}
    return {"recommendations": n, "pages": {"list_all": page}}


def _result(**extra) -> dict:
    return {"date": "2026-11-30T12:00:00Z", "size": "small",
            "machine": {"nproc": 2, "cpu": "x", "ram": "1 GiB",
                        "load_average_at_start": [1, 1, 1]},
            "settings": {"workers": 4, "connections": 4, "pairs": 2, "window": 3,
                         "samples": 30, "load_generator": "wrk"},
            "counts": {"recommendations": 10_000}, **extra}


def test_targets_by_kind_from_the_pairs():
    result = _result(scenarios={"anon": _scenario("anon", [1.1, 0.95], [1.2, 1.4]),
                                "signed": _scenario("signed", [0.3, 0.4], [2, 2]),
                                "heavy": _scenario("heavy", [0.1, 0.1], [6, 5])},
                     first_hits={"dash": {"label": "d", "kind": "cold", "ratio": 4.0,
                                          "median_ms": 8, "baseline_median_ms": 2,
                                          "runs": 10, "errors": 0, "max_ms": 9}})
    met = {c["target"].split(",")[0].split(":")[0]: c["met"] for c in evaluate(result)}
    assert met == {"anon": True, "signed": False, "heavy": False, "dash": True,
                   "every response a 200": True}


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
    save(result, Config(size="small", pg="", db="bench", redis="", port=0, smtp_port=0,
                        duration=6, warmup=0, workers=1, connections=1, emails=0, seed=1,
                        reuse=True))
    assert result["load_flag"]
    assert "load changed a lot" in table(result)


def test_the_scan_reports_its_own_peak_memory_not_its_parent_s():
    """A child started by subprocess inherits the parent's peak as its ru_maxrss."""
    import subprocess
    import sys
    from pathlib import Path

    held = bytearray(300 * 2**20)
    held[:: 4096] = b"\1" * len(held[:: 4096])  # resident, not just reserved
    child = subprocess.run(
        [sys.executable, "-c", "from bench.scan import peak_rss_mb; print(peak_rss_mb())"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    del held
    assert float(child.stdout) < 150
