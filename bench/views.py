"""The baseline of the benchmarks: the portal's base layout rendered through the whole
middleware stack, without touching the database (anonymous, no session). Mounted at
``/_baseline/`` only when ``settings.BENCHMARK_ENDPOINTS`` is on."""

from django.shortcuts import render


def baseline(request):
    return render(request, "bench_baseline.html")
