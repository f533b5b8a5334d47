"""The portal's cache backend: Django's Redis cache, answering like an empty cache while Redis
cannot be reached, so pages that only use the cache for rate limits keep working."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from time import monotonic, time
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Redis refused, dropped or did not answer in time. Other Redis errors (a wrong type, a bad
# command) are bugs and still raise.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# After a failure the backend answers from nothing for this long before trying Redis again:
# one login makes about a dozen cache calls, and against a host that drops packets each would
# otherwise wait for the connect timeout.
RETRY_AFTER_SECONDS = 10.0


class FailOpenRedisCache(RedisCache):
    """`RedisCache` whose every operation, while Redis is unreachable, behaves as on an empty
    cache in which nothing can be stored, and logs one warning per pause.

    What each operation answers then, and why it lets the request through:
    - `get` → the default, `get_many` → `{}`, `has_key`/`delete`/`touch` → False: a miss.
    - `add` → True: on an empty cache the key is added. allauth's rate limit takes a lock with
      `add` and would otherwise wait a second and refuse (429); our contact limiter proceeds.
    - `set` → None, `set_many` → every key (Django's "keys that failed"), `delete_many`/`clear`
      → nothing stored, nothing done.
    - `incr`/`decr` → ValueError, Django's "key not found"; the contact limiter then starts a
      new window at 1.

    So rate limits are not enforced while Redis is down: a warning is logged, the pages work.
    Nothing that needs a real lock may rely on this cache. Use short socket timeouts in
    OPTIONS (settings.CACHES), or a down host still holds each request for the default 5 s.
    State is per backend instance (Django keeps one per thread).
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._unreachable_until = 0.0

    def _fail_open(self, operation: str, call: Callable[[], T], fallback: Callable[[], T]) -> T:
        if monotonic() < self._unreachable_until:
            return fallback()
        try:
            return call()
        except UNREACHABLE as exc:
            self._unreachable_until = monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "Cache unreachable (%s on %s: %s): rate limits are not enforced; "
                "trying again in %s s.",
                type(exc).__name__,
                operation,
                exc,
                RETRY_AFTER_SECONDS,
            )
            return fallback()

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        base = super()
        return self._fail_open("add", lambda: base.add(key, value, timeout, version), lambda: True)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        base = super()
        return self._fail_open("get", lambda: base.get(key, default, version), lambda: default)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        base = super()
        return self._fail_open("set", lambda: base.set(key, value, timeout, version), lambda: None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        base = super()
        return self._fail_open("touch", lambda: base.touch(key, timeout, version), lambda: False)

    def delete(self, key: Any, version: Any = None) -> bool:
        base = super()
        return self._fail_open("delete", lambda: base.delete(key, version), lambda: False)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        base = super()
        return self._fail_open("get_many", lambda: base.get_many(keys, version), dict)

    def has_key(self, key: Any, version: Any = None) -> bool:
        base = super()
        return self._fail_open("has_key", lambda: base.has_key(key, version), lambda: False)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        base = super()

        def missing() -> int:
            raise ValueError(f"Key '{key}' not found (cache unreachable)")

        return self._fail_open("incr", lambda: base.incr(key, delta, version), missing)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        base = super()
        return self._fail_open(
            "set_many",
            lambda: base.set_many(data, timeout, version),
            lambda: list(data),
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        base = super()
        return self._fail_open("delete_many", lambda: base.delete_many(keys, version), lambda: None)

    def clear(self) -> bool:
        base = super()
        return self._fail_open("clear", lambda: base.clear(), lambda: False)


def content_version(name: str) -> int:
    """A number that changes whenever the content `name` ("events", "announcements") changes:
    part of the key of the pages cached with {% cache %}, so an edit shows at once. It starts
    from the clock, so a version lost with the cache (or never stored, Redis down) never meets
    an older page. Returns the version; raises nothing."""
    from django.core.cache import cache  # the configured cache, not this module's class

    key = f"content-version:{name}"
    version = cache.get(key)
    if version is None:
        version = int(time())
        cache.add(key, version, timeout=None)
    return version


def content_changed(name: str) -> None:
    """Make the cached pages of the content `name` stale (see content_version). A receiver of
    post_save / post_delete can call it; with no version stored there is nothing to forget."""
    from django.core.cache import cache

    with suppress(ValueError):  # no version yet, or the cache is down
        cache.incr(f"content-version:{name}")
