"""French opinion words, folded (lower case, no accents), on VADER's -4..+4 scale."""

from __future__ import annotations


def _words(spec: str) -> dict[str, float]:
    """Parse "word:valence word:valence ..." (multi-line) into a dict."""
    out: dict[str, float] = {}
    for item in spec.split():
        word, value = item.rsplit(":", 1)
        out[word.replace("_", " ")] = float(value)
    return out


def _word_set(spec: str) -> frozenset[str]:
    """Parse "word word ..." (multi-line) into a set."""
    return frozenset(spec.split())


# Common words whose usual sense is not the opinion: "fin" is mostly "la fin" (the end),
# "mieux" a comparison, "arrête" a verb of stopping, "heureusement" a concession, and fear,
# hatred or the absurd are as often a novel's themes as the reader's verdict.
WORDS: dict[str, float] = _words(
    """
    mauvai:-2.4 null:-2.4 nulll:-2.8 inexistant:-2.2 inexistante:-2.2 inexistent:-2.2
    amateurisme:-2.4 amateur:-1.2 injoignable:-2.0 injoignables:-2.0 deplorable:-2.6
    excellent:3.2 excellente:3.2 parfait:3.0 parfaitement:2.2 genial:3.0 geniaux:3.0 super:2.4
    formidable:3.0 merveilleux:3.2 magnifique:3.2 superbe:3.0 sublime:3.2 fantastique:3.2
    extraordinaire:3.0 exceptionnel:3.0 remarquable:2.6 brillant:2.6 impeccable:2.8 top:2.4
    bravo:2.8 chapeau:1.8 nickel:2.2 adore:3.0 adorer:3.0 aime:2.2 aimer:2.2 aimais:2.0
    plaisir:2.4 agreable:2.2 agreablement:2.0 bon:1.8 bonne:1.8 bien:1.2 mieux:0.6 meilleur:2.2
    beau:2.0 belle:2.0 joli:1.6 jolie:1.6 heureux:2.6 heureuse:2.6 bonheur:3.0 joie:2.8
    ravi:2.8 content:2.2 satisfait:2.2 enchante:2.6 enthousiaste:2.4 emerveille:3.0
    recommande:2.2 recommander:2.2 conseille:1.6 incontournable:2.4 bijou:2.4
    interessant:1.8 passionnant:2.8 captivant:2.8 prenant:2.0 palpitant:2.6 haletant:2.0
    emouvant:2.2 touchant:2.2 drole:2.0 hilarant:2.6 rire:1.6 ri:1.4 amusant:2.0 savoureux:2.4
    intelligent:2.0 subtil:1.8 fin:0.0 juste:0.4 riche:1.6 fluide:1.8 efficace:2.0 rapide:1.6
    rapidement:1.2 pratique:1.4 utile:1.6 clair:1.4 claire:1.4 facile:1.4 simple:0.8 sympa:2.0
    sympathique:2.0 aimable:2.2 gentil:2.0 gentille:2.0 serviable:2.4 reactif:2.2 professionnel:1.8
    competent:1.8 patient:1.4 soigne:1.8 reussi:2.4 reussite:2.4 succes:2.2 fort:1.0 puissant:1.6
    original:1.4 surprenant:1.2 surprise:0.8 delicieux:2.8 tendre:1.6 poetique:1.6 lumineux:1.8
    vivant:1.4 devore:2.4 devorer:2.4 addictif:2.0 incroyable:2.2 magique:2.6 bluffant:2.6
    indispensable:2.0 essentiel:1.6 precieux:2.2 culte:2.0 regal:3.0
    merci:1.8 remercie:1.8 remerciements:1.8 felicitations:2.8 felicite:2.4 soulage:1.6
    mauvais:-2.4 mauvaise:-2.4 nul:-2.8 nulle:-2.8 nullite:-3.0 mediocre:-2.4 decevant:-2.6
    decevante:-2.6 decu:-2.4 decue:-2.4 deception:-2.6 desole:-0.6 ennuyeux:-2.2 ennui:-2.0
    ennuye:-2.0 ennuie:-1.8 ennuyer:-1.8 lassant:-2.0 lasse:-1.6 barbant:-2.2 soporifique:-2.2
    horrible:-3.0 affreux:-3.0 atroce:-3.2 epouvantable:-3.0 catastrophique:-3.0 catastrophe:-2.8
    lamentable:-3.0 pitoyable:-2.8 minable:-2.8 honteux:-2.8 honte:-2.4 scandaleux:-3.0
    scandale:-2.8 scandalise:-3.0 inadmissible:-3.0 inacceptable:-3.0 intolerable:-3.0
    insupportable:-2.8 penible:-2.2 pire:-3.0 degoute:-2.8 degoutant:-2.8 detestable:-2.8
    deteste:-2.8 hais:-3.0 haine:-1.6 furieux:-3.0 furieuse:-3.0 colere:-2.6 enerve:-2.4
    enervant:-2.4 agace:-2.0 agacant:-2.0 exaspere:-2.8 exasperant:-2.8 marre:-2.6
    inquiet:-1.6 inquiete:-1.6 triste:-1.6 tristesse:-1.4 peur:-0.8 malheureusement:-1.4
    helas:-1.4 dommage:-1.6 dommages:-0.6 moyens:0.0 regrette:-1.2 regret:-1.6 regrettable:-2.0
    probleme:-1.6
    souci:-1.2 erreur:-1.6 erreurs:-1.6 faute:-1.4 fautes:-1.4 defaut:-1.6 bug:-1.8 bogue:-1.8
    panne:-2.0 casse:-1.8 abime:-2.0 endommage:-2.0 defectueux:-2.2 perdu:-1.4 perte:-1.8
    rate:-1.8 echec:-2.2 incomplet:-1.4 inutile:-2.2 inutilisable:-2.6 incomprehensible:-2.0
    incoherent:-2.0 confus:-1.4 plat:-1.2 fade:-1.8 creux:-1.8 vide:-1.2 superficiel:-1.6
    faible:-1.6 bacle:-2.4 indigeste:-2.2 laborieux:-1.8 lourd:-1.4 long:-0.4 longueurs:-1.8
    lent:-1.4 lente:-1.4 lenteur:-1.6 repetitif:-1.8 previsible:-1.4 invraisemblable:-1.4
    caricatural:-1.8 cliche:-1.6 cliches:-1.6 naif:-1.0 niais:-2.0 mievre:-2.0 vulgaire:-2.0
    ridicule:-2.4 absurde:-0.8 stupide:-2.4 idiot:-2.4 bete:-1.6 grotesque:-2.4 pretentieux:-2.0
    cher:-0.8 arnaque:-3.0 escroquerie:-3.2 escroc:-3.0 vol:-1.0 voleur:-3.0 voleurs:-3.0
    menti:-2.6 mensonge:-2.6 incompetent:-2.8 incompetents:-2.8 incapable:-2.6 incapables:-2.6
    impoli:-2.4 desagreable:-2.4 mepris:-2.6 meprisant:-2.6 pathetique:-2.8 grave:-1.2
    difficile:-0.8 difficilement:-1.0 compliquer:-1.2 complique:-1.2 attente:-1.2 retard:-1.8
    retards:-1.8 annule:-1.4 annulation:-1.4 plainte:-2.0 reclamation:-1.6 litige:-2.0
    abandonne:-1.6 abandonner:-1.6 arrete:0.0 decroche:-1.0 bof:-1.8 moyen:-0.6 moyennement:-1.0
    rembourser:-0.6 remboursement:-0.6 rembourse:-0.6 preleve:-0.6 prelever:-0.6 debite:-0.6
    gache:-2.4 gacher:-2.4 honteusement:-2.4 inadmissibles:-3.0 urgent:-0.8 urgence:-1.0
    deplorable:-2.8 mecontent:-2.6 insatisfait:-2.4 frustre:-2.4 frustrant:-2.4 frustration:-2.4
    plaire:1.6 accroche:1.4 accrocher:1.4 emballe:2.2 convaincu:1.4 convaincant:1.8
    attachant:2.0 bouleversant:2.4 poignant:2.0 intense:1.2 suspense:1.0 humour:1.6 merveille:3.0
    tresor:2.6 pepite:2.6 must:2.4 fan:0.8 grandiose:3.0 epatant:2.6 jubilatoire:2.8
    rafraichissant:2.0
    inoubliable:2.8 inspirant:2.2 instructif:1.8 enrichissant:2.2 clairement:0.4 reconfortant:2.0
    decoit:-2.4 decevoir:-2.2 ininteressant:-2.4 insipide:-2.4 redondant:-1.6 indigne:-2.4
    rebutant:-2.0 ennuyant:-2.2 bavard:-1.0 verbeux:-1.6 lourdeur:-1.6 maladroit:-1.6 decousu:-1.8
    brouillon:-1.6 inegal:-1.0 dispensable:-1.6 errone:-1.6 imprecis:-1.4 faux:-1.2 coquilles:-1.2
    navrant:-2.6 affligeant:-2.8 consternant:-2.6 illisible:-2.4 indigent:-2.4 rate:-1.8
    agacement:-2.0 risible:-2.0 mievrerie:-2.0 pompeux:-1.8 ampoule:-1.2 poussif:-1.8
    decevante:-2.2 decevants:-2.2 ennuyeuse:-2.0 assommant:-2.2 rasoir:-1.2
    farfelu:-1.4 farfelue:-1.4 abracadabrant:-1.6 abracadabrante:-1.6 ecoeure:-2.4 ecoeurant:-2.4
    """
)
# General opinion words, mostly French counterparts of VADER's most frequent English ones.
WORDS.update(
    _words(
        """
        admirable:2.8 adorable:2.6 apprecie:2.0 apprecier:2.0 appreciable:1.8 attrayant:1.8
        authentique:1.6 beaute:2.2 bienveillant:2.0 charmant:2.2 charme:1.8 chaleureux:2.2
        comique:1.6 confortable:1.8 courageux:1.8 creatif:1.8 credible:1.2 divertissant:2.2
        delicat:1.6 delice:2.8 desopilant:2.6 doux:1.4 ebloui:2.6 eblouissant:2.8 elegant:2.0
        emotion:1.2 emu:1.6 enchanteur:2.6 enthousiasmant:2.6 envoutant:2.6 epoustouflant:3.0
        exquis:2.8 fabuleux:3.0 fascinant:2.8 finesse:2.0 fraicheur:1.8 genie:2.6 habile:1.8
        harmonieux:1.8 ingenieux:2.2 inventif:2.0 irresistible:2.6 joyeux:2.4 limpide:2.0
        ludique:1.6 magistral:3.0 maitrise:1.8 marrant:2.0 mignon:1.8 optimiste:1.8
        pertinent:1.8 plaisant:2.0 positif:1.8 profond:1.6 profondeur:1.6 prodigieux:2.8
        qualite:1.6 qualites:1.6 ravissant:2.6 recommandable:2.0 regaler:2.4 regale:2.4
        rigolo:1.8 sensible:1.2 sensibilite:1.6 sincere:1.8 solide:1.6 somptueux:2.8
        spirituel:1.8 splendide:3.0 stimulant:2.0 succulent:2.6 talent:2.4 talentueux:2.6
        tendresse:2.0 truculent:2.0 vibrant:2.0 virtuose:2.6 chouette:2.2 cool:1.8 extra:2.2
        trouvaille:2.0 perle:2.6 accessible:1.0 apaisant:1.8 clarte:1.6 coherent:1.4
        complet:1.2 distrayant:1.8 dynamique:1.6 emerveillement:2.8 espoir:1.8 excitant:2.2
        favori:2.0 fiable:1.8 genereux:2.2 gentillesse:2.2 gratifiant:2.2 hate:1.2 ideal:2.2
        imaginatif:2.0 impressionnant:2.6 incomparable:2.8 inegalable:2.8 inspire:1.6
        memorable:2.4 merite:1.4 meritait:1.0 mythique:2.4 passionne:2.6 passion:2.0
        percutant:2.2 rassurant:1.6 reflechi:1.4 reve:1.4 saisissant:2.4 satisfaisant:1.8
        seduisant:2.2 seduit:2.2 sensationnel:3.0 soulagement:1.6 sourire:1.6 unique:1.6
        volontiers:1.2 heureusement:0.4 admire:2.2 aimable:2.2 brio:2.6 bravoure:1.8
        fluidite:1.8 delicieusement:2.6 parfaite:3.0 rafraichit:1.6 valeur:1.0 vrai:0.6
        abominable:-3.0 aigri:-1.6 alambique:-1.8 amer:-1.2 angoisse:-1.4 anodin:-1.2
        arrogant:-2.2 artificiel:-1.6 assommant:-2.4 bancal:-1.8 banal:-1.8 banalite:-1.8
        bizarre:-0.8 chiant:-2.6 conventionnel:-1.0 convenu:-1.6 cruel:-1.8 degout:-2.6
        deplaisant:-2.2 deprimant:-2.0 derisoire:-1.6 desastre:-3.0 desastreux:-3.0
        douteux:-1.6 ecoeurant:-2.6 embrouille:-1.6 emmerdant:-2.6 epuisant:-1.8 exagere:-1.4
        fastidieux:-2.2 fatigant:-1.8 flou:-1.2 gachis:-2.6 genant:-1.8 gnangnan:-2.0
        grossier:-2.0 horreur:-2.4 hideux:-2.6 illogique:-1.8 imbuvable:-2.6 immonde:-3.0
        imbecile:-2.6 inabouti:-2.0 inacheve:-1.4 incoherence:-2.0 incoherences:-2.0
        inexistant:-1.8 infect:-3.0 insignifiant:-2.0 interminable:-2.2 irritant:-2.2
        lacune:-1.4 lacunes:-1.4 laid:-2.0 lassitude:-1.6 malheureux:-1.8 malsain:-2.0
        mechant:-1.8 mensonger:-2.2 mou:-1.6 mollesse:-1.6 moche:-2.2 monotone:-2.0 naze:-2.4
        negatif:-1.8 ordinaire:-0.8 pauvre:-1.2 pesant:-1.8 poussif:-2.0 pourri:-2.8
        pueril:-2.0 rebarbatif:-2.2 regretter:-1.8 repetitions:-1.4 ringard:-2.0 simpliste:-2.0
        sordide:-2.0 stereotype:-1.6 stereotypes:-1.6 surfait:-2.4 terne:-1.8 vain:-1.6
        deconseille:-2.6 deconseiller:-2.6 horripilant:-2.6 larmoyant:-1.4 redite:-1.4
        redites:-1.4 remplissage:-1.8 reproche:-1.2 decevoir:-2.2 mal:-1.6 pire:-3.0
        nuls:-2.8 zero:-1.4 gaspillage:-2.0 tromperie:-2.6 trompeur:-2.2 inefficace:-2.2
        lamentablement:-2.6 horriblement:-2.6 galere:-2.0 galerer:-1.8 rage:-2.4 rale:-1.2
        impatient:-1.0 inquietude:-1.6 injuste:-2.2 injustice:-2.2 humiliant:-2.6 honteuse:-2.8
        grand:0.8 conseiller:1.6 realiste:1.0 originalite:1.8 rejouissant:2.4 jouissif:2.4
        amour:1.0 amitie:1.2 saveur:1.4 vivement:1.4 peine:-0.6 relire:1.4 relirai:1.8
        """
    )
)
# Informal written French (chat, texts, social media): slang, verlan, swearing and laughter.
# Laughter is VADER's "lol" (2.9) toned down: it marks a light register as often as joy.
WORDS.update(
    _words(
        """
        kiffe:2.4 kiffer:2.4 kiffes:2.4 kiffent:2.4 kif:2.0 kiffant:2.4 chanme:2.2
        mdr:1.5 ptdr:1.8 lol:1.8 xd:1.5 hihi:1.2 haha:1.5 hahaha:1.8
        relou:-1.8 chelou:-1.0 flemme:-1.0 mouais:-0.8 beurk:-2.0 berk:-2.0 pff:-1.0 pf:-1.0
        merde:-2.4 merdique:-2.8 merdier:-2.6 vener:-2.0 venere:-2.0 nase:-2.4 naze:-2.4
        """
    )
)
# English words that French chat and social media borrow as they are ("trop love", "gros
# fail", "so cute"): they keep VADER's valences (FrenchAnalyzer takes them from its lexicon).
# Not "hate" (folded, it is French "hâte", eagerness), nor words whose French twin means
# something else ("pain", "chance", "sale").
ENGLISH_LOANWORDS = _word_set(
    """
    love loved lovely fail fails nice happy sad best fun funny wtf cute bad good perfect
    awesome win winner loser amazing wow lmao great thx damn shit fuck boring
    """
)
