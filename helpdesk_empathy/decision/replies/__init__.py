"""Suggested replies: categories, EN/FR templates, a sandboxed renderer and a phrase lint."""

from helpdesk_empathy.decision.replies.categories import (
    CATEGORIES,
    choose_category,
    effective_contact_number,
    is_angry,
    is_pleased,
)
from helpdesk_empathy.decision.replies.lint import find_forbidden
from helpdesk_empathy.decision.replies.render import (
    LANGUAGES,
    TEMPLATE_KEYS,
    build_context,
    check_template,
    render_reply,
)
from helpdesk_empathy.decision.replies.sandbox import TemplateProblem

__all__ = [
    "CATEGORIES",
    "LANGUAGES",
    "TEMPLATE_KEYS",
    "TemplateProblem",
    "build_context",
    "check_template",
    "choose_category",
    "effective_contact_number",
    "find_forbidden",
    "is_angry",
    "is_pleased",
    "render_reply",
]
