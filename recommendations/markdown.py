"""Plain text or Markdown to safe HTML: Markdown renders, then nh3 keeps only a small
set of tags and attributes (no scripts, styles, event handlers or images)."""

from __future__ import annotations

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
        "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["sane_lists", "tables"],
                       output_format="html")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"},
                      link_rel="nofollow noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
