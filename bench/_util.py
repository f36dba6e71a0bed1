"""Helpers shared by the benchmarks."""

import json
import statistics


def emit(bench: str, name: str, value, unit: str, **extra) -> None:
    print(json.dumps({"bench": bench, "name": name, "value": value, "unit": unit, **extra}, ensure_ascii=False),
          flush=True)


def percentile(samples, fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples) -> dict:
    return {"p50": round(percentile(samples, 0.5) * 1000, 3), "p95": round(percentile(samples, 0.95) * 1000, 3),
            "p99": round(percentile(samples, 0.99) * 1000, 3), "mean": round(statistics.fmean(samples) * 1000, 3)}
