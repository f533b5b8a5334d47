"""`make run` migrates a fresh SQLite database: every migration must work there too, not only
on PostgreSQL where the suite runs (a rebuilt SQLite table once broke on the count triggers)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIGGERS = {
    "events_event_calendar_sequence",
    "events_registration_is_jet",
    "events_registration_counts_insert",
    "events_registration_counts_update",
    "events_registration_counts_delete",
}


def manage(env: dict[str, str], *command: str) -> None:
    """Run `manage.py <command>` as `make run` does, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_every_migration_runs_on_a_fresh_sqlite_database_and_keeps_the_triggers(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    manage(env, "migrate", "--noinput", "-v0")
    with sqlite3.connect(database) as connection:
        names = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert names >= TRIGGERS

    # `make run` then loads the demo: every registration passes the count triggers, whichever
    # of them SQLite fires first (it failed with "CHECK constraint failed: confirmed_count").
    manage(env, "load_demo")
    with sqlite3.connect(database) as connection:
        stored, counted = (
            connection.execute(
                """SELECT sum(confirmed_count), sum(jet_confirmed_count) FROM events_event"""
            ).fetchone(),
            connection.execute(
                "SELECT count(*), sum(is_jet) FROM events_registration WHERE status = 'confirmed'"
            ).fetchone(),
        )
    assert stored == counted
    assert counted[0] > 2000  # the published fairs' stand-in registrants
