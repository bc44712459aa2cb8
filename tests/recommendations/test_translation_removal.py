"""Removing a translation on the web is asked first, on a page of its own (as every
destructive action): the link opens it (GET), it quotes the translation and offers
"Yes, remove the translation" (a button) or Cancel (a link back), and only its POST
removes. Somebody who may not see what is translated gets a 404, one who sees it but may
not translate a 403; neither removes anything."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from recommendations.services import followup as followup_svc
from recommendations.services import responses as response_svc
from recommendations.services import translations as svc
from tests.factories import FollowUpActionFactory
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

FR_TITLE = "Créer un groupe de travail national"
FR_TEXT = "Un groupe de travail national contre la criminalité organisée."
FR_JUSTIFICATION = "Le ministère rédigera la loi cette année."
FR_REPORT = "Deux tribunaux formés."


@pytest.fixture
def w():
    return make_world()


def _asks(client, url: str, *, question: str, quote: str, cancel: str) -> str:
    """The confirmation page: the question, the translation quoted in its language, a
    button that posts to the same address and a link back; nothing is removed."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{question}</h1>" in html
    assert '<blockquote class="quote" lang="fr" dir="auto">' in html and quote in html
    assert "Readers of French will see the original again." in html
    assert '<form method="post" novalidate>' in html  # no action: it posts to this page
    assert (
        '<button type="submit" class="button button--warning">Yes, remove the translation' in html
    )
    assert f'<a href="{cancel}">Cancel</a>' in html
    return html


def test_a_recommendation_translation_is_removed_after_asking(w):
    rec = w.draft(language="en", title="Create a national task force")
    svc.recommendation_translation_add(
        actor=fresh(w.member), recommendation=rec, language="fr", title=FR_TITLE, text=FR_TEXT
    )
    member = client_for(w.member)
    detail = reverse("recommendations:detail", args=[rec.pk])
    url = reverse("recommendations:translation_delete", args=[rec.pk, "fr"])
    page = member.get(detail).content.decode()
    assert f'href="{url}"' in page and f'action="{url}"' not in page  # a link, not a form
    _asks(
        member,
        url,
        question="Remove the French translation of “Create a national task force”?",
        quote=FR_TITLE,
        cancel=detail + "#translations",
    )
    assert rec.translations.filter(language="fr").exists()
    done = member.post(url)
    assert done.status_code == 302 and done.url == detail + "#translations"
    assert not rec.translations.exists()
    assert "The translation into French was removed." in member.get(detail).content.decode()


def test_another_organization_cannot_reach_the_page_nor_remove(w):
    draft = w.draft(language="en")
    svc.recommendation_translation_add(
        actor=fresh(w.member), recommendation=draft, language="fr", title=FR_TITLE, text=FR_TEXT
    )
    url = reverse("recommendations:translation_delete", args=[draft.pk, "fr"])
    other = client_for(w.other_member)  # another organization: its draft is not found
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    submitted = w.submitted(language="en")
    svc.recommendation_translation_add(
        actor=fresh(w.member),
        recommendation=submitted,
        language="fr",
        title=FR_TITLE,
        text=FR_TEXT,
    )
    seen = reverse("recommendations:translation_delete", args=[submitted.pk, "fr"])
    assert client_for(w.focal).get(seen).status_code == 403  # it sees it, may not translate
    assert client_for(w.focal).post(seen).status_code == 403
    assert (
        client_for(w.member)
        .get(reverse("recommendations:translation_delete", args=[submitted.pk, "es"]))
        .status_code
        == 404
    )  # no such translation
    assert draft.translations.exists() and submitted.translations.exists()


def test_a_response_translation_is_removed_after_asking(w):
    rec = w.submitted(language="en", title="Create a national task force")
    response_svc.response_create(
        actor=fresh(w.focal),
        recommendation=rec,
        expected_version=rec.version,
        position="supported",
        justification="The ministry will draft the law.",
        language="en",
    )
    rec.refresh_from_db()
    svc.response_translation_add(
        actor=fresh(w.focal), response=rec.response, language="fr", justification=FR_JUSTIFICATION
    )
    focal = client_for(w.focal)
    url = reverse("recommendations:response_translation_delete", args=[rec.pk, "fr"])
    detail = reverse("recommendations:detail", args=[rec.pk])
    assert f'href="{url}"' in focal.get(detail).content.decode()
    _asks(
        focal,
        url,
        question="Remove the French translation of the response to “Create a national task force”?",
        quote=FR_JUSTIFICATION,
        cancel=detail + "#response",
    )
    other_state = client_for(w.other_focal)  # sees the answered recommendation, may not act
    assert other_state.get(url).status_code == other_state.post(url).status_code == 403
    assert rec.response.translations.exists()
    assert focal.post(url).status_code == 302
    assert not rec.response.translations.exists()


def test_a_progress_report_translation_is_removed_after_asking(w):
    action = FollowUpActionFactory(party=w.party, responsible=w.agency)
    report = followup_svc.progress_report_create(
        actor=fresh(w.agency),
        action=action,
        reported_on=dt.date(2025, 5, 2),
        status="in_progress",
        percent=40,
        text="Two courts trained.",
        language="en",
    )
    svc.progress_report_translation_add(
        actor=fresh(w.agency), report=report, language="fr", text=FR_REPORT
    )
    agency = client_for(w.agency)
    url = reverse("followup:report_translation_delete", args=[action.pk, report.pk, "fr"])
    detail = reverse("followup:detail", args=[action.pk])
    assert f'href="{url}"' in agency.get(detail).content.decode()
    _asks(
        agency,
        url,
        question="Remove the French translation of the progress report of 2 May 2025?",
        quote=FR_REPORT,
        cancel=f"{detail}#report-{report.pk}",
    )
    assert client_for(w.other_focal).get(url).status_code == 404  # another State's action
    assert client_for(w.other_focal).post(url).status_code == 404
    assert report.translations.exists()
    assert agency.post(url).status_code == 302
    assert not report.translations.exists()
