"""A reproducible data set for the benchmarks, written with bulk inserts.

    python -m bench.generate --size small|full [--seed 1] [--recommendations N]

Rows are built as model instances and written with ``bulk_create(batch_size=...)``, so
field defaults (and fields other engineers add later) are applied by Django, not by a
hand-written column list. Everything is derived from the seed: the same seed on an empty
database gives the same rows (``dataset_digest`` checks it). Dates are anchored on
``ANCHOR`` (not on today), so reruns agree.

Recommendations can be topped up: ``generate(recommendations=10_000)`` after a run with
1,000 adds recommendations 1,000-9,999, exactly the ones a one-shot run would have made
(each one is drawn from its own seeded generator). The benchmark uses this to measure the
same pages at 1k, 10k, 100k and 200k recommendations on one growing database.

Works on PostgreSQL (search vectors are filled) and on SQLite (the smoke test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict

from bench.fastinsert import insert, replicate
from bench.gen_common import (  # noqa: F401 (ANCHOR, BENCH_DOMAIN, SIZES: used by others)
    ANCHOR,
    ANCHOR_AT,
    BENCH_DOMAIN,
    CHUNK,
    SIZES,
    Counts,
    _chunks,
    _ids,
    _parties,
    _party_weights,
    _vendor,
)
from bench.gen_people import _reference, stage_base
from bench.gen_text import EVIDENCE, FINDINGS, TOPICS, _sentence, recommendation_text

UNIQUE_NOTIFICATIONS = 100_000  # generated; the rest are copies (PostgreSQL)


def _refresh_search_vectors(min_pk: int) -> None:
    if _vendor() != "postgresql":
        return
    from recommendations.models import Recommendation
    from recommendations.search import search_vector_expression

    Recommendation.objects.filter(pk__gt=min_pk).update(
        search_vector=search_vector_expression())


def stage_recommendations(c: Counts, seed: int, log: Callable[[str], None]) -> None:
    """Recommendations up to ``c.recommendations`` (top-up), with instruments, themes,
    SDG targets, responses and a domain event each."""
    from django.contrib.contenttypes.models import ContentType

    from consultations.models import Event, Instrument, OfficialAssignment, Organization
    from portal.core.models import DomainEvent
    from recommendations.models import Recommendation, Response, SdgTarget, Theme

    have = Recommendation.objects.count()
    if have >= c.recommendations:
        return
    start_pk = Recommendation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    parties = _parties()
    cum = list(_accumulate(_party_weights(parties)))
    orgs_by_party: dict[int, list[int]] = {}
    for pk, country in Organization.objects.exclude(category="governmental").filter(
            status="verified").order_by("pk").values_list("pk", "country_id"):
        orgs_by_party.setdefault(country, []).append(pk)
    any_orgs = [pk for lst in orgs_by_party.values() for pk in lst] or _ids(Organization)
    instruments = _ids(Instrument)
    themes = dict(Theme.objects.values_list("slug", "pk"))
    sdgs = _ids(SdgTarget)
    events = _ids(Event)
    focal = dict(OfficialAssignment.objects.filter(role="focal_person")
                 .values_list("party_id", "user_id"))
    ct_id = ContentType.objects.get_for_model(Recommendation).pk
    statuses = ["draft", "submitted", "under_consideration", "responded", "withdrawn"]
    status_w = [10, 20, 15, 50, 5]
    positions = ["supported", "supported_in_part", "noted"]
    RI = Recommendation.instruments.through
    RT = Recommendation.themes.through
    RS = Recommendation.sdg_targets.through

    for lo in range(have, c.recommendations, CHUNK):
        hi = min(lo + CHUNK, c.recommendations)
        recs, extras = [], []
        for i in range(lo, hi):
            r = random.Random(f"{seed}:rec:{i}")
            ppk, iso3, pname = parties[_pick(cum, r.random())]
            orgs = orgs_by_party.get(ppk) or any_orgs
            title, text, rationale, rec_themes = recommendation_text(r, pname)
            status = r.choices(statuses, status_w)[0]
            # open ones were filed in the last four months (a quarter are past their
            # 90-day deadline); the others over the eight years of review cycles
            days = r.randint(0, 120) if status in {"submitted", "under_consideration"} \
                else r.randint(100, 3000)
            submitted = None if status == "draft" else (
                ANCHOR_AT - dt.timedelta(days=days, minutes=r.randint(0, 900)))
            recs.append(dict(
                reference=None if status == "draft"
                else f"{iso3}-{submitted.year}-{i + 1:06d}",
                organization_id=orgs[r.randrange(len(orgs))], party_id=ppk, title=title,
                text=text, rationale=rationale, status=status,
                position=r.choice(positions) if status == "responded" else "",
                event_id=(events[r.randrange(len(events))]
                          if events and r.random() < 0.3 else None),
                submitted_at=submitted,
                response_due_on=(submitted.date() + dt.timedelta(days=90)) if submitted
                else None,
                responded_at=(submitted + dt.timedelta(days=r.randint(10, 120)))
                if status == "responded" else None,
                created_at=submitted or ANCHOR_AT - dt.timedelta(days=r.randint(0, 400)),
                updated_at=submitted or ANCHOR_AT,
                is_public=status in {"responded", "withdrawn"} or (
                    status != "draft" and r.random() < 0.6),
            ))
            extras.append((r.sample(instruments, k=min(len(instruments), r.randint(1, 2))),
                           [themes[t] for t in sorted(rec_themes) if t in themes][:3],
                           [r.choice(sdgs)] if sdgs and r.random() < 0.5 else []))
        ids = insert(Recommendation, recs, with_ids=True)
        insert(RI, ({"recommendation_id": pk, "instrument_id": x}
                    for pk, e in zip(ids, extras, strict=True) for x in e[0]))
        insert(RT, ({"recommendation_id": pk, "theme_id": x}
                    for pk, e in zip(ids, extras, strict=True) for x in e[1]))
        insert(RS, ({"recommendation_id": pk, "sdgtarget_id": x}
                    for pk, e in zip(ids, extras, strict=True) for x in e[2]))
        insert(Response, (
            {"recommendation_id": pk, "position": rec["position"],
             "justification": "The Government welcomes the recommendation. "
                              + rec["rationale"],
             "responded_by_id": focal.get(rec["party_id"]),
             "published_at": rec["responded_at"]}
            for pk, rec in zip(ids, recs, strict=True) if rec["status"] == "responded"))
        if c.domain_events_per_recommendation:
            insert(DomainEvent, (
                {"kind": "recommendation.submitted", "target_type_id": ct_id,
                 "target_id": pk, "occurred_at": rec["submitted_at"],
                 "payload": {"reference": rec["reference"]}}
                for pk, rec in zip(ids, recs, strict=True) if rec["submitted_at"]))
        log(f"  recommendations: {hi:,}")
    _refresh_search_vectors(start_pk)


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = sum(weights)
    running = 0.0
    for w in weights:
        running += w / total
        yield running


def _pick(cum: list[float], x: float) -> int:
    import bisect

    return min(bisect.bisect_left(cum, x), len(cum) - 1)


def stage_followup(c: Counts, seed: int, log: Callable[[str], None]) -> None:
    """Follow-up actions (each linked to a responded recommendation of its State) and
    progress reports."""
    from consultations.models import OfficialAssignment, Organization
    from recommendations.models import FollowUpAction, ProgressReport, Recommendation

    have = FollowUpAction.objects.count()
    if have >= c.actions:
        return
    responded = list(Recommendation.objects.filter(status="responded").order_by("pk")
                     .values_list("pk", "party_id"))
    if not responded:
        responded = list(Recommendation.objects.order_by("pk").values_list("pk", "party_id"))
    gov: dict[int, int] = {}
    for pk, country in Organization.objects.filter(category="governmental").order_by(
            "pk").values_list("pk", "country_id"):
        gov.setdefault(country, pk)
    agency_contact = dict(OfficialAssignment.objects.filter(role="agency_contact")
                          .values_list("party_id", "user_id"))
    statuses = ["not_started", "planned", "in_progress", "partially_implemented",
                "implemented", "stalled"]
    through = FollowUpAction.recommendations.through
    for lo in range(have, c.actions, CHUNK * 2):
        hi = min(lo + CHUNK * 2, c.actions)
        r = random.Random(f"{seed}:actions:{lo}")
        rows, links = [], []
        for _i in range(lo, hi):
            rec_pk, ppk = responded[r.randrange(len(responded))]
            theme = r.choice(list(TOPICS))
            start = ANCHOR - dt.timedelta(days=r.randint(30, 1500))
            due = start + dt.timedelta(days=r.randint(30, 1500))
            status = r.choices(statuses, [15, 15, 30, 15, 15, 10])[0]
            if due < ANCHOR - dt.timedelta(days=30) and r.random() < 0.85:
                # most actions long past their due date were implemented; the rest stall
                status = r.choice(["implemented"] * 5 + ["stalled"])
            rows.append(dict(
                party_id=ppk, title=f"Implement: {r.choice(TOPICS[theme])}"[:300],
                description=_sentence(r, "the State")[1], lead_body_id=gov.get(ppk),
                responsible_id=agency_contact.get(ppk) if r.random() < 0.7 else None,
                start_on=start, due_on=due, status=status,
                percent=100 if status == "implemented" else r.choice([0, 10, 25, 50, 75]),
                report_every_months=r.choice([None, None, 3, 6, 12]),
                created_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC),
                updated_at=ANCHOR_AT))
            links.append(rec_pk)
        ids = insert(FollowUpAction, rows, with_ids=True)
        insert(through, ({"followupaction_id": pk, "recommendation_id": rec}
                         for pk, rec in zip(ids, links, strict=True)))
        insert(ProgressReport, (
            {"action_id": pk, "reported_on": a["start_on"] + dt.timedelta(days=r.randint(1, 60)),
             "text": f"{r.choice(EVIDENCE)} {r.choice(FINDINGS)}.", "status": a["status"],
             "percent": a["percent"]}
            for pk, a in zip(ids, rows, strict=True) if r.random() < c.progress_per_action))
        if hi % 100_000 == 0 or hi == c.actions:
            log(f"  follow-up actions: {hi:,}")


def stage_notifications(c: Counts, seed: int, log: Callable[[str], None]) -> None:
    """The inbox history: mostly sent or skipped, a third unread."""
    from django.contrib.auth import get_user_model

    from portal.notifications.models import Category, Notification

    have = Notification.objects.count()
    if have >= c.notifications:
        return
    users = _ids(get_user_model(), email__endswith="@" + BENCH_DOMAIN)
    categories = list(Category.values)
    kinds = ["recommendation.submitted", "response.published", "action.assigned",
             "progress.reported", "event.published", "reminder.action_due"]
    r = random.Random(f"{seed}:notifications:{have}")
    read_at = ANCHOR_AT - dt.timedelta(days=1)
    statuses = ["sent"] * 16 + ["skipped"] * 3 + ["digested"]

    def rows() -> Iterator[dict]:
        for i in range(have, c.notifications):
            x = r.random()
            yield dict(
                recipient_id=users[int(x * 7919 * len(users)) % len(users)],
                category=categories[i % len(categories)], kind=kinds[i % len(kinds)],
                url=f"/recommendations/{i % 997 + 1}/",
                payload={"subject": f"Update {i}", "summary": "A recommendation changed."},
                email_status=statuses[int(x * 20)], email_attempts=1,
                email_sent_at=read_at, read_at=None if x < 0.33 else read_at)
    # PostgreSQL: 100,000 generated rows, then copies of them for other recipients (the
    # inbox history is repetitive anyway; this is ten times faster than building rows)
    contiguous = bool(users) and max(users) - min(users) + 1 == len(users)
    unique = c.notifications - have if _vendor() != "postgresql" or not contiguous else min(
        c.notifications - have, UNIQUE_NOTIFICATIONS)
    first = (Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    done = 0
    for chunk in _chunks((row for _, row in zip(range(unique), rows(), strict=False)),
                         50_000):
        insert(Notification, chunk)
        done += len(chunk)
        log(f"  notifications: {have + done:,}")
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    lo_user, n_users = min(users), len(users)
    round_ = 0
    while have + done < c.notifications and last >= first:
        round_ += 1
        shift = 7919 * round_
        # bench users have consecutive ids (one COPY); shift each recipient among them
        added = replicate(Notification, first_id=first, last_id=last,
                          count=c.notifications - have - done, overrides={
                              "recipient_id": f"{lo_user} + MOD(recipient_id - {lo_user} "
                                              f"+ {shift}, {n_users})"})
        done += added
        log(f"  notifications: {have + done:,}")


STAGES = ("base", "recommendations", "followup", "notifications")


def generate(*, size: str = "small", seed: int = 1, recommendations: int | None = None,
             stages: Iterable[str] = STAGES, log: Callable[[str], None] = print,
             counts: Counts | None = None) -> dict:
    """Top the database up to the size (idempotent: what exists is kept). Returns the
    row counts and timings."""
    from django.db import connection, transaction

    c = counts or SIZES[size]
    if recommendations is not None:
        c = Counts(**{**asdict(c), "recommendations": recommendations})
    timings = {}
    _reference()
    fns = {"base": stage_base, "recommendations": stage_recommendations,
           "followup": stage_followup, "notifications": stage_notifications}
    for name in stages:
        t0 = time.perf_counter()
        with transaction.atomic():
            fns[name](c, seed, log)
        timings[name] = round(time.perf_counter() - t0, 2)
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            # What autovacuum does to a production database after bulk writes: the dead
            # row versions left by the search vectors' UPDATE removed, the visibility map
            # set (index-only scans) and the statistics refreshed. A server running with
            # autovacuum off (as CI configurations do) would otherwise measure a table
            # twice its size, never vacuumed. VACUUM cannot run in a transaction block
            # (a test's): ANALYZE alone there.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        timings["vacuum"] = round(time.perf_counter() - t0, 2)
    return {"counts": row_counts(), "seconds": timings}


def row_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from consultations.models import Event, Organization, Party
    from portal.notifications.models import Notification
    from recommendations.models import FollowUpAction, ProgressReport, Recommendation

    return {
        "parties": Party.objects.filter(kind=Party.Kind.MEMBER_STATE).count(),
        "organizations": Organization.objects.count(),
        "users": get_user_model().objects.filter(email__endswith="@" + BENCH_DOMAIN).count(),
        "events": Event.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "actions": FollowUpAction.objects.count(),
        "progress_reports": ProgressReport.objects.count(),
        "notifications": Notification.objects.count(),
    }


def dataset_digest() -> str:
    """A hash of the generated content (natural keys, not primary keys or timestamps
    written by ``auto_now``): equal for equal seeds on an empty database."""
    from django.contrib.auth import get_user_model

    from consultations.models import Event, Organization
    from portal.notifications.models import Notification
    from recommendations.models import FollowUpAction, Recommendation

    h = hashlib.sha256()
    for row in Organization.objects.order_by("pk").values_list(
            "name", "country__iso3", "category", "status", "is_alliance"):
        h.update(repr(row).encode())
    for row in get_user_model().objects.filter(email__endswith="@" + BENCH_DOMAIN).order_by(
            "pk").values_list("email", "password", "is_unodc_staff", "language"):
        h.update(repr(row).encode())
    for row in Event.objects.order_by("pk").values_list("title", "starts_at", "status"):
        h.update(repr(row).encode())
    for row in Recommendation.objects.order_by("pk").values_list(
            "reference", "title", "text", "rationale", "party__iso3", "organization__name",
            "status", "position", "submitted_at", "is_public"):
        h.update(repr(row).encode())
    for row in Recommendation.instruments.through.objects.order_by("pk").values_list(
            "recommendation__reference", "recommendation__title", "instrument__code"):
        h.update(repr(row).encode())
    for row in FollowUpAction.objects.order_by("pk").values_list(
            "title", "party__iso3", "due_on", "status", "percent"):
        h.update(repr(row).encode())
    for row in Notification.objects.order_by("pk").values_list(
            "recipient__email", "kind", "email_status"):
        h.update(repr(row).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--recommendations", type=int, default=None,
                        help="top recommendations up to this number (default: the size's)")
    parser.add_argument("--stages", default=",".join(STAGES))
    args = parser.parse_args(argv)
    import django

    django.setup()
    started = time.perf_counter()
    result = generate(size=args.size, seed=args.seed, recommendations=args.recommendations,
                      stages=[s for s in args.stages.split(",") if s])
    print(f"done in {time.perf_counter() - started:.1f}s: {result}")
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main())
