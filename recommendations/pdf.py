"""The country report as a PDF in the reader's language.

Rendered by WeasyPrint from the same template body as the printable page: Pango and
HarfBuzz shape the text, so Arabic is joined and laid out right to left, and Chinese
gets a CJK font. The fonts are the Noto families of Debian's fonts-noto-core and
fonts-noto-cjk packages, found through fontconfig at run time (`make run` installs
them where missing). Without them the PDF is still produced with whatever fonts the
machine has, and a warning says which package to install.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess

from django.template.loader import render_to_string
from django.utils import translation

from portal.core import content_language

logger = logging.getLogger(__name__)
# WeasyPrint logs every rendering step at INFO: only its warnings belong in our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# family -> the Debian package that ships it
FONTS = {
    "Noto Sans": "fonts-noto-core",
    "Noto Naskh Arabic": "fonts-noto-core",
    "Noto Sans CJK SC": "fonts-noto-cjk",
}
# The first family that has a script's glyphs wins: the report's own script first.
_FAMILIES = {
    "ar": ["Noto Naskh Arabic", "Noto Sans", "Noto Sans CJK SC"],
    "zh-hans": ["Noto Sans CJK SC", "Noto Sans", "Noto Naskh Arabic"],
}
_DEFAULT_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans CJK SC"]


def font_stack(language: str) -> str:
    families = _FAMILIES.get(language, _DEFAULT_FAMILIES)
    return ", ".join(f'"{f}"' for f in families) + ', "DejaVu Sans", sans-serif'


@functools.lru_cache(maxsize=1)
def missing_fonts() -> tuple[str, ...]:
    """The Noto families fontconfig cannot find (all of them without fontconfig)."""
    if shutil.which("fc-list") is None:
        return tuple(FONTS)
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return tuple(FONTS)
    installed = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return tuple(f for f in FONTS if f not in installed)


def fonts_advice() -> str:
    """A sentence for the log (and the system check) when fonts are missing, else ""."""
    missing = missing_fonts()
    if not missing:
        return ""
    packages = " ".join(sorted({FONTS[f] for f in missing}))
    return (
        f"PDF reports: the fonts {', '.join(missing)} were not found, so Arabic or "
        f"Chinese text may show as boxes. Install them with "
        f"`apt-get install -y {packages}` (make run does)."
    )


def country_report_pdf(profile, *, user) -> bytes:
    """The State's treaty status, recommendations, answers and progress as a PDF, in the
    active language (title, headings and metadata), user content marked with its own.
    ``user`` is the reader: names they may not see stay unnamed, as on the page."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango is missing: say what to install, not only the dlopen error
        raise RuntimeError(
            "PDF reports need Pango: `apt-get install -y libpango-1.0-0 libpangoft2-1.0-0` "
            f"(make run does). {exc}"
        ) from exc

    language = content_language.active()
    advice = fonts_advice()
    if advice:
        logger.warning(advice)
    html = render_to_string(
        "recommendations/states/report_pdf.html",
        {
            "profile": profile,
            "party": profile.party,
            "user": user,
            "font_stack": font_stack(language),
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "report_language": language,
        },
    )
    return HTML(string=html, base_url=None).write_pdf()
