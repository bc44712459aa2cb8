"""The rows of the recommendation list, written in Python rather than through the
template engine (which spent about a third of a list page's time on its twenty rows):
the same HTML as the template they replace, the filer named through the same policy
(``tests/recommendations/test_list_rows.py`` compares the two)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from recommendations.policies import filer_display_for
from recommendations.selectors.translations import reader_language, shown_row_title

register = template.Library()
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # the template's date:'Y-m-d\TH:i:sO'


@register.simple_tag
def status_badges(rec) -> SafeString:
    """The status of a recommendation and, once answered, the position
    (``recommendations/_status.html`` on the other pages)."""
    html = f'<span class="badge tag--{esc(rec.status)}">{esc(rec.get_status_display())}</span>'
    if rec.position:
        html += (
            f' <span class="badge tag--{esc(rec.position)}">'
            f"{esc(rec.get_position_display())}</span>"
        )
    return mark_safe(html)


def _meta(rec) -> str:
    """The line under the title: reference, instruments, themes, submission date."""
    parts = [f"<bdi>{esc(rec.reference)}</bdi>" if rec.reference else esc(gettext("Draft"))]
    parts += [f" · {esc(instrument.code.upper())}" for instrument in rec.row_instruments]
    parts += [f" · <bdi>{esc(theme)}</bdi>" for theme in rec.row_themes]
    if rec.submitted_at:
        at = template_localtime(rec.submitted_at)
        machine = at.strftime(ISO_FORMAT)
        parts.append(
            f' · <time datetime="{esc(machine)}">'
            f"{esc(formats.date_format(at, 'SHORT_DATE_FORMAT'))}</time>"
        )
    return "".join(parts)


@register.simple_tag(takes_context=True)
def recommendation_row(context, rec) -> SafeString:
    """One ``<tr>`` of the list for the reader of the page (a row of
    ``selectors.recommendations.recommendation_rows``: its instruments and themes
    prefetched, ``endorsement_count`` and ``row_translated_title``, the title of its
    translation into the reader's language, annotated)."""
    request = context.get("request")
    reader = getattr(request, "user", None) or context.get("user")
    title, shown_language, is_translation = shown_row_title(
        rec, language=reader_language(), translated=rec.row_translated_title)
    translation = (
        f' <span class="hint-inline">({esc(gettext("translation"))})</span>'
        if is_translation
        else ""
    )
    url = reverse("recommendations:detail", args=[rec.pk])
    return mark_safe(
        "<tr>\n"
        f'      <th scope="row"><a href="{esc(url)}" lang="{esc(shown_language)}" dir="auto">'
        f"{esc(title)}</a>{translation}<br>\n"
        f'        <span class="hint-inline">{_meta(rec)}</span></th>\n'
        f"      <td>{esc(rec.party.local_name)}</td>\n"
        f'      <td dir="auto">{esc(filer_display_for(reader, rec))}</td>\n'
        f"      <td>{status_badges(rec)}</td>\n"
        f'      <td class="num">{esc(formats.localize(rec.endorsement_count))}</td>\n'
        "    </tr>"
    )
