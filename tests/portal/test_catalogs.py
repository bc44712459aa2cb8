"""The five translated catalogs are complete, and no template text escapes translation.

The catalogs are read with Python's own parser (portal/core/po.py). Whether they hold
every message of the code is checked by extracting the messages as ``make messages``
does, which needs GNU gettext (skipped without it, except under CI). After new strings
appear, run ``make messages`` and translate what it names.
"""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from portal.core import catalogs
from portal.core.po import read_po
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = catalogs.LANGUAGES
DOMAINS = list(catalogs.DOMAINS)

# Proper nouns and acronyms that read the same in every language (the API token prefix
# "untoc_" is one).
ALLOWED = {"UNTOC", "UNODC", "ECOSOC", "API", "ReDoc", "Swagger", "CSV", "PDF", "JSON", "untoc"}
PYTHON_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
TEMPLATE_PLACEHOLDER = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\{\d*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def catalog_params() -> list:
    return [pytest.param(code, ROOT / "locale" / code / "LC_MESSAGES" / f"{domain}.po",
                         id=f"{code}-{domain}")
            for code in LANGUAGES for domain in DOMAINS]


def _placeholders(text: str) -> list[str]:
    python = sorted(m for m in PYTHON_PLACEHOLDER.findall(text) if m != "%%")
    return python + sorted(TEMPLATE_PLACEHOLDER.findall(text))


def _tags(text: str) -> list[str]:
    return sorted(re.sub(r"\s+", " ", t) for t in TAG.findall(text))


@pytest.mark.parametrize(("code", "path"), catalog_params())
def test_every_message_is_translated(code, path):
    assert path.exists(), f"{path} is missing: run makemessages for {code}"
    header, messages = read_po(path)
    nplurals = int(re.search(r"nplurals=(\d+)", header["Plural-Forms"])[1])
    assert nplurals == LANGUAGES[code], header["Plural-Forms"]
    problems = []
    for m in messages:
        if m.obsolete:
            continue
        label = f"{m.msgid!r}" + (f" (context {m.msgctxt!r})" if m.msgctxt else "")
        if "fuzzy" in m.flags:
            problems.append(f"fuzzy: {label}")
        forms = m.msgstr_plural if m.msgid_plural is not None else {0: m.msgstr}
        if m.msgid_plural is not None and sorted(forms) != list(range(nplurals)):
            problems.append(f"{len(forms)} plural forms instead of {nplurals}: {label}")
        if any(not text.strip() for text in forms.values()):
            problems.append(f"empty: {label}")
            continue
        sources = [m.msgid] + ([m.msgid_plural] if m.msgid_plural is not None else [])
        # Every form keeps the placeholders exactly: none invented, none lost. (A plural
        # form may use a subset, e.g. an Arabic dual, as long as the forms together keep
        # them all.)
        want = {p for source in sources for p in _placeholders(source)}
        got = [set(_placeholders(text)) for text in forms.values()]
        if m.msgid_plural is None:
            if _placeholders(m.msgstr) != _placeholders(m.msgid):
                problems.append(f"placeholders {_placeholders(m.msgstr)}: {label}")
        elif any(not g <= want for g in got) or set().union(*got) != want:
            problems.append(f"placeholders {got} vs {want}: {label}")
        for text in forms.values():
            if _tags(text) != _tags(m.msgid):
                problems.append(f"HTML tags {_tags(text)} vs {_tags(m.msgid)}: {label}")
    assert not problems, f"{len(problems)} problems in {path}:\n" + "\n".join(problems[:50])


@pytest.fixture(scope="module")
def extracted():
    if not catalogs.gettext_available():
        message = "GNU gettext is needed to extract the messages (apt-get install gettext)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from portal.core.management.commands.catalogs import extracted_messages

    return {domain: extracted_messages(domain) for domain in DOMAINS}


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogs_hold_every_message_of_the_code(extracted, domain):
    """A text added to a template or to Python code and not extracted fails here, as
    does a catalog entry whose text the code no longer has: run `make messages`."""
    assert len(extracted[domain]) > (1000 if domain == "django" else 0)
    problems = {}
    for code in LANGUAGES:
        report = catalogs.compare(ROOT / "locale" / code / "LC_MESSAGES" / f"{domain}.po",
                                  extracted[domain])
        if report.not_extracted or report.stale:
            problems[code] = {"not extracted": report.not_extracted[:20],
                              "no longer in the code": report.stale[:20]}
    assert not problems, problems


def test_the_extraction_check_names_a_missing_message(extracted, tmp_path):
    path = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    report = catalogs.compare(path, extracted["django"] | {(None, "A text nobody translated")})
    assert report.not_extracted == ["'A text nobody translated'"] and report.stale == []
    copy = tmp_path / "django.po"
    copy.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Accepter"', 'msgstr ""', 1) + '\n#, fuzzy\nmsgid "Late"\nmsgstr "Tard"\n',
        encoding="utf-8")
    report = catalogs.compare(copy, extracted["django"])
    assert report.untranslated == ["empty: 'Accept'", "fuzzy: 'Late'"]
    assert report.stale == ["'Late'"]


@pytest.mark.parametrize(("code", "path"), catalog_params())
def test_the_compiled_catalog_matches_its_source(code, path):
    """The .mo files are committed with the .po files: a .po edited without
    compilemessages would leave pages in the old wording."""
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    _header, messages = read_po(path)
    stale = []
    for m in messages:
        if m.obsolete or "fuzzy" in m.flags:
            continue
        key = m.msgid if m.msgctxt is None else f"{m.msgctxt}\x04{m.msgid}"
        if m.msgid_plural is None:
            if compiled._catalog.get(key) != m.msgstr:
                stale.append(m.msgid)
        elif any(compiled._catalog.get((key, i)) != text
                 for i, text in m.msgstr_plural.items()):
            stale.append(m.msgid)
    assert not stale, f"{len(stale)} messages differ in {mo}, e.g. {stale[:5]}"


# --- Template text outside {% translate %} -------------------------------------------

HOLE = "\x00"  # a template variable or tag: not text
WORD = re.compile(r"[^\W\d_]{2,}")


def _text_outside_translation(source: str) -> str:
    """The template with every variable and tag replaced by HOLE, and blocktranslate,
    comment and verbatim blocks dropped: what remains is literal text."""
    out, skip = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skip:
                if name == skip:
                    skip = None
                continue
            if name in {"blocktranslate", "blocktrans"}:
                skip = "end" + name
            elif name in {"comment", "verbatim"}:
                skip = "end" + name
            out.append(HOLE)
        elif token.token_type == TokenType.TEXT and not skip:
            out.append(token.contents)
        elif token.token_type == TokenType.VAR and not skip:
            out.append(HOLE)
    return "".join(out)


def _untranslated_words(text: str) -> list[str]:
    words = [w for w in WORD.findall(text) if w not in ALLOWED]
    return [text.strip()] if words else []


RAW = re.compile(r"<(script|style|pre|code)\b.*?</\1>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)
# A tag, even one whose name or attributes come from template tags (HOLE).
HTML_TAG = re.compile(r"</?[A-Za-z\x00][^<>]*>")
ATTRIBUTE = re.compile(
    r"""(?:^|\s)(aria-label|title|alt|placeholder)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _untranslated_in_html(text: str) -> list[str]:
    """Literal words in text nodes and in translated attributes (aria-label, title, ...);
    scripts, styles and code samples are not prose."""
    text = RAW.sub(" ", text)
    found = []
    for tag in HTML_TAG.findall(text):
        for _name, double, single in ATTRIBUTE.findall(tag):
            found += _untranslated_words((double or single).replace(HOLE, " "))
    prose = html.unescape(HTML_TAG.sub(" ", text)).replace(HOLE, " ")
    for line in prose.splitlines():
        found += _untranslated_words(line)
    return found


def template_files():
    return sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt"})


def test_no_template_text_escapes_translation():
    problems = {}
    for path in template_files():
        text = _text_outside_translation(path.read_text(encoding="utf-8"))
        if path.suffix == ".txt":
            found = [w for line in text.replace(HOLE, " ").splitlines()
                     for w in _untranslated_words(line)]
        else:
            found = _untranslated_in_html(text)
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert not problems, problems


def test_the_template_check_finds_literal_text():
    template = ('{% load i18n %}<h1 title="Details">{% translate "Title" %}</h1>\n'
                '<p>Hello {{ name }}</p>{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}'
                '<{% if a %}a{% else %}button{% endif %} class="x">{{ y }}</a>\n'
                '<p aria-label="{% translate \'Main\' %}">UNODC · {{ z }}</p>'
                '{# A comment #}<script>var not_prose = 1;</script>')
    found = _untranslated_in_html(_text_outside_translation(template))
    assert found == ["Details", "Hello"]
