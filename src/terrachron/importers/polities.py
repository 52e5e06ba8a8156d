"""One polity id for one state across the years and spellings of a data set.

Snapshots name the same state many ways ("USSR", "Union of Soviet Socialist Republics"; "Russia" in
1914 and in 2000 are different states). :class:`PolityNames` resolves an observed name, in the year
it was observed, in three steps:

1. the rules of ``polity_names.yaml`` (names plus an optional year range), first match wins;
2. an ISO 3166 code, given by the data or found from the name in CLDR's English territory names,
   which names the polity by CLDR's short name (``Republic of Austria`` → AT → ``austria``);
3. a slug of the name itself.

Every resolution is recorded, so an import can report which names became which polity and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from unidecode import unidecode

__all__ = [
    "PolityNames",
    "ResolvedPolity",
    "clean_name",
    "learn_codes",
    "name_key",
    "slugify",
    "split_holders",
]

_QUALIFIER = re.compile(r"\s*\(([^()]*)\)\s*$")
_JOINT_CLAIM = re.compile(r"^\(\s*(?P<who>[^()]+?)\s+claims?\s*\)$", re.IGNORECASE)
_JOINT_QUALIFIERS = frozenset({"occupation zones"})
"""Qualifiers after which a comma-separated list names several polities, not one."""


def slugify(text: str) -> str:
    """A ledger id from a name: ASCII, lower case, words joined by hyphens (at most 80 chars)."""
    ascii_text = unidecode(text).lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80].strip("-") or "unnamed"


def name_key(name: str) -> str:
    """The comparison key of a name: ASCII, lower case, words only; spellings of one name agree.

    "&" is "and", "St." is "Saint", and "the" is dropped wherever it stands, so that CLDR's
    "St. Vincent & Grenadines" and the data's "Saint Vincent and the Grenadines", or "Gambia,
    The" and "Gambia", are one key.
    """
    text = unidecode(name).lower().replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    words = ["saint" if w == "st" else w for w in words if w != "the"]
    return " ".join(words)


def clean_name(name: str) -> tuple[str, str | None]:
    """A holder's name without a trailing qualifier, and the qualifier.

    ``"United States of America (lease)"`` → ``("United States of America", "lease")``.
    """
    match = _QUALIFIER.search(name)
    if match is None or match.start() == 0:
        return name.strip(), None
    return name[: match.start()].strip(), match.group(1).strip().lower()


def split_holders(name: str) -> tuple[tuple[str, ...], str | None]:
    """The polities one holder field names, and its qualifier.

    Most fields name one polity (``"France"``, ``"United States of America (lease)"``). Two forms
    name several in one polygon, and each named polity becomes a holder of it:

    * a bare parenthesis ending in *claim*: ``"(Russian and Japanese claim)"`` →
      ``(("Russian", "Japanese"), "claim")`` (parts split at commas and *and*; adjectives are
      resolved by ``polity_names.yaml``);
    * a comma-separated list with a joint qualifier: ``"French Republic, …, United States of
      America (occupation zones)"`` → the four names and ``"occupation zones"``. Only commas
      separate: official names contain *and* ("United Kingdom of Great Britain and Northern
      Ireland"), and a comma alone never splits a name without such a qualifier ("Korea,
      Republic of").
    """
    joint = _JOINT_CLAIM.match(name.strip())
    if joint is not None:
        parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", joint.group("who"))
        return tuple(p for p in (q.strip() for q in parts) if p), "claim"
    base, qualifier = clean_name(name)
    if qualifier in _JOINT_QUALIFIERS and "," in base:
        return tuple(p for p in (q.strip() for q in base.split(",")) if p), qualifier
    return (base,), qualifier


@dataclass(frozen=True)
class _Rule:
    id: str
    name: str
    keys: frozenset[str]
    since: int | None
    until: int | None
    codes: dict[str, str]
    lifespan: str
    continues: str | None
    aliases: tuple[str, ...] = ()
    adjectives: frozenset[str] = frozenset()


@dataclass
class ResolvedPolity:
    """A polity an import names: its id, English name, codes, and the names that led to it."""

    id: str
    name: str
    codes: dict[str, str] = field(default_factory=dict)
    lifespan: str = "../.."
    continues: str | None = None
    observed: dict[str, set[int]] = field(default_factory=dict)
    how: str = "slug"
    aliases: set[str] = field(default_factory=set)
    """Other English names: the rule's, CLDR's, and every name the data used for it."""

    def alias_list(self) -> list[str]:
        """The aliases, sorted, without the display name."""
        return sorted(a for a in self.aliases if a != self.name)


@cache
def _rules() -> tuple[_Rule, ...]:
    text = resources.files("terrachron.importers").joinpath("polity_names.yaml").read_text("utf-8")
    raw: list[dict[str, Any]] = yaml.safe_load(text)
    return tuple(
        _Rule(
            id=r["id"],
            name=r["name"],
            keys=frozenset(name_key(n) for n in [*r["match"], *(r.get("adjectives") or ())]),
            since=r.get("from"),
            until=r.get("until"),
            codes={k: str(v) for k, v in (r.get("codes") or {}).items()},
            lifespan=str(r.get("lifespan", "../..")),
            continues=r.get("continues"),
            aliases=tuple(r.get("aliases") or ()),
            adjectives=frozenset(name_key(n) for n in r.get("adjectives") or ()),
        )
        for r in raw
    )


@cache
def _cldr() -> tuple[dict[str, str], dict[str, str]]:
    """CLDR's English territory names: code → name, and name key → code (countries only)."""
    from babel import Locale

    names = {
        code: name
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "XA", "XB")
    }
    by_key = {name_key(name): code for code, name in names.items()}
    # CLDR's short names carry a disambiguator ("Congo - Kinshasa", "Myanmar (Burma)"): match the
    # plain forms too.
    for code, name in names.items():
        plain = re.sub(r"\s*\(.*\)$", "", name)
        by_key.setdefault(name_key(plain), code)
    return names, by_key


class PolityNames:
    """Resolve observed state names to polity ids, remembering every resolution.

    Parameters
    ----------
    learned : mapping of str to str, optional
        ISO 3166 codes the data itself gives to names (name → alpha-2), see :func:`learn_codes`:
        a name that carries a code in one file names that state in every file, so the yearly
        files' "Republic of Croatia" of 1991 (no code yet) is the "Republic of Croatia" (HR) of
        1992 on, and a dependency's ``SUBJECTO`` "Kingdom of Denmark" is Denmark.
    """

    def __init__(self, learned: Mapping[str, str] | None = None) -> None:
        self.polities: dict[str, ResolvedPolity] = {}
        self.learned: dict[str, str] = {name_key(k): v for k, v in (learned or {}).items()}

    def learn(self, codes: Mapping[str, str]) -> None:
        """Add name → ISO 3166 codes the data gives (see :func:`learn_codes`)."""
        self.learned.update({name_key(k): v for k, v in codes.items()})

    def known(self, name: str, year: int) -> bool:
        """Whether ``name`` names a state by a rule or an ISO code (not only by its own slug)."""
        key = name_key(clean_name(name)[0])
        if any(key in r.keys and _in_years(r, year) for r in _rules()):
            return True
        return key in self.learned or key in _cldr()[1]

    def resolve(self, name: str, year: int, alpha2: str | None = None) -> str:
        """The polity id for ``name`` observed in ``year`` (``alpha2``: its ISO code, if known)."""
        base, _ = clean_name(name)
        key = name_key(base)
        for rule in _rules():
            if key not in rule.keys or not _in_years(rule, year):
                continue
            return self._note(rule, rule.id, rule.name, base, year, rule.codes, "table")
        names, by_key = _cldr()
        code = _checked(key, alpha2) if alpha2 and alpha2 in names else None
        code = code or self.learned.get(key) or by_key.get(key)
        if code is not None and code in names:
            for rule in _rules():
                if rule.codes.get("iso3166") == code and rule.since is None and rule.until is None:
                    return self._note(rule, rule.id, rule.name, base, year, rule.codes, "table")
            full = names[code]
            short = re.sub(r"\s*\(.*\)$", "", full).replace(" - ", " ")
            pid = self._note(None, slugify(short), short, base, year, {"iso3166": code}, "iso3166")
            # CLDR's disambiguator is a name people use too: "Myanmar (Burma)" → "Burma".
            inner = re.search(r"\((.*)\)$", full)
            if inner is not None:
                self.polities[pid].aliases.add(inner.group(1))
            return pid
        return self._note(None, slugify(base), base, base, year, {}, "slug")

    def _note(
        self,
        rule: _Rule | None,
        pid: str,
        english: str,
        observed: str,
        year: int,
        codes: dict[str, str],
        how: str,
    ) -> str:
        rec = self.polities.get(pid)
        if rec is None:
            lifespan = rule.lifespan if rule is not None else "../.."
            continues = rule.continues if rule is not None else None
            rec = ResolvedPolity(pid, english, dict(codes), lifespan, continues, how=how)
            self.polities[pid] = rec
        if rule is not None:
            rec.aliases.update(rule.aliases)
        code = codes.get("iso3166")
        if code is not None and code in _cldr()[0]:
            rec.aliases.add(re.sub(r"\s*\(.*\)$", "", _cldr()[0][code]))
        if rule is None or name_key(observed) not in rule.adjectives:
            rec.aliases.add(observed)
        rec.observed.setdefault(observed, set()).add(year)
        return pid


def _in_years(rule: _Rule, year: int) -> bool:
    return (rule.since is None or year >= rule.since) and (rule.until is None or year <= rule.until)


_FORMAL = re.compile(r"^(?:republic|kingdom|state|commonwealth|principality|grand duchy) of (.+)$")


def _formal(key: str) -> str | None:
    """The CLDR code of a formal name whose plain part is a CLDR name ("republic of armenia")."""
    match = _FORMAL.match(key)
    return _cldr()[1].get(match.group(1)) if match is not None else None


def _checked(key: str, code: str) -> str:
    """The code a data set gives a name, unless the name is, plainly or formally, CLDR's name of
    another code: then that one (the yearly files give "Republic of Armenia" AR, Argentina's)."""
    own = _cldr()[1].get(key) or _formal(key)
    return own if own is not None and own != code else code


def learn_codes(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Name → ISO 3166 alpha-2 code, from the (name, code) pairs a data set gives.

    A code that cannot be the name's is corrected first (see :func:`_checked`); a name then seen
    with two different codes (a code reused for another state) teaches nothing.
    """
    seen: dict[str, set[str]] = {}
    for name, code in pairs:
        if code:
            base = clean_name(name)[0]
            seen.setdefault(base, set()).add(_checked(name_key(base), code))
    return {name: next(iter(codes)) for name, codes in seen.items() if len(codes) == 1}
