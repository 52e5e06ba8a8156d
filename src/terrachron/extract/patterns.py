"""The general patterns of the extractor: instrument titles, kinds, and cue words for effects.

Nothing here names an article, a place or a treaty: titles are found by their head noun
("Treaty", "Agreement", "Joint Declaration", ...) and the capitalized words around it, and effects
by the verbs and nouns that state them ("ceded", "occupation", "handed over", "sold", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ACT_NOUN_DATED_RE",
    "ANAPHOR_RE",
    "COMMON_INSTRUMENT_RE",
    "COURT_ACT_RE",
    "CUES",
    "DATED_REFERENCE_RE",
    "EVENT_NOUN_RE",
    "PROCLAMATION_RE",
    "SURRENDER_RE",
    "TITLE_RE",
    "VOTE_RE",
    "Cue",
    "cue_pattern",
    "kind_of_title",
]

_HEADS = (
    r"Instrument\s+of\s+Surrender|Joint\s+Declaration|Joint\s+Statement|Joint\s+Communiqu[ée]"
    r"|Exchange\s+of\s+Notes|Treaty|Treaties|Agreements?|Conventions?|Declaration|Pact|Accords?"
    r"|Protocols?"
    r"|Statement|Communiqu[ée]|Act|Decree|Ukase|Law|Resolution|Charter|Memorandum|Proclamation"
    r"|Plebiscite|Referendum|Ruling|Judgm?ent|Award|Settlement|Summit(?:\s+Meeting)?|Purchase"
    r"|Arrangement|Armistice|Capitulation|Statute"
)
# A capitalized word; a dot only inside it ("U.S."), never the full stop that ends a sentence.
_WORD = r"(?:[A-Z](?:[\w'’]|\.(?=\w))*(?:[-–][A-Z]?[\w'’]+)*|\d{4})"
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_NOT_HEAD = rf"(?!(?:{_HEADS}|{_MONTHS})\b)"
_SEQ = rf"{_NOT_HEAD}{_WORD}(?:[ \t]+{_NOT_HEAD}{_WORD})*"
_TAIL_START = r"(?i:of|on|for|between|concerning|regarding|with|relating[ \t]+to|respecting)(?-i:)"
_TAIL_JOIN = r"(?:and|of|the|for|between|with|on|to|respecting|concerning|in(?=[ \t]+[A-Z][a-z]))"
TITLE_RE = re.compile(
    rf"(?:{_WORD}[ \t]+)*(?P<head>{_HEADS})\b(?:[ \t]+(?:No\.[ \t]*)?\d+(?:/\d+)?)?"
    rf"(?:[ \t]+{_TAIL_START}[ \t]+(?:the[ \t]+)?{_SEQ}"
    rf"(?:,?[ \t]+{_TAIL_JOIN}[ \t]+(?:the[ \t]+)?{_SEQ})*)?"
    r"(?![ \t]+[A-Z][a-z])"
)
"""A capitalized instrument title: optional capitalized words, a head noun, an optional tail."""

PROCLAMATION_RE = re.compile(
    r"\bproclaimed\s+(?:the\s+)?(?P<what>independence|(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3})"
    r"|\b(?P<what2>independence)\b[^.;]{0,30}?\b(?:was|were)\s+(?:formally\s+)?proclaimed\b"
)
"""A proclamation ("proclaimed the Hatay State", "proclaimed independence"): an instrument when
the sentence dates it."""

VOTE_RE = re.compile(
    r"(?<![\w-])(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+voted\s+(?=(?:on|in)\s+\d)"
)
"""A place that "voted on 15 April": a plebiscite held there."""

EVENT_NOUN_RE = re.compile(
    r"\b(?:summit(?:\s+meeting)?|referendum|plebiscite|run-off|runoff|popular\s+vote)\b"
)
"""Lower-case event nouns that stand for an instrument when the sentence dates them."""

_ORDINAL = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|\d+(?:st|nd|rd|th)"
)
COMMON_INSTRUMENT_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ww]hose|[Ii]ts|[Tt]heir)\s+(?P<noun>(?:(?:provisional|bilateral|new|final|secret|formal|peace"
    r"|border|boundary|frontier|maritime|territorial|separate|second|third|fourth|short|brief"
    r"|historic|landmark|controversial|formal|written|binding|joint|trilateral|multilateral"
    rf"|unconditional|constitutional|{_ORDINAL})\s+)?"
    r"(?:treaty|agreement|convention|arrangement|accord|memorandum|protocol|pact|armistice"
    r"|ceasefire|cease-fire|truce|surrender|capitulation|amendment|decree|ruling|judgment"
    r"|judgement|verdict|ordinance|proclamation|declaration|communiqu[ée]|resolution"
    r"|ultimatum|statute|terms\s+of\s+union|terms\s+of\s+cession))\b"
)
"""A common noun for an instrument; it counts when the text dates it or says it was signed."""

COURT_ACT_RE = re.compile(
    r"(?P<body>(?:[Tt]he\s+|[Aa]n?\s+)?(?:[A-Z][\w'’-]*\s+|boundary\s+|arbitral\s+){0,5}?"
    r"(?:Court|Tribunal|Commission|Arbitrator|court|tribunal|commission|arbitrator|arbitrators"
    r"|judges|panel)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,3})?)"
    r"\s+(?:ruled|decided|awarded|found|held|determined|declared|gave|drew|redrew)\b"
)
"""A court or commission deciding: its decision is an instrument when the sentence dates it."""

ACT_NOUN_DATED_RE = re.compile(
    r"\b[Tt]he\s+(?P<noun>annexation|occupation|invasion|handover|hand-over|cession|transfer"
    r"|withdrawal|reunification|partition)\s+of\s+(?=\d|(?:January|February|March|April|May"
    r"|June|July|August|September|October|November|December)\s+\d)"
)
"""An act dated by "of <date>" ("the annexation of 14 November 1962"): an instrument."""

SURRENDER_RE = re.compile(r"\b(?:surrendered|capitulated)\b(?!\s+(?:to\s+)?(?:the\s+)?[a-z]+\s+of)")
"""A garrison or a state that surrendered: a surrender, when the clause dates it."""

ANAPHOR_RE = re.compile(
    r"\b[Tt]he\s+(?:treaty|agreement|declaration|convention|accord|pact|deal|protocol)\b"
)
"""A reference back to an instrument named earlier."""

DATED_REFERENCE_RE = re.compile(
    r"\b(?:[Tt]he|[Aa])\s+(?P<year>1[0-9]\d\d|20\d\d)\s+(?:(?:peace|border|boundary|bilateral"
    r"|secret|territorial|maritime|frontier)\s+)?(?P<noun>treaty|agreement|declaration|convention"
    r"|accord|pact|deal|protocol|arrangement|memorandum|settlement)\b"
)
"""A common noun dated by a year before it ("the 1890 treaty"): a reference to the instrument
of that year named earlier, or, when there is none, a dated instrument of its own."""

LEADING_NOISE = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "under",
        "by",
        "after",
        "before",
        "since",
        "with",
        "when",
        "while",
        "through",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "both",
        "each",
        "then",
        "later",
        "also",
        "at",
        "from",
        "to",
        "for",
        "and",
        "of",
        "as",
        "it",
        "however",
        "yet",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "signed",
        "concluded",
    ]
)

_KINDS: tuple[tuple[str, str], ...] = (
    ("instrument of surrender", "surrender"),
    ("capitulation", "surrender"),
    ("joint declaration", "joint-declaration"),
    ("joint statement", "joint-declaration"),
    ("joint communiqu", "joint-declaration"),
    ("summit", "summit"),
    ("treaty", "treaty"),
    ("treaties", "treaty"),
    ("pact", "treaty"),
    ("convention", "treaty"),
    ("purchase", "treaty"),
    ("armistice", "agreement"),
    ("ceasefire", "agreement"),
    ("cease-fire", "agreement"),
    ("truce", "agreement"),
    ("surrender", "surrender"),
    ("amendment", "law"),
    ("ordinance", "law"),
    ("verdict", "court-ruling"),
    ("ultimatum", "statement"),
    ("agreement", "agreement"),
    ("accord", "agreement"),
    ("protocol", "agreement"),
    ("memorandum", "agreement"),
    ("arrangement", "agreement"),
    ("settlement", "agreement"),
    ("exchange of notes", "agreement"),
    ("declaration", "declaration"),
    ("proclamation", "declaration"),
    ("statement", "statement"),
    ("communiqu", "statement"),
    ("decree", "decree"),
    ("ukase", "decree"),
    ("law", "law"),
    ("act", "law"),
    ("resolution", "law"),
    ("plebiscite", "plebiscite"),
    ("referendum", "plebiscite"),
    ("ruling", "court-ruling"),
    ("judgment", "court-ruling"),
    ("judgement", "court-ruling"),
    ("award", "court-ruling"),
    ("statute", "agreement"),
    ("terms of", "agreement"),
    ("run-off", "plebiscite"),
    ("runoff", "plebiscite"),
    ("popular vote", "plebiscite"),
    ("annexation", "decree"),
    ("occupation", "military-occupation"),
    ("invasion", "military-occupation"),
    ("handover", "other"),
    ("hand-over", "other"),
    ("cession", "other"),
    ("transfer", "other"),
    ("withdrawal", "other"),
    ("reunification", "other"),
    ("partition", "other"),
)


def kind_of_title(head: str) -> str:
    """The instrument kind a title's head noun implies (``other`` when none fits)."""
    low = head.lower()
    for word, kind in _KINDS:
        if word in low:
            return kind
    return "other"


Frame = Literal["give", "receive", "act", "intrans", "under", "war", "lease", "join"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue phrase: the operation it states and the frame its arguments follow.

    Each of ``words`` is one token, lower case; ``a/b`` accepts either word and a trailing
    ``?`` makes the token optional (see :func:`cue_pattern`).

    Frames: ``give`` (giver before, place after, recipient after "to"), ``receive`` (recipient
    before, giver after "from"), ``act`` (actor before, place after), ``intrans`` (place before,
    recipient after "to"), ``under`` (place before, actor after "under"), ``war`` (a
    declaration of war: an event, no effect).
    """

    words: tuple[str, ...]
    op: str
    frame: Frame
    noun: bool = False
    named: bool = False  # the place must follow by name ("entered Strasbourg", not "entered into")
    needs: str = ""  # a word that must follow in the clause ("took X from Y" needs "from")


class _CueList:
    """The cue phrases as they are declared, in order (the matcher's ids follow it)."""

    def __init__(self) -> None:
        self.cues: list[Cue] = []

    def add(
        self,
        words: str,
        op: str,
        frame: Frame,
        noun: bool = False,
        named: bool = False,
        needs: str = "",
    ) -> None:
        """One cue per ``|``-separated variant of ``words``."""
        for variant in words.split("|"):
            self.cues.append(Cue(tuple(variant.split()), op, frame, noun, named, needs))


def _giving(cues: _CueList) -> None:
    """Cues of a transfer told from the side that gives, or of a place passing over."""
    cues.add("ceded|cedes|cede|ceding", "cede", "give")
    cues.add("cession", "cede", "give", noun=True)
    cues.add("transferred|transfers|transferring|transfer", "transfer", "give")
    cues.add("handed over|hands over|hand over|handing over|handed|handed back", "transfer", "give")
    cues.add("handover|hand - over|hand-over", "transfer", "give", noun=True)
    cues.add(
        "returned|returns|return|returning|restored|restore|restores|restoring|gave|give|gives"
        "|giving",
        "transfer",
        "give",
    )
    # "hand sovereignty over the Chagos Islands to Mauritius"
    cues.add(
        "hand/hands/handed/handing/transfer/transfers/transferred/transferring/cede/cedes/ceded"
        "/ceding/return/returns/returned/returning sovereignty/control/title over/of",
        "transfer",
        "give",
    )
    cues.add(
        "awarded|awards|award|assigned|assigns|allotted|granted|grants|yielded|yields|conveyed"
        "|turned over|turns over|handed back",
        "transfer",
        "give",
    )
    cues.add("sold|sells|sell|selling", "transfer", "give")
    cues.add("sale|transfer of|return of|retrocession|restitution", "transfer", "give", noun=True)
    cues.add("reversion", "transfer", "intrans", noun=True)
    cues.add("reverted|reverts|revert|passed to|went to", "transfer", "intrans")
    # "the islands were united with Greece": the state follows the preposition.
    cues.add(
        "united/reunited/unified/reunified with|merged/united/reunited into",
        "transfer",
        "intrans",
    )
    # "X was incorporated into Y" is Y's act: an annexation whose actor follows "into".
    cues.add("incorporated/integrated/absorbed into", "annex", "intrans")
    # "decreed that Corsica was an integral part of the French kingdom": said by decree.
    cues.add("was/is/were an/a? integral? part of", "annex", "intrans", needs="@that")
    # "reintegrated into Namibia", "reincorporated into the Reich": a return, by whatever path.
    cues.add("reincorporated/reintegrated/reabsorbed into", "transfer", "intrans")
    cues.add("reannexed", "annex", "act")
    # "became part of Japan", "became a state of the Federal Republic": the state follows.
    cues.add(
        "became/becomes/become a/an/the? integral/new/first/second/third/fourth/fifth/sixth"
        "/seventh/eighth/ninth/tenth/eleventh/twelfth/thirteenth/fourteenth/fifteenth/newest?"
        " part/state/province/region/territory/department"
        "/county/district/prefecture/canton/oblast of",
        "transfer",
        "intrans",
    )
    cues.add("joined|joins|join|rejoined|rejoin", "transfer", "join")


def _acquiring(cues: _CueList) -> None:
    """Cues of leasing, buying, receiving and taking: told from the side that gets."""
    cues.add("leased|leases|lease", "administer", "lease")
    cues.add(
        "bought|buys|buy|purchased|purchases|acquired|acquire|acquires|obtained|obtain",
        "transfer",
        "receive",
    )
    cues.add(
        "gained|received|receive|regained|recovered|reclaimed|inherited", "transfer", "receive"
    )
    cues.add("took/takes/take/taking possession of", "transfer", "receive")
    # "Prussia had taken Schleswig from Denmark": seizing from someone; title may follow later.
    cues.add("took|taken|takes|take|taking|won|wrested", "occupy", "act", needs="from")
    # "British forces took Asmara": a place by name right after; "took place" is none.
    cues.add("took|taken|take|takes|taking", "occupy", "act", named=True)
    cues.add("purchase|acquisition", "transfer", "receive", noun=True)


def _control(cues: _CueList) -> None:
    """Cues of control: occupying, administering and withdrawing."""
    cues.add(
        "occupied|occupies|occupy|occupying|seized|seize|captured|invaded|landed on|landed at"
        "|landed in|garrisoned|garrisons",
        "occupy",
        "act",
    )
    cues.add("took control of|took over|seized control of", "occupy", "act")
    cues.add(
        "conquered|conquers|conquer|conquering|overran|overruns|overrun|stormed|recaptured"
        "|retook|retaken|reoccupied|reoccupy|liberated|liberates|liberate",
        "occupy",
        "act",
    )
    # "French troops entered Strasbourg"; "the treaty entered into force" has no place after it.
    cues.add(
        "entered|enters|enter|entering|marched into|moved into|rolled into",
        "occupy",
        "act",
        named=True,
    )
    cues.add(
        "occupation|invasion|seizure|conquest|capture|reconquest|liberation",
        "occupy",
        "act",
        noun=True,
    )
    cues.add("administered|administers|administer|governed", "administer", "act")
    cues.add("administration|rule", "administer", "under", noun=True)
    # "Portugal's government of Macau": only with "of", since "the government" alone is an
    # institution; an effect still needs an actor (a possessive or "by").
    cues.add("government of", "administer", "act", noun=True)
    cues.add("withdrew|withdrawn|withdraw|withdrawing|evacuated|pulled out", "withdraw", "act")
    cues.add("withdrawal|evacuation", "withdraw", "act", noun=True)
    # "the last French soldiers left on 23 July 1939": leaving, said of troops.
    cues.add("left", "withdraw", "act", needs="@troops")
    # "French forces returned": troops coming back take the place again.
    cues.add("returned|came back", "occupy", "act", needs="@troops")
    # "whose troops drove the French from the island": driving out is taking.
    cues.add("drove|driven|drive|drives|driving|expelled|ousted", "occupy", "act", needs="from")


def _title_and_claims(cues: _CueList) -> None:
    """Cues of title taken or given up unilaterally, of claims, of war."""
    cues.add("annexed|annexes|annex|annexing|absorbed|incorporated", "annex", "act")
    cues.add("annexation|incorporation", "annex", "act", noun=True)
    cues.add(
        "renounced|renounces|renounce|relinquished|gave up|give up|giving up", "renounce", "act"
    )
    cues.add("renunciation", "renounce", "act", noun=True)
    cues.add(
        "claims|claimed|claim|claiming|laid claim to|asserted sovereignty over", "claim", "act"
    )
    # "gave up its claims to X": giving up a claim, not the land. "renounced all claims" stays a
    # renunciation, the words treaties use for giving up title. A word with "/" is a choice of
    # words and a trailing "?" makes it optional: the variant with "to"/"over" is longer, so it
    # wins and the cue ends where the place begins.
    cues.add(
        "dropped/drops/drop/abandoned/abandons/withdrew/waived its/their/all/any claim/claims"
        " to/over/on?|gave/gives/give/giving up its/their/all/any claim/claims to/over/on?",
        "drop_claim",
        "act",
    )
    cues.add("condominium|jointly administered|jointly governed|jointly held", "condominium", "act")
    cues.add("declared war", "war", "war")


def _cues() -> tuple[Cue, ...]:
    cues = _CueList()
    for declare in (_giving, _acquiring, _control, _title_and_claims):
        declare(cues)
    return tuple(cues.cues)


CUES: tuple[Cue, ...] = _cues()
"""Every cue phrase, lower case, as token sequences."""


def cue_pattern(cue: Cue) -> list[dict[str, object]]:
    """The spaCy :class:`~spacy.matcher.Matcher` pattern of a cue.

    Choices ("its/their") stay one pattern rather than one per combination, which keeps the
    matcher's state count, and so its time per token, low.
    """
    pattern: list[dict[str, object]] = []
    for word in cue.words:
        optional = word.endswith("?")
        choices = word.rstrip("?").split("/")
        token: dict[str, object] = (
            {"LOWER": choices[0]} if len(choices) == 1 else {"LOWER": {"IN": choices}}
        )
        if optional:
            token["OP"] = "?"
        pattern.append(token)
    return pattern


PROMISE_WORDS = frozenset({"promised", "pledged", "undertook", "condition", "once"})
"""Words before a transfer cue that make it a promise of a later transfer."""

NOT_PLACE_WORDS = frozenset(
    [
        "league",
        "council",
        "assembly",
        "parliament",
        "government",
        "senate",
        "congress",
        "army",
        "navy",
        "court",
        "nations",
        "committee",
        "commission",
        "authority",
        "ministry",
        "agreement",
        "treaty",
        "president",
        "minister",
    ]
)
"""Words that make a capitalized phrase an institution or a person, never a new place."""

AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be"})
PREPOSITIONS = frozenset(
    [
        "to",
        "from",
        "by",
        "with",
        "between",
        "of",
        "after",
        "before",
        "since",
        "until",
        "against",
        "for",
        "at",
        "in",
        "on",
        "over",
        "under",
        "than",
        "toward",
        "towards",
        "into",
        "onto",
        "upon",
        "among",
        "within",
        "without",
        "per",
        "via",
    ]
)
RELATIVE_LOCATION = frozenset({"north", "south", "east", "west", "off", "near", "beyond", "across"})
AGENT_NOUNS = frozenset(
    [
        "forces",
        "troops",
        "army",
        "navy",
        "marines",
        "soldiers",
        "government",
        "authorities",
        "military",
        "administration",
        "units",
        "fleet",
        "state",
        "parliament",
        "partisans",
        "guerrillas",
        "militia",
        "militias",
        "paratroopers",
        "garrison",
        "divisions",
        "regiments",
        "battalions",
        "warships",
        "police",
        "officials",
        "diplomats",
        "negotiators",
        "envoys",
        "delegation",
        "delegates",
    ]
)
PRONOUNS = frozenset({"it", "they", "its", "their"})
TARGET_ANAPHORS = (
    "these islands",
    "those islands",
    "the islands",
    "the island",
    "the territory",
    "the territories",
    "the enclave",
    "the region",
    "the peninsula",
    "the port",
    "the colony",
    "the colonies",
    "the city",
    "the town",
    "the province",
    "the provinces",
    "the archipelago",
    "the strip",
    "the zone",
    "the district",
    "the valley",
    "the protectorate",
    "the possession",
    "the possessions",
    "the dependency",
    "the exclave",
    "them",
    "it",
)
"""Phrases that stand for places named before; "it" counts only right next to the cue."""
COMPASS = {
    "south": "south",
    "southern": "south",
    "north": "north",
    "northern": "north",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
}
