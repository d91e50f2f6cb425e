"""docker-compose.yml without Docker (no daemon and no image registry on this machine): its shape is
checked, and its app and worker health checks are run as written against the same commands the
services run (gunicorn with the compose file's arguments, `manage.py rqworker default`) started
here, so a health check that could never pass, or never fail, is caught."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _health(service: str, env: dict[str, str], *, port: int | None = None) -> int:
    """Run the service's health check command here (python is this interpreter)."""
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = [sys.executable if test[1] == "python" else test[1], *test[2:]]
    if port is not None:
        command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command]
    return subprocess.run(command, env=env, capture_output=True, timeout=30, check=False).returncode


def _until_healthy(service: str, env: dict[str, str], *, port: int | None = None, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while (code := _health(service, env, port=port)) != 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    return code


def _environment(tmp_path: Path) -> dict[str, str]:
    """The services' environment from the compose file, with this machine's database and Redis."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        SECRET_KEY="compose-test-" + "x" * 40,
        DEBUG="0",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="1",
        SESSION_COOKIE_SECURE="1",
        CSRF_COOKIE_SECURE="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'compose.sqlite3'}",
        REDIS_URL=REDIS_URL,
    )
    return env


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def test_the_compose_file_runs_app_servers_and_workers_that_share_only_postgres_and_redis():
    assert set(SERVICES) == {"db", "redis", "migrate", "app", "worker"}
    for name in ("db", "redis", "app", "worker"):
        assert SERVICES[name]["healthcheck"]["test"], f"{name} has no health check"
    app, worker = SERVICES["app"], SERVICES["worker"]
    assert app["command"][:2] == ["gunicorn", "factcheck.wsgi:application"]
    assert app["command"][app["command"].index("--timeout") + 1] == "30"
    assert worker["command"] == ["python", "manage.py", "jobs_worker"]  # it lowers its own priority
    for service in (app, worker):
        assert service["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/factcheck")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert "volumes" not in service  # nothing on local disk: results and uploads live in PostgreSQL
    assert SERVICES["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_the_app_health_check_passes_on_gunicorn_and_fails_without_it(tmp_path):
    env = _environment(tmp_path)
    port = _free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), *SERVICES["app"]["command"][1:]]
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "1"
    server = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert _until_healthy("app", env, port=port) == 0
    finally:
        _stop(server)
    assert _health("app", env, port=port) != 0


@pytest.mark.skipif(not _redis_up(), reason=f"no Redis at {REDIS_URL}")
def test_the_worker_health_check_passes_while_the_rq_worker_runs_and_fails_after(tmp_path):
    env = _environment(tmp_path)
    if _health("worker", env) == 0:
        pytest.skip("another RQ worker of this host is registered in that Redis")
    command = SERVICES["worker"]["command"]
    worker = subprocess.Popen(  # noqa: S603
        [*command[: command.index("python")], sys.executable, *command[command.index("python") + 1 :]],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _until_healthy("worker", env) == 0
    finally:
        _stop(worker)
    assert _health("worker", env) != 0
