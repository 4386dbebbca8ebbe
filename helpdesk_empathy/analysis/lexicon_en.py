"""English support-language lexicon: phrases VADER does not score, on VADER's -4..+4 scale.

Each entry is (regex, valence, signal). A matched phrase is masked from VADER's input and its
valence is added to VADER's raw sum instead, so a phrase is never scored twice. Patterns use
only non-capturing groups, are matched case-insensitively on whole words, and earlier entries
win where two overlap (put the longer, more specific phrase first).
"""

from __future__ import annotations

from helpdesk_empathy.analysis.discourse import IRONY

Entry = tuple[str, float, str | None]

_N = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|48|24)"
_UNITS = r"(?:hours?|hrs?|days?|weeks?|months?|minutes?|mins?)"
_NEG_AUX = (
    r"(?:doesn'?t|does not|don'?t|do not|didn'?t|did not|isn'?t|is not|aren'?t|are not|"
    r"wasn'?t|was not|won'?t|will not|can'?t|cannot|can not|couldn'?t|could not|not|never|"
    r"stopped|no longer)"
)

_NUM = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)"
_LATER = rf"(?:{_N} {_UNITS}|ages) (?:later|late|overdue|and counting)"
# Irony (valence IRONY: discourse reads the rest of the message as ironic too).
SARCASM: tuple[Entry, ...] = (
    # Ironic praise: "love how" next to a broken promise ("on day five", "two weeks later").
    (
        r"(?:(?:i )?love|loving|gotta love|got to love) (?:how|that|it when|the way)"
        rf"[^.!?\n]{{0,60}}?\b(?:(?:on|by) day (?:\d+|three|four|five|six|seven|eight|nine|ten)|"
        rf"{_LATER}|yet again|(?:yet )?another)\b",
        IRONY,
        None,
    ),
    # "Oh great, another update": mock delight at one more of something.
    (
        r"(?:oh|just) (?:great|wonderful|perfect|brilliant|fantastic|lovely|joy|marvellous|super)"
        r"[,!.]*+ (?:yet )?(?:another|one more|again)",
        IRONY,
        None,
    ),
    # "Thanks for the fast delivery: three weeks": praise undone by the time it took.
    (
        r"(?:fast|quick|speedy|prompt|express|rapid|swift|efficient|great|excellent) "
        r"(?:service|delivery|shipping|response|reply|support|turnaround|refund)"
        rf"(?: guys| team)?[,!]?(?: ?:| ?\.\.\.| ?…| -| —) (?:only |just |a mere )?{_NUM} "
        r"(?:weeks|months)",
        IRONY,
        None,
    ),
)

PHRASES: tuple[Entry, ...] = (
    *SARCASM,
    # "Once again, thank you": thanks repeated, not a repeated contact.
    (r"(?:once again|again),? (?:many )?(?:thanks|thank you)", 1.6, "gratitude"),
    # Formulas of the support register: not sentiment (VADER reads "kind", "like", "please").
    (r"(?:thanks?|thank you|thx) (?:you )?in advance|tia", 0.3, None),
    (r"thanks for nothing|thank you for nothing|great,? just great", -2.8, None),
    (r"(?:kind|best|warm) regards|best wishes", 0.0, None),
    (r"(?:i'd|id|i would|we'd|wed|we would|would) like(?: to)?", 0.0, None),
    (r"(?:would|'d|will) (?:really )?appreciate(?: it)?", 0.3, None),
    (r"(?:please )?(?:can|could|would) you (?:please )?help(?: me| us)?", 0.0, None),
    (r"no (?:worries|problem|rush)|not a problem", 0.5, None),
    # Negated problems are praise ("no issues at all", "couldn't be happier").
    (
        r"(?:no|zero|not a single|not one|never (?:had|have) (?:a|any))(?: \w+)? "
        r"(?:issues?|problems?|complaints?|hassle|scratch(?:es)?|fault|trouble)(?: at all)?|"
        r"nothing (?:to complain about|wrong with (?:it|them|the \w+)|to fault)|can'?t complain|"
        r"(?:couldn'?t|could not|can'?t|cannot) (?:be|have been) (?:happier|more pleased|better)|"
        r"(?:didn'?t|did not) take long|no trouble|without (?:a|any) (?:hitch|problem|issue)",
        2.0,
        None,
    ),
    # Matter-of-fact praise: delivered as promised.
    (
        r"(?:arrived|delivered|came|here) (?:on time|early|ahead of time|as promised|next day)|"
        r"(?:exactly )?as (?:described|pictured|advertised|promised)|"
        r"does what it says|works as expected|would buy again|fits (?:well|perfectly)",
        1.8,
        None,
    ),
    # A fix denied is a complaint ("nothing was fixed", "never got resolved").
    (
        r"(?:nothing|never|not|none of it) (?:was |got |been |has been |have been |were )?"
        r"(?:fixed|sorted|resolved|solved)",
        -1.8,
        None,
    ),
    # Positive outcomes in support language.
    (
        r"(?:it's|its|is|was|got|all|been|now|everything'?s?) (?:now )?"
        r"(?:fixed|sorted|resolved|working(?: again| now| fine)?)(?: now)?",
        1.6,
        None,
    ),
    (r"works (?:now|fine|perfectly|great|again)|(?:that|it) worked|all (?:good|set)", 1.6, None),
    (
        r"(?:problem|issue) (?:is |was |now )?(?:solved|fixed|sorted|resolved)|"
        r"(?:solved|fixed|sorted|solving|fixing|sorting) (?:it|everything|the \w+)|"
        r"made (?:it|things) right|"
        r"(?:refund|replacement|parcel|package) (?:has )?(?:arrived|received|came)|"
        r"received (?:the|my) (?:refund|replacement)",
        1.6,
        None,
    ),
    (r"above and beyond|quick (?:reply|response|fix)|fast (?:reply|response|delivery)", 2.0, None),
    # Gratitude.
    (
        r"thank you (?:so|very) much|thanks (?:so|very) much|thanks a (?:lot|million|bunch)|"
        r"many thanks|huge thanks|a huge thank you|a big thank you",
        2.6,
        "gratitude",
    ),
    (r"thank(?:s| you)|thx|cheers|much appreciated|appreciate(?:d)?", 1.6, "gratitude"),
    # Repeat contact / still unresolved (the repeat_contact signal itself comes from signals.py).
    (
        r"still (?:no|nothing|not|haven'?t|hasn'?t|have not|has not|waiting|waitin|have no|"
        r"got no|"
        r"no sign of|unresolved|broken|down|charging|billing|happening|the same)(?: been| yet)?"
        r"(?: (?:received|arrived|here|fixed|working|resolved|sorted|shipped|delivered|"
        r"refunded|heard|had|got|been|any|a|my|an?|reply|response|answer|update|refund))?",
        -1.8,
        "delay",
    ),
    # A visit or a try counted is no contact ("It's my third time visiting Cambridge").
    (
        r"(?:my|our) (?:first|second|third|fourth|fifth|2nd|3rd|4th|5th) time (?:visiting|"
        r"staying|in|at|here|there|coming|travell?ing|flying|eating|dining|going|trying)",
        0.0,
        None,
    ),
    (
        r"(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|\d+th) "
        r"(?:time|email|e-mail|message|call|ticket|request|attempt|complaint)",
        -1.6,
        "repeat_contact",
    ),
    (
        r"(?:writing|emailing|contacting|calling|asking|chasing|messaging) (?:you )?"
        r"(?:again|for the \w+ time)|yet again|once again|again no|following up again",
        -1.6,
        "repeat_contact",
    ),
    (
        r"(?:my|our) (?:(?:previous|last|earlier|past|prior|other) (?:two|three|four|five|six|"
        r"\d{1,2})|(?:two|three|four|five|six|\d{1,2}) (?:previous|earlier|prior|other)) "
        r"(?:emails|e-mails|calls|tickets|messages|complaints|requests|chats)|"
        r"(?:two|three|four|five|six|\d{1,2}) times|(?:sent|made|written|opened|raised|left|"
        r"logged|had) (?:you )?(?:two|three|four|five|six|\d{1,2}|several|multiple) "
        r"(?:emails|calls|tickets|messages|complaints)",
        -1.0,
        "repeat_contact",
    ),
    (r"chasing|following up|follow(?:ing)? up on", -0.8, "repeat_contact"),
    # Waiting and delays.
    (
        r"(?:been |am |i'm |im |was |were |we're |keep )?waiting",
        -1.5,
        "delay",
    ),
    (r"on hold|hold music|in (?:the|a) queue", -1.5, "delay"),
    (
        rf"(?:{_N}|over an?|more than an?) {_UNITS} (?:late|delay(?:ed)?|on hold|later|waiting)",
        -1.5,
        "delay",
    ),
    (
        rf"(?:it's been|its been|it has been|that was|over|nearly|almost|more than) "
        rf"(?:\w+ ){{0,2}}{_UNITS}"
        rf"|(?:for )?{_N} {_UNITS} now",
        -1.2,
        "delay",
    ),
    (
        r"(?:marked|shows|showing|says|listed) (?:as )?delivered|"
        r"(?:isn'?t|is not|aren'?t|not) here",
        -1.6,
        "delay",
    ),
    (
        r"(?:i was|we were) (?:told|said)|you told|you said|supposed to (?:be|arrive|have)",
        -0.9,
        None,
    ),
    (
        r"delay(?:ed|s)?|late (?:again|delivery)|late flight\w*|"
        r"(?:arrived|running|left|came) late",
        -1.6,
        "delay",
    ),
    (
        r"(?:hasn'?t|has not|haven'?t|have not|not|never|didn'?t|did not|yet to) (?:yet )?"
        r"(?:arrived?|come|came|been (?:delivered|shipped|processed|refunded)|shipped|"
        r"delivered|received|receive|turned up|showed up|show up|turn up|got|get|updated|"
        r"made it|make it)",
        -1.8,
        "delay",
    ),
    (r"where(?:'s| is| are) (?:my|our) \w+", -1.2, "delay"),
    (
        r"how (?:much )?long(?:er)? (?:do|does|will|must|should) (?:i|we) (?:have to )?wait",
        -1.6,
        "delay",
    ),
    (r"stuck|stranded|tarmac|no update|any update|no eta|no news", -1.4, "delay"),
    (r"no-shows?|no shows?", -1.8, "delay"),
    (
        r"never (?:arrives?|arrived|comes?|came|shows? up|showed up|turned up|gets? here|"
        r"got here|reached (?:me|us))|"
        r"still (?:says|shows|showing|marked|listed|pending|processing|preparing|in transit|"
        r"at the depot)|still [\"']\w+|"
        r"(?:i was|we were|i've been|i have been) (?:in|home|at home) all day",
        -1.8,
        "delay",
    ),
    (
        r"(?:without|with no|no) (?:any )?(?:prior )?(?:notice|warning|announcement|apology)|"
        r"without (?:telling|asking|informing|warning|notifying|consulting) (?:me|us)|"
        r"cancel(?:l)?ing (?:my|our) (?:order|booking|flight|reservation|appointment)",
        -1.6,
        None,
    ),
    (r"(?:(?:all|paid|pay|paying) )?for nothing", -1.5, None),
    (
        r"cancel(?:l)?ed (?:my |our |the )?(?:flight|booking|reservation|order|appointment|train)|"
        r"(?:flight|booking|train|order|appointment) (?:was |got |has been )?cancel(?:l)?ed|"
        r"cancel(?:l)?ed flight\w*",
        -2.0,
        "delay",
    ),
    (
        r"missed (?:my|our|the|a) (?:connection|flight|appointment|meeting|wedding|train)",
        -2.0,
        "delay",
    ),
    (r"overbooked|bumped (?:off|from)|diverted", -1.2, "delay"),
    (r"rebook(?:ed|ing)?", -0.4, None),  # a fix as often as a disruption ("thanks for rebooking")
    # Being ignored.
    (
        r"(?:no one|nobody|no-one|noone|not one person) (?:has |have |had |is |ever |even )?"
        r"(?:replied|responded|answered|answering|called|rang|got back|gets back|get back|"
        r"helped|helps|cares|care|listens|listened|bothered|picks up|came|turned up|showed up|"
        r"takes responsibility|knows|could tell|told|tells|tell|informed|explained|warned|"
        r"notified|apologi[sz]ed)",
        -2.2,
        "ignored",
    ),
    (
        r"(?:no|not a|not one|not a single|without (?:a|any)|zero) (?:single )?"
        r"(?:reply|replies|response|responses|answer|answers|call ?back|word|feedback|explanation|"
        r"help|one to help)",
        -1.8,
        "ignored",
    ),
    (
        r"(?:haven'?t|have not|hasn'?t|has not|never|didn'?t|did not) (?:been )?"
        r"(?:heard|called|rang|phoned|emailed|replied|responded|answered|contacted|"
        r"got(?:ten)? back)"
        r"(?: back| from)?",
        -1.8,
        "ignored",
    ),
    (
        r"ignor(?:e|ed|es|ing)|hung up|hang(?:s|ing)? up on (?:me|us)|closed without|fobbed off|"
        r"brushed off",
        -2.2,
        "ignored",
    ),
    (
        r"(?:can'?t|cannot|unable to|impossible to) (?:get through|reach|contact|speak to|talk to)|"
        r"round in circles|passed (?:around|from)|runaround",
        -1.6,
        "ignored",
    ),
    (
        r"(?:closed|hung up|cut me off|disconnected me) on me|hung up|"
        r"closed (?:my|the) (?:ticket|case|chat|complaint)s? without|"
        r"(?:nobody|no one|no-one|noone) (?:has |had )?(?:heard|said|done|contacted me)|"
        r"(?:heard|nothing) since|(?:haven'?t|have not|hasn'?t|has not) heard anything",
        -1.6,
        "ignored",
    ),
    (
        r"promised (?:a |me a )?(?:call ?back|callback|refund|reply|fix)|"
        r"was promised|were promised",
        -1.4,
        "ignored",
    ),
    # A time that does not suit is scheduling, not a fault ("Thursday doesn't work for us").
    (
        r"(?:time|times|day|days|date|dates|slot|slots|monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday|tomorrow|tonight|morning|afternoon|evening|weekend|week) "
        rf"{_NEG_AUX} work(?: for (?:me|us))?",
        0.0,
        None,
    ),
    # Things broken.
    (
        rf"{_NEG_AUX} (?:even )?(?:work|works|working|load|loading|print|charge|charging|connect|"
        r"connecting|open|turn on|start|sync|scan|respond|fit|arrive|apply|applied|recogni[sz]e)",
        -2.0,
        "broken",
    ),
    (
        r"(?:keeps?|kept) (?:on )?(?:crashing|freezing|failing|dropping|disconnecting|"
        r"logging me out|rebooting|restarting|breaking|cutting out|going down)",
        -2.2,
        "broken",
    ),
    (
        r"crash(?:es|ed|ing)?|freez(?:es|ing)|froze|broken|faulty|defective|damaged|ruined|"
        r"soaked|water[- ]damaged?|booking (?:problem|issue|error)s?|"
        r"scratch(?:ed)?|dented|cracked|smashed|leak(?:s|ing)?|fell apart|falls apart|"
        r"dead on arrival|malfunction\w*|not fit for purpose|glitch\w*|buggy|"
        r"(?:a|the|this|that|another|same|known|major|software|app) bugs?|"
        r"crashs|buffering|mou?ldy|stale|rotten|came off|fell off|snapped|split open|"
        r"cheaply made|lines across|dead pixels?|(?:stays?|stayed|goes|went) (?:black|blank)|"
        r"black screen|barely (?:works?|worked|lasts?|lasted|holds?|charges?)",
        -1.8,
        "broken",
    ),
    (
        r"(?:an |a )?error(?: message| code)?|\d{3} error|outage|blank screen|not loading|"
        r"(?:is|are|was|went|been|goes|keeps going) down|down since|offline|disconnected|cut off",
        -1.6,
        "broken",
    ),
    (
        r"(?:no|without|lost) (?:signal|internet|connection|power|service|wifi|wi-fi|sound|"
        r"picture|heating|hot water|water|water pressure|gas|electricity|heat|network|coverage|"
        r"dial tone|broadband|phone line)",
        -1.8,
        "broken",
    ),
    (
        r"wrong (?:item|size|colou?r|address|order|product|one|seat|balance|bill|amount|charge)|"
        r"(?:items? |parts? )?missing|lost (?:my|our|the) \w+|(?:is|are|was|were) lost",
        -1.6,
        "broken",
    ),
    (
        r"(?:can'?t|cannot|unable to|won'?t let me|doesn'?t let me|impossible to) "
        r"(?:log ?in|sign ?in|access|login|check in|pay|connect|download|upload|use|cancel|"
        r"reset|update|book|order)",
        -1.6,
        "broken",
    ),
    (
        r"logged (?:me )?out|locked out|doesn'?t exist|disappeared|deleted|"
        r"(?:is|was|got|been|has been|keeps? getting) (?:locked|blocked|hacked|compromised)|"
        r"(?:has |is |already )?expired|declined|invalid|rejected|not recogni[sz]ed|not found|"
        r"(?:doesn'?t|does not|didn'?t|did not|won'?t|isn'?t|is not|not) "
        r"(?:appear|appearing|show up|showing up|showing)|"
        r"someone else'?s (?:order|parcel|package|name|account|bag|item|shopping)|"
        r"(?:given|sent|delivered|sold) to someone else|"
        r"(?:is|was|were) already taken|double[- ]booked|"
        r"(?:bag|luggage|suitcase|parcel|package) (?:went|was sent) to",
        -1.4,
        "broken",
    ),
    (
        r"refused|blocked|suspended|froze (?:my|our)|(?:card|account) (?:is |was |got )?frozen|"
        r"(?:can'?t|cannot|unable to) reach|"
        r"rings out|nobody picks up|no one picks up|(?:arrived|was|were|came) (?:stone )?cold|"
        r"cold by the time",
        -1.4,
        None,
    ),
    (
        r"(?:much |even |so |a lot |way )?(?:slower|worse) than|(?:gone|going) downhill|"
        r"getting worse|"
        r"not what i (?:ordered|paid for|asked for)|different from what i (?:ordered|paid for)|"
        r"any ?more|no longer",
        -1.5,
        "broken",
    ),
    # Billing problems.
    (
        r"charged (?:me )?(?:twice|double|two times|again|even though|for something|without)|"
        r"double[- ]charged|overcharg\w*|charged twice|hidden (?:fees?|charges?)|"
        r"unauthori[sz]ed (?:charge|payment|transaction|debit)|(?:don'?t|do not) recogni[sz]e|"
        r"(?:keep|kept|continue to|still) (?:charging|billing|taking)|late fee|"
        r"(?:my|the) money back|want (?:a|my) (?:full )?refund|where(?:'s| is) my money|"
        r"never (?:agreed to|authori[sz]ed|signed up for|ordered)|twice (?:what|as much)|"
        r"keep (?:getting|receiving) (?:bills|charges|invoices|letters)|"
        r"(?:says|shows) (?:\$|£|€)?\d+ but",
        -2.0,
        "billing",
    ),
    (
        r"(?:bill|bills|price|prices|rate|fees?|charges?|premium|payment|subscription) "
        r"(?:\w+ )?(?:went|has gone|have gone|goes|has just gone|keeps going) up|"
        r"price (?:increase|hike|rise)s?|(?:a )?fraction of what (?:i|we) "
        r"(?:pay|paid|am paying|'m paying|are paying|'re paying)",
        -1.8,
        "billing",
    ),
    (r"refund(?:ed|s)?|charged|debited|reimburse\w*", -0.5, "billing"),
    # Plans, not threats: a suggestion to the people one is with, a task finished, a place.
    (
        r"(?:let's|lets|let us) (?:go|look|try) elsewhere|(?:i'm|im|i am|we're|we are) done "
        r"with (?:the|my|our) (?:booking|bookings|hotel|restaurant|train|taxi|search|"
        r"reservation|shopping|meal|museum|tour|trip)|(?:the |a )?(?:nearest|nearby|closest|"
        r"local) (?:lawyer|attorney|solicitor|court)s?'?s?",
        0.0,
        None,
    ),
    # Churn threats.
    (
        r"cancel(?:l?ing)? (?:my|our|the|this) (?:account|subscription|contract|membership|"
        r"service|plan|broadband|policy)|(?:close|closing) (?:my|our) account|cancel everything|"
        r"(?:switch|switching|moving|move|go|going|take|taking|taking my business) (?:over )?to "
        r"(?:a |another |your |the )?(?:competitors?|competition|other (?:providers?|suppliers?|"
        r"banks?|companies|networks?|airlines?|brands?))|"
        r"(?:switch|switching|moving|move|go|going|take|taking) (?:over )?to "
        r"(?:another|a different) "
        r"(?:provider|supplier|bank|company|network|airline|store|shop|insurer|brand)|"
        r"(?:take|taking) my (?:business|money|custom) (?:elsewhere|to)|"
        r"(?:go|going|shop|shopping|look|looking|going to look) elsewhere|"
        r"(?:looking at|considering|checking out|comparing) (?:other|another|different) "
        r"(?:providers?|suppliers?|banks?|companies|networks?|options|insurers?)|"
        r"considering my options|(?:leave|leaving) your (?:bank|company|service|network)|"
        r"switching (?:provider|supplier|bank|company)s?|another provider|"
        r"never (?:buy|buying|order|ordering|fly|flying|use|using|shop|shopping|book|booking) "
        r"(?:from|with|here)|(?:i'm|im|i am|we're|were|we are) done with|lost a customer|"
        r"last time i (?:order|buy|use|fly|book)|never again",
        -2.6,
        "churn_threat",
    ),
    # A bank dispute or chargeback.
    (
        r"charge ?backs?|(?:dispute|disputing|contest|contesting) (?:the|this|that|these|your) "
        r"(?:charges?|payments?|transactions?|debits?)|(?:raise|raising|open|opening|file|filing) "
        r"a (?:dispute|chargeback)|(?:call|calling|contact|ask|asking|get|getting) my bank to "
        r"(?:reverse|dispute|refund|stop|cancel)|reverse the (?:charge|payment)",
        -2.6,
        "payment_dispute",
    ),
    # Legal and formal threats.
    (
        r"lawyers?|attorneys?|solicitors?|legal action|legal advice|sue|suing|small claims|"
        r"(?:to|in|into|see you in) court|court (?:case|action|claim|order|date)|"
        r"trading standards|ombudsman|consumer protection|better business bureau|bbb|"
        r"report(?:ing)? (?:you|this|it) to|regulator|ofcom|ftc|cfpb|"
        r"(?:go|going|talk|talking|speak|contact|contacting|tell|telling|write|writing|"
        r"post|posting) (?:to )?the (?:press|media|papers|newspapers)",
        -2.6,
        "legal_threat",
    ),
    # Swearing before praise intensifies it ("damn good"): masked, so VADER reads the praise.
    (
        r"(?:damn|damned|fucking|freaking|bloody|effing|hella)(?= (?:good|great|fine|funny|"
        r"awesome|amazing|brilliant|cool|nice|love|loved|beautiful|happy|delicious|excellent|"
        r"lucky|perfect|right|well|hot|proud|gorgeous|tasty)\b)",
        0.0,
        None,
    ),
    # Swearing and insults VADER underrates (VADER keeps its own value for the rest).
    (
        r"(?:f|ff+)u+c+k+\w*|shit\w*|bullshit|crap\w*|wtf|ffs|damned|damnit|piss(?:ed)?|"
        r"bastards?",
        -2.6,
        "profanity",
    ),
    (
        r"(?:what|such|is) (?:a )?(?:joke|shambles|farce)|a joke|a shambles|a farce|"
        r"rip[- ]?off|theft|thie(?:f|ves)|"
        r"incompetent|clowns|disgrace(?:ful)?|appalling|shocking|outrageous|"
        r"(?:sick|tired|fed up) of|had enough|enough is enough|unacceptable|"
        r"furious|livid|fuming|disgusted|disgusting|pathetic|useless|ridiculous|"
        r"rude|ruined|ruin(?:ed|ing)? (?:my|our)|treated like",
        -3.0,
        "anger",
    ),
    (
        r"(?:speak|talk) (?:to|with) (?:a |your |the )?(?:real )?(?:manager|supervisor|superior|"
        r"human|person|someone in charge|person in charge)|"
        r"escalate (?:this|it|my)|escalated to|(?:a |your )?(?:manager|supervisor) (?:now|today)|"
        r"(?:someone|somebody|a person|an agent|a member of staff) (?:more )?(?:senior|in charge)|"
        r"(?:a |your )?(?:more )?senior (?:person|agent|member of staff|colleague|manager)|"
        r"(?:want|need|demand|ask for|get) (?:a )?(?:real|actual|live) (?:person|human)",
        -1.0,
        "wants_human",
    ),
    # Confusion.
    (
        r"i don'?t understand|i do not understand|(?:don'?t|do not) understand|"
        r"confus(?:ed|ing)|makes no sense|unclear|"
        r"can'?t figure out|not sure (?:how|what|why|if|whether)",
        -0.8,
        "confusion",
    ),
    (r"how (?:do|can|should) i|what does .{1,30} mean", 0.0, "confusion"),
    # Questions that, in support, are complaints.
    (
        r"why (?:is|was|has|have|did|are|were|can'?t|won'?t|isn'?t|doesn'?t|hasn'?t|"
        r"(?:do|does) (?:i|we|you|it|they))",
        -0.6,
        None,
    ),
    (
        r"how many (?:more )?times|is (?:anyone|anybody) (?:actually |even )?(?:reading|listening|"
        r"there|working|home)|does (?:anyone|anybody) (?:actually |even )?(?:read|care|check)|"
        r"who decided|what(?:'s| is) the point|"
        r"when (?:exactly )?(?:is|are|will) (?:someone|anyone|somebody|you) (?:going to|gonna|"
        r"actually|ever)|"
        r"how (?:is|was) (?:it|this|that) (?:possible|acceptable|ok|okay|fair)|how come",
        -1.6,
        None,
    ),
)

# VADER words whose general-English valence misleads in the support register.
VADER_OVERRIDES: dict[str, float] = {
    "help": 0.4,  # "can you help", a request
    "please": 0.1,  # politeness, not pleasure
    "hope": 0.6,  # "I hope you can fix this"
    "free": 0.6,  # "free tier", "free shipping"
    "promised": 0.0,  # usually a broken promise here
    "support": 0.3,  # the department, not encouragement
    "accept": 0.5,  # "do you accept cards"
    "pay": 0.0,
    "excuse": -0.8,
    "excuses": -1.2,
    "kind": 0.6,  # "kind of", "kind regards" left over
    "care": 0.8,
    "cares": 0.6,
    "sure": 0.4,
    "pretty": 0.5,
    "lied": -2.5,
    "laughed": -0.5,  # "the rep just laughed"
    "yes": 0.4,  # an answer to the agent ("yes, please DM me"), not joy
    "holiday": 0.3,  # the product of a travel firm, not a celebration
    "holidays": 0.3,
    # Common misspellings of complaint words, at the valence of the word meant.
    "terible": -2.5,
    "horible": -2.5,
    "horrable": -2.5,
    "aweful": -2.0,
    "awfull": -2.0,
    "disapointed": -1.9,
    "dissapointed": -1.9,
    "dissappointed": -1.9,
    "disapointing": -2.2,
    "dissapointing": -2.2,
    "unacceptible": -2.5,
    "unaceptable": -2.5,
    "discusting": -2.5,
    "rubish": -1.8,
    "wrost": -3.1,
    "useles": -1.8,
    "incompetant": -2.0,
    # Review words VADER lacks.
    "predictable": -1.0,
    "bland": -1.2,
    "forgettable": -1.5,
    "flimsy": -1.6,
    "smelled": -0.8,
    "smelly": -1.5,
    # Concessions: the main clause carries the sentiment, not "despite" itself.
    "despite": 0.0,
}
