"""What the benchmark requests, as whom, and what each request is held to.

Kinds (the targets of bench/README.md, "Scenarios"):

- ``anon``: an anonymous page that may be served from a response cache: under load
  (repeats) >= 1.0x the baseline's throughput and p95 <= 1.5x; the first hit after a
  change (``uncached``) <= 10x the baseline alone;
- ``signed``: a signed-in page: >= 40 % of the baseline's throughput, p95 <= 3x;
- ``heavy``: search and dashboards: p95 <= 5x; a dashboard also cold, right after a
  domain event, <= 5x the baseline alone;
- ``report``: measured, no target.

The data change between requests (the "first hit after a change") is a bump of the data
generation that domain events bump (``portal.core.cache``), so the scenario measures what a
visitor meets after a change whether or not the page is cached; the cold dashboard follows
a real domain event, recorded as the services record one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

SEARCH_TERMS = "cybercrime victims"
LIST_PAGE = 50


@dataclass
class Scenario:
    name: str
    label: str
    kind: str  # anon | signed | heavy | report | baseline
    path: str | None
    user: str = "anonymous"  # anonymous | focal | staff | coordinator
    skipped: str = ""
    uncached: bool = False  # also measured as the first hit after a change
    cold: bool = False  # also measured right after a domain event (dashboards)
    growth: bool = True  # part of the growth steps


def _reverse(name: str, *args, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def baseline_scenario() -> Scenario:
    return Scenario("baseline", "Baseline: base layout, no database", "baseline",
                    _reverse("bench_baseline"))


def build_scenarios(ctx: dict, keys: dict[str, str]) -> list[Scenario]:
    """The scenarios, resolved against the URLs that exist now (a page that has not
    landed yet, or whose user the data set lacks, is listed as skipped, with the
    reason). ``keys``: the sessions of ``sessions``."""
    party, instrument, rec = ctx["party"], ctx["instrument"], ctx["recommendation"]
    own = ctx.get("coordinator_recommendation")
    out: list[Scenario] = []

    def add(name, label, kind, url_name, *args, query=None, user="anonymous", kwargs=None,
            **flags):
        path = _reverse(url_name, *args, **(kwargs or {})) if all(
            a is not None for a in args) else None
        if path and query:
            path += "?" + urlencode(query)
        skipped = "" if path else f"no URL named {url_name!r} (or no object)"
        if user != "anonymous" and user not in keys:
            skipped = f"no {user} account in the data set"
        out.append(Scenario(name, label, kind, path, user, skipped, **flags))

    add("home", "Home page", "report", "home", growth=False)
    add("list", "List: State, instrument, status", "anon", "recommendations:list",
        query={"party": party.pk, "instrument": instrument.pk, "status": "responded"},
        uncached=True)
    add("list_all", "List: no filter (navigation link)", "anon", "recommendations:list",
        uncached=True)
    add("list_status", "List: status only (responded)", "anon", "recommendations:list",
        query={"status": "responded"}, uncached=True)
    add("list_page50", f"List: no filter, page {LIST_PAGE}", "anon", "recommendations:list",
        query={"page": LIST_PAGE}, uncached=True)
    add("detail", "Recommendation detail", "anon", "recommendations:detail", rec.pk,
        uncached=True)
    add("api_list", "API list", "anon", "api-recommendation-list", uncached=True)
    add("api_detail", "API detail", "anon", "api-recommendation-detail", rec.pk,
        uncached=True)
    add("search", f"Full-text search ({SEARCH_TERMS!r})", "heavy", "recommendations:list",
        query={"q": SEARCH_TERMS})
    add("queue", "Focal person's queue", "signed", "recommendations:queue", user="focal")
    add("list_coordinator", "List, signed in (coordinator)", "signed",
        "recommendations:list", user="coordinator")
    add("detail_coordinator", "Own organization's recommendation (coordinator)", "signed",
        "recommendations:detail", own.pk if own else None, user="coordinator")
    add("my_work", "My work (coordinator)", "report", "my_work", user="coordinator")
    add("dashboard_state", f"UNODC dashboard, one State ({party.iso3})", "heavy",
        "dashboard:staff", query={"state": party.iso3}, user="staff", cold=True)
    add("dashboard_all", "UNODC dashboard, all States", "heavy", "dashboard:staff",
        user="staff", cold=True)
    add("export_csv", f"CSV export, one State ({party.iso3})", "report", "dashboard:export",
        query={"party": party.iso3}, user="staff", growth=False,
        kwargs={"dataset": "recommendations", "fmt": "csv"})
    return out


def context_objects() -> dict:
    """The State, instrument and recommendations the scenarios look at: the busiest
    State of the data set (Pakistan), a public responded recommendation with actions, and
    a coordinator of an organization with recommendations (one of its own)."""
    from consultations.models import Instrument, Membership, Party
    from recommendations.models import Recommendation

    party = Party.objects.filter(iso3="PAK").first() or Party.objects.first()
    instrument = Instrument.objects.filter(code="untoc").first() or Instrument.objects.first()
    rec = (Recommendation.objects.filter(party=party, is_public=True, status="responded",
                                         actions__isnull=False).order_by("pk").first()
           or Recommendation.objects.filter(is_public=True).exclude(status="draft")
           .order_by("pk").first())
    coordinators = Membership.objects.filter(role="coordinator").order_by("pk")
    coordinator = (
        coordinators.filter(organization__recommendations__party=party)
        .values_list("user_id", "organization_id").first()
        or coordinators.filter(organization__recommendations__isnull=False)
        .values_list("user_id", "organization_id").first())
    own = None
    if coordinator:
        own = (Recommendation.objects.filter(organization_id=coordinator[1])
               .order_by("-status", "pk").first())
    return {"party": party, "instrument": instrument, "recommendation": rec,
            "coordinator": coordinator[0] if coordinator else None,
            "coordinator_recommendation": own}


def sessions(ctx: dict) -> dict[str, str]:
    """Signed-in sessions made in-process, as a login would make them. Staff and focal
    persons must use two-factor authentication: the portal's MfaRequiredMiddleware lets
    them through when they have an authenticator (the generator enrolls them), and the
    session records a password and a TOTP step as allauth's login flow does."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from consultations.models import OfficialAssignment

    User = get_user_model()
    staff = User.objects.filter(is_unodc_staff=True, email__endswith="bench.untoc.test") \
        .order_by("pk").first()
    focal_id = (OfficialAssignment.objects.filter(party=ctx["party"], role="focal_person")
                .order_by("pk").values_list("user_id", flat=True).first())
    people = (("staff", staff), ("focal", User.objects.filter(pk=focal_id).first()),
              ("coordinator", User.objects.filter(pk=ctx.get("coordinator")).first()))
    out = {}
    for name, user in people:
        if user is None:
            continue
        auth = Authenticator.objects.filter(user=user, type="totp").first()
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        now = time.time()
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            *([{"method": "mfa", "at": now, "id": auth.pk, "type": "totp"}] if auth else []),
        ]
        store.create()
        out[name] = store.session_key
    return out


def cookie_for(user: str, keys: dict[str, str]) -> str | None:
    from django.conf import settings

    if user == "anonymous":
        return None
    return f"{settings.SESSION_COOKIE_NAME}={keys[user]}"


# --- Changes between requests ------------------------------------------------------------


def generation_bump() -> None:
    """A change, as far as caches can tell: the data generation that every domain event
    bumps moves on (outside any transaction, so at once)."""
    from portal.core import cache

    retire = getattr(cache, "data_generation_retire", None) or cache.data_generation_bump
    retire()


def domain_event(ctx: dict) -> None:
    """A domain event recorded as the services record one (in a transaction, which then
    commits): what a dashboard's read model must follow."""
    from django.db import transaction

    from portal.core.events import event_record
    from recommendations.models import Recommendation

    target = Recommendation.objects.exclude(pk=ctx["recommendation"].pk).order_by("-pk").first()
    with transaction.atomic():
        event_record(kind="recommendation.updated", target=target,
                     note="benchmark: a change before a cold read")
