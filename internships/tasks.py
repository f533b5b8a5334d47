"""Celery tasks of the internships: thin wrappers that only call the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def run_matching_task(self, run_id: int) -> str:
    """Idempotent (same input and seed, same result; a finished run is not redone), so it is
    acknowledged late and retried when a worker dies mid-run."""
    try:
        run = services.run_matching(run_id=run_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.mark_failed(run_id=run_id, error=repr(exc))
            raise
        raise self.retry(exc=exc) from exc
    return run.state


@shared_task(acks_late=True)
def lapse_unanswered_offers() -> int:
    """Beat task: offers unanswered at their programme's response deadline lapse and their
    places are free for the next round (services.lapse_unanswered_offers, idempotent, so a
    redelivered or overlapping run does nothing twice). Returns the number lapsed."""
    return services.lapse_unanswered_offers()
