"""Notifications are written in the actor's request but read in the reader's language:
the e-mail in the recipient's, the inbox, the API and the digest in the viewer's. The
payload stores message ids and parameters (portal/notifications/messages.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from consultations.models import Instrument, Membership
from consultations.services import events as event_services
from portal.notifications import messages
from portal.notifications.digest import notifications_digest_send
from portal.notifications.messages import choice_msg, msg, render_message
from portal.notifications.models import Category, Notification
from portal.notifications.services import (
    notification_deliver,
    notification_render,
    notifications_create,
)
from recommendations.events import RecommendationEventKind
from recommendations.models import ProgressReport, Response
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services
from tests.consultations.events_support import open_event
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_actor():
    """Every change below is made in an English-speaking request."""
    with translation.override("en"):
        yield


def _only_mail(mailoutbox, notification):
    sent_before = len(mailoutbox)
    assert notification_deliver(notification_id=notification.pk) == "sent"
    [message] = mailoutbox[sent_before:]
    assert message.to == [notification.recipient.email]
    return message


def _filed(*, focal_language="fr"):
    party = PartyFactory(name="Pakistan-like", iso3="PKL")
    org = OrganizationFactory(country=party, name="Civil Society Forum")
    member = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR,
                               user__language="en").user
    focal = FocalPersonFactory(party=party, user__language=focal_language,
                               user__email="focal@example.org").user
    rec = rec_services.recommendation_create(
        actor=fresh(member), organization=org, party=party,
        title="Create a national task force", text="A national task force.",
        instruments=[Instrument.objects.get(code="untoc")])
    rec = rec_services.recommendation_submit(actor=fresh(member), recommendation=rec)
    return rec, member, focal


# --- render_message ---------------------------------------------------------------------


def test_a_message_is_plain_json_and_translated_when_rendered():
    message = msg(gettext_noop("New recommendation %(ref)s for %(state)s"),
                  ref="PKL-2025-0001", state="Pakistan")
    assert json.loads(json.dumps(message)) == message
    assert message == {"msgid": "New recommendation %(ref)s for %(state)s",
                       "params": {"ref": "PKL-2025-0001", "state": "Pakistan"}}
    assert render_message(message) == "New recommendation PKL-2025-0001 for Pakistan"
    with translation.override("fr"):
        assert render_message(message) == "Nouvelle recommandation PKL-2025-0001 pour Pakistan"
    with translation.override("es"):
        assert render_message(message) == "Nueva recomendación PKL-2025-0001 para Pakistan"


def test_nested_messages_and_choice_labels_are_translated_with_the_text_around_them():
    message = msg(gettext_noop("%(state)s answered %(ref)s: %(position)s"),
                  state="Pakistan", ref="PKL-1",
                  position=choice_msg(Response, "position", "supported_in_part"))
    assert message["params"]["position"] == {"choice": "recommendations.Response.position",
                                             "value": "supported_in_part"}
    progress = msg(gettext_noop("%(status)s, %(percent)s%%"),
                   status=choice_msg(ProgressReport, "status", "in_progress"), percent=40)
    nested = msg(gettext_noop("You are now: %(role)s"),
                 role=msg(gettext_noop("Waiting list: %(title)s"), title="Forum"))
    assert render_message(message) == "Pakistan answered PKL-1: Supported in part"
    assert render_message(progress) == "In progress, 40%"
    with translation.override("fr"):
        assert render_message(message) == "Pakistan a répondu à PKL-1 : Acceptée en partie"
        assert render_message(progress) == "En cours, 40 %"
        assert render_message(nested) == "Vous êtes désormais : Liste d’attente : Forum"


def test_plain_strings_from_old_rows_and_user_text_are_shown_as_they_are():
    with translation.override("fr"):
        assert render_message("A response is published") == "A response is published"
        assert render_message("100% d'accord") == "100% d'accord"
        assert render_message("") == "" and render_message(None) == ""
        assert render_message(42) == "42"


def test_a_message_that_does_not_fit_its_parameters_falls_back_without_raising(monkeypatch):
    missing = msg(gettext_noop("New recommendation %(ref)s for %(state)s"), ref="PKL-1")
    with translation.override("fr"):
        assert render_message(missing) == "New recommendation %(ref)s for %(state)s"
        assert render_message({"msgid": "%(x)d items", "params": {"x": "many"}}) == "%(x)d items"
        assert render_message({"msgid": "Plain", "params": "not a dict"}) == "Plain"
        assert render_message({"msgid": "", "params": {}}) == ""
    # a translation that does not fit (a translator's typo): the English text is used
    monkeypatch.setattr(messages, "gettext", lambda text: "%(reff)s pour %(state)s")
    ok = msg(gettext_noop("New recommendation %(ref)s for %(state)s"), ref="PKL-1",
             state="Pakistan")
    assert render_message(ok) == "New recommendation PKL-1 for Pakistan"


def test_unknown_choices_show_their_value_and_bad_declarations_fail_early():
    assert render_message({"choice": "recommendations.Response.position",
                           "value": "gone"}) == "gone"
    assert render_message({"choice": "nowhere.Model.field", "value": "x"}) == "x"
    assert render_message({"choice": "bad", "value": None}) == ""
    with pytest.raises(ValueError):
        choice_msg(Response, "justification", "x")  # no choices
    with pytest.raises(ValueError):
        choice_msg(Response, "no_such_field", "x")
    with pytest.raises(TypeError):
        msg(gettext_noop("Due %(due)s"), due=dt.date(2025, 1, 1))  # not JSON: pass a str
    with pytest.raises(TypeError):
        msg(translation.gettext_lazy("Lazy"))


def test_the_template_filter_renders_in_the_active_language():
    template = Template("{% load notification_messages %}{{ subject|message }}")
    subject = msg(gettext_noop("Cancelled: %(title)s"), title="Forum")
    with translation.override("fr"):
        assert template.render(Context({"subject": subject})) == "Annulé : Forum"
    assert template.render(Context({"subject": "Old <b>row</b>"})) == "Old &lt;b&gt;row&lt;/b&gt;"


# --- E-mails in the recipient's language, one kind of each app ----------------------------


def test_a_french_focal_person_gets_the_new_recommendation_in_french(mailoutbox):
    rec, member, focal = _filed()
    note = Notification.objects.get(recipient=focal, kind="recommendation.submitted")
    assert note.payload["subject"]["msgid"] == "New recommendation %(ref)s for %(state)s"
    message = _only_mail(mailoutbox, note)
    assert f"Nouvelle recommandation {rec.reference} pour Pakistan-like" in message.subject
    assert "Bonjour" in message.body
    assert "Civil Society Forum a déposé « Create a national task force »" in message.body
    assert f"d’ici le {rec.response_due_on.isoformat()}" in message.body
    assert "Choisissez les courriels que vous recevez" in message.body
    assert "a déposé" in message.alternatives[0][0]
    # the English-speaking filer's receipt stays English
    receipt = Notification.objects.get(recipient=member, kind="recommendation.submitted")
    assert f"Receipt: recommendation {rec.reference} submitted" in \
        _only_mail(mailoutbox, receipt).subject


def test_a_spanish_recipient_gets_spanish_and_an_unknown_language_english(mailoutbox):
    rec, _member, focal = _filed(focal_language="es")
    note = Notification.objects.get(recipient=focal, kind="recommendation.submitted")
    assert f"Nueva recomendación {rec.reference} para Pakistan-like" in notification_render(note)[0]
    note.recipient.language = "ru"
    assert notification_render(note)[0] == (
        f"Новая рекомендация {rec.reference} для государства Pakistan-like")
    note.recipient.language = "de"  # not a portal language: no catalogue, the English text
    assert notification_render(note)[0] == f"New recommendation {rec.reference} for Pakistan-like"


def test_a_french_member_gets_the_response_with_the_position_in_french(mailoutbox):
    rec, member, focal = _filed()
    member.language = "fr"
    member.save(update_fields=["language"])
    with translation.override("en"):
        response_services.response_create(actor=fresh(focal), recommendation=rec,
                                          expected_version=rec.version,
                                          position="supported_in_part",
                                          justification="Parts are already law.")
    note = Notification.objects.get(recipient=member, kind="recommendation.responded")
    message = _only_mail(mailoutbox, note)
    assert f"Pakistan-like a répondu à {rec.reference} : Acceptée en partie" in message.subject
    assert "Parts are already law." in message.body  # what the official wrote: as written


def test_a_french_registrant_promoted_from_the_waiting_list_gets_french(mailoutbox):
    party = PartyFactory()
    event = open_event(party, capacity=1, title="Regional forum")
    first = MembershipFactory(organization=OrganizationFactory(country=party))
    second = MembershipFactory(organization=OrganizationFactory(country=party),
                               user__language="fr", user__email="second@example.org")
    r1 = event_services.registration_create(actor=first.user, event=event,
                                            organization=first.organization)
    event_services.registration_create(actor=second.user, event=event,
                                       organization=second.organization)
    event_services.registration_cancel(actor=first.user, registration=r1)
    note = Notification.objects.get(recipient=second.user, kind="registration.promoted")
    message = _only_mail(mailoutbox, note)
    assert "Vous avez une place : Regional forum" in message.subject
    assert ("Une place s’est libérée et votre inscription à Regional forum est désormais "
            "confirmée.") in message.body
    waiting = Notification.objects.get(recipient=second.user, kind="registration.created")
    assert "Liste d’attente : Regional forum" in _only_mail(mailoutbox, waiting).subject


def test_a_french_responsible_person_gets_the_assigned_action_in_french(mailoutbox):
    party = PartyFactory()
    focal = FocalPersonFactory(party=party).user
    responsible = AgencyContactFactory(party=party, user__language="fr",
                                       user__email="responsible@example.org").user
    action = followup_services.action_create(
        actor=fresh(focal), party=party, title="Adopt a referral mechanism",
        responsible=responsible, due_on=dt.date(2030, 6, 30))
    note = Notification.objects.get(recipient=responsible, kind="action.assigned")
    message = _only_mail(mailoutbox, note)
    assert "Action de suivi qui vous est confiée : Adopt a referral mechanism" in \
        message.subject
    assert ("Vous êtes chargé(e) de rendre compte de l’avancement de cette action "
            "(échéance 2030-06-30).") in message.body
    assert action.responsible == responsible


# --- The inbox, the API and the digest: in the viewer's language ----------------------------


def _french_inbox_row():
    user = UserFactory(language="fr", email="reader@example.org")
    [row] = notifications_create(
        recipients=[user], category=Category.RESPONSE, kind=RecommendationEventKind.RESPONDED,
        url="/recommendations/1/",
        payload={"subject": msg(gettext_noop("%(state)s answered %(ref)s: %(position)s"),
                                state="Pakistan", ref="PKL-1",
                                position=choice_msg(Response, "position", "noted")),
                 "summary": msg(gettext_noop("%(state)s is considering “%(title)s”."),
                                state="Pakistan", title="A <b>bold</b> plan")})
    return user, row


def test_the_inbox_shows_notifications_in_the_viewers_language(client):
    user, _row = _french_inbox_row()
    old = notifications_create(recipients=[user], category=Category.RESPONSE,
                               kind=RecommendationEventKind.RESPONDED,
                               payload={"subject": "Written before: English",
                                        "summary": "Old summary"})
    assert old
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pakistan a répondu à PKL-1 : Prise en note" in page
    assert "Pakistan examine « A &lt;b&gt;bold&lt;/b&gt; plan »." in page  # escaped once
    assert "Written before: English" in page and "Old summary" in page
    assert "Réponses des gouvernements" in page  # the category
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pakistan answered PKL-1: Noted" in page
    assert "Pakistan is considering “A &lt;b&gt;bold&lt;/b&gt; plan”." in page


def test_the_api_gives_subject_and_summary_in_the_requesting_users_language(client):
    user, row = _french_inbox_row()
    client.force_login(user)
    body = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="fr").json()
    [item] = body["results"]
    assert item["id"] == row.pk
    assert item["subject"] == "Pakistan a répondu à PKL-1 : Prise en note"
    assert item["summary"] == "Pakistan examine « A <b>bold</b> plan »."
    item = client.get(f"/api/v1/notifications/{row.pk}/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert item["subject"] == "Pakistan respondió a PKL-1: Se tomó nota"
    item = client.get(f"/api/v1/notifications/{row.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert item["summary"] == "Pakistan is considering “A <b>bold</b> plan”."


def test_the_daily_digest_is_in_the_recipients_language(mailoutbox,
                                                         django_capture_on_commit_callbacks):
    staff = UserFactory(is_unodc_staff=True, language="fr", email="staff@example.org")
    notifications_create(
        recipients=[staff], category=Category.SUBMISSION, kind=RecommendationEventKind.SUBMITTED,
        payload={"subject": msg(gettext_noop("New recommendation %(ref)s for %(state)s"),
                                ref="PKL-1", state="Pakistan"),
                 "summary": msg(gettext_noop("The event %(title)s has been cancelled."),
                                title="Forum")})
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_digest_send() == 1
    digest = Notification.objects.get(kind=Notification.DIGEST_KIND)
    message = _only_mail(mailoutbox, digest)
    assert "Votre récapitulatif quotidien : 1 nouveauté" in message.subject
    assert "- Nouvelle recommandation PKL-1 pour Pakistan" in message.body
    assert "L’événement Forum a été annulé." in message.body
