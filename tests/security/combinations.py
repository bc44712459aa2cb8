"""Safe filing in the leak world, seeded systematically: one recommendation per
attribution x field visibility x publicity (public, restricted), its rationale and its
attachment kept at that level, a co-signer that chose the same attribution; and progress
evidence at every level on a public and on a restricted action. Each carries its own
markers; what each role may see is derived from the rows of portal/core/visibility.py."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import AllianceMembership, Membership
from portal.core.visibility import may_see
from recommendations.services import attachments as attach
from recommendations.services import cosignatures as cosign
from recommendations.services import followup as followup_svc
from recommendations.services import recommendations as rec_svc
from tests.factories import MembershipFactory, OrganizationFactory
from tests.recommendations.filing_support import fresh

ATTRIBUTIONS = {"named": "named", "in_state": "instate", "unodc_only": "unodconly"}
LEVELS = {"public": "public", "government": "gov", "unodc": "unodc"}
#: the rows of the visibility table that name an unnamed filer / co-signer, or a kept field
NAME_ROWS = {"in_state": "in_state_{who}", "unodc_only": "unodc_only_{who}"}
FIELD_ROWS = {"government": "government_{field}", "unodc": "unodc_{field}"}
EVIDENCE_ROWS = {"government": "private_evidence", "unodc": "unodc_evidence"}
PDF = b"%PDF-1.4\n"


@dataclass(frozen=True)
class Combo:
    """One recommendation of the combinations (letters only in every marker)."""

    attribution: str
    level: str
    public: bool

    @property
    def key(self) -> str:
        return (
            f"safe_{ATTRIBUTIONS[self.attribution]}_{LEVELS[self.level]}_"
            f"{'public' if self.public else 'restricted'}"
        )

    def marker(self, what: str) -> str:
        tail = "pub" if self.public else "res"
        return f"Zq{what}{ATTRIBUTIONS[self.attribution]}{LEVELS[self.level]}{tail}x"

    @property
    def title(self) -> str:  # the companion of the names: shown wherever the rec is
        return self.marker("title").replace("Zq", "Qq", 1)


COMBOS = [Combo(a, lv, p) for a, lv, p in product(ATTRIBUTIONS, LEVELS, (True, False))]


@dataclass(frozen=True)
class EvidenceCase:
    level: str
    action: str  # "public_action" or "restricted_action"

    @property
    def marker(self) -> str:
        return f"Zqevidence{LEVELS[self.level]}{self.action.split('_')[0]}x"


EVIDENCE = [
    EvidenceCase(lv, a) for lv, a in product(LEVELS, ("public_action", "restricted_action"))
]


def evidence_inputs(action: str) -> list:
    return [
        followup_svc.EvidenceInput(
            url=f"https://evidence.example.org/{e.marker}",
            title=f"{e.marker} memo",
            visibility=e.level,
        )
        for e in EVIDENCE
        if e.action == action
    ]


def seed_combinations(*, party, untoc, alliance, member, cosigner, cosigning) -> dict[str, int]:
    """Each combination filed by an organization of its own (named in its markers), an
    accepted member of the alliance; the member belongs to every one of them, the
    co-signer's coordinator coordinates every co-signing organization; ``cosigning`` is
    invited to each (its coordinator is an author of all)."""
    ids = {}
    for combo in COMBOS:
        org = OrganizationFactory(country=party, name=f"{combo.marker('filer')} Shelter")
        AllianceMembership.objects.create(
            alliance=alliance, organization=org, status=AllianceMembership.Status.ACCEPTED
        )
        MembershipFactory(organization=org, user=member)
        rec = rec_svc.recommendation_create(
            actor=fresh(member),
            organization=org,
            party=party,
            instruments=[untoc],
            title=f"{combo.title} protect the informants",
            text="Filed with care.",
            rationale=f"{combo.marker('rationale')} who called the hotline.",
            attribution=combo.attribution,
            rationale_visibility=combo.level,
            attachments_visibility=combo.level,
        )
        marker = combo.marker("attachment")
        ids[f"{combo.key}_attachment"] = attach.attachment_add(
            actor=fresh(member),
            recommendation=rec,
            file=SimpleUploadedFile(f"{marker}.pdf", PDF + marker.encode()),
        ).pk
        cosign.cosignature_invite(actor=fresh(member), recommendation=rec, organization=cosigning)
        signer = OrganizationFactory(country=party, name=f"{combo.marker('cosigner')} Network")
        MembershipFactory(organization=signer, user=cosigner, role=Membership.Role.COORDINATOR)
        invited = cosign.cosignature_invite(
            actor=fresh(member), recommendation=rec, organization=signer
        )
        rec = rec_svc.recommendation_submit(actor=fresh(member), recommendation=rec)
        cosign.cosignature_decide(
            actor=fresh(cosigner), cosignature=invited, accept=True, attribution=combo.attribution
        )
        if combo.public:
            rec = rec_svc.recommendation_publish(actor=fresh(member), recommendation=rec)
        ids[combo.key] = rec.pk
        ids[f"{combo.key}_signature"] = invited.pk
    return ids


# --- what each role may see ----------------------------------------------------------------


def _sees_recommendation(role: str, combo: Combo) -> bool:
    return combo.public or may_see(role, "restricted_recommendation")


def _kept(role: str, rows: dict[str, str], level: str, **fmt) -> bool:
    """May the role see a thing kept at ``level`` (a row of the table per level)?"""
    return level not in rows or may_see(role, rows[level].format(**fmt))


def expected(role: str) -> list[tuple[str, str, bool, str | None]]:
    """(what, marker, may the role see it, companion marker or None) of every seeded
    marker: a name is looked for only where its recommendation's title is shown."""
    out = []
    for c in COMBOS:
        seen = _sees_recommendation(role, c)
        out += [
            (f"{c.key} title", c.title, seen, None),
            (
                f"{c.key} filer name",
                c.marker("filer"),
                seen and _kept(role, NAME_ROWS, c.attribution, who="filer"),
                c.title,
            ),
            (
                f"{c.key} co-signer name",
                c.marker("cosigner"),
                seen and _kept(role, NAME_ROWS, c.attribution, who="cosigner"),
                c.title,
            ),
            (
                f"{c.key} rationale",
                c.marker("rationale"),
                seen and _kept(role, FIELD_ROWS, c.level, field="rationale"),
                None,
            ),
            (
                f"{c.key} attachment",
                c.marker("attachment"),
                seen and _kept(role, FIELD_ROWS, c.level, field="attachment"),
                None,
            ),
        ]
    for e in EVIDENCE:
        action_seen = e.action == "public_action" or may_see(role, "restricted_progress")
        out.append(
            (
                f"evidence {e.level} on the {e.action}",
                e.marker,
                action_seen and _kept(role, EVIDENCE_ROWS, e.level),
                None,
            )
        )
    return out


#: The rows of the visibility table these combinations check (instead of one marker each).
ROWS = {
    *(r.format(who=w) for r in NAME_ROWS.values() for w in ("filer", "cosigner")),
    *(r.format(field=f) for r in FIELD_ROWS.values() for f in ("rationale", "attachment")),
    *EVIDENCE_ROWS.values(),
}
