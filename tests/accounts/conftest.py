import pytest

from tests.accounts.helpers import FAST_HASHERS


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with production's work factor costs a second per user on this machine."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
