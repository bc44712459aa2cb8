"""The people of the data set: reference data, organizations, users with their
memberships and official roles (and the authenticators two-factor sign-in needs),
events and pilot initiatives."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

from bench.fastinsert import insert
from bench.gen_common import (
    ANCHOR,
    ANCHOR_AT,
    BATCH,
    BENCH_DOMAIN,
    BENCH_PASSWORD,
    Counts,
    _ids,
    _parties,
)
from bench.gen_text import EVENT_KINDS, ORG_TOPICS, ORG_WORDS, TOPICS, _sentence


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
