"""Missing or invalid configuration: one line naming the variable or flag, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from helpdesk_empathy.cli.checks import unknown_variable_warnings
from helpdesk_empathy.cli.serve import default_bind
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread

BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "helpdesk_empathy.cli", *args],
        env={**BASE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_clean_error(result, *names: str, one_line: bool = True) -> str:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    error_lines = [line for line in lines if not line.startswith("warning:")]
    if one_line:
        assert len(error_lines) == 1, result.stderr
    message = "\n".join(error_lines)
    for name in names:
        assert name in message, message
    return message


WEB = {"HELPDESK_EMPATHY_ALLOW_TEST_SECRET": "true"}
ZENDESK = {
    "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme",
    "HELPDESK_EMPATHY_ZENDESK_EMAIL": "bot@acme.test",
    "HELPDESK_EMPATHY_ZENDESK_API_TOKEN": "t",
}


def test_serve_without_redis_names_the_variable():
    assert_clean_error(cli("serve", env=WEB), "HELPDESK_EMPATHY_REDIS_URL")


def test_serve_without_a_signing_secret_names_it():
    assert_clean_error(cli("serve"), "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET")


def test_serve_with_unreachable_redis_says_so():
    line = assert_clean_error(
        cli("serve", env={**WEB, "REDIS_URL": "redis://127.0.0.1:1/0"}),
        "HELPDESK_EMPATHY_REDIS_URL",
    )
    assert "cannot reach Redis at 127.0.0.1:1" in line


@pytest.mark.parametrize("url", ["localhost:6379", "redis://host:port/0", "http://x/0"])
def test_malformed_redis_url_names_the_variable(url):
    line = assert_clean_error(
        cli("worker", env={**ZENDESK, "REDIS_URL": url}), "HELPDESK_EMPATHY_REDIS_URL"
    )
    assert "malformed" in line and "redis://" in line


def test_worker_with_nothing_set_names_the_variable():
    assert_clean_error(cli("worker"), "HELPDESK_EMPATHY_REDIS_URL")


def test_worker_without_a_helpdesk_names_the_variables(redis_server):
    assert_clean_error(
        cli("worker", env={"REDIS_URL": redis_server.url}), "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN"
    )


def test_serve_validates_the_rules_file(redis_server, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("escalation:\n  min_frustration: lots\n")
    env = {**WEB, "REDIS_URL": redis_server.url, "HELPDESK_EMPATHY_RULES_PATH": str(rules)}
    # The rules file's own report: one line per mistake, each with its file, line and field.
    line = assert_clean_error(cli("serve", env=env), str(rules), one_line=False)
    assert "min_frustration" in line


def test_a_number_variable_with_text_is_named():
    assert_clean_error(
        cli("worker", env={"HELPDESK_EMPATHY_JOB_RETRIES": "many"}), "HELPDESK_EMPATHY_JOB_RETRIES"
    )


def test_install_without_a_subdomain_names_the_flag_and_the_variable():
    result = cli("install", "--url", "https://x.example.com/webhooks/zendesk")
    assert_clean_error(result, "--subdomain", "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN")


def test_uninstall_without_credentials_names_the_flags():
    result = cli("uninstall", env={"HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme"})
    assert_clean_error(result, "--token", "HELPDESK_EMPATHY_ZENDESK_API_TOKEN")


def test_backfill_with_nothing_set_names_the_variable():
    assert_clean_error(cli("backfill"), "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN")


def test_backfill_with_a_bad_since_names_the_flag(redis_server):
    result = cli(
        "backfill", "--since", "last tuesday", env={**ZENDESK, "REDIS_URL": redis_server.url}
    )
    assert_clean_error(result, "--since")


def test_backfill_refused_credentials_says_check_the_token(redis_server):
    url, stub, stop = run_stub_in_thread()
    try:
        requests.post(f"{url}/_stub/fail", json={"status": 401, "count": 50}, timeout=5)
        env = {**ZENDESK, "REDIS_URL": redis_server.url, "HELPDESK_EMPATHY_ZENDESK_BASE_URL": url}
        result = cli("backfill", "--since", "2d", env=env)
    finally:
        stop()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "check the token" in result.stderr
    assert "run again" not in result.stderr


def test_unknown_variable_warns_with_the_closest_name():
    result = cli("score", env={"HELPDESK_EMPATHY_ADMN_TOKEN": "x"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "HELPDESK_EMPATHY_ADMN_TOKEN" in result.stderr
    assert "did you mean HELPDESK_EMPATHY_ADMIN_TOKEN?" in result.stderr


def test_unknown_variable_warnings_are_pure_and_exact():
    known = ["HELPDESK_EMPATHY_REDIS_URL", "HELPDESK_EMPATHY_LOG_JSON"]
    env = {
        "HELPDESK_EMPATHY_REDIS_ULR": "",
        "HELPDESK_EMPATHY_FOO": "",
        "OTHER_X": "",
        **dict.fromkeys(known, ""),
    }
    assert unknown_variable_warnings(env, known) == [
        "warning: unknown variable HELPDESK_EMPATHY_FOO; it is ignored",
        "warning: unknown variable HELPDESK_EMPATHY_REDIS_ULR; did you mean "
        "HELPDESK_EMPATHY_REDIS_URL?",
    ]


def test_version():
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("helpdesk-empathy 0.")


@pytest.mark.parametrize(
    ("environ", "bind"),
    [
        ({}, "0.0.0.0:8000"),
        ({"PORT": "5000"}, "0.0.0.0:5000"),
        ({"PORT": "5000", "BIND": "127.0.0.1:9000"}, "127.0.0.1:9000"),
        ({"PORT": "5000", "HELPDESK_EMPATHY_BIND": "[::]:7000"}, "[::]:7000"),
    ],
)
def test_serve_binds_to_port_when_bind_is_not_given(environ, bind):
    assert default_bind(environ) == bind


ROOT = Path(__file__).resolve().parents[2]


def test_procfile_worker_with_nothing_set_is_one_clean_line():
    result = subprocess.run(
        [sys.executable, "worker.py"], cwd=ROOT, env=BASE_ENV, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert_clean_error(result, "HELPDESK_EMPATHY_REDIS_URL")


def test_gunicorn_on_wsgi_stops_with_one_clean_line():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "wsgi:app"],
        cwd=ROOT, env={**BASE_ENV, **WEB}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "configuration error: HELPDESK_EMPATHY_REDIS_URL" in result.stderr
    assert "App failed to load" in result.stderr


def test_dev_on_a_busy_port_names_the_flag():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("dev", "--port", str(busy.getsockname()[1]))
    assert_clean_error(result, "--port")
