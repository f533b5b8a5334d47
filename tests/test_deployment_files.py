"""The Dockerfile and docker-compose.yml are valid and run the portal the way production does."""

from __future__ import annotations

import copy
import json
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
APP_SERVICES = ("web", "worker", "beat")


def validate_compose(path: Path) -> subprocess.CompletedProcess[str]:
    """Validate against the compose-spec schema vendored in check-jsonschema (no network)."""
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def words(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else command


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    lines = DOCKERFILE.read_text().replace("\\\n", " ").splitlines()
    pairs = [line.strip().partition(" ") for line in lines]
    return [(key.upper(), args.strip()) for key, _, args in pairs if key and key[0] != "#"]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return YAML(typ="safe").load(COMPOSE.read_text())


def test_compose_file_matches_the_compose_spec_schema() -> None:
    result = validate_compose(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def bad_ports(data: dict[str, Any]) -> None:
    data["services"]["web"]["ports"] = "not-a-list"


def unknown_top_level_key(data: dict[str, Any]) -> None:
    data["deployment"] = {"replicas": 2}


@pytest.mark.parametrize("break_it", [bad_ports, unknown_top_level_key])
def test_schema_check_rejects_a_broken_compose_file(
    compose: dict[str, Any], break_it: Callable[[dict[str, Any]], None], tmp_path: Path
) -> None:
    broken = copy.deepcopy(compose)
    break_it(broken)
    path = tmp_path / "docker-compose.yml"
    with path.open("w") as stream:
        YAML(typ="safe").dump(broken, stream)
    result = validate_compose(path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Schema validation errors" in result.stdout


def test_compose_defines_database_cache_migration_web_worker_and_beat(
    compose: dict[str, Any],
) -> None:
    assert {"postgres", "redis", "migrate", *APP_SERVICES} <= set(compose["services"])
    assert "version" not in compose


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_take_database_redis_and_secret_key_from_the_environment(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    env = service["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required, never defaulted
    assert env["DEBUG"] == "false"
    assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_migrate_runs_once_before_the_app_services(compose: dict[str, Any]) -> None:
    migrate = compose["services"]["migrate"]
    assert words(migrate["command"])[:3] == ["python", "manage.py", "migrate"]
    assert migrate["restart"] == "no"


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_run_celery_for_the_jetcareer_app(
    compose: dict[str, Any], name: str
) -> None:
    assert words(compose["services"][name]["command"])[:4] == ["celery", "-A", "jetcareer", name]


def test_dockerfile_runs_as_a_non_root_user() -> None:
    users = [args for key, args in dockerfile_instructions() if key == "USER"]
    assert users, "the Dockerfile never switches away from root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_compiles_messages_and_collects_static_files() -> None:
    runs = " ".join(args for key, args in dockerfile_instructions() if key == "RUN")
    assert "manage.py compilemessages" in runs
    assert "manage.py collectstatic --noinput" in runs


def test_dockerfile_starts_gunicorn_with_the_jetcareer_wsgi_application() -> None:
    commands = [args for key, args in dockerfile_instructions() if key in {"CMD", "ENTRYPOINT"}]
    assert commands
    last = commands[-1]
    argv = json.loads(last) if last.startswith("[") else shlex.split(last)
    assert argv[0] == "gunicorn"
    assert "jetcareer.wsgi:application" in argv
