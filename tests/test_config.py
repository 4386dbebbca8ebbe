"""Settings from the environment, validated at start with errors that name the variable."""

import pytest

from helpdesk_empathy.app import create_app
from helpdesk_empathy.config import from_env, validate_for_worker
from helpdesk_empathy.errors import ConfigError


def test_reads_prefixed_variables_and_converts_types():
    settings = from_env(
        {
            "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme",
            "HELPDESK_EMPATHY_REPLAY_WINDOW_SECONDS": "120",
            "HELPDESK_EMPATHY_ALLOW_TEST_SECRET": "yes",
            "HELPDESK_EMPATHY_HTTP_TIMEOUT_SECONDS": "2.5",
            "REDIS_URL": "redis://example:6379/1",
        }
    )
    assert settings.zendesk_url == "https://acme.zendesk.com"
    assert settings.replay_window_seconds == 120
    assert settings.allow_test_secret is True
    assert settings.http_timeout_seconds == 2.5
    assert settings.redis_url == "redis://example:6379/1"


def test_base_url_overrides_subdomain():
    settings = from_env({"HELPDESK_EMPATHY_ZENDESK_BASE_URL": "http://127.0.0.1:9/"})
    assert settings.zendesk_url == "http://127.0.0.1:9"


@pytest.mark.parametrize(
    "name,value,fragment",
    [
        ("REPLAY_WINDOW_SECONDS", "soon", "REPLAY_WINDOW_SECONDS must be a number"),
        ("MAX_BODY_BYTES", "-1", "must not be negative"),
        ("ALLOW_TEST_SECRET", "maybe", "must be true or false"),
    ],
)
def test_invalid_values_name_the_variable(name, value, fragment):
    with pytest.raises(ConfigError, match=fragment):
        from_env({f"HELPDESK_EMPATHY_{name}": value})


def test_web_app_refuses_to_start_without_a_signing_secret():
    with pytest.raises(ConfigError, match="WEBHOOK_SIGNING_SECRET"):
        create_app(from_env({"REDIS_URL": "redis://127.0.0.1:1/0"}))


def test_worker_needs_helpdesk_credentials():
    with pytest.raises(ConfigError, match="ZENDESK_SUBDOMAIN"):
        validate_for_worker(from_env({}))
    with pytest.raises(ConfigError, match="ZENDESK_API_TOKEN"):
        validate_for_worker(from_env({"HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme"}))
    validate_for_worker(
        from_env(
            {
                "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme",
                "HELPDESK_EMPATHY_ZENDESK_OAUTH_TOKEN": "t",
            }
        )
    )
