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
from dataclasses import asdict, dataclass

from bench.fastinsert import insert, replicate

ANCHOR = dt.date(2026, 11, 1)
ANCHOR_AT = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
BENCH_DOMAIN = "bench.untoc.test"
BENCH_PASSWORD = "bench-portal-2026"
BATCH = 2000
CHUNK = 10_000  # objects built in memory before they are written
UNIQUE_NOTIFICATIONS = 100_000  # generated; the rest are copies (PostgreSQL)


@dataclass(frozen=True)
class Counts:
    organizations: int
    users: int
    events: int
    recommendations: int
    actions: int
    notifications: int
    pilots: int = 24
    staff: int = 20
    progress_per_action: float = 0.2
    domain_events_per_recommendation: float = 1.0


SIZES: dict[str, Counts] = {
    "tiny": Counts(organizations=30, users=60, events=5, recommendations=20, actions=40,
                   notifications=100, pilots=3, staff=2),
    "small": Counts(organizations=2_000, users=5_000, events=200, recommendations=10_000,
                    actions=25_000, notifications=50_000),
    "full": Counts(organizations=20_000, users=50_000, events=2_000, recommendations=200_000,
                   actions=500_000, notifications=1_000_000),
}

# --- Realistic text (domain vocabulary, for full-text search) ------------------------

TOPICS: dict[str, list[str]] = {
    "cybercrime": [
        "specialized cybercrime units in the police and the prosecution service",
        "legislation on electronic evidence and the preservation of computer data",
        "regulation of online platforms used for trafficking and fraud",
        "training of judges on cybercrime and digital forensics",
        "a national computer emergency response team that cooperates with investigators",
    ],
    "victims-and-human-rights": [
        "shelters, medical care and legal aid for victims of trafficking in persons",
        "a witness protection programme for victims of organized crime",
        "non-punishment of victims for offences they were compelled to commit",
        "compensation schemes for victims of organized crime",
        "human rights safeguards in the investigation of smuggling of migrants",
    ],
    "research-and-data": [
        "a national database on organized crime with published statistics",
        "access for researchers and civil society to court and prosecution data",
        "a yearly threat assessment on transnational organized crime",
        "research on the links between corruption and organized crime",
    ],
    "institutional-coordination": [
        "a centralized national task force against organized crime",
        "inter-agency coordination between customs, police and financial intelligence",
        "a permanent dialogue mechanism between the Government and civil society",
        "a national action plan with a budget and indicators",
    ],
    "ratification": [
        "the ratification of the Protocol against the Smuggling of Migrants",
        "the ratification of the Firearms Protocol",
        "the deposit of the instrument of ratification of the Trafficking in Persons Protocol",
        "the withdrawal of reservations to the dispute-settlement article",
    ],
    "gender": [
        "gender-sensitive screening of trafficking victims at borders",
        "the participation of women's organizations in the review process",
        "support services for women and girls exploited by criminal groups",
    ],
    "border-management": [
        "joint border patrols and information exchange with neighbouring States",
        "training of border guards to identify smuggled migrants and trafficking victims",
        "controls on the illicit trafficking of firearms, their parts and ammunition",
        "marking and record-keeping of firearms and the tracing of seized weapons",
    ],
    "legal-reform": [
        "the criminalization of participation in an organized criminal group",
        "laws on the confiscation and seizure of the proceeds of crime",
        "mutual legal assistance and extradition procedures with shorter delays",
        "the liability of legal persons for offences under the Convention",
        "protection of journalists and whistle-blowers who report organized crime",
    ],
}
SUBJECTS = [
    "The Government", "The national focal person", "The Ministry of Interior",
    "The Ministry of Justice", "Parliament", "The federal investigation agency",
    "The prosecution service", "Law enforcement agencies", "The national task force",
    "Provincial authorities", "The financial intelligence unit",
]
VERBS = [
    "should establish", "should strengthen", "is urged to adopt", "should fund",
    "should review and publish", "should create", "should support", "should prioritize",
    "is encouraged to develop", "should guarantee",
]
QUALIFIERS = [
    "in consultation with civil society and academia",
    "within twelve months of the country review",
    "with adequate human and financial resources",
    "with the technical assistance of UNODC",
    "at the national and provincial levels",
    "and report on progress to the Conference of the Parties",
    "in line with the recommendations of the constructive dialogue",
    "with the participation of the private sector",
]
EVIDENCE = [
    "Civil society organizations report",
    "Academic research presented at the pilot launch shows",
    "The parallel civil society report documents",
    "Members of the alliance observed",
    "Recent court cases show",
    "Data published by the statistics office suggest",
]
FINDINGS = [
    "that criminal groups adapt quickly to new technologies",
    "that victims rarely receive support before the trial",
    "that cases are delayed by slow mutual legal assistance",
    "that the lack of data prevents an informed policy",
    "that coordination between agencies remains weak",
    "that smuggling networks operate across several borders",
    "that firearms seized are rarely traced to their origin",
    "that the proceeds of crime are seldom confiscated",
]
ORG_WORDS = [
    "Centre", "Institute", "Foundation", "Network", "Forum", "Initiative", "Council",
    "Observatory", "Association", "Coalition", "Society", "Alliance",
]
ORG_TOPICS = [
    "Governance Research", "Human Rights", "Justice and Peace", "Migrant Rights",
    "Victim Support", "Digital Rights", "Anti-Corruption", "Rule of Law", "Women's Rights",
    "Youth Development", "Legal Aid", "Security Studies", "Transparency", "Child Protection",
]
EVENT_KINDS = ["constructive_dialogue", "training", "follow_up_conference", "side_event",
               "workshop", "pilot_launch"]


def _sentence(rng: random.Random, party_name: str) -> tuple[str, str]:
    theme = rng.choice(list(TOPICS))
    topic = rng.choice(TOPICS[theme])
    subject = rng.choice(SUBJECTS)
    if rng.random() < 0.3:
        subject = f"{subject} of {party_name}"
    return theme, f"{subject} {rng.choice(VERBS)} {topic} {rng.choice(QUALIFIERS)}."


def recommendation_text(rng: random.Random, party_name: str) -> tuple[str, str, str, set]:
    """Title, text, rationale and the themes it touches."""
    themes: set[str] = set()
    sentences = []
    for _ in range(rng.randint(2, 5)):
        theme, sentence = _sentence(rng, party_name)
        themes.add(theme)
        sentences.append(sentence)
    main = sentences[0]
    first_theme = next(t for t in TOPICS if t in themes)
    title_topic = rng.choice(TOPICS[first_theme])
    title = (rng.choice(["Establish", "Strengthen", "Adopt", "Fund", "Ensure", "Support"])
             + " " + title_topic)[:200]
    rationale = " ".join(f"{rng.choice(EVIDENCE)} {rng.choice(FINDINGS)}."
                         for _ in range(rng.randint(1, 3)))
    return title, " ".join([main, *sentences[1:]]), rationale, themes


# --- Helpers ---------------------------------------------------------------------------


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ids(model, *fields: str, **filters) -> list:
    qs = model.objects.filter(**filters).order_by("pk")
    return list(qs.values_list("pk", *fields)) if fields else list(
        qs.values_list("pk", flat=True))


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


# --- Stages ----------------------------------------------------------------------------


def _reference() -> None:
    from consultations.models import Instrument, Party
    from recommendations.models import Theme

    if not Party.objects.exists() or not Instrument.objects.exists():
        from consultations.reference import load_reference

        load_reference()
    if not Theme.objects.exists():
        from recommendations.reference import load_taxonomies

        load_taxonomies()
    known = set(Theme.objects.values_list("slug", flat=True))
    missing = [Theme(name=slug.replace("-", " ").capitalize(), slug=slug)
               for slug in TOPICS if slug not in known]
    Theme.objects.bulk_create(missing, ignore_conflicts=True)


def _parties() -> list[tuple[int, str, str]]:
    """The UN member States (193), by name: (pk, iso3, name)."""
    from consultations.models import Party

    rows = list(Party.objects.filter(kind=Party.Kind.MEMBER_STATE).order_by("name")
                .values_list("pk", "iso3", "name"))
    return rows or list(Party.objects.order_by("name").values_list("pk", "iso3", "name"))


def _party_weights(parties: list[tuple[int, str, str]]) -> list[float]:
    """Some States draw far more recommendations than others (a long tail); Pakistan and
    Mexico, the first pilots, are among the busiest."""
    weights = []
    for rank, (_pk, iso3, _name) in enumerate(parties):
        w = 1.0 / (1 + (rank * 7919 % len(parties)) / 12)
        if iso3 in {"PAK", "MEX"}:
            w = 0.05
        weights.append(w)
    return weights


_PASSWORD: list[str] = []


def _password_hash(make_password) -> str:
    """One hash for every generated account (hashing is slow by design)."""
    if not _PASSWORD:
        _PASSWORD.append(make_password(BENCH_PASSWORD, salt="untocbenchsalt01"))
    return _PASSWORD[0]


def stage_base(c: Counts, seed: int, log: Callable[[str], None]) -> None:
    """Organizations, users, memberships, official roles, events and pilots."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from consultations.models import (
        AllianceMembership,
        Event,
        Membership,
        OfficialAssignment,
        Organization,
        PilotInitiative,
    )

    User = get_user_model()
    rng = random.Random(f"{seed}:base")
    parties = _parties()
    Cat = Organization.Category

    # organizations: one governmental body (an agency) per State first, then the rest
    have = Organization.objects.count()
    if have < c.organizations:
        def orgs() -> Iterator[dict]:
            for i in range(have, c.organizations):
                r = random.Random(f"{seed}:org:{i}")
                pk, iso3, name = parties[i % len(parties)]
                if i < len(parties):
                    yield dict(
                        name=f"National Investigation Agency of {name}", acronym=f"NIA-{iso3}",
                        category=Cat.GOVERNMENTAL, country_id=pk,
                        status=Organization.Status.VERIFIED)
                    continue
                category = r.choices(
                    [Cat.CIVIL_SOCIETY, Cat.ACADEMIA, Cat.PRIVATE_SECTOR, Cat.GOVERNMENTAL],
                    [70, 15, 8, 7])[0]
                yield dict(
                    name=f"{r.choice(ORG_TOPICS)} {r.choice(ORG_WORDS)} {i:05d}",
                    acronym=f"ORG{i:05d}", category=category, country_id=pk,
                    website=f"https://org{i}.{BENCH_DOMAIN}/",
                    description=f"A {category.replace('_', ' ')} organization working on "
                                f"{r.choice(list(TOPICS)).replace('-', ' ')} in {name}.",
                    ecosoc_status=r.random() < 0.1,
                    is_alliance=i < len(parties) + c.pilots * 2,
                    status=r.choices(["verified", "pending", "rejected"], [85, 12, 3])[0])
        insert(Organization, orgs())
        log(f"organizations: {c.organizations:,}")

    have = User.objects.filter(email__endswith="@" + BENCH_DOMAIN).count()
    if have < c.users:
        password = _password_hash(make_password)
        n_parties = len(parties)

        def users() -> Iterator[dict]:
            for i in range(have, c.users):
                yield dict(email=f"user{i:05d}@{BENCH_DOMAIN}", password=password,
                           full_name=f"Bench User {i:05d}",
                           language="en" if i % 5 else random.Random(i).choice(
                               ["fr", "es", "ar", "ru", "zh-hans"]),
                           is_unodc_staff=i < c.staff,
                           # the rest of the first accounts: focal persons, agency contacts
                           is_active=True)
        insert(User, users())
        log(f"users: {c.users:,}")
        org_rows = _ids(Organization, "country_id", "category", "status")
        user_ids = _ids(User, email__endswith="@" + BENCH_DOMAIN)
        gov_by_party: dict[int, int] = {}
        for pk, country, category, _status in org_rows:
            if category == Cat.GOVERNMENTAL:
                gov_by_party.setdefault(country, pk)
        civil = [row for row in org_rows if row[2] != Cat.GOVERNMENTAL]
        # users [staff, staff+n): focal persons; [staff+n, staff+2n): agency contacts
        first_official = c.staff
        assignments = []
        for k, (ppk, _iso3, _name) in enumerate(parties):
            focal = first_official + k
            agency = first_official + n_parties + k
            if focal < len(user_ids):
                assignments.append(OfficialAssignment(
                    user_id=user_ids[focal], party_id=ppk,
                    role=OfficialAssignment.Role.FOCAL_PERSON))
            if agency < len(user_ids) and ppk in gov_by_party:
                assignments.append(OfficialAssignment(
                    user_id=user_ids[agency], party_id=ppk, agency_id=gov_by_party[ppk],
                    role=OfficialAssignment.Role.AGENCY_CONTACT))
        OfficialAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        officials = {a.user_id for a in assignments}
        # everybody with an official role or staff flag has an authenticator (MFA middleware)
        mfa_users = [uid for k, uid in enumerate(user_ids) if k < c.staff or uid in officials]
        Authenticator.objects.bulk_create(
            [Authenticator(user_id=uid, type=Authenticator.Type.TOTP,
                           data={"secret": "bench-not-a-real-secret"}) for uid in mfa_users],
            batch_size=BATCH)
        first_member = first_official + 2 * n_parties

        def memberships() -> Iterator[dict]:
            for k in range(first_member, len(user_ids)):
                r = random.Random(f"{seed}:member:{k}")
                if not civil:
                    return
                org = civil[r.randrange(len(civil))][0]
                yield dict(user_id=user_ids[k], organization_id=org,
                           role="coordinator" if r.random() < 0.08 else "member")
        insert(Membership, memberships())
        # alliances: the first civil-society organizations after the agencies
        alliances = [row for row in org_rows[n_parties:n_parties + c.pilots * 2]]
        links = []
        for a_pk, country, _cat, _st in alliances:
            same = [row[0] for row in civil if row[1] == country and row[0] != a_pk][:50]
            links += [AllianceMembership(alliance_id=a_pk, organization_id=m,
                                         status=AllianceMembership.Status.ACCEPTED)
                      for m in same]
        AllianceMembership.objects.bulk_create(links, batch_size=BATCH,
                                               ignore_conflicts=True)

    if Event.objects.count() < c.events:
        have = Event.objects.count()
        statuses = ["published", "registration_open", "held", "held", "held", "cancelled"]

        def events() -> Iterator[Event]:
            for i in range(have, c.events):
                r = random.Random(f"{seed}:event:{i}")
                ppk, _iso3, name = parties[r.randrange(len(parties))]
                starts = ANCHOR_AT + dt.timedelta(days=r.randint(-2000, 400),
                                                  hours=r.randint(0, 8))
                kind = r.choice(EVENT_KINDS)
                yield Event(kind=kind, title=f"{kind.replace('_', ' ').capitalize()} "
                                             f"in {name} #{i}",
                            description=_sentence(r, name)[1], party_id=ppk,
                            starts_at=starts, ends_at=starts + dt.timedelta(hours=6),
                            status=r.choice(statuses), venue=f"Conference centre, {name}",
                            capacity=r.choice([None, 50, 100, 300]))
        Event.objects.bulk_create(list(events()), batch_size=BATCH)
        log(f"events: {c.events:,}")

    if PilotInitiative.objects.count() < c.pilots:
        focal_by_party = dict(OfficialAssignment.objects.filter(role="focal_person")
                              .values_list("party_id", "user_id"))
        by_iso = {iso3: (pk, name) for pk, iso3, name in parties}
        chosen = [by_iso[i] for i in ("MEX", "PAK") if i in by_iso]
        chosen += [(pk, name) for pk, iso3, name in parties if iso3 not in {"MEX", "PAK"}]
        alliances = list(Organization.objects.filter(is_alliance=True).order_by("pk")
                         .values_list("pk", flat=True))
        pilots = []
        for k, (ppk, name) in enumerate(chosen[:c.pilots]):
            pilots.append(PilotInitiative(
                party_id=ppk, title=f"Pilot initiative on stakeholder engagement: {name}",
                summary=f"Stakeholder engagement in the UNTOC review in {name}.",
                launched_on=ANCHOR - dt.timedelta(days=1500 - 40 * k),
                status=rng.choice(["launched", "follow_up", "follow_up", "concluded"]),
                alliance_id=alliances[k] if k < len(alliances) else None,
                focal_person_id=focal_by_party.get(ppk)))
        PilotInitiative.objects.bulk_create(pilots, batch_size=BATCH)


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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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
