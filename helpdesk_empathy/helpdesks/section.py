"""What every helpdesk's settings section offers: its variables, whether it is set, its checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from helpdesk_empathy.errors import ConfigError

PREFIX = "HELPDESK_EMPATHY_"


@dataclass(frozen=True)
class Section:
    """One helpdesk's settings, read from its own environment variables and checked once."""

    ENV: ClassVar[Mapping[str, str]] = {}  # variable name without PREFIX -> field name

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
