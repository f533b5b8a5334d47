"""The fuzz walk uses the permission matrix's World: its users, objects and URLs."""

from tests.permissions.test_matrix import world  # noqa: F401 - the fixture, reused
