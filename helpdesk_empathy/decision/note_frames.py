"""The words around a note, in English and French: labels, summary, decision and draft lines."""

from __future__ import annotations

NOTE_LANGUAGES = ("en", "fr")

SIGNAL_LABELS = {
    "en": {
        "shouting": "Shouting",
        "exclamations": "Exclamation marks",
        "repeat_contact": "Repeat contact",
        "delay": "Delay",
        "ignored": "Feels ignored",
        "broken": "Something broken",
        "billing": "Billing",
        "churn_threat": "Churn threat",
        "legal_threat": "Legal threat",
        "payment_dispute": "Bank dispute / chargeback",
        "profanity": "Swearing",
        "anger": "Strong anger",
        "wants_human": "Asks for a person",
        "confusion": "Confused",
        "gratitude": "Thanks",
        "sentiment": "Tone",
    },
    "fr": {
        "shouting": "Majuscules",
        "exclamations": "Points d'exclamation",
        "repeat_contact": "Relance",
        "delay": "Attente",
        "ignored": "Se sent ignoré",
        "broken": "Panne",
        "billing": "Facturation",
        "churn_threat": "Menace de départ",
        "legal_threat": "Menace juridique",
        "payment_dispute": "Contestation bancaire",
        "profanity": "Grossièretés",
        "anger": "Forte colère",
        "wants_human": "Demande une personne",
        "confusion": "Perdu",
        "gratitude": "Remerciements",
        "sentiment": "Ton",
    },
}

LEVEL_LABELS = {
    "en": {
        "very_negative": "Very negative",
        "negative": "Negative",
        "neutral": "Neutral",
        "positive": "Positive",
        "very_positive": "Very positive",
        "unknown": "Unknown",
    },
    "fr": {
        "very_negative": "Très négatif",
        "negative": "Négatif",
        "neutral": "Neutre",
        "positive": "Positif",
        "very_positive": "Très positif",
        "unknown": "Inconnu",
    },
}

LANGUAGE_NAMES = {
    "en": {"en": "English", "fr": "French", "other": "another language"},
    "fr": {"en": "anglais", "fr": "français", "other": "autre langue"},
}

FRAMES = {
    "en": {
        "summary": "Empathy: {level} | frustration {frustration}/100 | {contact} | {language}",
        "contact_first": "first contact",
        "contact_nth": "{ordinal} contact",
        "truncated": "Only the start of this long message was analysed.",
        "rising": "Getting angrier",
        "escalate": "Decision: escalate to a person ({why}).",
        "already_escalated": "Decision: already escalated earlier in this ticket.",
        "already_in_group": "Decision: already in the escalation group.",
        "no_escalation": "Decision: no escalation.",
        "route": "Moved to group {group} ({why}).",
        "route_kept": "Group not changed: {why}",
        "priority": "Priority raised to {to} (was {was}).",
        "priority_unset": "not set",
        "draft": "Draft reply (review before sending; fill in [brackets]; nothing was sent):",
        "same_draft": "Draft reply: same as in the previous note.",
        "no_draft": "No draft: the customer writes in a language we don't draft in.",
        "unsupported": (
            "Empathy: this message is in neither English nor French, so it has no sentiment "
            "score; tags and the customer's contact count still apply{extra}."
        ),
        "unsupported_escalated": " (escalated: {why})",
        "why_frustration": "frustration {value} >= {at}",
        "why_level": "{level} tone",
        "why_contact": "{ordinal} contact",
        "why_rising": "getting angrier",
        "footer": "Internal note from helpdesk-empathy: nothing has been sent to the customer.",
    },
    "fr": {
        "summary": "Empathie : {level} | frustration {frustration}/100 | {contact} | {language}",
        "contact_first": "premier contact",
        "contact_nth": "{ordinal} contact",
        "truncated": "Seul le début de ce long message a été analysé.",
        "rising": "De plus en plus mécontent",
        "escalate": "Décision : transmettre à une personne ({why}).",
        "already_escalated": "Décision : déjà transmis plus tôt dans ce ticket.",
        "already_in_group": "Décision : déjà dans le groupe d'escalade.",
        "no_escalation": "Décision : pas d'escalade.",
        "route": "Déplacé vers le groupe {group} ({why}).",
        "route_kept": "Groupe inchangé : {why}",
        "priority": "Priorité relevée à {to} (avant : {was}).",
        "priority_unset": "aucune",
        "draft": (
            "Brouillon de réponse (à relire avant envoi ; complétez les [crochets] ; "
            "rien n'a été envoyé) :"
        ),
        "same_draft": "Brouillon : identique à celui de la note précédente.",
        "no_draft": "Pas de brouillon : le client écrit dans une langue que nous ne rédigeons pas.",
        "unsupported": (
            "Empathie : ce message n'est ni en anglais ni en français, il n'a donc pas de score "
            "de sentiment ; les tags et le nombre de contacts du client restent valables{extra}."
        ),
        "unsupported_escalated": " (transmis : {why})",
        "why_frustration": "frustration {value} >= {at}",
        "why_level": "ton {level}",
        "why_contact": "{ordinal} contact",
        "why_rising": "de plus en plus mécontent",
        "footer": "Note interne de helpdesk-empathy : rien n'a été envoyé au client.",
    },
}


def ordinal(number: int, language: str = "en") -> str:
    """1st, 2nd, 3rd, 11th, 21st... or 1er, 2e, 3e in French."""
    if language == "fr":
        return "1er" if number == 1 else f"{number}e"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def note_language(setting: str, customer_language: str) -> str:
    """The frame's language: the customer's (English when unsupported), or a fixed one."""
    if setting in NOTE_LANGUAGES:
        return setting
    return customer_language if customer_language in NOTE_LANGUAGES else "en"


def signal_label(name: str, language: str = "en") -> str:
    labels = SIGNAL_LABELS.get(language, SIGNAL_LABELS["en"])
    return labels.get(name, name.replace("_", " ").capitalize())


def level_text(level: str, language: str = "en") -> str:
    return LEVEL_LABELS.get(language, LEVEL_LABELS["en"]).get(level, level)
