"""The dashboard's words in English and French, picked from the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("en", "fr")

TEXT: dict[str, tuple[str, str]] = {
    "privacy": (
        "Scores and signals only, never ticket text. Times in UTC; generated {at}.",
        "Scores et signaux uniquement, jamais le texte des tickets. Heures UTC ; généré le {at}.",
    ),
    "range": ("Period", "Période"),
    "messages": ("messages scored", "messages analysés"),
    "tickets": ("tickets", "tickets"),
    "negative": ("negative", "négatifs"),
    "escalations": ("escalated messages", "messages escaladés"),
    "escalated_tickets": ("escalated tickets", "tickets escaladés"),
    "queue_depth": ("queue depth", "file d'attente"),
    "failed_jobs": ("failed jobs", "tâches en échec"),
    "table_title": ("Recent escalated tickets", "Tickets escaladés récents"),
    "table_help": (
        "Handed to a human, newest first. Reasons are the rules met and the signals found.",
        "Confiés à un humain, du plus récent au plus ancien. Les raisons sont les règles "
        "atteintes et les signaux détectés.",
    ),
    "table_count": (
        "{tickets} tickets ({messages} escalated messages) in the last {records} records",
        "{tickets} tickets ({messages} messages escaladés) dans les {records} derniers "
        "enregistrements",
    ),
    "filter": ("Filter by reason", "Filtrer par raison"),
    "filter_all": ("all", "toutes"),
    "filtered": ("{shown} tickets with “{reason}”", "{shown} tickets avec « {reason} »"),
    "col_ticket": ("Ticket", "Ticket"),
    "col_when": ("When (UTC)", "Quand (UTC)"),
    "col_level": ("Level", "Niveau"),
    "col_frustration": ("Frustration", "Frustration"),
    "col_reasons": ("Reasons", "Raisons"),
    "col_messages": ("Escalated messages", "Messages escaladés"),
    "no_escalations": ("No escalated ticket yet.", "Aucun ticket escaladé pour l'instant."),
    "levels_title": ("Sentiment over time", "Sentiment dans le temps"),
    "levels_help": (
        "Customer messages per {unit}, by sentiment level.",
        "Messages de clients par {unit}, par niveau de sentiment.",
    ),
    "frustration_title": ("Frustration trend", "Évolution de la frustration"),
    "frustration_help": (
        "Average frustration score, and the share of messages at 60 or above.",
        "Score moyen de frustration, et part des messages à 60 ou plus.",
    ),
    "frustration_avg": ("average frustration (0-100)", "frustration moyenne (0-100)"),
    "frustration_high": ("% of messages with high frustration", "% de messages très frustrés"),
    "escalations_title": ("Escalations per {unit}", "Escalades par {unit}"),
    "escalations_help": (
        "Messages routed to a human group (anger, repeat contact, churn or legal threats).",
        "Messages confiés à un groupe humain (colère, relances, menaces de départ ou de "
        "poursuites).",
    ),
    "languages_title": ("Messages by language", "Messages par langue"),
    "languages_help": (
        "Negative messages in each language; the outline is all of that language's messages.",
        "Messages négatifs par langue ; le contour représente tous les messages de la langue.",
    ),
    "signals_title": ("What comes with negative sentiment", "Ce qui accompagne le négatif"),
    "signals_help": (
        "Signals found in negative messages; the outline is every message with that signal.",
        "Signaux trouvés dans les messages négatifs ; le contour représente tous les messages "
        "avec ce signal.",
    ),
    "tags_title": ("Topics of dissatisfaction", "Sujets d'insatisfaction"),
    "tags_help": (
        "The ticket's own tags on negative messages.",
        "Les étiquettes du ticket sur les messages négatifs.",
    ),
    "tags_by_day": (" (counted per whole day)", " (comptées par journée entière)"),
    "queue_title": ("Queue", "File d'attente"),
    "queue_help": (
        "Events waiting for a worker; jobs queued, waiting to retry, running, and failed "
        "(kept 30 days for re-queueing).",
        "Événements en attente d'un worker ; tâches en file, en attente de nouvel essai, en "
        "cours et en échec (gardées 30 jours).",
    ),
    "feedback_title": ("Drafts agents found useful", "Brouillons jugés utiles par les agents"),
    "feedback_help": (
        "Thumbs up or down on the sidebar app's suggested replies: {useful} of {total} useful.",
        "Pouces levés ou baissés sur les réponses proposées dans l'app : {useful} utiles sur "
        "{total}.",
    ),
    "feedback_none": (
        "No vote yet: agents rate drafts with the thumbs in the sidebar app.",
        "Aucun vote pour l'instant : les agents notent les brouillons avec les pouces de l'app.",
    ),
    "col_language": ("Language", "Langue"),
    "col_category": ("Reply category", "Catégorie de réponse"),
    "col_useful": ("Found useful", "Jugés utiles"),
    "col_votes": ("Votes", "Votes"),
    "data_table": ("Data table", "Tableau des données"),
    "no_data": ("No data yet", "Pas encore de données"),
    "of": ("of", "sur"),
    "axis_messages": ("messages", "messages"),
    "axis_escalated": ("escalated messages", "messages escaladés"),
    "axis_score": ("score (0-100) or %", "score (0-100) ou %"),
    "axis_jobs": ("jobs or events", "tâches ou événements"),
    "axis_day": ("day (UTC, month-day)", "jour (UTC, mois-jour)"),
    "axis_hour": ("hour (UTC)", "heure (UTC)"),
    "unit_day": ("day", "jour"),
    "unit_hour": ("hour", "heure"),
    "bucket": ("Period (UTC)", "Période (UTC)"),
    "signal": ("Signal", "Signal"),
    "tag": ("Tag", "Étiquette"),
    "state": ("State", "État"),
    "count": ("Count", "Nombre"),
    "total": ("All", "Tous"),
    "language": ("Language", "Langue"),
    "lang_en": ("English", "anglais"),
    "lang_fr": ("French", "français"),
    "lang_other": ("other languages", "autres langues"),
    "level_very_negative": ("very negative", "très négatif"),
    "level_negative": ("negative", "négatif"),
    "level_neutral": ("neutral", "neutre"),
    "level_positive": ("positive", "positif"),
    "level_very_positive": ("very positive", "très positif"),
    "level_unknown": ("unknown", "inconnu"),
    "state_inbox": ("events waiting", "événements en attente"),
    "state_queued": ("queued", "en file"),
    "state_scheduled": ("waiting to retry", "nouvel essai prévu"),
    "state_started": ("running", "en cours"),
    "state_failed": ("failed", "en échec"),
    "empty_title": ("Nothing scored yet", "Rien d'analysé pour l'instant"),
    "empty_intro": (
        "The dashboard fills as customer messages are scored. What to do next:",
        "Le tableau de bord se remplit à mesure que les messages sont analysés. Ensuite :",
    ),
    "empty_connect": (
        "Connect the helpdesk: {command} creates the webhook (then check with {doctor}).",
        "Connectez le helpdesk : {command} crée le webhook (vérifiez avec {doctor}).",
    ),
    "empty_simulate": (
        "Just looking? Run {command} for a local stack that sends realistic tickets.",
        "Pour essayer : {command} lance tout en local et envoie des tickets réalistes.",
    ),
    "empty_backfill": (
        "Seed it with past tickets: {command} scores the last 30 days (read-only).",
        "Remplissez-le avec l'historique : {command} analyse les 30 derniers jours "
        "(lecture seule).",
    ),
}


def pick_language(accept_language) -> str:
    """`request.accept_languages` (werkzeug) in; "en" or "fr" out."""
    return accept_language.best_match(LANGUAGES, default="en") or "en"


def translator(language: str) -> Callable[..., str]:
    """t("key", **values): the text in `language`, formatted with the values."""
    index = LANGUAGES.index(language) if language in LANGUAGES else 0

    def t(key: str, **values: object) -> str:
        text = TEXT[key][index]
        return text.format(**values) if values else text

    return t
