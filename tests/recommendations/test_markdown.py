from recommendations.markdown import render_markdown


def test_markdown_is_rendered_and_sanitized():
    html = render_markdown("**Bold** and [link](https://example.org)\n\n<script>alert(1)</script>"
                           "\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(1))")
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="nofollow' in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html


def test_plain_text_stays_readable():
    assert render_markdown("Line one\n\nLine two") == "<p>Line one</p>\n<p>Line two</p>"
    assert render_markdown("") == ""
