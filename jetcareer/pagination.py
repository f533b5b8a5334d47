"""Pages of long lists: the public lists' helpers and the admin's paginator with an estimated
count, so no list costs more when the tables hold ten times the rows (issue #14)."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


def page_of(
    request: HttpRequest, items: Any, per_page: int, param: str = "page", cap: int | None = None
) -> Page:
    """The page of `items` the request asks for (`?page=`), the first for a missing or bad
    number and the last beyond the end. Costs a count and one page of rows. With `cap`, the
    pages cover the first `cap` items only and the count reads at most `cap` + 1 rows
    (CappedCountPaginator: `page.paginator.capped` says there are more)."""
    if cap is not None:
        return CappedCountPaginator(items, per_page, cap=cap).get_page(request.GET.get(param))
    return Paginator(items, per_page).get_page(request.GET.get(param))


class CappedCountPaginator(Paginator):
    """Pages through the first `cap` items of a list that can hold many thousands (a national
    fair's résumé book), counting at most `cap` + 1 of them (a count over `LIMIT cap + 1`): the
    count costs the same however long the list is, where COUNT(*) read every row (issue #14).
    `count` is then at most `cap`; `capped` is True when there are more, for the page to say so
    (and to offer the filters and the download of the whole list)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def found(self) -> int:
        """How many items there are, up to `cap` + 1."""
        head = self.object_list[: self.cap + 1]
        return head.count() if isinstance(head, QuerySet) else len(head)

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap


def page_query(request: HttpRequest, param: str = "page") -> str:
    """The request's other query parameters (filters), ready to precede `page=N` in a link of
    templates/includes/pagination.html: "industry=it&" or ""."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode() + "&" if query else ""


def estimated_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows `queryset` returns, without reading them: the
    table's row estimate (pg_class.reltuples, kept by ANALYZE) when nothing filters it, else the
    planner's estimate for the query. None on other databases or before the table was ever
    analysed."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    if not queryset.query.where:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] >= 0 else None
    # Django answers "" without asking the database for a query it knows is empty (a filter
    # on an id past the column's range): nothing to estimate, count exactly.
    explained = queryset.order_by().explain(format="json")
    if not explained:
        return None
    plan = json.loads(explained)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator for admin lists of hundreds of thousands of rows: below EXACT_BELOW rows
    (by PostgreSQL's estimate) it counts them, above it takes the estimate, which costs the same
    at any size while COUNT(*) reads every row. The number of pages may then be a little off;
    the admin shows the estimate as the total. Use with `show_full_result_count = False`, or
    the admin counts the whole table once more."""

    EXACT_BELOW = 20_000

    @cached_property
    def count(self) -> int:
        estimate = None
        if isinstance(self.object_list, QuerySet):
            estimate = estimated_count(self.object_list)
        if estimate is None or estimate < self.EXACT_BELOW:
            return super().count
        return estimate


class EstimatedCountAdminMixin:
    """ModelAdmin settings for a changelist over a large table: the estimated count above, and
    no second count of the whole table ("N results (M total)")."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
