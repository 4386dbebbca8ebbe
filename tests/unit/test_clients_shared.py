"""What every helpdesk client does alike, for each kind in the helpdesk registry: it is a
Helpdesk, and it refuses to start without each credential it needs."""

from __future__ import annotations

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.helpdesks.base import Helpdesk
from helpdesk_empathy.helpdesks.registry import KINDS

# Per kind: the settings (flat variable names) a write-back client needs, every one required.
COMPLETE = {
    "zendesk": {
        "zendesk_subdomain": "acme",
        "zendesk_email": "bot@acme.test",
        "zendesk_api_token": "tok",
    },
    "zammad": {"zammad_url": "https://support.example.com/", "zammad_token": "tok-123"},
    "freshdesk": {"freshdesk_domain": "acme", "freshdesk_api_key": "key-abc"},
}
BY_NAME = {kind.name: kind for kind in KINDS}


def test_every_registered_helpdesk_is_covered():
    assert sorted(COMPLETE) == sorted(BY_NAME)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_the_client_is_a_helpdesk(name):
    client = BY_NAME[name].make_client(Settings().with_overrides(**COMPLETE[name]))
    assert isinstance(client, Helpdesk) and client.name == name
    client.close()


@pytest.mark.parametrize(
    ("name", "missing"), [(name, key) for name, values in COMPLETE.items() for key in values]
)
def test_a_missing_credential_is_refused_naming_its_variable(name, missing):
    values = dict(COMPLETE[name], **{missing: ""})
    with pytest.raises(ConfigError, match=missing.upper()):
        BY_NAME[name].make_client(Settings().with_overrides(**values))
