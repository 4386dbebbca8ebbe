"""A Jinja2 sandbox for reply templates: no files, no code, bounded time, memory and depth.

Bounds by construction, checked when a template is compiled:
- only a small language: text, `{{ }}`, `{% if %}`, names, constants, operators, filters from
  a list, tests; no loops, no `set`, no macros, no calls, no attribute access. Without loops
  or recursion a render does work proportional to the template's size;
- every filter that could build a long string (center, indent, format, replace, wordwrap...)
  is checked BEFORE it runs: widths and counts past MAX_OUTPUT_CHARS, or a replace whose
  result would be longer, are refused, so nothing allocates hundreds of megabytes first;
- "*" and "%" on strings are bounded the same way; "**" is refused.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_OUTPUT_CHARS = 4000  # a reply is a few sentences; anything longer is a broken template
MAX_SEQUENCE = 2000  # largest string/list a template may build with "*"
MAX_TEMPLATE_CHARS = 8000  # one template's source

# The template language admins get: enough for text with conditions and variables.
_ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name, nodes.Const,
    nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not,
    nodes.CondExpr, nodes.Concat, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv,
    nodes.Mod, nodes.Neg, nodes.Pos, nodes.Getitem, nodes.Slice, nodes.List, nodes.Tuple,
    nodes.Keyword,
)  # fmt: skip
_NODE_ADVICE = {
    nodes.Include: "it would read another file",
    nodes.Extends: "it would read another file",
    nodes.Import: "it would read another file",
    nodes.FromImport: "it would read another file",
    nodes.For: "loops are not available",
    nodes.Macro: "macros are not available",
    nodes.CallBlock: "macros are not available",
    nodes.Call: "calls are not available; use a filter such as `name | upper`",
    nodes.Getattr: "attribute access is not available",
    nodes.Assign: "`set` is not available",
    nodes.AssignBlock: "`set` is not available",
    nodes.Pow: "the ** operator is not available",
}
# Filters that only read, shrink or bound their input; the sized ones are checked below.
ALLOWED_FILTERS = frozenset(
    [
        "abs", "capitalize", "center", "count", "d", "default", "e", "escape", "first", "float",
        "format", "indent", "int", "join", "last", "length", "list", "lower", "replace",
        "reverse", "round", "string", "striptags", "title", "trim", "truncate", "upper",
        "wordcount", "wordwrap",
    ]
)  # fmt: skip
# "%5d", "%-*s", "%.3f": a width or precision in a printf-style format.
_PRINTF_SIZES = re.compile(r"%[-#0 +]*+(\d++|\*)?(?:\.(\d++|\*))?")
_FORMAT_SIZES = re.compile(r"\d++")


class TemplateProblem(ValueError):
    """A template cannot be compiled or rendered safely; the message says why."""


def _check_size(what: str, size: int) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise SecurityError(f"{what} would build {size} characters (max {MAX_OUTPUT_CHARS})")


def _check_printf(fmt: str) -> None:
    """Refuse "%400000000d": the width would allocate before any output cap applies."""
    for match in _PRINTF_SIZES.finditer(fmt):
        for size in match.groups():
            if size and size != "*":
                _check_size("a format width", int(size))


def _check_arguments(name: str, values: tuple, kwargs: dict) -> None:
    """Refuse, before the filter runs, any argument that would make its result too long."""
    for argument in (*values[1:], *kwargs.values()):
        if isinstance(argument, int) and not isinstance(argument, bool):
            _check_size(f"'{name}' with {argument}", abs(argument))
    if not values:
        return
    text = values[0]
    if name == "replace" and len(values) >= 3:
        old, new = str(values[1]), str(values[2])
        source = str(text)
        hits = source.count(old) if old else len(source) + 1
        _check_size("'replace'", len(source) + hits * (len(new) - len(old)))
    elif name == "indent":
        width = values[1] if len(values) > 1 else kwargs.get("width", 4)
        if isinstance(width, str):
            source = str(text)
            _check_size("'indent'", len(source) + (source.count("\n") + 1) * len(width))
    elif name == "format":
        _check_printf(str(text))
        for argument in (*values[1:], *kwargs.values()):
            if isinstance(argument, int) and not isinstance(argument, bool):
                _check_size("a '*' format width", abs(argument))


def _bounded_filter(name: str, function):
    """The filter, with its arguments checked before and its result's size after."""
    passes_context = hasattr(function, "jinja_pass_arg")

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(name, args[1:] if passes_context else args, kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, str | list | tuple):
            _check_size(f"'{name}'", len(result))
        return result

    return bounded


class _ReplySandbox(SandboxedEnvironment):
    """SandboxedEnvironment that also bounds "*" and "%" and forbids "**"."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("the ** operator is not allowed in reply templates")
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * max(count, 0) > MAX_SEQUENCE:
                    raise SecurityError("template builds a sequence that is too long")
            return operator.mul(left, right)
        if op == "%" and isinstance(left, str):
            _check_printf(left)
            values = right if isinstance(right, tuple) else (right,)
            for value in values:
                if isinstance(value, int) and not isinstance(value, bool):
                    _check_size("a '*' format width", abs(value))
            result = left % right
            _check_size("'%'", len(result))
            return result
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
    env.filters = {name: _bounded_filter(name, env.filters[name]) for name in ALLOWED_FILTERS}
    return env


_ENV = _make_env()


def _check_language(tree: nodes.Template, name: str) -> None:
    """Refuse any construct outside the small template language, naming its line."""
    for node in tree.find_all(nodes.Node):
        if isinstance(node, _ALLOWED_NODES):
            if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
                allowed = ", ".join(sorted(ALLOWED_FILTERS))
                raise TemplateProblem(
                    f"{name}: the filter '{node.name}' is not available in reply templates "
                    f"(template line {node.lineno}); available: {allowed}"
                )
            continue
        why = next(
            (text for kind, text in _NODE_ADVICE.items() if isinstance(node, kind)),
            "it is not part of the reply template language",
        )
        label = type(node).__name__.lower()
        raise TemplateProblem(
            f"{name}: '{label}' is not allowed in reply templates (template line "
            f"{node.lineno}): {why}"
        )


def compile_template(source: str, *, name: str = "<template>"):
    """Parse and compile one template, refusing anything outside the reply template language."""
    if len(source) > MAX_TEMPLATE_CHARS:
        size = len(source)
        raise TemplateProblem(f"{name}: template is {size} characters (max {MAX_TEMPLATE_CHARS})")
    try:
        tree = _ENV.parse(source, name=name)
        _check_language(tree, name)
        return _ENV.from_string(source)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f" (template line {line})" if line else ""
        raise TemplateProblem(f"{name}: invalid template{where}: {error}") from None
    except RecursionError:
        raise TemplateProblem(f"{name}: template is nested too deeply") from None


def referenced_names(source: str) -> set[str]:
    """The context variables a (compilable) template reads."""
    return meta.find_undeclared_variables(_ENV.parse(source))


def render_sandboxed(template, context: dict[str, Any], *, name: str = "<template>") -> str:
    """Render a compiled template; any escape attempt or runtime error becomes TemplateProblem."""
    try:
        text = template.render(**context)
    except SecurityError as error:
        raise TemplateProblem(f"{name}: blocked by the sandbox: {error}") from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as error:
        raise TemplateProblem(f"{name}: cannot render: {error}") from None
    except (RecursionError, MemoryError):  # defence in depth: the language has no recursion
        raise TemplateProblem(f"{name}: cannot render: too deep or too large") from None
    if len(text) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(f"{name}: renders {len(text)} characters (max {MAX_OUTPUT_CHARS})")
    return text
