"""The extraction gazetteer: every name of the ledger's places, groups and polities, plus the
world's states, matched in text with spaCy's :class:`~spacy.matcher.PhraseMatcher`.

Names are compared after :func:`terrachron.gazetteer.fold_name`, token by token, so case,
diacritics and dash styles do not matter ("Etorofu-tō" meets "Etorofu-to"). Names written in a
script without spaces (Japanese) are found by substring search, since an English tokenizer would
glue them to their neighbours.

States missing from the ledger come from the Unicode CLDR territory names shipped with
:mod:`babel`, in English, Japanese and Russian: a mention of Germany in a Japan–Russia article
becomes a *candidate* polity with its ISO code rather than being dropped. CLDR lists only states
that exist today, so a short table of well-known former states (:data:`HISTORICAL_STATES`: the
Ottoman Empire, Zanzibar, Czechoslovakia, ...) adds those, with their lifespans. Adjectives ("Soviet
forces", "the Sino-British declaration") map to states through a small table of demonyms.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import spacy
from babel import Locale
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.gazetteer import fold_name
from terrachron.model import Polity

__all__ = [
    "DEMONYMS",
    "HISTORICAL_STATES",
    "Entity",
    "NameIndex",
    "NameMatch",
    "fold_token",
    "shared_nlp",
    "slugify",
]

EntityKind = Literal["place", "group", "polity"]

DEMONYMS: dict[str, str] = {
    # adjective or combining form → the English name of the state it stands for
    "american": "United States",
    "anglo": "United Kingdom",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "austrian": "Austria",
    "belgian": "Belgium",
    "bolivian": "Bolivia",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "canadian": "Canada",
    "chilean": "Chile",
    "chinese": "China",
    "cuban": "Cuba",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "egyptian": "Egypt",
    "eritrean": "Eritrea",
    "ethiopian": "Ethiopia",
    "finnish": "Finland",
    "franco": "France",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "greek": "Greece",
    "greenlandic": "Greenland",
    "icelandic": "Iceland",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "korean": "South Korea",
    "mexican": "Mexico",
    "moroccan": "Morocco",
    "namibian": "Namibia",
    "norwegian": "Norway",
    "ottoman": "Ottoman Empire",
    "pakistani": "Pakistan",
    "polish": "Poland",
    "portuguese": "Portugal",
    "prussian": "Prussia",
    "russian": "Russia",
    "russo": "Russia",
    "sino": "China",
    "south african": "South Africa",
    "soviet": "Soviet Union",
    "spanish": "Spain",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "turkish": "Turkey",
    "ukrainian": "Ukraine",
    "vietnamese": "Vietnam",
    "zanzibari": "Zanzibar",
    "austro-hungarian": "Austria-Hungary",
    # More adjectives, for states CLDR lists or the table of former states holds.
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "angolan": "Angola",
    "australian": "Australia",
    "azerbaijani": "Azerbaijan",
    "bahraini": "Bahrain",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "bosnian": "Bosnia and Herzegovina",
    "bulgarian": "Bulgaria",
    "burmese": "Myanmar",
    "cambodian": "Cambodia",
    "cameroonian": "Cameroon",
    "chadian": "Chad",
    "colombian": "Colombia",
    "congolese": "Democratic Republic of the Congo",
    "costa rican": "Costa Rica",
    "croatian": "Croatia",
    "cypriot": "Cyprus",
    "czech": "Czechia",
    "djiboutian": "Djibouti",
    "dominican": "Dominican Republic",
    "ecuadorian": "Ecuador",
    "emirati": "United Arab Emirates",
    "estonian": "Estonia",
    "filipino": "Philippines",
    "gambian": "Gambia",
    "ghanaian": "Ghana",
    "guatemalan": "Guatemala",
    "guinean": "Guinea",
    "guyanese": "Guyana",
    "haitian": "Haiti",
    "hawaiian": "Kingdom of Hawaii",
    "honduran": "Honduras",
    "hungarian": "Hungary",
    "irish": "Ireland",
    "jamaican": "Jamaica",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kenyan": "Kenya",
    "kuwaiti": "Kuwait",
    "kyrgyz": "Kyrgyzstan",
    "laotian": "Laos",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "liberian": "Liberia",
    "libyan": "Libya",
    "lithuanian": "Lithuania",
    "macedonian": "North Macedonia",
    "malagasy": "Madagascar",
    "malaysian": "Malaysia",
    "malian": "Mali",
    "maltese": "Malta",
    "mauritanian": "Mauritania",
    "mauritian": "Mauritius",
    "moldovan": "Moldova",
    "mongolian": "Mongolia",
    "montenegrin": "Montenegro",
    "mozambican": "Mozambique",
    "nepalese": "Nepal",
    "nepali": "Nepal",
    "new zealand": "New Zealand",
    "nicaraguan": "Nicaragua",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "omani": "Oman",
    "panamanian": "Panama",
    "paraguayan": "Paraguay",
    "peruvian": "Peru",
    "philippine": "Philippines",
    "qatari": "Qatar",
    "romanian": "Romania",
    "rwandan": "Rwanda",
    "salvadoran": "El Salvador",
    "sardinian": "Kingdom of Sardinia",
    "genoese": "Republic of Genoa",
    "saudi": "Saudi Arabia",
    "scottish": "United Kingdom",
    "senegalese": "Senegal",
    "serbian": "Serbia",
    "singaporean": "Singapore",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "somali": "Somalia",
    "south sudanese": "South Sudan",
    "sri lankan": "Sri Lanka",
    "sudanese": "Sudan",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "tajik": "Tajikistan",
    "tanzanian": "Tanzania",
    "texan": "Republic of Texas",
    "thai": "Thailand",
    "tunisian": "Tunisia",
    "turkmen": "Turkmenistan",
    "ugandan": "Uganda",
    "uruguayan": "Uruguay",
    "uzbek": "Uzbekistan",
    "venetian": "Republic of Venice",
    "venezuelan": "Venezuela",
    "yemeni": "Yemen",
    "zambian": "Zambia",
    "zimbabwean": "Zimbabwe",
    "czechoslovak": "Czechoslovakia",
    "yugoslav": "Yugoslavia",
}
"""English adjectives of states; each resolves through the gazetteer to a polity id."""

HISTORICAL_STATES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # (English name, other English names, lifespan as EDTF): sovereign states of the last few
    # centuries that CLDR no longer lists, so that treaties of the past can name their parties.
    # Only names that denote the state itself: "Republic of Texas", not "Texas" (the place).
    ("Ottoman Empire", ("Ottoman Turkey", "Sublime Porte"), "1299/1922-11-01"),
    ("Austria-Hungary", ("Austro-Hungarian Empire", "Dual Monarchy"), "1867/1918-10-31"),
    ("Holy Roman Empire", (), "0962-02-02/1806-08-06"),
    ("German Empire", ("Imperial Germany",), "1871-01-18/1918-11-09"),
    ("Prussia", ("Kingdom of Prussia",), "1701-01-18/1918-11-09"),
    ("Russian Empire", ("Imperial Russia", "Tsarist Russia"), "1721-11-02/1917-09-14"),
    ("Soviet Union", ("USSR", "Union of Soviet Socialist Republics"), "1922-12-30/1991-12-26"),
    ("East Germany", ("German Democratic Republic", "GDR"), "1949-10-07/1990-10-03"),
    ("West Germany", (), "1949-05-23/1990-10-03"),
    ("Czechoslovakia", (), "1918-10-28/1992-12-31"),
    ("Yugoslavia", ("Kingdom of Yugoslavia",), "1918-12-01/1992-04-27"),
    ("Republic of Venice", ("Venetian Republic",), "0697/1797-05-12"),
    ("Republic of Genoa", ("Genoese Republic",), "1005/1797-06-14"),
    ("Dutch Republic", ("United Provinces",), "1581-07-26/1795-01-18"),
    ("Denmark–Norway", (), "1537/1814-05-17"),
    ("Kingdom of Sardinia", ("Piedmont-Sardinia", "Sardinia-Piedmont"), "1720/1861-03-17"),
    ("Kingdom of the Two Sicilies", ("Two Sicilies",), "1816-12-08/1861-03-17"),
    ("Papal States", (), "0754/1870-09-20"),
    ("Gran Colombia", (), "1819-12-17/1831-11-19"),
    ("Republic of Texas", (), "1836-03-02/1846-02-19"),
    ("Kingdom of Hawaii", ("Hawaiian Kingdom",), "1795/1893-01-17"),
    ("South African Republic", ("Transvaal Republic",), "1852-01-17/1902-05-31"),
    ("Orange Free State", (), "1854-02-23/1902-05-31"),
    ("Zanzibar", ("Sultanate of Zanzibar",), "1856/1964-04-26"),
    ("Qing China", ("Qing Empire", "Qing dynasty", "Qing"), "1644/1912-02-12"),
    ("Korean Empire", (), "1897-10-13/1910-08-29"),
    ("Ryukyu Kingdom", (), "1429/1879-03-27"),
    ("Manchukuo", (), "1932-03-01/1945-08-18"),
    ("Republic of China", (), "1912-01-01/1949-09-30"),
    ("Kingdom of Great Britain", (), "1707-05-01/1800-12-31"),
    ("Kingdom of Italy", (), "1861-03-17/1946-06-10"),
    ("Austrian Empire", (), "1804-08-11/1867-03-29"),
    ("Empire of Brazil", (), "1822-09-07/1889-11-15"),
    ("Dominion of Newfoundland", (), "1907-09-26/1949-03-31"),
)
"""Former states CLDR does not list: name, aliases and lifespan. Like CLDR states they enter
the gazetteer as candidates, and only when the ledger has none of their names."""

HISTORICAL_LINKS: dict[str, tuple[str, ...]] = {
    # Which states a former state came from or gave way to, by English name, so that "China"
    # in a sentence of 1922 is the Republic of China and "Britain" in 1794 the Kingdom of
    # Great Britain, when the state of today has a lifespan in the ledger.
    "Republic of China": ("China", "Qing China"),
    "Kingdom of Great Britain": ("United Kingdom",),
    "Kingdom of Italy": ("Italy", "Kingdom of Sardinia"),
    "Austrian Empire": ("Austria-Hungary", "Austria"),
    "Empire of Brazil": ("Brazil",),
    "German Empire": ("Germany",),
    "Ottoman Empire": ("Turkey",),
    "Russian Empire": ("Soviet Union", "Russia"),
    "Soviet Union": ("Russia",),
}


# ISO 3166 codes CLDR lists as territories that are not sovereign states: dependencies,
# overseas regions and special areas. They enter the gazetteer as candidate places.
_DEPENDENCY_CODES = (
    "AC AI AS AW AX BL BM BQ BV CC CK CP CW CX DG EA EH FK FO GF GG GI GL GP GS GU HK HM IC IM"
    " IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TA TC TF TK UM VG VI WF YT"
)
DEPENDENCIES: frozenset[str] = frozenset(_DEPENDENCY_CODES.split())
"""CLDR territories that are places, not polities (Guam, Gibraltar, Hong Kong, Réunion, ...)."""

_EN_PRIMARY: dict[str, str] = {
    # CLDR display names that news prose never uses; these become the display name.
    "TR": "Turkey",
    "HK": "Hong Kong",
    "MO": "Macau",
    "VI": "United States Virgin Islands",
    "UM": "United States Minor Outlying Islands",
    "PS": "Palestine",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
}
_EN_VARIANTS: dict[str, tuple[str, ...]] = {
    # Other English names of today's states and territories, as news prose writes them.
    "TR": ("Türkiye", "Turkiye"),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "CI": ("Ivory Coast",),
    "CD": ("DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor",),
    "VA": ("Holy See", "Vatican"),
    "FM": ("Federated States of Micronesia",),
    "KR": ("Republic of Korea",),
    "KP": ("Democratic People's Republic of Korea",),
    "GB": ("Britain", "Great Britain"),
    "US": ("United States of America",),
    "VI": ("U.S. Virgin Islands", "US Virgin Islands"),
    "MO": ("Macao",),
    "FK": ("Falklands", "Malvinas"),
    "NL": ("Holland",),
    "IR": ("Persia",),
    "LK": ("Ceylon",),
    "BY": ("Byelorussia",),
}
CAPITALS: dict[str, tuple[str, ...]] = {
    # Capitals that news prose uses for their governments ("Ankara never let the question
    # drop"), by the English name of the state. Left out: capitals that are themselves the
    # subject of territorial history (Rome, Jerusalem) and names shared with other places.
    "Afghanistan": ("Kabul",),
    "Algeria": ("Algiers",),
    "Argentina": ("Buenos Aires",),
    "Armenia": ("Yerevan",),
    "Austria": ("Vienna",),
    "Azerbaijan": ("Baku",),
    "Bangladesh": ("Dhaka",),
    "Belgium": ("Brussels",),
    "Brazil": ("Brasília", "Brasilia"),
    "Cameroon": ("Yaoundé", "Yaounde"),
    "Canada": ("Ottawa",),
    "China": ("Beijing", "Peking"),
    "Colombia": ("Bogotá", "Bogota"),
    "Croatia": ("Zagreb",),
    "Cuba": ("Havana",),
    "Denmark": ("Copenhagen",),
    "Egypt": ("Cairo",),
    "Eritrea": ("Asmara",),
    "Ethiopia": ("Addis Ababa",),
    "Finland": ("Helsinki",),
    "France": ("Paris",),
    "Georgia": ("Tbilisi",),
    "Germany": ("Berlin", "Bonn"),
    "Greece": ("Athens",),
    "Hungary": ("Budapest",),
    "India": ("New Delhi",),
    "Indonesia": ("Jakarta",),
    "Iran": ("Tehran",),
    "Iraq": ("Baghdad",),
    "Ireland": ("Dublin",),
    "Japan": ("Tokyo",),
    "Jordan": ("Amman",),
    "Kenya": ("Nairobi",),
    "Lebanon": ("Beirut",),
    "Lithuania": ("Vilnius",),
    "Malaysia": ("Kuala Lumpur",),
    "Mauritius": ("Port Louis",),
    "Mexico": ("Mexico City",),
    "Morocco": ("Rabat",),
    "Namibia": ("Windhoek",),
    "Nigeria": ("Abuja",),
    "North Korea": ("Pyongyang",),
    "Norway": ("Oslo",),
    "Pakistan": ("Islamabad",),
    "Philippines": ("Manila",),
    "Poland": ("Warsaw",),
    "Portugal": ("Lisbon",),
    "Romania": ("Bucharest",),
    "Russia": ("Moscow",),
    "Saudi Arabia": ("Riyadh",),
    "Serbia": ("Belgrade",),
    "South Africa": ("Pretoria",),
    "South Korea": ("Seoul",),
    "Spain": ("Madrid",),
    "Sudan": ("Khartoum",),
    "Sweden": ("Stockholm",),
    "Syria": ("Damascus",),
    "Taiwan": ("Taipei",),
    "Thailand": ("Bangkok",),
    "Turkey": ("Ankara",),
    "Ukraine": ("Kyiv", "Kiev"),
    "United Kingdom": ("London", "Whitehall"),
    "United States": ("Washington",),
    "Venezuela": ("Caracas",),
    "Vietnam": ("Hanoi",),
}
"""Capitals as names of their states' governments, added where no record claims the name."""

_DASHES = frozenset("-–—‐‑")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# CLDR pseudo-territories and supranational bodies, which are no polities that hold land.
_NOT_STATES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ"})


def slugify(text: str) -> str:
    """An id-safe slug of ``text`` (ASCII, lower case, dashes): "Walvis Bay" → ``walvis-bay``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80] or "unnamed"


def fold_token(text: str) -> str:
    """The comparison key of one token: folded, with every dash the same and punctuation kept."""
    if text in _DASHES:
        return "-"
    return fold_name(text) or text


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry: a place, group or polity, from the ledger or from CLDR.

    Attributes
    ----------
    id : str
        The ledger id, or a slug for an entry the ledger lacks.
    kind : {"place", "group", "polity"}
    name : str
        A display name (English where there is one).
    known : bool
        True when the ledger holds the record; False for a candidate.
    lifespan : EdtfDate or None
        A polity's lifespan (open for candidates).
    code : str or None
        ISO 3166 code of a candidate state.
    members : tuple of str
        A group's places.
    """

    id: str
    kind: EntityKind
    name: str
    known: bool
    lifespan: EdtfDate | None = None
    code: str | None = None
    members: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name found in the text: ``[start, end)`` offsets and the entity ids it may denote."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...]
    kind: EntityKind
    via_demonym: bool = False


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The blank English pipeline (tokenizer, sentencizer) whose vocab every matcher shares."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 3_000_000
    return nlp


_blank = shared_nlp


@lru_cache(maxsize=1)
def _world() -> tuple[tuple[str, dict[str, str], tuple[str, ...]], ...]:
    """CLDR territories: code, names by language, and other English names."""
    en, ja, ru = (Locale.parse(x).territories for x in ("en", "ja", "ru"))
    out = []
    for code, name in en.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_STATES:
            continue
        names = {"en": _EN_PRIMARY.get(code, name)}
        for lang, table in (("ja", ja), ("ru", ru)):
            if code in table:
                names[lang] = table[code]
        out.append((code, names, _english_variants(code, name)))
    return tuple(out)


def _english_variants(code: str, name: str) -> tuple[str, ...]:
    """The forms news prose uses besides CLDR's display name: "and" for "&", "Saint" for
    "St.", the name before a parenthesis, and the common names in :data:`_EN_VARIANTS`."""
    forms = {name, *_EN_VARIANTS.get(code, ())}
    if code in _EN_PRIMARY:
        forms.add(_EN_PRIMARY[code])
    for form in list(forms):
        forms.add(form.replace(" & ", " and "))
        if "St. " in form:
            forms.add(form.replace("St. ", "Saint "))
            forms.add(form.replace("St. ", "St "))
        if " (" in form:
            forms.add(form.split(" (")[0])
            forms.add(form.split(" (")[1].rstrip(")"))
    return tuple(sorted(forms))


class NameIndex:
    """Names of places, groups and polities, folded, with a phrase matcher over them.

    Build one with :meth:`from_records`; it is immutable afterwards and cheap to reuse.
    """

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._keys: dict[str, set[str]] = {}
        self._upper_only: dict[str, bool] = {}
        self._succession: dict[str, set[str]] = {}
        self._demonyms: dict[str, tuple[str, ...]] = {}
        self._cjk: list[tuple[str, str]] = []
        self._seen_patterns: set[tuple[str, tuple[str, ...]]] = set()
        self._matcher = PhraseMatcher(_blank().vocab, attr="NORM")

    @property
    def size(self) -> int:
        """How many distinct folded names the index holds (what it costs to keep)."""
        return len(self._keys)

    # -- building --------------------------------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        places: Mapping[str, tuple[Mapping[str, str], Iterable[str]]],
        groups: Mapping[str, tuple[Mapping[str, str], Iterable[str], Iterable[str]]],
        polities: Mapping[str, Polity],
        *,
        world: bool = True,
    ) -> NameIndex:
        """Index ledger records, then the world's states the ledger does not hold.

        Parameters
        ----------
        places : mapping
            ``id → (names per language, aliases)``.
        groups : mapping
            ``id → (names per language, aliases, members)``.
        polities : mapping
            Ledger polities by id.
        world : bool, default True
            Add CLDR states as candidate polities.
        """
        index = cls()
        index._add_places(places)
        index._add_groups(groups)
        codes = index._add_polities(polities)
        if world:
            index._add_world_states(codes)
            index._add_historical_states()
            index._link_historical_states()
        index._add_capitals()
        index._add_demonyms()
        return index

    def _add_places(self, places: Mapping[str, tuple[Mapping[str, str], Iterable[str]]]) -> None:
        for pid, (names, aliases) in places.items():
            self._add(Entity(pid, "place", names.get("en", pid), True, names=dict(names)))
            self._names(pid, [*names.values(), *aliases])

    def _add_groups(
        self, groups: Mapping[str, tuple[Mapping[str, str], Iterable[str], Iterable[str]]]
    ) -> None:
        for gid, (names, aliases, members) in groups.items():
            entity = Entity(
                gid, "group", names.get("en", gid), True, members=tuple(members), names=dict(names)
            )
            self._add(entity)
            self._names(gid, [*names.values(), *aliases])

    def _add_polities(self, polities: Mapping[str, Polity]) -> set[str]:
        """Add the ledger's polities and their successions; return their ISO 3166 codes."""
        codes: set[str] = set()
        for polity in polities.values():
            self._add(
                Entity(
                    polity.id,
                    "polity",
                    polity.names.get("en", polity.id),
                    True,
                    lifespan=polity.lifespan,
                    names=dict(polity.names),
                )
            )
            self._names(
                polity.id,
                [*polity.names.values(), *(a for al in polity.aliases.values() for a in al)],
            )
            code = polity.codes.get("iso3166") or polity.codes.get("iso3166-1")
            if isinstance(code, str):
                codes.add(code.upper())
            for other in (polity.continues, polity.succeeds):
                if other:
                    self._succession.setdefault(polity.id, set()).add(other)
                    self._succession.setdefault(other, set()).add(polity.id)
        return codes

    def _add_world_states(self, codes: set[str]) -> None:
        """Add the CLDR states (and dependencies, as places) the ledger does not name."""
        open_life = parse_edtf("../..")
        for code, names, variants in _world():
            forms = [*names.values(), *variants]
            if code in codes or any(fold_name(n) in self._keys for n in forms):
                continue  # the ledger already names it, as a polity or as a place
            sid = slugify(names["en"])
            if sid in self.entities:
                continue
            if code in DEPENDENCIES:
                self._add(Entity(sid, "place", names["en"], False, code=code, names=names))
            else:
                self._add(Entity(sid, "polity", names["en"], False, open_life, code, names=names))
            self._names(sid, forms)

    def _add_historical_states(self) -> None:
        """Add the historical states no name in the index stands for yet."""
        for name, aliases, life in HISTORICAL_STATES:
            every = (name, *aliases)
            if any(fold_name(n) in self._keys for n in every):
                continue  # the ledger (or CLDR) already holds the state under some name
            sid = slugify(name)
            if sid in self.entities:
                continue
            self._add(Entity(sid, "polity", name, False, parse_edtf(life), names={"en": name}))
            self._names(sid, every)

    def _link_historical_states(self) -> None:
        """Record the successions HISTORICAL_LINKS lists between the states it names."""
        for name, others in HISTORICAL_LINKS.items():
            here = [i for i in self.lookup(name) if self.kind(i) == "polity"]
            for other in others:
                for a in here:
                    for b in (i for i in self.lookup(other) if self.kind(i) == "polity"):
                        if a != b:
                            self._succession.setdefault(a, set()).add(b)
                            self._succession.setdefault(b, set()).add(a)

    def _add_capitals(self) -> None:
        """Let a capital's name stand for its state, where the name is not taken."""
        for country, capitals in CAPITALS.items():
            states = sorted(i for i in self.lookup(country) if self.kind(i) == "polity")
            fresh = [c for c in capitals if fold_name(c) not in self._keys]
            if states and fresh:
                self._names(states[0], fresh)

    def _add_demonyms(self) -> None:
        """Match each demonym ("Soviet", "Japanese") as the state it names."""
        for adjective, country in DEMONYMS.items():
            ids = tuple(sorted(i for i in self.lookup(country) if self.kind(i) == "polity"))
            if ids:
                self._demonyms[adjective] = ids
                self._pattern(f"@demonym:{adjective}", adjective)

    def _add(self, entity: Entity) -> None:
        self.entities[entity.id] = entity

    def _names(self, rid: str, names: Iterable[str]) -> None:
        for name in dict.fromkeys([rid, *names]):  # ordered, so every run builds the same index
            key = fold_name(name)
            if not key:
                continue
            upper = len(key) <= 4 and name.isupper() and name.isascii()
            fresh = key not in self._keys
            self._keys.setdefault(key, set()).add(rid)
            self._upper_only[key] = upper if fresh else (self._upper_only[key] and upper)
            if _CJK.search(name):
                self._cjk.append((unicodedata.normalize("NFKC", name), key))
            else:
                self._pattern(key, name)

    def _pattern(self, key: str, name: str) -> None:
        # One pattern per distinct tokenization: "kuril-islands" and "Kuril Islands" fold alike
        # but split into different tokens.
        doc = _blank().make_doc(name)
        norms = tuple(fold_token(t.text) for t in doc)
        if (key, norms) in self._seen_patterns:
            return
        self._seen_patterns.add((key, norms))
        for token, norm in zip(doc, norms, strict=True):
            token.norm_ = norm
        self._matcher.add(key, [doc])

    # -- lookups ---------------------------------------------------------------------------------

    def lookup(self, name: str) -> frozenset[str]:
        """Ids whose folded names equal ``name`` folded."""
        return frozenset(self._keys.get(fold_name(name), ()))

    def kind(self, rid: str) -> EntityKind:
        """The kind of an indexed id."""
        return self.entities[rid].kind

    def demonym(self, word: str) -> tuple[str, ...]:
        """Polity ids an adjective stands for (``Soviet`` → ``soviet-union``)."""
        return self._demonyms.get(word.lower(), ())

    def members(self, gid: str) -> tuple[str, ...]:
        """A group's member places (empty for anything else)."""
        entity = self.entities.get(gid)
        return entity.members if entity else ()

    def polity_at(self, ids: Iterable[str], day: int | None) -> str:
        """The one polity among ``ids`` (or their predecessors and successors) alive on ``day``.

        "Russia" in an 1875 sentence is the Russian Empire: when the named polity did not exist
        on the day, its succession chain is walked to the one that did.
        """
        choices = sorted(set(ids), key=lambda i: (not self.entities[i].known, i))
        if day is None:
            return choices[0]
        alive = [i for i in choices if self._alive(i, day)]
        if alive:
            return alive[0]
        for start in choices:
            seen, queue = {start}, [start]
            while queue:
                current = queue.pop(0)
                if self._alive(current, day):
                    return current
                for nxt in sorted(self._succession.get(current, ())):
                    if nxt not in seen:
                        seen.add(nxt)
                        queue.append(nxt)
        return choices[0]

    def _alive(self, pid: str, day: int) -> bool:
        life = self.entities[pid].lifespan
        return life is None or life.lo <= day <= life.hi

    # -- matching --------------------------------------------------------------------------------

    def match(self, doc: Doc) -> list[NameMatch]:
        """Every name in ``doc`` (whose tokens carry folded norms), longest first, no overlaps."""
        found: list[NameMatch] = []
        # The matcher was built on the blank pipeline's vocabulary, not the parsed doc's.
        strings = _blank().vocab.strings
        for match_id, start, end in self._matcher(doc):
            key = strings[match_id]
            span = doc[start:end]
            if key.startswith("@demonym:"):
                adjective = key.removeprefix("@demonym:")
                ids = self._demonyms[adjective]
                found.append(
                    NameMatch(span.start_char, span.end_char, span.text, ids, "polity", True)
                )
                continue
            if self._upper_only.get(key) and not span.text.isupper():
                continue  # "US" the country, not "us" the pronoun
            ids = tuple(sorted(self._keys[key]))
            if not span.text[:1].isupper() and all(not self.entities[i].known for i in ids):
                continue  # a world name must be capitalized: "reunion" is no "Réunion"
            kinds = {self.entities[i].kind for i in ids}
            kind: EntityKind = (
                "polity" if kinds == {"polity"} else "group" if "group" in kinds else "place"
            )
            if kind != "polity":
                ids = tuple(i for i in ids if self.entities[i].kind != "polity") or ids
            found.append(NameMatch(span.start_char, span.end_char, span.text, ids, kind))
        text = doc.text
        for name, key in self._cjk:
            pos = text.find(name)
            while pos >= 0:
                ids = tuple(sorted(self._keys[key]))
                kinds = {self.entities[i].kind for i in ids}
                kind2: EntityKind = "polity" if kinds == {"polity"} else "place"
                if "group" in kinds:
                    kind2 = "group"
                found.append(NameMatch(pos, pos + len(name), name, ids, kind2))
                pos = text.find(name, pos + len(name))
        # Longest wins; a name beats an adjective of the same length. Kept spans stay sorted,
        # so each check looks only at its two neighbours.
        found.sort(key=lambda m: (-(m.end - m.start), m.via_demonym, m.start))
        kept: list[NameMatch] = []
        starts: list[int] = []
        for m in found:
            i = bisect.bisect_left(starts, m.start)
            if i > 0 and kept[i - 1].end > m.start:
                continue
            if i < len(kept) and kept[i].start < m.end:
                continue
            kept.insert(i, m)
            starts.insert(i, m.start)
        return kept
