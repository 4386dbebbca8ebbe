"""French lexicon: negation, intensifiers and support phrases (words: lexicon_fr_words.py).

Everything is written folded (lower case, no accents), on VADER's -4..+4 scale. Words are
looked up after elision splitting ("n'est" -> "ne est") and a light inflection fallback
(see french.py), so one entry covers "déçu/déçue/déçus". PHRASES follow the English
format: (regex, valence, signal), masked from the word scorer and added once.
"""

from __future__ import annotations

Entry = tuple[str, float, str | None]


# Words that negate the next lexicon word within three tokens (the "ne" alone is not needed:
# spoken French drops it, and "pas"/"jamais"/... always follow it).
NEGATIONS = frozenset(
    [
        "pas",
        "jamais",
        "rien",
        "aucun",
        "aucune",
        "aucunement",
        "nullement",
        "sans",
        "ni",
        "guere",
        "point",
    ]
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
        [
            "assez",
            "plutot",
            "peu",
            "legerement",
            "un_peu",
            "presque",
            "quasi",
            "moyennement",
            "relativement",
        ],
        -0.293,
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
    # Multi-word opinions (one token each would miss them or score them backwards).
    (r"chefs?[- ]d'oeuvres?|coups? de coeur", 3.0, None),
    (r"ne manqu(?:e|ent|ait|aient) (?:pas|jamais) d(?:e |')(?:\w+)", 1.4, None),
    (
        r"manqu(?:e|ent|ait|aient|er) (?:\w+ )?(?:cruellement |vraiment |un peu |surtout )?"
        r"d(?:e |')(?:\w+)|(?:un|le) manque d(?:e |')(?:\w+)",
        -1.6,
        None,
    ),
    (r"(?:vaut|valait|vaudra) (?:vraiment )?(?:le coup|la peine|le detour)", 1.8, None),
    (r"(?:j'ai )?perdu mon temps|(?:aurait|aurais) (?:pu|du) (?:etre|faire) mieux", -2.0, None),
    (r"(?:j'aurais|on aurait) (?:aime|prefere|voulu)", -0.8, None),
    (r"se lit (?:tres |tout )?(?:facilement|vite|rapidement|tout seul|avec plaisir)", 2.0, None),
    (r"n'hesitez pas", 0.6, None),
    (
        r"(?:je )?(?:m'attendais|m'attendait|attendais|attendait) (?:a |vraiment a )?"
        r"(?:mieux|plus|autre chose)|deja (?:vu|lu)|tire par les cheveux|"
        r"(?:pas|plus) a la hauteur|ne tient pas (?:la route|ses promesses)|"
        r"laisse (?:\w+ )?(?:sur (?:ma|sa|notre) faim|perplexe|de marbre|indifferent)|"
        r"(?:pas pu|pas reussi a|du mal a) (?:le |la )?(?:finir|terminer)",
        -2.0,
        None,
    ),
    (r"tient (?:toutes )?ses promesses|a relire|je le relirai", 1.8, None),
    (r"pas terrible|pas top|pas genial|pas fou", -1.8, None),
    (
        r"sans interet|aucun interet|perte de temps|tombe des mains|ne vaut pas|a eviter|a fuir",
        -2.6,
        None,
    ),
    (
        r"(?:ne )?(?:m'a|m'ont|nous a|nous ont) (?:pas|guere|jamais|point) "
        r"(?:vraiment |du tout |beaucoup |trop )?plu",
        -2.0,
        None,
    ),
    (r"(?:m'a|m'ont|nous a|nous ont) (?:beaucoup |vraiment |bien |enormement )?plu", 2.0, None),
    (
        r"sans plus|rien de (?:special|extraordinaire|nouveau|transcendant)|je me suis ennuye",
        -1.4,
        None,
    ),
    (
        r"a lire absolument|a lire et a relire|a recommander|vaut le detour|"
        r"d'une (?:seule )?traite",
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
        r"(?:aucune|pas de|sans|pas une seule|aucun) (?:seule )?"
        r"(?:reponse|retour|rappel|explication|solution)",
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
        r"plante|crash|bug(?:ue)?|en panne|hors service|hs|defectueu\w+|casse\w*|abime\w*|"
        r"rayure|fuit",
        -1.8,
        "broken",
    ),
    (
        r"(?:plus|pas) d'(?:internet|electricite|eau chaude|reseau|connexion|chauffage)|"
        r"coup(?:e|ent|ure|ee)s?|deconnecte\w*",
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
    (r"c'est (?:du vol|n'importe quoi|une honte|inadmissible|scandaleux)", -2.8, "anger"),
    (
        r"furieu(?:x|se)|scandalis\w+|scandaleu(?:x|se)|honteu(?:x|se)|inadmissible|"
        r"inacceptable|lamentable|incapables?|minable|pitoyable|impoli\w*|gache\w*|degoute\w*",
        -2.6,
        "anger",
    ),
    (
        r"(?:parler|m'adresser) (?:a|avec) (?:un |une |votre |le |la )?(?:responsable|superieur|"
        r"manager|humain|personne|vrai conseiller)|je veux (?:un|une) responsable",
        -1.0,
        "wants_human",
    ),
)
