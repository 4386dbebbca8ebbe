"""Message-level readings that single words miss: praise or courtesy next to a complaint, a
problem already solved, neutral enquiries, and the writer's own mishap.

Support messages mix registers. "Thanks in advance, my order arrived broken" and "Great job,
a third delay" are complaints: next to an unsolved problem, praise is courtesy or irony. A
problem told as backstory before "fixed it, thank you" is praise. "What happens if my parcel
is lost?" and "I broke my charger, can I order one?" name problems nobody is blamed for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from helpdesk_empathy.analysis.gates import GatedPattern
from helpdesk_empathy.analysis.phrases import PhraseHit, trie_pattern

# Phrase signals that report something wrong with the service.
PROBLEM_SIGNALS = frozenset(
    ("delay", "ignored", "broken", "billing", "repeat_contact", "churn_threat",
     "legal_threat", "payment_dispute", "profanity", "anger", "wants_human")
)  # fmt: skip
# Signals that blame the company or escalate; an enquiry or a mishap never has them.
BLAME_SIGNALS = frozenset(
    ("ignored", "repeat_contact", "anger", "profanity", "legal_threat", "wants_human")
)  # fmt: skip
PROBLEM_VALENCE = -0.9  # a phrase at least this negative reports a problem
COMPLAINT_PHRASE = -1.5  # a phrase this negative without a topic is a complaint in itself
BACKSTORY_WEIGHT = 0.2  # what a problem told before its happy ending still counts
COURTESY_WEIGHT = 0.15  # what praise next to an unsolved problem still counts
OFF_TOPIC: dict[str | None, float] = {"delay": 0.25, "repeat_contact": 0.25}  # outside support
# The problems that make praise next to them courtesy or irony (not swearing, which often
# intensifies praise: "damn good").
SUPPORT_PROBLEMS = frozenset(("delay", "ignored", "broken", "billing", "repeat_contact"))
# The valence of the lexicons' irony phrases ("love how ... on day five", "oh great, another"):
# with one of them, the message's other praise is ironic too, whatever it is about.
IRONY = -2.4


def _words_pattern(words: str) -> re.Pattern[str]:
    """Any of the whole words, as one regex factored like a trie (one pass, few branches)."""
    return re.compile(rf"\b{trie_pattern(sorted(set(words.split())))}\b")


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")

_EN: dict[str, Any] = {
    "enquiry": re.compile(
        r"^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[ ,!]*)?(?:how (?:do|can|should|"
        r"would|does|long do(?:es)?)|what (?:happens|if|should|do|does|is|are|'s|would)|"
        r"is there|are there|is it|is (?:that|this) normal|is the|are the|is this|are these|does|"
        r"do (?:you|i|they|we)|can (?:i|we|a|an|the|it|this)|could (?:a|an|the|it|this)|"
        r"could (?:i|we)|who (?:do|should|can)|where (?:do|can|should)|which|when (?:do|does|will|"
        r"can)|if|in case|will|would|am i|are you|should i|is my|are my)\b"
    ),
    "clause_enquiry": re.compile(
        r", (?:what does (?:that|this|it) mean|is (?:that|this|it) normal|is that (?:ok|right))"
    ),
    "conditional": re.compile(r"\b(?:if|in case|what happens|what if)\b"),
    "own": re.compile(r"\b(?:my|our|mine|ours)\b"),
    # "Every agent says it's fixed": a resolution someone claims is not one.
    "hearsay": re.compile(r"\b(?:says?|said|told|supposed|claim\w*|promised|meant to)\b"),
    # "nothing was fixed", "never resolved": a resolution denied is none.
    "negated": re.compile(r"\b(?:not|n't|nothing|never|nobody|no one|none)\b(?: \w+){0,2} ?$"),
    "complaint": re.compile(
        r"\b(?:why|still (?:no|not|nothing|waiting|haven'?t|hasn'?t)|even|ever|seriously|really|"
        r"actually|anyone|anybody|nobody|"
        r"no one|yet|already|how many|how come|supposed to|hell|wtf|damn\w*|fu\w*k\w*|shit\w*|"
        r"bloody)\b"
    ),
    "mishap": GatedPattern(
        r"\b(?:i|we) (?:accidentally|mistakenly|stupidly|carelessly)\b|by (?:mistake|accident)|"
        r"\bmy (?:bad|fault|mistake|own fault)\b|\bsilly me\b|"
        r"\b(?:i|we) (?:forgot|broke|dropped|deleted|spilled|spilt|misplaced|locked (?:myself|"
        r"ourselves))\b|\b(?:i|we)(?:'d| had) lost (?:my|our)\b|"
        r"\b(?:i|we) (?:typed|entered|ordered|booked|picked|chose|selected|put) "
        r"(?:in )?(?:the |a )?wrong\b|\b(?:i|we) lost (?:my|our) (?:ticket|card|password|receipt|"
        r"boarding pass|keys?|phone|wallet|code)"
    ),
    "request": re.compile(r"\?|\b(?:can you|could you|please|how do i|how can i)\b"),
    "ask": re.compile(r"\b(?:can|could|would|will) you\b|\bplease\b"),
    "resolved": GatedPattern(
        r"\b(?:fixed|sorted|resolved|solved|made (?:it|things) right|working (?:again|now|fine)|"
        r"works (?:now|again|fine|perfectly)|"
        r"(?:sorting|fixing|solving) (?:it|this|that|everything)|"
        r"(?:refund|replacement) (?:has )?(?:arrived|received|came)|"
        r"received (?:the|my) (?:refund|replacement))\b"
    ),
    "support": _words_pattern(
        """your order orders ordered delivery delivered parcel package refund account ticket
        flight booking customer support bill charged app service team staff agent item product
        warranty fee fees plan card website site data subscription claim policy cover insurance
        return replacement price payment invoice receipt shipping courier store shop tracking
        password login address size connection engineer technician transfer bank coupon voucher
        code discount promo email e-mail case call rep company manager supervisor box unit
        device phone laptop router internet wifi broadband outage meter appointment seat gate
        luggage bag train bus hotel room reservation purchase bought paid pay charge charges
        money contract upgrade install installed installation installer repair repaired
        repairs chat helpline hotline branch checkout basket cart music visit update settings
        pressure water power heating status buy spare charger"""
    ),
}
_FR: dict[str, Any] = {
    "enquiry": re.compile(
        r"^(?:(?:bonjour|bonsoir|salut|madame|monsieur)\b[ ,!]*)?(?:comment|que |qu'|quel|"
        r"quelle|quels|quelles|qui |ou |quand|combien|y a-t-il|est-ce|est-il|puis-je|peut-on|"
        r"pouvez-vous|pourriez-vous|faut-il|dois-je|suis-je|ai-je|avez-vous|en cas|si |s'il)"
        r"|^[^?]*-(?:t-)?(?:il|elle|ils|elles|on|vous|je)\b"
    ),
    "clause_enquiry": re.compile(
        r", (?:qu'est-ce que (?:ca|cela) (?:veut dire|signifie)|est-ce normal)"
    ),
    "conditional": re.compile(r"\b(?:si|s'il|en cas d|au cas ou|que se passe)"),
    "own": re.compile(r"\b(?:mon|ma|mes|notre|nos)\b"),
    "hearsay": re.compile(r"\b(?:dit|disait|dites|cense\w*|soi-disant|promis|pretend\w*)\b"),
    "negated": re.compile(r"\b(?:pas|jamais|rien|personne|aucun\w*)\b(?: \S+){0,2} ?$"),
    "complaint": re.compile(
        r"\b(?:pourquoi|encore|toujours|meme|vraiment|quelqu'un|personne|deja|combien de temps|"
        r"combien de fois|normal que|jamais)\b"
    ),
    "mishap": GatedPattern(
        r"par (?:erreur|megarde|inadvertance|ma faute)|\bma faute\b|\bje me suis trompee?\b|"
        r"\b(?:j'ai|nous avons) (?:oublie|casse|fait tomber|supprime|efface|renverse|"
        r"perdu (?:mon|ma) (?:billet|ticket|mot de passe|code|badge|recu|carte|cle))"
    ),
    "request": re.compile(r"\?|\b(?:pouvez-vous|pourriez-vous|merci de|svp|s'il vous plait)\b"),
    "ask": re.compile(r"\b(?:pouvez-vous|pourriez-vous|merci de|svp|s'il vous plait)\b"),
    "resolved": GatedPattern(
        r"\b(?:regle|resolu|repare|tout fonctionne|tout marche|rentre dans l'ordre|"
        r"a ete (?:fait|retrouvee?|rembourse)|(?:remboursement|colis) (?:est |a ete |bien )+"
        r"(?:arrive|recu))"
    ),
    "support": _words_pattern(
        """vous votre vos commande livraison colis remboursement compte dossier service facture
        contrat conseiller conseillere conseillers agence sinistre assurance banque client
        appli application equipe article produit garantie frais forfait carte site abonnement
        paiement prelevement virement livreur technicien magasin boutique adresse taille
        vol billet appel telephone hotline guichet caisse installation code gestionnaire
        expert"""
    ),
}


class Reading(NamedTuple):
    """Adjusted valences: one per phrase hit and one per scored word, in the same order."""

    hits: tuple[float, ...]
    words: tuple[float, ...]
    blameless: bool = False  # an enquiry or the writer's own mishap: no problem signals


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().strip()) for m in _SENTENCE.finditer(text)]


def _is_problem(hit: PhraseHit) -> bool:
    return hit.valence <= PROBLEM_VALENCE and (hit.signal in PROBLEM_SIGNALS or not hit.signal)


def _blameless(text: str, rules: dict, hits: Sequence[PhraseHit], company: bool) -> bool:
    """Every problem sits in a neutral enquiry or in the writer's own mishap, nobody blamed.
    `company`: whether the text is about a purchase or service (to_company)."""
    if any(h.signal in BLAME_SIGNALS for h in hits):
        return False
    if "?" not in text and rules["mishap"].search(text) is None:
        return False  # neither a question nor the writer's own mishap (checked cheaply first)
    if rules["complaint"].search(text):
        return False
    if any(not h.signal and h.valence <= COMPLAINT_PHRASE for h in hits):
        return False  # "who decided...", "à quoi sert...": a complaint phrased as a question
    churn = [h for h in hits if h.signal == "churn_threat"]
    if not company:
        return False  # a question outside support ("will it kill the tv?") keeps its words
    # Without a "?", only a mishap got this far.
    mishap = "?" not in text or rules["mishap"].search(text) is not None
    if mishap and not rules["request"].search(text):
        return False
    sentences = _sentences(text)
    if not sentences or not sentences[-1][2].endswith("?") and not mishap:
        return False
    problem_sentences = 0
    for start, end, sentence in sentences:
        if not any(start <= h.start < end and _is_problem(h) for h in hits):
            continue
        problem_sentences += 1
        if any(start <= h.start < end for h in churn) and not sentence.endswith("?"):
            return False  # "If this isn't fixed, I'm leaving" threatens; "What if I leave?" asks
        if not _asks(sentence, rules):
            return False
    # Only negative words ("Less money, more problems?"): some sentence must really ask.
    return problem_sentences > 0 or any(
        _asks(sentence, rules) or sentence.endswith("?") and rules["ask"].search(sentence)
        for _, _, sentence in sentences
    )


def _asks(sentence: str, rules: dict) -> bool:
    """A neutral enquiry, a condition or the writer's own mishap, not a problem reported."""
    # "How do I report a damaged item?" asks; "...for my cancelled flight?" reports.
    asks = sentence.endswith("?") and (
        rules["clause_enquiry"].search(sentence) is not None
        or (rules["own"].search(sentence) is None and rules["enquiry"].search(sentence))
    )
    return bool(asks or rules["conditional"].search(sentence) or rules["mishap"].search(sentence))


def to_company(text: str, language: str) -> bool:
    """Whether the (lower-cased) message is about a purchase or service: an order, a bill..."""
    return (_FR if language == "fr" else _EN)["support"].search(text) is not None


def read(
    text: str,
    language: str,
    hits: Sequence[PhraseHit],
    words: Sequence[float],
    *,
    company: bool | None = None,
) -> Reading | None:
    """The adjusted valences for `text` (lower-cased as the phrases were matched), or None.
    `company`: to_company(text, language) when the caller already has it."""
    rules = _FR if language == "fr" else _EN
    if company is None:
        company = to_company(text, language)
    ironic = any(h.valence == IRONY and not h.signal for h in hits)
    if not company and not ironic:
        # Not about a purchase or service: "waiting for the band", "here once again" are no
        # delay and no repeat contact, so those phrases count little.
        scaled = tuple(h.valence * OFF_TOPIC.get(h.signal, 1.0) for h in hits)
        if any(h.signal == "anger" for h in hits):
            # "I'm sick of it. Thank you.": thanks after contempt is courtesy anywhere.
            scaled = tuple(
                v * COURTESY_WEIGHT if h.signal == "gratitude" else v
                for h, v in zip(hits, scaled, strict=True)
            )
        return Reading(scaled, tuple(words)) if scaled != tuple(h.valence for h in hits) else None
    negative = any(h.valence < 0 for h in hits) or min(words, default=0.0) < 0
    if negative and _blameless(text, rules, hits, company):
        return Reading(
            tuple(max(0.0, h.valence) for h in hits), tuple(max(0.0, w) for w in words), True
        )
    # Only support problems (a delay, a fault, a charge...) or complaint phrases, not opinions
    # ("pas terrible"), and only in a message to a company: elsewhere praise next to
    # "waiting" is often sincere.
    problems = [
        h
        for h in hits
        if h.signal in SUPPORT_PROBLEMS
        and h.valence <= PROBLEM_VALENCE
        or not h.signal
        and h.valence <= COMPLAINT_PHRASE
    ]
    if not problems or not (ironic or company):
        return None
    resolved = [
        m.end()
        for m in rules["resolved"].finditer(text)
        if not rules["hearsay"].search(text, max(0, m.start() - 24), m.start())
        and not rules["negated"].search(text, max(0, m.start() - 16), m.start())
    ]
    later = [h for h in hits if _is_problem(h) and h.signal]
    if resolved and not any(h.start >= resolved[-1] for h in later):
        # The problem is backstory: "after a terrible start, thank you for sorting it".
        return Reading(
            tuple(h.valence * BACKSTORY_WEIGHT if h.valence < 0 else h.valence for h in hits),
            tuple(w * BACKSTORY_WEIGHT if w < 0 else w for w in words),
        )
    # An unsolved problem: praise and thanks next to it are mostly courtesy or irony.
    if max(words, default=0.0) <= 0 and all(h.valence <= 0 for h in hits):
        return None  # no praise to discount: the valences stand as they are
    return Reading(
        tuple(h.valence * COURTESY_WEIGHT if h.valence > 0 else h.valence for h in hits),
        tuple(w * COURTESY_WEIGHT if w > 0 else w for w in words),
    )


__all__ = ["BLAME_SIGNALS", "PROBLEM_SIGNALS", "Reading", "read"]
