"""Settings from the environment, validated at start with errors that name the variable."""

import pytest

from helpdesk_empathy.config import PREFIX, Settings, from_env, to_env, validate_for_worker
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.helpdesks import registry
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.intake.app import create_app


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
    assert settings.zendesk.url == "https://acme.zendesk.com"
    assert settings.replay_window_seconds == 120
    assert settings.allow_test_secret is True
    assert settings.http_timeout_seconds == 2.5
    assert settings.redis_url == "redis://example:6379/1"


def test_base_url_overrides_subdomain():
    settings = from_env({"HELPDESK_EMPATHY_ZENDESK_BASE_URL": "http://127.0.0.1:9/"})
    assert settings.zendesk.url == "http://127.0.0.1:9"


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


def test_worker_accepts_any_one_complete_helpdesk_and_names_what_is_missing():
    zammad = {"HELPDESK_EMPATHY_ZAMMAD_URL": "https://support.example.com"}
    with pytest.raises(ConfigError, match="ZAMMAD_TOKEN"):
        validate_for_worker(from_env(zammad))
    validate_for_worker(from_env({**zammad, "HELPDESK_EMPATHY_ZAMMAD_TOKEN": "t"}))
    freshdesk = {"HELPDESK_EMPATHY_FRESHDESK_API_KEY": "k"}
    with pytest.raises(ConfigError, match="FRESHDESK_DOMAIN"):
        validate_for_worker(from_env(freshdesk))
    validate_for_worker(from_env({**freshdesk, "HELPDESK_EMPATHY_FRESHDESK_DOMAIN": "acme"}))
    # A half-configured Zendesk next to a complete Zammad is still an error.
    with pytest.raises(ConfigError, match="ZENDESK_API_TOKEN"):
        validate_for_worker(
            from_env(
                {
                    **zammad,
                    "HELPDESK_EMPATHY_ZAMMAD_TOKEN": "t",
                    "HELPDESK_EMPATHY_ZENDESK_SUBDOMAIN": "acme",
                }
            )
        )


def test_every_configured_helpdesk_gets_a_write_back_client():
    from helpdesk_empathy.pipeline.runtime import helpdesk_clients

    settings = from_env(
        {
            "HELPDESK_EMPATHY_ZAMMAD_URL": "https://support.example.com",
            "HELPDESK_EMPATHY_ZAMMAD_TOKEN": "t",
            "HELPDESK_EMPATHY_FRESHDESK_DOMAIN": "acme",
            "HELPDESK_EMPATHY_FRESHDESK_API_KEY": "k",
        }
    )
    assert settings.freshdesk.url == "https://acme.freshdesk.com"
    assert sorted(helpdesk_clients(settings)) == ["freshdesk", "zammad"]
    with_zendesk = settings.with_overrides(zendesk_subdomain="acme", zendesk_oauth_token="o")
    assert sorted(helpdesk_clients(with_zendesk)) == ["freshdesk", "zammad", "zendesk"]


def test_web_app_starts_with_only_a_zammad_or_freshdesk_receiver():
    base = {"REDIS_URL": "redis://127.0.0.1:1/0"}
    for name in ("ZAMMAD_WEBHOOK_SECRET", "FRESHDESK_WEBHOOK_TOKEN"):
        app = create_app(from_env({**base, f"HELPDESK_EMPATHY_{name}": "s"}))
        routes = {rule.rule for rule in app.url_map.iter_rules()}
        helpdesk = name.split("_")[0].lower()
        assert f"/webhooks/{helpdesk}" in routes
        other = "freshdesk" if helpdesk == "zammad" else "zammad"
        assert f"/webhooks/{other}" not in routes


def test_each_helpdesk_has_its_own_section_with_its_own_variables():
    env = {
        PREFIX + "ZAMMAD_URL": " https://support.example.com ",
        PREFIX + "ZAMMAD_TOKEN": "tok",
        PREFIX + "FRESHDESK_WEBHOOK_TOKEN": "shared",
        PREFIX + "ZENDESK_SUBDOMAIN": "acme",
    }
    settings = from_env(env)
    assert settings.zammad == ZammadSettings(url="https://support.example.com", token="tok")
    assert settings.freshdesk.webhook_token == "shared" and settings.freshdesk.receives
    assert settings.zendesk.url == "https://acme.zendesk.com"
    assert [kind.name for kind in registry.configured(settings)] == ["zendesk", "zammad"]
    assert from_env(to_env(settings)) == settings  # child processes get the same settings


def test_a_section_is_checked_by_itself_and_names_its_own_variable():
    assert ZammadSettings().problems() == [
        f"{PREFIX}ZAMMAD_URL is not set (e.g. https://support.example.com)",
        f"{PREFIX}ZAMMAD_TOKEN is not set (an agent's API access token)",
    ]
    ZammadSettings().validate()  # not configured at all: nothing to complain about
    with pytest.raises(ConfigError, match="ZAMMAD_TOKEN"):
        ZammadSettings(url="https://z.example.com").validate()
    assert not FreshdeskSettings(domain="acme", api_key="k").problems()


def test_overrides_name_a_sections_field_as_its_variable_does():
    settings = Settings(zammad=ZammadSettings(url="https://a"))
    changed = settings.with_overrides(zammad_token="t", redis_url="redis://x")
    assert changed.zammad == ZammadSettings(url="https://a", token="t")
    assert changed.redis_url == "redis://x" and settings.zammad.token == ""
    with pytest.raises(TypeError):
        settings.with_overrides(zammad_nonsense="x")
