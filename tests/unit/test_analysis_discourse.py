"""Message-level readings: irony and courtesy next to a complaint, solved problems, neutral
enquiries, the writer's own mishap, names, negation and French word senses."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision.policy import escalation_reasons
from helpdesk_empathy.decision.rules import default_rules

NEGATIVE = {"negative", "very_negative"}
POSITIVE = {"positive", "very_positive"}


def _escalates(text: str) -> bool:
    return bool(escalation_reasons(analyze(text), default_rules()))


@pytest.mark.parametrize(
    "text",
    [
        "Brilliant work, my parcel is lost again. Top service.",
        "Thank you so much for your help, but the heater is still broken.",
        "Please help, the app won't let me log in since Tuesday.",
        "Bravo, le colis est encore en retard. Service génial.",
        "Merci d'avance, mais ma commande est arrivée cassée.",
        "Why has my parcel been stuck at the depot for a week?",
        "Pourquoi ma livraison a-t-elle encore été repoussée ?",
        "The code you emailed me is invalid.",
        "My card was refused twice at your checkout.",
        "Impossible de vous joindre depuis lundi.",
        "Paiement refusé alors que mon compte est approvisionné.",
        "Ils font tout pour ne pas rembourser.",
        "Je n'ai du tout aimé la façon dont on m'a répondu.",
        "Service nul, je suis tres decu.",
    ],
)
def test_complaints_without_plain_sentiment_words_are_negative(text: str) -> None:
    assert analyze(text).level in NEGATIVE, analyze(text)


@pytest.mark.parametrize(
    "text",
    [
        "What happens if the courier loses my parcel?",
        "How do I report a broken item?",
        "Is there a fee if I cancel my booking?",
        "I broke my charger, can I buy a spare one from you?",
        "Silly me, I picked the wrong size. Can I swap it?",
        "J'ai oublié mon mot de passe, comment le changer ?",
        "Que se passe-t-il si le colis arrive abîmé ?",
        "Est-il possible de payer en quatre fois ?",
        "I'm going to the station tomorrow, can I book a taxi for 7?",
        "Is the Dead Sea salt scrub back in stock?",
        "Je commande deux fois par mois, avez-vous une offre ?",
    ],
)
def test_neutral_requests_with_a_negative_word_are_neutral(text: str) -> None:
    analysis = analyze(text)
    assert analysis.level == "neutral", analysis
    assert not _escalates(text)


@pytest.mark.parametrize(
    "text",
    [
        "After a rough start, the engineer fixed everything. Thank you!",
        "The first parcel was lost but the replacement arrived, thanks for sorting it.",
        "Après un début difficile, tout est réglé. Merci beaucoup.",
        "No problems at all, setup took two minutes.",
        "Rien à redire, livraison parfaite.",
        "Zéro souci, colis conforme.",
        "Arrived on time and exactly as described.",
        "THANK YOU, YOU ARE THE BEST!",
        "MERCI POUR TOUT, SUPER ÉQUIPE !",
        "Moins cher qu'ailleurs et livré vite.",
    ],
)
def test_praise_stays_positive(text: str) -> None:
    assert analyze(text).level in POSITIVE, analyze(text)


def test_churn_needs_a_provider_or_competitor() -> None:
    assert not analyze("We're going to the museum and then to dinner.").has("churn_threat")
    assert not analyze("I need a train going to York on Friday.").has("churn_threat")
    assert analyze("I'm moving to another provider next month.").has("churn_threat")
    assert analyze("Je vais partir chez un concurrent.").has("churn_threat")
    assert not analyze("Nos enfants sont résilients.").has("churn_threat")


def test_n_fois_is_a_repeat_contact_only_after_a_contact_verb() -> None:
    assert not analyze("Je voudrais payer en trois fois.").has("repeat_contact")
    assert not analyze("Je viens deux fois par semaine.").has("repeat_contact")
    assert analyze("J'ai appelé trois fois sans réponse.").contact_number == 3


def test_french_senses_of_support_words() -> None:
    assert not analyze("On a regardé la coupe du monde à l'hôtel.").has("broken")
    assert analyze("Coupure internet depuis ce matin.").has("broken")
    assert not analyze("J'ai reçu une relance pour une facture.").has("repeat_contact")
    assert analyze("Malgré la grève, colis livré à l'heure. Merci !").level in POSITIVE


def test_a_bank_dispute_is_its_own_signal() -> None:
    assert analyze("I'm filing a chargeback with my bank today.").has("payment_dispute")
    assert analyze("Je vais faire opposition au prélèvement.").has("payment_dispute")
    assert not analyze("How do I dispute a transaction in the app?").has("payment_dispute")
    assert not analyze("J'ai fait opposition sur ma carte volée, que faire ?").has("legal_threat")


def test_strong_anger_escalates_a_satisfied_turn_does_not() -> None:
    assert _escalates("This is a disgrace, my order never arrived.")
    assert _escalates("C'est scandaleux, personne ne répond.")
    assert not _escalates("Great, thank you, that's all I need.")
    assert not _escalates("Parfait, merci, bonne journée.")


def test_general_text_keeps_plain_vader_word_senses() -> None:
    # "hope" is muted in support mail ("I hope you can fix this"), not in a greeting.
    assert analyze("Hope all my friends are doing well!").level in POSITIVE
    assert analyze("Waiting for the band to start, great night!").level in POSITIVE
    # Capitals mark a name only in a question; elsewhere they are the writer's emphasis.
    assert analyze("Is Bad Bunny merch back in stock?").level == "neutral"
    assert analyze("My picks for the Best New Books of the year").level in POSITIVE


def test_french_emoticons_super_and_verdicts() -> None:
    assert analyze("Livraison reçue :-)").level in POSITIVE
    assert analyze("Encore en retard :(").level in NEGATIVE
    assert analyze("Super service, merci").level in POSITIVE
    assert analyze("Belle couverture et bon début. Bref, une déception.").level in NEGATIVE
    assert analyze("Une étoile, je le déconseille.").level in NEGATIVE
