"""`dev` points the user's settings at the local pieces and makes an admin token if none is set."""

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stack import dev_settings
from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings


def test_a_fresh_long_admin_token_unless_one_is_set():
    stub = StubState()
    made = dev_settings(
        Settings(), redis_url="redis://127.0.0.1:1/0", stub_url="http://s", stub=stub
    )
    again = dev_settings(
        Settings(), redis_url="redis://127.0.0.1:1/0", stub_url="http://s", stub=stub
    )
    assert len(made.admin_token) >= 16 and made.admin_token != again.admin_token
    given = Settings(zendesk=ZendeskSettings(subdomain="acme"), admin_token="my-own-token-1234")
    kept = dev_settings(given, redis_url="redis://127.0.0.1:1/0", stub_url="http://s", stub=stub)
    assert kept.admin_token == "my-own-token-1234"
    # Tickets live in the stub: nothing may reach the real account.
    assert kept.zendesk.url == "http://s" and kept.zendesk.subdomain == ""
    assert kept.webhook_signing_secret and kept.zendesk.api_user_id == str(stub.api_user["id"])
