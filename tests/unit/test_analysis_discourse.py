"""Message-level readings: irony and courtesy next to a complaint, solved problems, neutral
enquiries, the writer's own mishap, names, negation and French word senses."""

from __future__ import annotations

import pytest
from readings import NEGATIVE, POSITIVE, assert_reading

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision.policy import escalation_reasons
from helpdesk_empathy.decision.rules import default_rules


def _escalates(text: str) -> bool:
    return bool(escalation_reasons(analyze(text), default_rules()))


# (text, how it reads): complaints without plain sentiment words, neutral enquiries that hold
# a negative word (and do not escalate), and praise next to a past problem or in capitals.
READINGS = [
    ("Brilliant work, my parcel is lost again. Top service.", "negative"),
    ("Thank you so much for your help, but the heater is still broken.", "negative"),
    ("Please help, the app won't let me log in since Tuesday.", "negative"),
    ("Bravo, le colis est encore en retard. Service génial.", "negative"),
    ("Merci d'avance, mais ma commande est arrivée cassée.", "negative"),
    ("Why has my parcel been stuck at the depot for a week?", "negative"),
    ("Pourquoi ma livraison a-t-elle encore été repoussée ?", "negative"),
    ("The code you emailed me is invalid.", "negative"),
    ("My card was refused twice at your checkout.", "negative"),
    ("Impossible de vous joindre depuis lundi.", "negative"),
    ("Paiement refusé alors que mon compte est approvisionné.", "negative"),
    ("Ils font tout pour ne pas rembourser.", "negative"),
    ("Je n'ai du tout aimé la façon dont on m'a répondu.", "negative"),
    ("Service nul, je suis tres decu.", "negative"),
    ("What happens if the courier loses my parcel?", "neutral"),
    ("How do I report a broken item?", "neutral"),
    ("Is there a fee if I cancel my booking?", "neutral"),
    ("I broke my charger, can I buy a spare one from you?", "neutral"),
    ("Silly me, I picked the wrong size. Can I swap it?", "neutral"),
    ("J'ai oublié mon mot de passe, comment le changer ?", "neutral"),
    ("Que se passe-t-il si le colis arrive abîmé ?", "neutral"),
    ("Est-il possible de payer en quatre fois ?", "neutral"),
    ("I'm going to the station tomorrow, can I book a taxi for 7?", "neutral"),
    ("Is the Dead Sea salt scrub back in stock?", "neutral"),
    ("Je commande deux fois par mois, avez-vous une offre ?", "neutral"),
    ("After a rough start, the engineer fixed everything. Thank you!", "positive"),
    ("The first parcel was lost but the replacement arrived, thanks for sorting it.", "positive"),
    ("Après un début difficile, tout est réglé. Merci beaucoup.", "positive"),
    ("No problems at all, setup took two minutes.", "positive"),
    ("Rien à redire, livraison parfaite.", "positive"),
    ("Zéro souci, colis conforme.", "positive"),
    ("Arrived on time and exactly as described.", "positive"),
    ("THANK YOU, YOU ARE THE BEST!", "positive"),
    ("MERCI POUR TOUT, SUPER ÉQUIPE !", "positive"),
    ("Moins cher qu'ailleurs et livré vite.", "positive"),
]


@pytest.mark.parametrize(("text", "reading"), READINGS)
def test_message_level_reading(text: str, reading: str) -> None:
    assert_reading(text, reading)
    if reading == "neutral":
        assert not _escalates(text)


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
