"""French lexicon: general sentiment words, negation, intensifiers and support phrases.

Everything is written folded (lower case, no accents), on VADER's -4..+4 scale. Words are
looked up after elision splitting ("n'est" -> "ne est") and a light inflection fallback
(see sentiment.py), so one entry covers "déçu/déçue/déçus". PHRASES follow the English
format: (regex, valence, signal), masked from the word scorer and added once.
"""

from __future__ import annotations

Entry = tuple[str, float, str | None]


def _words(spec: str) -> dict[str, float]:
    """Parse "word:valence word:valence ..." (multi-line) into a dict."""
    out: dict[str, float] = {}
    for item in spec.split():
        word, value = item.rsplit(":", 1)
        out[word.replace("_", " ")] = float(value)
    return out


WORDS: dict[str, float] = _words(
    """
    excellent:3.2 excellente:3.2 parfait:3.0 parfaitement:2.2 genial:3.0 geniaux:3.0 super:2.4
    formidable:3.0 merveilleux:3.2 magnifique:3.2 superbe:3.0 sublime:3.2 fantastique:3.2
    extraordinaire:3.0 exceptionnel:3.0 remarquable:2.6 brillant:2.6 impeccable:2.8 top:2.4
    bravo:2.8 chapeau:1.8 nickel:2.2 adore:3.0 adorer:3.0 aime:2.2 aimer:2.2 aimais:2.0
    plaisir:2.4 agreable:2.2 agreablement:2.0 bon:1.8 bonne:1.8 bien:1.2 mieux:1.4 meilleur:2.2
    beau:2.0 belle:2.0 joli:1.6 jolie:1.6 heureux:2.6 heureuse:2.6 bonheur:3.0 joie:2.8
    ravi:2.8 content:2.2 satisfait:2.2 enchante:2.6 enthousiaste:2.4 emerveille:3.0
    recommande:2.2 recommander:2.2 conseille:1.6 incontournable:2.4 bijou:2.4 chef-d'oeuvre:3.4
    interessant:1.8 passionnant:2.8 captivant:2.8 prenant:2.0 palpitant:2.6 haletant:2.0
    emouvant:2.2 touchant:2.2 drole:2.0 hilarant:2.6 rire:1.6 ri:1.4 amusant:2.0 savoureux:2.4
    intelligent:2.0 subtil:1.8 fin:0.6 juste:0.4 riche:1.6 fluide:1.8 efficace:2.0 rapide:1.6
    rapidement:1.2 pratique:1.4 utile:1.6 clair:1.4 claire:1.4 facile:1.4 simple:0.8 sympa:2.0
    sympathique:2.0 aimable:2.2 gentil:2.0 gentille:2.0 serviable:2.4 reactif:2.2 professionnel:1.8
    competent:1.8 patient:1.4 soigne:1.8 reussi:2.4 reussite:2.4 succes:2.2 fort:1.0 puissant:1.6
    original:1.4 surprenant:1.2 surprise:0.8 delicieux:2.8 tendre:1.6 poetique:1.6 lumineux:1.8
    vivant:1.4 devore:2.4 devorer:2.4 addictif:2.0 incroyable:2.2 magique:2.6 bluffant:2.6
    indispensable:2.0 essentiel:1.6 precieux:2.2 culte:2.0 regal:3.0 coup_de_coeur:3.0
    merci:1.8 remercie:1.8 remerciements:1.8 felicitations:2.8 felicite:2.4 soulage:1.6
    mauvais:-2.4 mauvaise:-2.4 nul:-2.8 nulle:-2.8 nullite:-3.0 mediocre:-2.4 decevant:-2.6
    decevante:-2.6 decu:-2.4 decue:-2.4 deception:-2.6 desole:-0.6 ennuyeux:-2.2 ennui:-2.0
    ennuye:-2.0 ennuie:-1.8 ennuyer:-1.8 lassant:-2.0 lasse:-1.6 barbant:-2.2 soporifique:-2.2
    horrible:-3.0 affreux:-3.0 atroce:-3.2 epouvantable:-3.0 catastrophique:-3.0 catastrophe:-2.8
    lamentable:-3.0 pitoyable:-2.8 minable:-2.8 honteux:-2.8 honte:-2.4 scandaleux:-3.0
    scandale:-2.8 scandalise:-3.0 inadmissible:-3.0 inacceptable:-3.0 intolerable:-3.0
    insupportable:-2.8 penible:-2.2 pire:-3.0 degoute:-2.8 degoutant:-2.8 detestable:-2.8
    deteste:-2.8 hais:-3.0 haine:-2.8 furieux:-3.0 furieuse:-3.0 colere:-2.6 enerve:-2.4
    enervant:-2.4 agace:-2.0 agacant:-2.0 exaspere:-2.8 exasperant:-2.8 marre:-2.6
    inquiet:-1.6 inquiete:-1.6 triste:-1.6 tristesse:-1.4 peur:-1.4 malheureusement:-1.4
    helas:-1.4 dommage:-1.6 dommages:-0.6 moyens:0.0 regrette:-1.8 regret:-1.6 regrettable:-2.0 probleme:-1.6
    souci:-1.2 erreur:-1.6 erreurs:-1.6 faute:-1.4 fautes:-1.4 defaut:-1.6 bug:-1.8 bogue:-1.8
    panne:-2.0 casse:-1.8 abime:-2.0 endommage:-2.0 defectueux:-2.2 perdu:-1.4 perte:-1.8
    rate:-1.8 echec:-2.2 incomplet:-1.4 inutile:-2.2 inutilisable:-2.6 incomprehensible:-2.0
    incoherent:-2.0 confus:-1.4 plat:-1.2 fade:-1.8 creux:-1.8 vide:-1.2 superficiel:-1.6
    faible:-1.6 bacle:-2.4 indigeste:-2.2 laborieux:-1.8 lourd:-1.4 long:-0.4 longueurs:-1.8
    lent:-1.4 lente:-1.4 lenteur:-1.6 repetitif:-1.8 previsible:-1.4 invraisemblable:-1.4
    caricatural:-1.8 cliche:-1.6 cliches:-1.6 naif:-1.0 niais:-2.0 mievre:-2.0 vulgaire:-2.0
    ridicule:-2.4 absurde:-1.8 stupide:-2.4 idiot:-2.4 bete:-1.6 grotesque:-2.4 pretentieux:-2.0
    cher:-0.8 arnaque:-3.0 escroquerie:-3.2 escroc:-3.0 vol:-1.0 voleur:-3.0 voleurs:-3.0
    menti:-2.6 mensonge:-2.6 incompetent:-2.8 incompetents:-2.8 incapable:-2.6 incapables:-2.6
    impoli:-2.4 desagreable:-2.4 mepris:-2.6 meprisant:-2.6 pathetique:-2.8 grave:-1.2
    difficile:-0.8 difficilement:-1.0 compliquer:-1.2 complique:-1.2 attente:-1.2 retard:-1.8
    retards:-1.8 annule:-1.4 annulation:-1.4 plainte:-2.0 reclamation:-1.6 litige:-2.0
    abandonne:-1.6 abandonner:-1.6 arrete:-0.8 decroche:-1.0 bof:-1.8 moyen:-0.6 moyennement:-1.0
    rembourser:-0.6 remboursement:-0.6 rembourse:-0.6 preleve:-0.6 prelever:-0.6 debite:-0.6
    gache:-2.4 gacher:-2.4 honteusement:-2.4 inadmissibles:-3.0 urgent:-0.8 urgence:-1.0
    deplorable:-2.8 mecontent:-2.6 insatisfait:-2.4 frustre:-2.4 frustrant:-2.4 frustration:-2.4
    plaire:1.6 accroche:1.4 accrocher:1.4 emballe:2.2 convaincu:1.4 convaincant:1.8
    attachant:2.0 bouleversant:2.4 poignant:2.0 intense:1.2 suspense:1.0 humour:1.6 merveille:3.0
    tresor:2.6 pepite:2.6 must:2.4 fan:1.6 grandiose:3.0 epatant:2.6 jubilatoire:2.8 rafraichissant:2.0
    inoubliable:2.8 inspirant:2.2 instructif:1.8 enrichissant:2.2 clairement:0.4 reconfortant:2.0
    decoit:-2.4 decevoir:-2.2 ininteressant:-2.4 insipide:-2.4 redondant:-1.6 indigne:-2.4
    rebutant:-2.0 ennuyant:-2.2 bavard:-1.0 verbeux:-1.6 lourdeur:-1.6 maladroit:-1.6 decousu:-1.8
    brouillon:-1.6 inegal:-1.0 dispensable:-1.6 errone:-1.6 imprecis:-1.4 faux:-1.2 coquilles:-1.2
    navrant:-2.6 affligeant:-2.8 consternant:-2.6 illisible:-2.4 indigent:-2.4 rate:-1.8 agacement:-2.0
    """
)

# Words that negate the next lexicon word within three tokens (the "ne" alone is not needed:
# spoken French drops it, and "pas"/"jamais"/... always follow it).
NEGATIONS = frozenset(
    ["pas", "jamais", "rien", "aucun", "aucune", "aucunement", "nullement", "sans", "ni", "guere", "point"]
)
# "plus" and "personne" negate only with a "ne" nearby ("il ne marche plus"), else they compare.
WEAK_NEGATIONS = frozenset(("plus", "personne"))

BOOSTERS: dict[str, float] = {
    **dict.fromkeys(
        "tres trop vraiment tellement extremement totalement completement absolument "
        "particulierement vachement hyper ultra super fort franchement carrement si "
        "incroyablement terriblement profondement entierement vraiment beaucoup enormement "
        "tout_a_fait du_tout".replace("_", " ").split(),
        0.293,
    ),
    **dict.fromkeys(
        ["assez", "plutot", "peu", "legerement", "un_peu", "presque", "quasi", "moyennement", "relativement"], -0.293
    ),
}

_N = r"(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|plusieurs)"
_UNITS = r"(?:heures?|h|jours?|semaines?|mois|minutes?|min)"

PHRASES: tuple[Entry, ...] = (
    # Formulas of the support register.
    (r"merci de(?: me| nous| bien)?|moyens? de", 0.1, None),
    (r"merci d'avance|merci par avance|d'avance merci|en vous remerciant", 0.3, None),
    (r"(?:je voudrais|j'aimerais|je souhaiterais|je souhaite)", 0.0, None),
    (r"pas de (?:souci|probleme)|aucun (?:souci|probleme)|sans souci", 0.8, None),
    (r"pas mal|pas si mal", 1.4, None),
    (r"pas terrible|pas top|pas genial|pas fou", -1.8, None),
    (
        r"sans interet|aucun interet|perte de temps|tombe des mains|ne vaut pas|a eviter|a fuir",
        -2.6,
        None,
    ),
    (r"(?:ne )?(?:m'a|m'ont|nous a|nous ont) pas (?:vraiment |du tout |beaucoup )?plu", -2.0, None),
    (r"(?:m'a|m'ont|nous a|nous ont) (?:beaucoup |vraiment |bien |enormement )?plu", 2.0, None),
    (
        r"sans plus|rien de (?:special|extraordinaire|nouveau|transcendant)|je me suis ennuye",
        -1.4,
        None,
    ),
    (
        r"a lire absolument|a lire et a relire|a recommander|vaut le detour|d'une (?:seule )?traite",
        2.6,
        None,
    ),
    # Positive outcomes and gratitude.
    (
        r"(?:c'est |tout est |est |probleme )?(?:regle|resolu|repare)(?: maintenant)?|"
        r"(?:ca|tout) (?:marche|fonctionne)(?: maintenant| bien| parfaitement| a nouveau)",
        1.6,
        None,
    ),
    (r"merci (?:beaucoup|infiniment|mille fois)|mille mercis|un grand merci", 2.6, "gratitude"),
    (r"merci|je vous remercie", 1.6, "gratitude"),
    # Still unresolved / repeat contact (the signal itself comes from signals.py).
    (
        r"toujours (?:pas|rien|aucun|aucune|en attente|bloque|pas de nouvelles)|"
        r"(?:je|j') ?attends? toujours|n'(?:a|ai|est|ont) toujours pas|toujours sans",
        -1.8,
        "delay",
    ),
    (
        r"(?:deuxieme|troisieme|quatrieme|cinquieme|\d+ ?(?:e|eme|ieme)) "
        r"(?:fois|relance|mail|e-mail|message|appel|demande|reclamation)",
        -1.6,
        "repeat_contact",
    ),
    (
        r"encore une fois|une fois de plus|a nouveau|de nouveau|je relance|relance",
        -1.2,
        "repeat_contact",
    ),
    (r"(?:deux|trois|quatre|cinq|\d+) fois", -1.0, "repeat_contact"),
    # Waiting and delays.
    (r"en attente|j'attends|nous attendons|on attend|attendre", -1.4, "delay"),
    (
        rf"(?:ca fait|cela fait|depuis|plus de|pres de) (?:\w+ ){{0,2}}{_UNITS}",
        -0.9,
        "delay",
    ),
    (r"en retard|retarde|retard|pas encore (?:recu|arrive|livre|rembourse)", -1.6, "delay"),
    (
        r"(?:jamais|pas|toujours pas|rien) (?:ete )?(?:recu|arrive|livre|venu|expedie|rembourse)|"
        r"n'est (?:jamais|pas) (?:arrive|venu|passe|livre)",
        -1.8,
        "delay",
    ),
    (r"ou (?:est|sont) (?:ma|mon|mes|le|la|les) \w+", -1.2, "delay"),
    (
        r"(?:n'a|n'ont|n'est|n'ai|ne sont) (?:pas|jamais|toujours pas) (?:ete )?(?:applique|recu|"
        r"livre|rembourse|traite|pris en compte|resolu|corrige|repare|expedie)e?s?|"
        r"(?:ne|n') ?(?:\w+ )?(?:recois|recoit|recevons|recu|repond\w*) (?:pas|plus|jamais|rien)",
        -1.8,
        "delay",
    ),
    (r"(?:n'a|n'ont|n'ai|ne|n'est) meme pas|alors que|malgre", -0.9, None),
    (r"bloque|coince|aucune nouvelle|pas de nouvelles|sans nouvelles", -1.4, "delay"),
    (r"(?:vol|train|commande|reservation|rendez-vous) (?:a ete )?annulee?", -2.0, "delay"),
    # Being ignored.
    (
        r"personne ne (?:me |nous )?(?:repond|rappelle|rappele|s'en occupe|prend|sait|aide|"
        r"ecoute|est venu)|personne (?:n'a|ne m'a|ne nous a) \w+",
        -2.2,
        "ignored",
    ),
    (
        r"(?:aucune|pas de|sans|pas une seule|aucun) (?:seule )?(?:reponse|retour|rappel|explication|solution)",
        -1.8,
        "ignored",
    ),
    (
        r"(?:ne m'a|ne nous a|n'a) (?:jamais |pas |toujours pas )?(?:rappele|repondu|recontacte)",
        -1.8,
        "ignored",
    ),
    (r"ignore|raccroche|baladee?|renvoye d'un service|un service a l'autre", -2.0, "ignored"),
    (r"(?:impossible de|je n'arrive pas a) (?:joindre|contacter|parler)", -1.8, "ignored"),
    (
        r"promis (?:un |une )?(?:rappel|remboursement|reponse)|on m'avait (?:promis|dit)",
        -1.4,
        "ignored",
    ),
    # Things broken.
    (
        r"(?:ne|n') ?(?:\w+ )?(?:fonctionne|marche|charge|s'allume|demarre|imprime|"
        r"se connecte|s'ouvre)\w* (?:plus|pas|toujours pas)|(?:ne )?(?:fonctionne|marche) pas",
        -2.0,
        "broken",
    ),
    (
        r"plante|crash|bug(?:ue)?|en panne|hors service|hs|defectueu\w+|casse\w*|abime\w*|rayure|fuit",
        -1.8,
        "broken",
    ),
    (
        r"(?:plus|pas) d'(?:internet|electricite|eau chaude|reseau|connexion|chauffage)|coup(?:e|ent|ure|ee)s?|deconnecte\w*",
        -1.8,
        "broken",
    ),
    (
        r"impossible de (?:me connecter|se connecter|payer|acceder|telecharger|commander)|"
        r"(?:je n'ai plus|plus) acces|n'a rien a voir|mauvaise (?:taille|adresse|couleur)|"
        r"mauvais (?:article|produit|colis)|manquai(?:t|ent)|manquant|perdue?s?",
        -1.8,
        "broken",
    ),
    # Billing.
    (
        r"(?:debite|preleve|facture) deux fois|double (?:prelevement|facturation)|"
        r"continuez a (?:me )?(?:prelever|facturer|debiter)|frais de retard|"
        r"prelevement (?:non autorise|injustifie)|ou est mon argent|rendez-moi mon argent",
        -2.2,
        "billing",
    ),
    # Churn.
    (
        r"resilie\w*|(?:fermer|ferme|cloturer) mon compte|(?:je change|changer) d'(?:operateur|"
        r"fournisseur|banque)|passer chez|(?:je passe|aller) (?:chez|a) (?:un|la) concurren\w+|"
        r"plus jamais (?:chez vous|avec vous)|je ne commanderai plus|dernier achat|"
        r"(?:j'en ai|j'ai) (?:assez|marre) de votre",
        -2.6,
        "churn_threat",
    ),
    # Legal.
    (
        r"avocat|mise en demeure|tribunal|en justice|porter plainte|plainte|proces|"
        r"(?:faire )?opposition|litige|huissier|association de consommateurs|ufc|"
        r"dgccrf|mediateur|la presse|les medias",
        -2.6,
        "legal_threat",
    ),
    # Swearing.
    (
        r"putain|merde\w*|bordel|connards?|foutu\w*|se fout|s'en fiche|chier|con|cons",
        -2.6,
        "profanity",
    ),
    # Confusion.
    (
        r"je ne comprends (?:pas|rien)|je comprends pas|pas clair|incomprehensible",
        -0.8,
        "confusion",
    ),
    (r"comment (?:faire|puis-je|je peux|on fait)", 0.0, "confusion"),
    (r"pourquoi (?:mon|ma|mes|est-ce|avez-vous|vous|ai-je|je)", -0.6, None),
    (r"c'est (?:du vol|n'importe quoi|une honte|inadmissible|scandaleux)", -2.8, None),
)
