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
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from unidecode import unidecode

__all__ = ["PolityNames", "ResolvedPolity", "clean_name", "slugify", "split_holders"]

_QUALIFIER = re.compile(r"\s*\(([^()]*)\)\s*$")
_JOINT_CLAIM = re.compile(r"^\(\s*(?P<who>[^()]+?)\s+claims?\s*\)$", re.IGNORECASE)
_JOINT_QUALIFIERS = frozenset({"occupation zones"})
"""Qualifiers after which a comma-separated list names several polities, not one."""


def slugify(text: str) -> str:
    """A ledger id from a name: ASCII, lower case, words joined by hyphens (at most 80 chars)."""
    ascii_text = unidecode(text).lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:80].strip("-") or "unnamed"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", unidecode(name).lower()).strip()


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


@cache
def _rules() -> tuple[_Rule, ...]:
    text = resources.files("terrachron.importers").joinpath("polity_names.yaml").read_text("utf-8")
    raw: list[dict[str, Any]] = yaml.safe_load(text)
    return tuple(
        _Rule(
            id=r["id"],
            name=r["name"],
            keys=frozenset(_key(n) for n in r["match"]),
            since=r.get("from"),
            until=r.get("until"),
            codes={k: str(v) for k, v in (r.get("codes") or {}).items()},
            lifespan=str(r.get("lifespan", "../..")),
            continues=r.get("continues"),
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
    by_key = {_key(name): code for code, name in names.items()}
    # CLDR's short names carry a disambiguator ("Congo - Kinshasa", "Myanmar (Burma)"): match the
    # plain forms too.
    for code, name in names.items():
        plain = re.sub(r"\s*\(.*\)$", "", name)
        by_key.setdefault(_key(plain), code)
    return names, by_key


class PolityNames:
    """Resolve observed state names to polity ids, remembering every resolution."""

    def __init__(self) -> None:
        self.polities: dict[str, ResolvedPolity] = {}

    def resolve(self, name: str, year: int, alpha2: str | None = None) -> str:
        """The polity id for ``name`` observed in ``year`` (``alpha2``: its ISO code, if known)."""
        base, _ = clean_name(name)
        key = _key(base)
        for rule in _rules():
            if key not in rule.keys:
                continue
            if rule.since is not None and year < rule.since:
                continue
            if rule.until is not None and year > rule.until:
                continue
            return self._note(
                rule.id, rule.name, name, year, rule.codes, rule.lifespan, rule.continues, "table"
            )
        names, by_key = _cldr()
        code = alpha2 if alpha2 and alpha2 in names else by_key.get(key)
        if code is not None:
            for rule in _rules():
                if rule.codes.get("iso3166") == code and rule.since is None and rule.until is None:
                    return self._note(
                        rule.id, rule.name, name, year, rule.codes, rule.lifespan, None, "table"
                    )
            short = re.sub(r"\s*\(.*\)$", "", names[code]).replace(" - ", " ")
            return self._note(
                slugify(short), short, name, year, {"iso3166": code}, "../..", None, "iso3166"
            )
        return self._note(slugify(base), base, name, year, {}, "../..", None, "slug")

    def _note(
        self,
        pid: str,
        english: str,
        observed: str,
        year: int,
        codes: dict[str, str],
        lifespan: str,
        continues: str | None,
        how: str,
    ) -> str:
        rec = self.polities.get(pid)
        if rec is None:
            rec = ResolvedPolity(pid, english, dict(codes), lifespan, continues, how=how)
            self.polities[pid] = rec
        rec.observed.setdefault(observed, set()).add(year)
        return pid
