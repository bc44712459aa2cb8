"""In-process times of the anonymous pages cached whole and of the stored dashboards,
on a generated database (``python -m bench.generate --size small`` first):

    DATABASE_URL=postgres://.../db REDIS_URL=redis://.../n python -m bench.cache_timing

For each page: the fastest and the median of N requests served from the cache (HIT),
and of N requests computed by the view (MISS: the data generation is bumped before
each, as a domain event does). For the dashboards: a read right after a change (the
stored numbers, stale), the refresh task that recomputes them, the very first read on
an empty store, and a warm read. Django's test client, one process, nothing else
running: the ratios matter, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def _times(fn, n: int) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples), statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("SECRET_KEY", "bench-cache-timing-only")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from portal.core.cache import data_generation_retire as retire
    from portal.core.models import ReadModel
    from portal.core.read_models import read_models_refresh
    from portal.core.response_cache import CACHE_HEADER
    from recommendations.models import Recommendation

    rec = Recommendation.objects.filter(is_public=True, status="responded").order_by("pk").first()
    pages = {
        "list (unfiltered)": "/recommendations/",
        "list (status)": "/recommendations/?status=responded",
        "detail": f"/recommendations/{rec.pk}/",
        "api list": "/api/v1/recommendations/",
        "api detail": f"/api/v1/recommendations/{rec.pk}/",
        "public dashboard": "/dashboard/public/",
        "api public dashboard": "/api/v1/dashboard/public/",
    }
    client = Client()

    def get(url: str, expect: str | None = None):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if expect:
            assert response.get(CACHE_HEADER) == expect, (url, response.get(CACHE_HEADER))
        return response

    read_models_refresh()
    for url in pages.values():  # warm up: imports, template loading, the read models
        get(url)
    print(f"{'page':24} {'HIT min':>8} {'HIT med':>8} {'MISS min':>9} {'MISS med':>9}  ms")
    for name, url in pages.items():
        get(url)
        hit = _times(lambda url=url: get(url, "HIT"), args.n)

        def miss(url=url):
            retire()
            get(url, "MISS")

        computed = _times(miss, args.n)
        print(f"{name:24} {hit[0]:8.1f} {hit[1]:8.1f} {computed[0]:9.1f} {computed[1]:9.1f}")
    read_models_refresh()

    def after_change():
        retire()  # a domain event: the stored numbers are stale, served as they are
        get(pages["public dashboard"], "MISS")

    print()
    stale = _times(after_change, args.n)
    print(
        f"dashboard page right after a change (stale numbers): min {stale[0]:.1f} "
        f"median {stale[1]:.1f} ms"
    )
    start = time.perf_counter()
    done = read_models_refresh()
    print(
        f"refresh task ({done} read models recomputed): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    ReadModel.objects.filter(key__startswith="dashboard:").delete()
    retire()
    start = time.perf_counter()
    get(pages["public dashboard"])
    print(
        f"first read on an empty store (computes once): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    warm = _times(lambda: get(pages["public dashboard"], "HIT"), args.n)
    print(f"warm dashboard page (cached whole): min {warm[0]:.1f} median {warm[1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
