"""Reads of recommendations, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from consultations.models import Event, Organization
from consultations.roles import roles_of
from portal.core.events import event_sentence, events_for
from portal.core.ordering import nulls_last
from recommendations import policies
from recommendations.events import RecommendationEventKind as Kind
from recommendations.events import ResponseEventKind
from recommendations.models import (
    Comment,
    CoSignature,
    Endorsement,
    InternalNote,
    Recommendation,
)
from recommendations.search import plain_match, search_match, search_query
from recommendations.selectors import safety
from recommendations.selectors.detail import detail_relations, relations_present
from recommendations.selectors.translations import reader_language, translated_title


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    """The one query of what a user may see, the same rule as
    ``policies.can_view_recommendation``: drafts for the filing organization's members,
    organizations invited to co-sign and, when the filer shared them, the coordinators
    of its alliances; submitted ones also for the addressee State's officials, UNODC
    staff and its alliances' coordinators; public ones for everybody. No joins (no
    duplicate rows): the user's roles are resolved first."""
    qs = Recommendation.objects.all()
    not_draft = ~Q(status=Recommendation.Status.DRAFT)
    public = Q(is_public=True) & not_draft
    if not user or not user.is_authenticated:
        return qs.filter(public)
    roles = roles_of(user)
    visible = public | Q(organization_id__in=roles.member_org_ids)
    alliance_members = policies.alliance_member_org_ids(user)
    if alliance_members:
        visible |= Q(organization_id__in=alliance_members) & (
            not_draft | Q(shared_with_alliance=True))
    if roles.member_org_ids:
        visible |= Q(pk__in=CoSignature.objects.filter(
            organization_id__in=roles.member_org_ids,
        ).exclude(status=CoSignature.Status.DECLINED).values("recommendation_id"))
    if roles.is_unodc_staff:
        visible |= not_draft
    elif roles.official_party_ids:
        visible |= not_draft & Q(party_id__in=roles.official_party_ids)
    return qs.filter(visible)


# --- list and search --------------------------------------------------------------------

SORTS = {
    "newest": ["-submitted_at", "-created_at", "-pk"],
    "oldest": ["submitted_at", "created_at", "pk"],
    "title": ["title", "pk"],
    "reference": ["reference", "pk"],
    "deadline": ["response_due_on", "pk"],
}


@dataclass
class RecommendationFilters:
    q: str = ""
    party: object = None
    instrument: object = None
    article: object = None
    cluster: object = None
    theme: object = None
    status: str = ""
    position: str = ""
    organization: object = None
    event: object = None
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    sort: str = ""


def search_window() -> int | None:
    """How many of the most recent matches a full-text search ranks (None: all)."""
    return settings.SEARCH_RANK_WINDOW if connection.vendor == "postgresql" else None


def _search(qs: QuerySet[Recommendation], q: str,
            user) -> tuple[QuerySet[Recommendation], bool]:
    """Full-text search on PostgreSQL (GIN-indexed search vector, ranked); a plain
    case-insensitive match elsewhere; a rationale only where ``user`` may read it.
    Returns the queryset and whether it is ranked."""
    q = q.strip()
    if not q:
        return qs, False
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        # Parsed with every language's configuration: a text is found in any language.
        query = search_query(q)
        matches = qs.filter(search_match(user, q))
        # Ranking reads every candidate's vector: bound the work to the most recent
        # matches, so a common word costs the same at any data size.
        # The window is a subquery: the list reads the ranked ids of the whole window
        # in one statement (``ranked_ids``), which gives its count too.
        # "Most recent" is the order of filing into the portal, the primary key's: a
        # backward walk of the primary key reads the table in its physical order and
        # stops at the window's last match (the creation time's index read about twice
        # the pages for the same rows).
        window = matches.order_by("-pk").values("pk")[:settings.SEARCH_RANK_WINDOW]
        return (Recommendation.objects.filter(pk__in=window)
                .annotate(rank=SearchRank(F("search_vector"), query))), True
    return qs.filter(plain_match(user, q)), False


def recommendations_matching(user, filters: RecommendationFilters) -> QuerySet[Recommendation]:
    """What the user may see, filtered, searched and sorted: the bare rows, no joins and
    no per-row subqueries, so that a page's LIMIT/OFFSET and a capped count run on an
    index in the sort order (``recommendation_rows`` then fetches what a page shows)."""
    qs = recommendations_visible_to(user)
    f = filters
    for name in ("party", "cluster", "organization", "event"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{f"{name}_id": getattr(value, "pk", value)})
    if f.organization:  # never find an unnamed filing by its filer
        qs = qs.filter(policies.filer_named_q(user))
    # many-to-many facets through subqueries: no duplicate rows
    if f.instrument:
        qs = qs.filter(pk__in=Recommendation.instruments.through.objects.filter(
            instrument_id=getattr(f.instrument, "pk", f.instrument)
        ).values("recommendation_id"))
    if f.article:
        qs = qs.filter(pk__in=Recommendation.articles.through.objects.filter(
            article_id=getattr(f.article, "pk", f.article)).values("recommendation_id"))
    if f.theme:
        qs = qs.filter(pk__in=Recommendation.themes.through.objects.filter(
            theme_id=getattr(f.theme, "pk", f.theme)).values("recommendation_id"))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.position:
        qs = qs.filter(position=f.position)
    if f.submitted_from:
        qs = qs.filter(submitted_at__date__gte=f.submitted_from)
    if f.submitted_to:
        qs = qs.filter(submitted_at__date__lte=f.submitted_to)
    qs, ranked = _search(qs, f.q, user)
    order = SORTS.get(f.sort) or (["-rank", "-submitted_at", "-pk"] if ranked
                                  else SORTS["newest"])
    return qs.order_by(*nulls_last(Recommendation, order))


def endorsement_count() -> Coalesce:
    """Each row's number of endorsements (a correlated subquery: on the rows shown only
    when it is evaluated after the LIMIT)."""
    endorsements = (Endorsement.objects.filter(recommendation=OuterRef("pk"))
                    .order_by().values("recommendation").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(endorsements), 0)


def with_row_data(qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """What a row of the list shows: State, filer (and its State, for "a civil society
    organization in <State>"), the endorsement count, instruments and themes (a fixed
    number of queries); not the long fields a row never shows (nor the review cluster's
    name: the API gives its id). The instruments and themes are plain lists
    (``row_instruments``, ``row_themes``): a related manager cached on each row cost more
    than the reading itself."""
    return (qs.select_related("party", "organization", "organization__country")
            .defer("rationale", "search_vector", "rationale_vector")
            .annotate(endorsement_count=endorsement_count())
            .prefetch_related(Prefetch("instruments", to_attr="row_instruments"),
                              Prefetch("themes", to_attr="row_themes")))


def rows_of_window(window: QuerySet[Recommendation],
                   decorate: Callable[[QuerySet[Recommendation]], QuerySet[Recommendation]],
                   ) -> list[Recommendation]:
    """The rows of one page (a slice of a sorted queryset): the window, with its
    LIMIT/OFFSET, is a subquery that an index in the sort order serves, and ``decorate``
    joins names and computes per-row values on those rows only, in the same statement.
    The window's annotations (the search rank, the queue's ``is_overdue``) are repeated
    outside so that the order and the rows stay the same."""
    query = window.query
    outer = Recommendation.objects.filter(pk__in=window.values("pk"))
    if query.annotations:
        outer = outer.annotate(**dict(query.annotations))
    return list(decorate(outer).order_by(*query.order_by))


def with_row_title(qs: QuerySet[Recommendation], language: str) -> QuerySet[Recommendation]:
    """``with_row_data`` and ``row_translated_title``, the title of the translation into
    ``language`` if any: all a row shows of the translations, in the rows' own query (a
    prefetch of every translation cost a statement and more than the row's own
    reading)."""
    return with_row_data(qs).annotate(row_translated_title=translated_title(language))


def recommendation_rows(window: QuerySet[Recommendation], *,
                        language: str | None = None) -> list[Recommendation]:
    """One page of ``recommendations_matching`` with what the list shows to a reader of
    ``language`` (default: the current one)."""
    wanted = language or reader_language()
    return rows_of_window(window, lambda qs: with_row_title(qs, wanted))


def ranked_ids(qs: QuerySet[Recommendation]) -> list[int] | None:
    """The ids of a ranked full-text search (``recommendations_matching`` with a search
    on PostgreSQL), best first: rank, order and the number of matches of the bounded
    window in one statement. None when ``qs`` is not ranked (then page it as a query)."""
    if "rank" not in qs.query.annotations:
        return None
    return list(qs.values_list("pk", flat=True))


def recommendation_rows_for(ids: list[int], *,
                            language: str | None = None) -> list[Recommendation]:
    """The rows of the given ids (one page of ``ranked_ids``), in that order, with what
    the list shows."""
    wanted = language or reader_language()
    rows = {rec.pk: rec for rec in with_row_title(Recommendation.objects.filter(pk__in=ids),
                                                  wanted)}
    return [rows[pk] for pk in ids if pk in rows]


def recommendations_search(user, filters: RecommendationFilters) -> QuerySet[Recommendation]:
    """``recommendations_matching`` with everything a row shows (the API list, whose
    cursor pagination slices it)."""
    return with_row_data(recommendations_matching(user, filters))


# --- one recommendation ------------------------------------------------------------------


def recommendation_detail(user, pk: int) -> Recommendation:
    """One recommendation the user may see (404 otherwise), with everything its page
    shows: the row with its names (one query), which often-empty relations have rows
    (one query), then one query per relation that has some (an empty one is known empty
    without a query). At most one query per relation, whatever their sizes."""
    relations = detail_relations()
    qs = (recommendations_visible_to(user)
          .select_related("party", "organization", "organization__country", "cluster",
                          "event", "response", "response__responded_by",
                          "response__approved_by")
          .defer("search_vector", "rationale_vector"))
    rec = get_object_or_404(qs, pk=pk)
    present = relations_present(rec.pk, {name: probe for name, (_lookup, probe)
                                         in relations.items() if probe is not None})
    # rarely set, and a whole recommendation: read only when it is
    wanted: list[str | Prefetch] = ["consolidated_into"] if rec.consolidated_into_id else []
    # an empty relation is stored as prefetched and empty, as Django's prefetch would
    prefetched: dict = rec.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, (lookup, probe) in relations.items():
        if probe is None or name in present:
            wanted.append(lookup)
        else:
            prefetched[name] = getattr(rec, name).none()
    prefetch_related_objects([rec], *wanted)
    return rec


def recommendation_for_update(user, pk: int) -> Recommendation:
    """The plain row (404 unless visible) for forms and services."""
    return get_object_or_404(
        recommendations_visible_to(user).select_related("party", "organization"), pk=pk)


def internal_notes_for(user, recommendation: Recommendation) -> list[InternalNote]:
    if not policies.can_view_notes(user, recommendation):
        return []
    return list(recommendation.internal_notes.select_related("author"))


def comments_for(user, recommendation: Recommendation) -> list[Comment]:
    """Published comments; moderators also see hidden ones (from the prefetch)."""
    moderator = policies.can_moderate_comments(user)
    return [c for c in recommendation.comments.all()
            if moderator or c.status == Comment.Status.PUBLISHED]


@dataclass
class TimelineEntry:
    event: object
    label: str  # what happened (the API names the actor apart)
    sentence: str  # what happened, by whom
    actor_name: str = ""  # who, if the reader may see it


def timeline_for(user, recommendation: Recommendation) -> list[TimelineEntry]:
    """The recorded events of a recommendation, oldest first (one query). Outsiders do
    not see the drafting history."""
    events = events_for(recommendation).order_by("occurred_at", "pk")
    insider = (recommendation.organization_id in roles_of(user).member_org_ids
               or policies.can_view_notes(user, recommendation))
    hidden = set() if insider else {Kind.CREATED, Kind.UPDATED, Kind.ATTACHMENT_ADDED,
                                    ResponseEventKind.RETURNED, Kind.SHARED_WITH_ALLIANCE,
                                    Kind.UNSHARED_WITH_ALLIANCE}
    if not policies.can_view_attachments(user, recommendation):  # they name the file
        hidden = {*hidden, Kind.ATTACHMENT_ADDED}
    # names the reader may not see are replaced in every sentence, and nobody is named
    # "by" on a recommendation whose filer or a co-signer is kept from the reader
    names = safety.names_hidden_from(user, recommendation)
    out = []
    for e in events:
        if e.kind in hidden:
            continue
        label = safety.redacted(event_sentence(e, with_actor=False), names)
        actor = "" if names else policies.person_name_for(user, e.actor,
                                                          recommendation=recommendation)
        sentence = (gettext("%(what)s by %(actor)s") % {"what": label, "actor": actor}
                    if actor else label)
        out.append(TimelineEntry(e, label, sentence, actor))
    return out


# --- the focal person's queue -----------------------------------------------------------------


QUEUE_STATUSES = {
    "open": [Recommendation.Status.SUBMITTED, Recommendation.Status.UNDER_CONSIDERATION],
    "submitted": [Recommendation.Status.SUBMITTED],
    "under_consideration": [Recommendation.Status.UNDER_CONSIDERATION],
    "responded": [Recommendation.Status.RESPONDED],
    "withdrawn": [Recommendation.Status.WITHDRAWN],
    "all": [s for s in Recommendation.Status.values if s != Recommendation.Status.DRAFT],
}


def queue_for(user, *, status: str = "open", overdue_only: bool = False, party=None,
              q: str = "") -> QuerySet[Recommendation]:
    """``queue_matching`` with the State, the filer and the response of each row."""
    return _queue_row_data(queue_matching(user, status=status, overdue_only=overdue_only,
                                          party=party, q=q))


def _queue_row_data(qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return qs.select_related("party", "organization", "organization__country", "response")


def queue_matching(user, *, status: str = "open", overdue_only: bool = False, party=None,
                   q: str = "") -> QuerySet[Recommendation]:
    """Recommendations addressed to the focal person's States (UNODC staff: every
    State), soonest deadline first, with ``is_overdue``: the bare rows (a page of them
    is joined to its names by ``queue_rows``)."""
    roles = roles_of(user)
    qs = Recommendation.objects.filter(status__in=QUEUE_STATUSES.get(status,
                                                                    QUEUE_STATUSES["open"]))
    if not roles.is_unodc_staff:
        qs = qs.filter(party_id__in=roles.focal_party_ids)
    if party:
        qs = qs.filter(party_id=getattr(party, "pk", party))
    today = timezone.localdate()
    open_q = Q(status__in=QUEUE_STATUSES["open"])
    qs = qs.annotate(is_overdue=Case(
        When(open_q & Q(response_due_on__lt=today), then=Value(True)),
        default=Value(False), output_field=BooleanField()))
    if overdue_only:
        qs = qs.filter(is_overdue=True)
    if q.strip():
        qs, _ranked = _search(qs, q, user)
    return qs.order_by(F("response_due_on").asc(nulls_last=True), "submitted_at", "pk")


def queue_rows(window: QuerySet[Recommendation]) -> list[Recommendation]:
    """One page of ``queue_for`` with what the queue shows (the State, the filer as the
    reader may see it, the response's status), joined to the page's rows only."""
    return rows_of_window(window, lambda qs: _queue_row_data(qs).defer(
        "text", "rationale", "search_vector", "rationale_vector", "organization__description",
        "response__justification", "response__commitments"))


def queue_counts(user) -> dict[str, int]:
    """Open and overdue totals for the queue's heading (one query)."""
    roles = roles_of(user)
    qs = Recommendation.objects.filter(status__in=QUEUE_STATUSES["open"])
    if not roles.is_unodc_staff:
        qs = qs.filter(party_id__in=roles.focal_party_ids)
    return qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(response_due_on__lt=timezone.localdate())))


# --- similar titles and consolidation ----------------------------------------------------------


def recommendations_similar(user, *, party_id: int, title: str, exclude_pk: int | None = None,
                            limit: int = 5) -> list[Recommendation]:
    """Recommendations already filed to the same State with a similar title (trigram
    similarity on PostgreSQL, word matching elsewhere), among those the user may see."""
    title = (title or "").strip()
    if len(title) < 4:
        return []
    qs = (recommendations_visible_to(user).filter(party_id=party_id)
          .exclude(status=Recommendation.Status.DRAFT))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        qs = (qs.annotate(similarity=TrigramWordSimilarity(title, "title"))
              .filter(similarity__gte=0.3).order_by("-similarity", "-submitted_at", "-pk"))
    else:
        words = [w for w in title.split() if len(w) > 3][:6]
        if not words:
            return []
        match = Q()
        for word in words:
            match |= Q(title__icontains=word)
        qs = qs.filter(match).order_by("-submitted_at", "-pk")
    return list(qs.select_related("organization")[:limit])


def consolidatable_drafts(user) -> QuerySet[Recommendation]:
    """What the coordinators of an alliance may consolidate
    (``policies.can_consolidate_source``): their accepted members' drafts shared with
    the alliance, and their submitted ones still open."""
    members = policies.alliance_member_org_ids(user)
    return (Recommendation.objects.filter(
        Q(status=Recommendation.Status.DRAFT, shared_with_alliance=True)
        | Q(status__in=[Recommendation.Status.SUBMITTED,
                        Recommendation.Status.UNDER_CONSIDERATION]),
        organization_id__in=members, consolidated_into__isnull=True)
        .select_related("organization", "party").order_by("party__name", "created_at"))


def coordinated_alliances(user) -> QuerySet[Organization]:
    roles = roles_of(user)
    return Organization.objects.filter(pk__in=roles.coordinator_org_ids, is_alliance=True,
                                       status=Organization.Status.VERIFIED)



def organization_recommendations(user, organization: Organization) -> QuerySet:
    """What the organization filed, as far as the user may see it and may see it named
    (the organization page)."""
    return (recommendations_visible_to(user).filter(organization=organization)
            .filter(policies.filer_named_q(user))
            .select_related("party")
            .order_by(F("submitted_at").desc(nulls_last=True), "-created_at", "-pk"))


def recommendations_presented_at(user, event: Event):
    """Recommendations presented at the event that the user may see (the event page)."""
    return (recommendations_visible_to(user).filter(event=event)
            .select_related("organization").order_by(F("reference").asc(nulls_last=True), "pk"))
