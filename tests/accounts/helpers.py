"""Helpers shared by the accounts and organizations tests."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

PASSWORD = "correct horse battery staple"


def totp_code(secret: str) -> str:
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time()))
                                                    // 2]
    return format_hotp_value(hotp_value(secret, counter))


def mfa_enroll(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def verified_email(user) -> None:
    EmailAddress.objects.get_or_create(user=user, email=user.email,
                                       defaults={"verified": True, "primary": True})


def link_path(body: str, marker: str) -> str:
    """The path of the first absolute link in an e-mail body that contains marker."""
    for url in re.findall(r"https?://\S+", body):
        if marker in url:
            return urlparse(url).path
    raise AssertionError(f"no link with {marker!r} in:\n{body}")


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
