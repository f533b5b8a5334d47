"""The fuzz walk uses the permission matrix's World: its users, objects and URLs."""

import pytest

from tests.permissions.test_matrix import world  # noqa: F401 - the fixture, reused


@pytest.fixture(autouse=True)
def own_cache(settings) -> None:
    """The walk sends the contact form, CV uploads and logins thousands of times from one
    address: its rate-limit counts stay in a cache of its own, not in the Redis the later tests
    share (they would find the allowance of 127.0.0.1 used up)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fuzz"}
    }
