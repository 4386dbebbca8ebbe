"""French lexicon: negation, intensifiers and support phrases (words: lexicon_fr_words.py).

Everything is written folded (lower case, no accents), on VADER's -4..+4 scale. Words are
looked up after elision splitting ("n'est" -> "ne est") and a light inflection fallback
(see french.py), so one entry covers "déçu/déçue/déçus". PHRASES follow the English
format: (regex, valence, signal), masked from the word scorer and added once.
"""

from __future__ import annotations

from helpdesk_empathy.analysis.discourse import IRONY

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
# Determiners and pronouns: an excess ("trop cher", "trop de pub") never comes before one, so
# a "trop" that does intensifies the verb before it ("je kiffe trop ce film", "j'aime trop ça").
DETERMINERS_AND_PRONOUNS = frozenset(
    [
        "ce",
        "cet",
        "cette",
        "ces",
        "le",
        "la",
        "les",
        "un",
        "une",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "votre",
        "nos",
        "vos",
        "leur",
        "leurs",
        "ca",
        "cela",
        "moi",
        "toi",
        "lui",
        "eux",
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

_NUM_FR = r"(?:\d+|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|plusieurs)"
# Irony (valence IRONY: discourse reads the rest of the message as ironic too).
SARCASM: tuple[Entry, ...] = (
    # "Merci pour ce service rapide : trois semaines": praise undone by the time it took.
    (
        r"(?:service(?: client)?|livraison|reponse|envoi|traitement|remboursement|sav|suivi) "
        r"(?:(?:tres |super |ultra )?(?:rapide|express|efficace|reactif|eclair|au top))"
        rf"[,!]?(?: ?:| ?\.\.\.| ?…| -| —) (?:seulement |juste |a peine )?{_NUM_FR} "
        r"(?:semaines|mois)",
        IRONY,
        None,
    ),
    # "Oh super, encore une mise à jour": mock delight at one more of something.
    (
        r"(?:oh|ah|ben|bah) (?:super|genial|parfait|top|bravo|merveilleux|formidable|chouette)"
        r"[,!.]*+ (?:encore (?:un|une)(?! fois)|de nouveau|a nouveau)",
        IRONY,
        None,
    ),
    # "Génial, encore une panne": the same mock delight without the interjection, when one
    # more mishap follows ("Super, encore un achat réussi" is sincere). The mishap is only
    # looked at, so its own phrase ("facture erronée") still matches.
    (
        r"(?:super|genial|parfait|top|bravo|merveilleux|formidable|chouette)[,!.]++ "
        r"encore (?:un|une)(?= (?:(?:nouveau|nouvelle|autre|belle|bel|beau|petit|petite) )?"
        r"(?:panne|retard|bug|coupure|erreur|probleme|souci|annulation|greve|incident|"
        r"plantage|facture|prelevement|augmentation|hausse|frais|relance|attente|bouchon))",
        IRONY,
        None,
    ),
    # "J'adore quand..." next to a broken promise.
    (
        r"(?:j'adore|jadore|j'aime) (?:quand|comment|le fait que)[^.!?\n]{0,60}?"
        rf"\b(?:{_NUM_FR} (?:jours|semaines|mois) (?:plus tard|de retard|apres)|"
        r"encore (?:un|une)(?! fois))",
        IRONY,
        None,
    ),
)

PHRASES: tuple[Entry, ...] = (
    *SARCASM,
    # "Encore une fois merci": thanks repeated, not a repeated contact.
    (
        r"(?:encore une fois|une fois de plus|encore) merci|merci encore(?: une fois)?",
        1.6,
        "gratitude",
    ),
    # Formulas of the support register.
    (r"merci de(?: me| nous| bien)?|moyens? de", 0.1, None),
    (r"merci d'avance|merci par avance|d'avance merci|en vous remerciant", 0.3, None),
    (r"(?:je voudrais|j'aimerais|je souhaiterais|je souhaite)", 0.0, None),
    # Payment in instalments and frequencies are not repeat contacts ("payer en trois fois").
    (
        r"en (?:deux|trois|quatre|cinq|six|dix|douze|\d+|plusieurs) (?:fois|mensualites)"
        r"(?: sans frais)?|(?:une|deux|trois|quatre|cinq|\d+|plusieurs) fois par "
        r"(?:jour|semaine|mois|an|annee|trimestre|nuit)|a chaque fois",
        0.0,
        None,
    ),
    (
        r"en cas d'urgence|en urgence|d'urgence|coupe du monde|coupe de (?:cheveux|france)",
        0.0,
        None,
    ),
    # Negated problems are praise ("rien à redire", "zéro souci", "jamais eu de souci").
    (
        r"rien (?:de special |de particulier )?a (?:redire|reprocher|dire|signaler)|"
        r"zero (?:souci|probleme|defaut|stress|reproche)s?|"
        r"(?:aucune?|pas de|pas une?|pas un seul|pas une seule|jamais (?:eu )?(?:de|le moindre|"
        r"la moindre|un seul|une seule)|sans (?:aucune? )?|jamais eu (?:de|le moindre|un seul)) "
        r"(?:seule? )?(?:souci|probleme|difficulte|mauvaise surprise|reproche|retard|panne|"
        r"accroc|encombre|incident|soucis|problemes)|"
        r"pas (?:decue?s?|mecontente?s?) du tout|"
        r"(?:conforme|conformes)(?: a (?:la description|mes attentes|la commande|la photo))?|"
        r"(?:arrive|livre|recu|reçu|livree|arrivee)e?s? (?:dans les temps|a l'heure|en avance|"
        r"dans les delais|le lendemain)|(?:dans les temps|dans les delais|comme prevu|"
        r"plus vite que prevu)",
        1.8,
        None,
    ),
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
        r"laisse (?:\w+ )?(?:sur (?:ma|sa|notre) faim|perplexe|de marbre|indifferente?|froide?)|"
        r"(?:pas pu|pas reussi a|du mal a) (?:le |la )?(?:finir|terminer)",
        -2.0,
        None,
    ),
    # The reader gave up: a verdict in itself ("je ne l'ai pas fini", "lu en diagonale").
    (
        r"(?:ne l'ai|n'ai|ne les ai) (?:meme )?(?:pas|jamais) (?:pu |reussi a |su )?"
        r"(?:le |la |les )?"
        r"(?:fini|finir|termine|terminer|accroche)|je n'accroche pas|pas accroche|"
        r"je (?:me )?suis arretee?|(?:lu|lire|survole|parcouru) en diagonale|"
        r"j'ai (?:fini par )?(?:abandonne|laisse tomber)|sans grand interet|sans originalite|"
        r"(?:nous|m') ?avait habitue\w* a mieux|(?:quelle|grosse|grande|une vraie) deception|"
        r"(?:le|la) moins (?:aime|reussie?|bon|bonne)|(?:un|le) navet|(?:pas|peu) original\w*|"
        r"ne (?:m'a|nous a) (?:pas|jamais) donne envie|sans surprise|"
        r"ne va pas (?:vraiment |beaucoup )?plus loin|(?:pas|mal) exploitee?s?|"
        r"(?:texte|version|edition) abregee?",
        -2.2,
        None,
    ),
    (r"tient (?:toutes )?ses promesses|a relire|je le relirai", 1.8, None),
    (r"pas terrible|pas top|pas genial|pas fou", -1.8, None),
    # Ratings given in words: "une étoile", "zéro étoile", "cinq étoiles".
    (r"(?:zero|0|une|1|demi) etoiles?|(?:0|1|2|3)/(?:10|20)", -2.2, None),
    (r"(?:cinq|5|quatre|4) etoiles|(?:8|9|10)/10|(?:15|16|17|18|19|20)/20", 2.2, None),
    # Verdicts of reviews that single words miss.
    (
        r"reste(?:r|e|s)? sur (?:ma|sa|notre|leur) faim|n'apporte (?:rien|pas grand(?:-| )chose)|"
        r"a l'eau de rose|(?:ne )?vau(?:t|lait|x) pas grand(?:-| )chose|valoir grand(?:-| )chose|"
        r"perdre (?:mon |de l')?argent|perte d'argent|cousu de fil blanc|passez votre chemin|"
        r"(?:nous |m')endor(?:t|mi)|longuet\w*|aucun plaisir|pas convaincue?s?|"
        r"sans (?:la moindre|aucune) (?:substance|saveur|originalite|emotion)|"
        r"ne m'a (?:pas|guere|jamais) (?:convaincue?|emue?|touchee?|accrochee?|transportee?)|"
        r"je ne comprends pas (?:l'engouement|le succes)",
        -2.2,
        None,
    ),
    # Cheap is good value, not a complaint; a price rise is.
    (
        r"(?:moins|pas|pas tres) cher(?:e|s|es)?|bon marche|prix (?:bas|attractifs?|imbattables?|"
        r"raisonnables?|corrects?)",
        1.2,
        None,
    ),
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
        r"(?:ne|n') ?(?:\w+ )?(?:regle|resout|resolvent|change|sert|avance|bouge|evolue)\w* "
        r"(?:rien|pas|plus|toujours pas|jamais)|rien ne (?:bouge|change|avance)|"
        r"(?:ne|n') ?(?:rappelle|rappellent|decroche|decrochent|repond|repondent) (?:\w+ )?"
        r"(?:jamais|pas|plus)|personne ne decroche|(?:jamais|pas) informee?s? de rien",
        -1.8,
        "ignored",
    ),
    (
        r"(?:c'est |tout est |est |probleme |souci |dossier )?(?:a ete )?(?:regle|resolu|repare)"
        r"(?: maintenant)?|"
        r"(?:ca|tout) (?:marche|fonctionne)(?! pas| plus| toujours| du tout| jamais| mal)"
        r"(?: maintenant| bien| parfaitement| a nouveau| comme prevu)?|"
        r"tout est rentre dans l'ordre|(?:a ete|ont ete) (?:fait|retrouvee?s?|rembourse)|"
        r"(?:remboursement|colis) (?:est |a ete |bien )+(?:arrive|recu)",
        1.6,
        None,
    ),
    (r"merci (?:beaucoup|infiniment|mille fois)|mille mercis|un grand merci", 2.6, "gratitude"),
    (r"merci|je vous remercie", 1.6, "gratitude"),
    # Still unresolved / repeat contact (the signal itself comes from signals.py).
    (
        r"toujours (?:pas|rien|aucun|aucune|en attente|bloque|pas de nouvelles|en cours)|"
        r"encore en cours|"
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
        r"encore une fois|une fois de plus|je (?:vous )?relance|nouvelle relance|"
        r"(?:mes|plusieurs|nombreuses) relances|"
        r"mes (?:deux|trois|quatre|cinq|six|\d{1,2}) (?:derniers|dernieres|precedents|precedentes) "
        r"(?:mails|e-mails|messages|appels|courriers|tickets|demandes|reclamations)",
        -1.2,
        "repeat_contact",
    ),
    # "Ça fait trois fois que j'appelle": the count comes before the verb of contacting.
    (
        r"(?:ca fait|voila|c'est) (?:deux|trois|quatre|cinq|six|dix|\d+|plusieurs) fois "
        r"(?:que|qu') ?(?:je|j'|nous|on) ?(?:vous |te |les |leur )?(?:appel|ecri|relanc|contact|"
        r"telephon|reclam|signal|envoi|rappel|demand)\w*",
        -1.2,
        "repeat_contact",
    ),
    # "N fois" is a repeat contact only after a verb of contacting ("j'ai appelé 4 fois").
    (
        r"(?:appele|appelle|ecrit|relance|envoye|renvoye|contacte|demande|reclame|telephone|"
        r"signale|explique|rappele|repete|dit)\w* (?:\w+ ){0,3}?"
        r"(?:deux|trois|quatre|cinq|six|dix|\d+|plusieurs) fois",
        -1.0,
        "repeat_contact",
    ),
    # Waiting and delays.
    # Waiting for a promised reply is politeness ("j'attends votre retour"), not a delay.
    (
        r"(?:j'attends|nous attendons|dans l'attente de) (?:le|la|votre|vos|les|un|une|de) "
        r"(?:mail|e-mail|retour|reponse|appel|confirmation|devis|lien|code|nouvelles)",
        0.0,
        None,
    ),
    (r"en attente|j'attends|nous attendons|on attend|attendre", -1.4, "delay"),
    (
        rf"{_UNITS} (?:d'attente|de queue|de file)|d'attente|"
        r"prend des (?:mois|semaines)|(?:marque|indique) (?:comme )?livre|"
        r"sans (?:jamais )?(?:etre )?(?:livre|recu|rembourse|traite)e?s?",
        -1.5,
        "delay",
    ),
    (
        rf"(?:ca fait|sa fait|cela fait|depuis|plus de|pres de|au bout de) (?:\w+ ){{0,2}}{_UNITS}",
        -0.9,
        "delay",
    ),
    (r"en retard|retarde|retard|pas encore (?:recu|arrive|livre|rembourse)", -1.6, "delay"),
    (
        r"(?:jamais|pas|toujours pas|rien) (?:ete )?(?:recu|arrive|livre|venu|expedie|rembourse)|"
        r"n'est (?:jamais|pas) (?:arrive|venu|passe|livre)e?s?",
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
    (r"(?:n'a|n'ont|n'ai|ne|n'est) meme pas|alors que", -0.9, None),
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
        r"(?:aucune|pas de|sans|pas une seule|aucun|jamais de) (?:seule )?"
        r"(?:reponse|reponce|retour|rappel|explication|solution|justification|information)",
        -1.8,
        "ignored",
    ),
    (
        r"(?:ne m'a|ne nous a|n'a) (?:jamais |pas |toujours pas )?(?:rappele|repondu|recontacte)",
        -1.8,
        "ignored",
    ),
    (r"ignore|raccroche|baladee?|renvoye d'un service|un service a l'autre", -2.0, "ignored"),
    (
        r"(?:impossible de|je n'arrive pas a|on ne peut jamais|on ne peut pas) "
        r"(?:vous |les |le |la |me )?(?:joindre|contacter|parler)|injoignables?|"
        r"(?:parler|parle) a un mur|tourne(?:r|z)? en rond|(?:se )?renvoi(?:e|ent) la balle|"
        r"aux abonnes absents|(?:pas|plus|jamais|peu) (?:du tout )?a l'ecoute|"
        r"sans (?:le |la |les |me )?(?:traiter|lire|repondre|regarder|rappeler)|"
        r"(?:depuis,? )?plus rien|rien depuis",
        -2.0,
        "ignored",
    ),
    (
        r"promis (?:un |une )?(?:rappel|remboursement|reponse)|on m'avait (?:promis|dit)",
        -1.4,
        "ignored",
    ),
    # Things broken.
    (
        r"(?:ne|n') ?(?:\w+ )?(?:fonctionne|marche|charge|s'allume|demarre|imprime|"
        r"se connecte|s'ouvre)\w* (?:plus|pas|toujours pas|du tout)|"
        r"(?:ne )?(?:fonctionne|marche) pas",
        -2.0,
        "broken",
    ),
    (
        r"plante|crash|bug(?:ue)?|en panne|hors service|hs|defectueu\w*|casse\w*|abime\w*|"
        r"rayure|fuit|gresille|eventre\w*|(?:s'est|se sont) detache\w*|a lache|"
        r"perdre (?:mon|ma|mes|le|la|les)|lignes? sur l'ecran|ecran (?:noir|fissure|raye)|"
        r"(?:s'est|se) (?:ferme|coupe|deconnecte)\w* en (?:plein|pleine)|"
        r"laisse\w* (?:\w+ ){0,2}devant (?:la|ma|notre) porte|"
        r"ont lache|bas de gamme|avale\w*|(?:redemarre|s'eteint|se coupe|se deconnecte)\w* "
        r"(?:tout seul|toute seule|sans arret|au bout|plusieurs fois)|pas (?:du tout )?conforme|"
        r"non conforme|(?:rien a voir|different\w*) (?:avec|de) (?:la|les) (?:photos?|description)",
        -1.8,
        "broken",
    ),
    (
        r"(?:plus|pas) d'(?:internet|electricite|eau chaude|reseau|connexion|chauffage)|"
        r"(?:plus|pas) de (?:reseau|connexion|courant|chauffage|facture)|"
        r"sans (?:internet|electricite|eau chaude|reseau|connexion|chauffage|courant|ligne|"
        r"telephone|wifi)|(?:wifi|connexion|internet|reseau|ligne|box) qui (?:saute|coupe|"
        r"plante|rame)\w*|"
        r"coupures?|(?:est|sont|a ete|ont ete|etait|reste|ete) coupee?s?|ca coupe|"
        r"(?:m'a|m'ont|nous a|on me) coupe|deconnecte\w*",
        -1.8,
        "broken",
    ),
    (
        r"il manque|(?:commande|colis|carte|courrier) de quelqu'un d'autre|inconnue? (?:chez|par)|"
        r"refus\w*|rejet\w*|(?:virement|compte|carte|paiement) (?:est |a ete )?bloque\w*",
        -1.6,
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
        r"prelevement (?:non autorise|injustifie)|ou est mon argent|rendez-moi mon argent|"
        r"(?:tout|font tout) pour ne (?:pas|jamais) (?:payer|rembourser|indemniser)|"
        r"frais (?:caches|non prevus|injustifies|de dossier)|(?:n'etaient|n'etait) pas prevus|"
        r"(?:en hausse|augmentation|hausse (?:de|des)|ont double|a double)|"
        r"cachee?s? dans les conditions|"
        r"(?:facture|montant|prelevement|releve)s? (?:\w+ )?(?:erronee?s?|fausses?|incorrecte?s?)|"
        r"erreurs? de (?:facturation|prelevement)|(?:deux|trois|\d+) fois plus (?:cher|chere|"
        r"elevee?s?)|plus (?:elevee?s?|cher|chere) que (?:d'habitude|prevu|annonce)|"
        r"(?:je recois|recoit|reçois|recevons) encore des (?:factures|prelevements|relances)|"
        r"encore (?:preleve|facture|debite)e?s?",
        -2.2,
        "billing",
    ),
    # Churn.
    (
        r"je (?:vais |veux |compte |souhaite )?(?:tout )?resilier?|je resilie|"
        r"resilier (?:mon|mes|notre) (?:contrat|abonnement|compte|assurance|forfait)|"
        r"(?:fermer|ferme|cloturer|je cloture|je clos|je ferme) mon compte|"
        r"(?:je change|changer|vais changer) d'(?:operateur|fournisseur|banque|assurance|assureur|"
        r"mutuelle)|(?:passer|partir|aller|je passe|je pars|je vais) (?:chez|a) (?:un|la|les) "
        r"concurren\w+|(?:aller |je vais )?voir ailleurs|"
        r"(?:offres|tarifs) (?:des|de la) (?:autres|concurrence)|autres (?:operateurs|banques|"
        r"assureurs|fournisseurs)|"
        r"plus jamais (?:chez vous|avec vous)|je ne commanderai plus|dernier achat|"
        r"(?:j'en ai|j'ai) (?:assez|marre) de votre|"
        r"fuyez|a fuir|je (?:vous )?deconseille|a eviter absolument",
        -2.6,
        "churn_threat",
    ),
    # A bank dispute ("faire opposition" to a debit; not blocking a lost card).
    (
        r"(?:faire|fais|ferai|vais faire|j'ai fait) (?:une )?opposition|opposition (?:au|sur le|"
        r"sur la|a la|a ce|a cette) (?:prelevement|paiement|debit|virement|operation)|"
        r"(?:contester|conteste|contesterai) (?:le|ce|la|cette|les|ces) (?:prelevement|paiement|"
        r"debit|operation)s?|retrofacturation|litige bancaire",
        -2.6,
        "payment_dispute",
    ),
    # Legal.
    (
        r"avocat|mise en demeure|tribunal|en justice|porter plainte|plainte|proces|"
        r"litige|huissier|association de consommateurs|ufc|"
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
    (r"pourquoi (?:mon|ma|mes|est-ce|avez-vous|vous|ai-je|je|dois|devrais|la|le|les)", -0.9, None),
    (
        r"combien de temps (?:faut-il|dois-je|encore|va)|combien de fois|quelqu'un (?:lit|lira|va)|"
        r"a quoi sert|comment (?:est-il|se fait-il|est-ce) possible|jusqu'a quand|"
        r"qui va (?:me )?(?:rembourser|payer)|c'est normal que|tant qu'on (?:ne|n')|"
        r"merci pour (?:rien|ce cadeau)|"
        r"a eviter (?:absolument)?|fuyez|a fuir|je deconseille|parcours du combattant|"
        r"mauvaise foi|pour rien|interminables?|a bout|amateurisme|(?:c'est )?fait expres|"
        r"je me suis force\w* a|(?:j'en|je n'en|n'en) peux plus|ras le bol",
        -2.0,
        None,
    ),
    # "On verra bien": wait and see, not praise.
    (r"on verra bien", 0.0, None),
    (r"c'est (?:du vol|n'importe quoi|une honte|inadmissible|scandaleux)", -3.0, "anger"),
    (
        r"furieu(?:x|se)|scandalis\w+|scandaleu(?:x|se)?|honteu(?:x|se)?|inadmissible|"
        r"inacceptable|lamentable|incapables?|minable|pitoyable|impoli\w*|gache\w*|degoute\w*|"
        r"arnaque\w*|escroc\w*|voleurs?|foutage de gueule|j'ai la (?:rage|haine)|"
        r"(?:se|vous) fout\w* de (?:ma|notre|nos|la) gueule|"
        r"bande (?:de |d')(?:guignols|clowns|bouffons|incapables|amateurs|escrocs|voleurs|abrutis)",
        -3.0,
        "anger",
    ),
    (
        r"(?:parler|m'adresser) (?:a|avec) (?:un |une |votre |le |la )?(?:responsable|superieur|"
        r"manager|humain|personne|vrai conseiller)|je veux (?:un|une) responsable|"
        r"passez-moi (?:un|une|le|la|votre) (?:responsable|superieur|manager)|"
        r"quelqu'un de (?:competent|responsable|plus haut place|la direction)|"
        r"(?:un|une|votre) (?:vrai|vraie) (?:personne|humain|interlocuteur)",
        -1.0,
        "wants_human",
    ),
)
