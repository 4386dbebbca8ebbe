"""A Jinja2 sandbox for reply templates: no files, no imports, no code, bounded output."""

from __future__ import annotations

import operator
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_OUTPUT_CHARS = 4000  # a reply is a few sentences; anything longer is a broken template
MAX_SEQUENCE = 2000  # largest string/list a template may build with "*"

# Tags that would reach for other templates (and so for a loader / the file system).
_FORBIDDEN_NODES = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)


class TemplateProblem(ValueError):
    """A template cannot be compiled or rendered safely; the message says why."""


class _ReplySandbox(SandboxedEnvironment):
    """SandboxedEnvironment that also bounds "*" and forbids "**" (memory/CPU bombs)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("the ** operator is not allowed in reply templates")
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * max(count, 0) > MAX_SEQUENCE:
                    raise SecurityError("template builds a sequence that is too long")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The context holds only plain str/int/bool values; no private or dunder access at all.
        if attr.startswith("_"):
            return False
        return super().is_safe_attribute(obj, attr, value)


def _make_env() -> SandboxedEnvironment:
    env = _ReplySandbox(
        loader=None,  # no loader: a template can never read another file
        undefined=StrictUndefined,  # a misspelt variable fails validation instead of vanishing
        autoescape=False,  # plain text, sent as an internal note body
        keep_trailing_newline=False,
    )
    env.globals.clear()  # no range/lipsum/cycler/namespace: templates only read the context
    return env


_ENV = _make_env()


def compile_template(source: str, *, name: str = "<template>"):
    """Parse and compile one template, rejecting tags that would load other templates."""
    try:
        tree = _ENV.parse(source, name=name)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f" (template line {line})" if line else ""
        raise TemplateProblem(f"{name}: invalid template{where}: {error}") from None
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise TemplateProblem(
            f"{name}: '{type(node).__name__.lower()}' is not allowed in reply templates "
            f"(template line {node.lineno}); write the text in the template itself"
        )
    try:
        return _ENV.from_string(source)
    except TemplateError as error:  # pragma: no cover - parse above already caught it
        raise TemplateProblem(f"{name}: invalid template: {error}") from None


def render_sandboxed(template, context: dict[str, Any], *, name: str = "<template>") -> str:
    """Render a compiled template; any escape attempt or runtime error becomes TemplateProblem."""
    try:
        text = template.render(**context)
    except SecurityError as error:
        raise TemplateProblem(f"{name}: blocked by the sandbox: {error}") from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as error:
        raise TemplateProblem(f"{name}: cannot render: {error}") from None
    if len(text) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(f"{name}: renders {len(text)} characters (max {MAX_OUTPUT_CHARS})")
    return text
