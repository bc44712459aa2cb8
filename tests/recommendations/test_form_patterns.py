"""The filing and response forms follow the GOV.UK Design System patterns (issue 16):
an error summary naming each field, "optional" only on optional fields, destructive
actions confirmed on a page of their own, the filer's State preselected and articles
chosen per instrument."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Recommendation, RecommendationAttachment
from recommendations.services import attachments as attach
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w():
    return make_world()


def summary_of(html: str) -> str:
    return html[html.index('class="error-summary"'):].split("</div>", 1)[0]


def test_saving_an_empty_filing_form_names_every_missing_field(w):
    response = client_for(w.coordinator).post(reverse("recommendations:create"),
                                              {"action": "save"})
    assert response.status_code == 400
    summary = summary_of(response.content.decode())
    assert "This field is required." not in response.content.decode()
    for anchor, label, message in [
            ("id_organization", "Filed on behalf of", "Choose the organization you file for."),
            ("id_party", "Addressed to (State party)", "Choose the State the recommendation"),
            ("id_title", "Title", "Enter a title.")]:
        assert re.search(rf'<a href="#{anchor}">{re.escape(label)}: {re.escape(message)}',
                         summary), (anchor, summary)
        assert message in response.content.decode().split("</h1>", 1)[1].split(
            'class="error-summary"')[-1]  # also next to the field
    assert not Recommendation.objects.exists()


def test_the_filers_own_state_is_preselected(w):
    html = client_for(w.coordinator).get(reverse("recommendations:create")).content.decode()
    assert re.search(rf'<option value="{w.party.pk}" selected>', html)


def test_articles_are_checkboxes_grouped_per_instrument(w):
    html = client_for(w.member).get(reverse("recommendations:create")).content.decode()
    assert "Ctrl" not in html and '<select name="articles"' not in html
    assert html.count('class="article-group"') >= 2
    untoc_article = w.article(w.untoc, 5)
    assert f'data-instrument="{w.untoc.pk}"' in html
    assert re.search(rf'type="checkbox" name="articles" value="{untoc_article.pk}"', html)


def test_the_groups_of_the_chosen_instruments_start_open(w):
    rec = w.draft(instruments=[w.tip], articles=[w.article(w.tip, 3)])
    html = client_for(w.member).get(reverse("recommendations:edit",
                                            args=[rec.pk])).content.decode()
    assert re.search(rf'data-instrument="{w.tip.pk}" open', html)
    assert not re.search(rf'data-instrument="{w.untoc.pk}" open', html)


def test_articles_must_belong_to_the_chosen_instruments(w):
    tip_article = w.article(w.tip, 3)
    response = client_for(w.member).post(reverse("recommendations:create"), {
        "action": "save", "organization": w.org.pk, "party": w.party.pk,
        "title": "Protect victims", "instruments": [w.untoc.pk],
        "articles": [tip_article.pk]})
    assert response.status_code == 400
    assert "do not belong to the instruments you chose" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_deleting_a_draft_is_confirmed_on_a_page_of_its_own(w):
    rec = w.draft()
    client = client_for(w.member)
    edit = client.get(reverse("recommendations:edit", args=[rec.pk])).content.decode()
    url = reverse("recommendations:delete", args=[rec.pk])
    assert f'href="{url}"' in edit  # a link to the question, not a button that deletes
    page = client.get(url)
    assert page.status_code == 200 and "Are you sure" in page.content.decode()
    assert Recommendation.objects.filter(pk=rec.pk).exists()
    assert client_for(w.other_member).get(url).status_code in (403, 404)
    assert client.post(url).status_code == 302
    assert not Recommendation.objects.filter(pk=rec.pk).exists()


def test_removing_an_attachment_is_confirmed(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rec = w.draft()
    attachment = attach.attachment_add(actor=fresh(w.member), recommendation=rec,
                                    file=SimpleUploadedFile("brief.pdf", PDF,
                                                            content_type="application/pdf"))
    url = reverse("recommendations:attachment_delete", args=[rec.pk, attachment.pk])
    client = client_for(w.member)
    page = client.get(url)
    assert "Are you sure you want to remove “brief.pdf”?" in page.content.decode()
    assert RecommendationAttachment.objects.filter(pk=attachment.pk).exists()
    client.post(url)
    assert not RecommendationAttachment.objects.filter(pk=attachment.pk).exists()


def test_no_label_says_optional_twice(w):
    rec = w.submitted()
    html = client_for(w.staff).get(reverse("recommendations:detail",
                                           args=[rec.pk])).content.decode()
    assert "(optional) <span" not in html and "(optional)(optional)" not in html
    assert not re.search(r"\(optional\)\s*<span class=\"hint-inline\">\(optional\)", html)
    withdraw = client_for(w.member).get(reverse("recommendations:withdraw", args=[rec.pk]))
    assert withdraw.content.decode().count("optional") == 1


def test_justification_is_not_called_optional_and_its_condition_is_explained(w):
    rec = w.submitted()
    html = client_for(w.focal).get(reverse("recommendations:respond",
                                           args=[rec.pk])).content.decode()
    label = re.search(r'<label for="id_justification">(.*?)</label>', html, re.S).group(1)
    assert "optional" not in label
    assert "Required when the recommendation is supported in part or noted" in html


def test_a_drafts_status_line_says_draft_once(w):
    rec = w.draft()
    html = client_for(w.member).get(reverse("recommendations:detail",
                                            args=[rec.pk])).content.decode()
    line = re.search(r'<p class="card__meta">(.*?)</p>', html, re.S).group(1)
    assert line.count("Draft") == 1, line
