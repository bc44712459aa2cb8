"""Reminder e-mails are written in the recipient's language (French and Spanish catalogs),
from the scans through the dispatcher to the sent message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from consultations.reminders import EventReminderKind
from portal.notifications.models import Category, Notification
from portal.notifications.reminders import reminders_dispatch
from portal.notifications.services import notification_deliver, notification_render
from recommendations.models import FollowUpAction
from recommendations.reminders import (
    DeadlineReminderKind,
    reminders_scan_actions,
    reminders_scan_responses,
)
from tests.factories import (
    FocalPersonFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
LATER = dt.datetime(2036, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_scan():
    """The scans and the dispatcher run in English (a worker has no request language)."""
    with translation.override("en"):
        yield


def _focal(language: str):
    party = PartyFactory(name="Ruritania", iso3="RRT")
    return FocalPersonFactory(party=party, user__language=language,
                              user__full_name="Amina Diallo",
                              user__email=f"focal-{language}@example.org").user


def _sent(mailoutbox, recipient, kind):
    note = Notification.objects.get(recipient=recipient, kind=kind)
    before = len(mailoutbox)
    assert notification_deliver(notification_id=note.pk) == "sent"
    [message] = mailoutbox[before:]
    assert message.to == [recipient.email]
    return message


def _action_due_mail(mailoutbox, django_capture_on_commit_callbacks, language):
    focal = _focal(language)
    FollowUpAction.objects.create(party=focal.official_assignments.get().party,
                                  title="Courts & police's referral plan",
                                  due_on=TODAY + dt.timedelta(days=6))
    reminders_scan_actions(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch(now=LATER) == 1
    return _sent(mailoutbox, focal, DeadlineReminderKind.ACTION_DUE)


def test_a_french_focal_person_gets_the_action_reminder_in_french(
        mailoutbox, django_capture_on_commit_callbacks):
    message = _action_due_mail(mailoutbox, django_capture_on_commit_callbacks, "fr")
    assert message.subject.endswith(
        "Action de suivi à échéance dans 6 jours : Courts & police's referral plan")
    body = message.body
    assert body.startswith("Bonjour Amina Diallo,")
    # the plain text is not HTML-escaped: the title is shown as written
    assert ("L’action de suivi « Courts & police's referral plan » (Ruritania) arrive à "
            "échéance le 2026-03-16. Merci de rendre compte de son avancement d’ici là."
            ) in body
    assert "Rendre compte de l’avancement : http" in body
    assert "Choisissez les courriels que vous recevez : http" in body
    assert "due on" not in body and "Report progress" not in body
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert "arrive à échéance le 2026-03-16" in html
    assert "Courts &amp; police&#x27;s referral plan" in html  # escaped once in the HTML


def test_a_spanish_focal_person_gets_the_action_reminder_in_spanish(
        mailoutbox, django_capture_on_commit_callbacks):
    message = _action_due_mail(mailoutbox, django_capture_on_commit_callbacks, "es")
    assert message.subject.endswith(
        "Acción de seguimiento que vence dentro de 6 días: Courts & police's referral plan")
    body = message.body
    assert body.startswith("Hola, Amina Diallo:")
    assert ("La acción de seguimiento «Courts & police's referral plan» (Ruritania) vence "
            "el 2026-03-16. Informe sobre sus avances antes de esa fecha.") in body
    assert "Informar sobre los avances: http" in body
    assert "Elija qué correos electrónicos recibe: http" in body
    assert "due on" not in body


@pytest.mark.parametrize("language, subject, sentence, link", [
    ("fr", "Réponse attendue dans 3 jours : ",
     "La réponse de Ruritania à la recommandation {ref} (« Open the registry ») est "
     "attendue le 2026-03-13.",
     "Répondre, ou indiquer que la recommandation est à l’examen : http"),
    ("es", "Respuesta que vence dentro de 3 días: ",
     "La respuesta de Ruritania a la recomendación {ref} («Open the registry») vence el "
     "2026-03-13.",
     "Responder o indicar que está en examen: http"),
])
def test_the_response_reminder_is_in_the_recipients_language(
        mailoutbox, django_capture_on_commit_callbacks, language, subject, sentence, link):
    focal = _focal(language)
    org = OrganizationFactory(country=focal.official_assignments.get().party)
    rec = RecommendationFactory(organization=org, title="Open the registry",
                                reference="RRT-2026-0001",
                                response_due_on=TODAY + dt.timedelta(days=3))
    reminders_scan_responses(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch(now=LATER) == 1
    message = _sent(mailoutbox, focal, DeadlineReminderKind.RESPONSE_DUE)
    assert message.subject.endswith(subject + rec.reference)
    assert sentence.format(ref=rec.reference) in message.body
    assert link in message.body


# --- Every reminder template, rendered directly -------------------------------------------

D, E = DeadlineReminderKind, EventReminderKind
PAYLOADS = {
    D.ACTION_DUE: {"title": "Plan", "party": "Ruritania", "due_on": "2026-03-16",
                   "days_left": 1},
    D.ACTION_OVERDUE: {"title": "Plan", "party": "Ruritania", "due_on": "2026-03-01",
                       "days_left": 0},
    D.REPORT_DUE: {"title": "Plan", "party": "Ruritania", "due_on": "2026-03-16",
                   "days_left": 6},
    D.REPORT_OVERDUE: {"title": "Plan", "party": "Ruritania", "due_on": "2026-03-01",
                       "days_left": 0},
    D.RESPONSE_DUE: {"reference": "RRT-1", "title": "Registry", "party": "Ruritania",
                     "due_on": "2026-03-10", "days_left": 0, "days_overdue": 0},
    D.RESPONSE_OVERDUE: {"reference": "RRT-1", "title": "Registry", "party": "Ruritania",
                         "due_on": "2026-03-01", "days_left": 0, "days_overdue": 9},
    D.RESPONSE_ESCALATION: {"reference": "RRT-1", "title": "Registry", "party": "Ruritania",
                            "due_on": "2026-01-01", "days_left": 0, "days_overdue": 68},
    E.EVENT_TOMORROW: {"title": "Forum", "starts_local": "2026-03-11 09:00 (Europe/Vienna)",
                       "venue": "Vienna"},
    E.REGISTRATION_CLOSING: {"title": "Forum", "organization": "Civil Forum",
                             "deadline_local": "2026-03-13 17:00 (UTC)"},
}

EXPECTED = {  # one phrase of each subject, in French and Spanish
    D.ACTION_DUE: ("échéance demain : Plan", "vence mañana: Plan"),
    D.ACTION_OVERDUE: ("Action de suivi en retard", "Acción de seguimiento atrasada"),
    D.REPORT_DUE: ("Rapport d’avancement attendu le 2026-03-16",
                   "Informe de avance previsto para el 2026-03-16"),
    D.REPORT_OVERDUE: ("Rapport d’avancement en retard", "Informe de avance atrasado"),
    D.RESPONSE_DUE: ("Réponse attendue aujourd’hui : RRT-1", "Respuesta que vence hoy: RRT-1"),
    D.RESPONSE_OVERDUE: ("Réponse en retard : RRT-1 (9 jours)",
                         "Respuesta atrasada: RRT-1 (9 días)"),
    D.RESPONSE_ESCALATION: ("Escalade : Ruritania n’a pas répondu à RRT-1",
                            "Escalamiento: Ruritania lleva 68 días sin responder"),
    E.EVENT_TOMORROW: ("Demain : Forum", "Mañana: Forum"),
    E.REGISTRATION_CLOSING: ("Clôture prochaine des inscriptions : Forum",
                             "La inscripción se cierra pronto: Forum"),
}


def test_every_reminder_kind_is_rendered_here():
    """Each kind the scans write has its e-mail's templates, checked below."""
    assert set(PAYLOADS) == set(EXPECTED) == {*DeadlineReminderKind, *EventReminderKind}


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_reminder_template_line_is_left_in_english(kind, language):
    user = UserFactory(full_name="Amina Diallo", language=language)
    note = Notification(recipient=user, category=Category.REMINDER, kind=kind,
                        url="/somewhere/1/", payload=PAYLOADS[kind])
    subject, text, _html = notification_render(note)
    user.language = "en"
    en_subject, en_text, _ = notification_render(note)
    assert subject != en_subject
    assert EXPECTED[kind][0 if language == "fr" else 1] in subject
    english_lines = {line.strip() for line in en_text.splitlines() if line.strip()}
    left = [line for line in text.splitlines() if line.strip() in english_lines]
    assert left == [], f"{kind}: untranslated lines {left}"
    assert "'" not in subject + text  # typographic apostrophes only


# --- The State is named in the recipient's language ------------------------------------


def _mail_to(mailoutbox, recipient, kind):
    note = Notification.objects.get(recipient=recipient, kind=kind)
    before = len(mailoutbox)
    assert notification_deliver(notification_id=note.pk) == "sent"
    [message] = mailoutbox[before:]
    return message


@pytest.mark.parametrize(
    "language, name",
    [("fr", "Allemagne"), ("ar", "ألمانيا"), ("ru", "Германия"), ("en", "Germany")],
)
def test_the_action_reminder_names_the_state_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks, language, name
):
    germany = PartyFactory(iso3="DEU", iso2="DE", name="Germany")
    focal = FocalPersonFactory(party=germany, user__language=language).user
    FollowUpAction.objects.create(
        party=germany, title="Referral plan", due_on=TODAY + dt.timedelta(days=6)
    )
    with translation.override("en"):
        reminders_scan_actions(today=TODAY)
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders_dispatch(now=LATER) == 1
    message = _mail_to(mailoutbox, focal, DeadlineReminderKind.ACTION_DUE)
    assert f"({name})" in message.body
    assert language == "en" or "Germany" not in message.body


def test_the_escalation_names_the_state_in_each_staff_members_language(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMINDER_ESCALATION_DAYS = 30
    germany = PartyFactory(iso3="DEU", iso2="DE", name="Germany")
    staff = UserFactory(is_unodc_staff=True, language="es")
    rec = RecommendationFactory(
        organization=OrganizationFactory(country=germany),
        party=germany,
        reference="DEU-2025-0001",
        response_due_on=TODAY - dt.timedelta(days=40),
    )
    with translation.override("fr"):  # whatever language the scan happens to run in
        reminders_scan_responses(today=TODAY)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch(now=LATER)
    message = _mail_to(mailoutbox, staff, DeadlineReminderKind.RESPONSE_ESCALATION)
    assert "Alemania" in message.subject and rec.reference in message.subject
    assert "Allemagne" not in message.body + message.subject
