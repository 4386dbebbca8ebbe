"""What every helpdesk's settings section offers: its variables, whether it is set, its checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ClassVar

from helpdesk_empathy.errors import ConfigError

PREFIX = "HELPDESK_EMPATHY_"


class _FieldVariables:
    """`Section.ENV` by default: every field `x` is read from `<ENV_PREFIX>_X`."""

    def __get__(self, instance: Any, owner: type[Section]) -> dict[str, str]:
        if not is_dataclass(owner):  # read by @dataclass itself while it builds Section
            return {}
        return {f"{owner.ENV_PREFIX}_{field.name.upper()}": field.name for field in fields(owner)}


@dataclass(frozen=True)
class Section:
    """One helpdesk's settings, read from its own environment variables and checked once."""

    ENV_PREFIX: ClassVar[str] = ""  # e.g. "ZAMMAD": field `url` is HELPDESK_EMPATHY_ZAMMAD_URL
    ENV: ClassVar[Mapping[str, str]] = _FieldVariables()  # name without PREFIX -> field name

    @property
    def configured(self) -> bool:
        """Credentials (or an address) are set: the worker writes back to this helpdesk."""
        raise NotImplementedError

    @property
    def receives(self) -> bool:
        """The webhook receiver is mounted (its secret is set)."""
        raise NotImplementedError

    def ticket_page(self, ticket_id: str) -> str | None:
        """The ticket's page in the agent interface, when the address is known."""
        return None

    def problems(self) -> list[str]:
        """What is missing for write-back, each naming the variable to set."""
        return []

    def require(self) -> None:
        """Raise ConfigError, naming the variable, unless write-back has what it needs."""
        for problem in self.problems():
            raise ConfigError(problem)

    def validate(self) -> None:
        """A section left empty is fine; one partly set must be complete."""
        if self.configured:
            self.require()

    @classmethod
    def from_values(cls, values: Mapping[str, str]) -> Section:
        """The section from environment-style values (names without PREFIX)."""
        found = {field: values[name].strip() for name, field in cls.ENV.items() if name in values}
        return cls(**found)

    def to_values(self) -> dict[str, str]:
        return {name: str(getattr(self, field)) for name, field in self.ENV.items()}


@dataclass(frozen=True)
class HostedSection(Section):
    """A section for a hosted helpdesk: its API lives at HOST for the account, unless the
    section's `base_url` points elsewhere (a stub, a proxy)."""

    HOST: ClassVar[str] = ""  # e.g. "https://{account}.zendesk.com"
    ACCOUNT_FIELD: ClassVar[str] = ""  # the field naming the account in HOST ("subdomain")
    TICKET_PAGE: ClassVar[str] = ""  # a ticket in the agent interface: "/agent/tickets/{id}"

    @property
    def account(self) -> str:
        return str(getattr(self, self.ACCOUNT_FIELD))

    @property
    def url(self) -> str:
        base_url: str = getattr(self, "base_url", "")
        return base_url.rstrip("/") if base_url else self.HOST.format(account=self.account)

    def ticket_page(self, ticket_id: str) -> str | None:
        if not self.account:
            return None  # a base URL alone (a stub, a proxy) has no agent interface
        return self.HOST.format(account=self.account) + self.TICKET_PAGE.format(id=ticket_id)

    def address_problems(self) -> list[str]:
        """Neither the account nor a base URL is set."""
        if self.account or getattr(self, "base_url", ""):
            return []
        name = f"{PREFIX}{self.ENV_PREFIX}_{self.ACCOUNT_FIELD.upper()}"
        example = self.HOST.format(account="acme").removeprefix("https://")
        return [f"{name} is not set (e.g. 'acme' for {example})"]
