"""Hourly allowances kept in Django's cache: how many times one person may do a costly thing."""

from __future__ import annotations

from django.core.cache import cache

HOUR = 60 * 60


def consume(key: str, *, limit: int, window_seconds: int = HOUR) -> bool:
    """Count one use of `key`; return True while the uses in the window are at most `limit`.

    A fixed window that starts with the first use and lasts `window_seconds`. `add` then `incr`
    is atomic on Redis, so parallel requests cannot both take the last use. Refused uses are
    counted too, which keeps a flood refused without extending the window.

    `key` names the action and the person (for example "cv-upload:user:42"); it must hold no
    personal data in clear. While Redis is unreachable, jetcareer.cache.FailOpenRedisCache
    answers `incr` with ValueError, so every use counts as the first: the allowance protects
    the site, it is not a permission.
    """
    cache.add(key, 0, timeout=window_seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr (or no cache): a new window starts
        cache.set(key, 1, timeout=window_seconds)
        used = 1
    return used <= limit
