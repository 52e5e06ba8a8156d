"""What a ledger covers, and the real places and countries it does not.

A name that resolves to no place of the ledger is either a name that means nothing here (a typo:
"did you mean ...") or the name of a real place the ledger simply does not record ("France" asked
of the Japan–Russia ledger). The second deserves an honest answer, "not covered by this ledger
(it covers ...)", rather than suggestions of islands that sound alike. Real names are the CLDR
territory and region names (via babel) in the languages below, and the ledger's own polities.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

from terrachron.gazetteer import fold_name

__all__ = ["CLDR_LANGUAGES", "KnownName", "describe_coverage", "known_name"]

CLDR_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "cs", "ru", "uk", "el", "tr", "ar",
    "fa", "he", "hi", "zh", "zh_Hant", "ja", "ko", "vi", "id",
)  # fmt: skip
"""The languages whose CLDR territory names are recognised (the UN's six and other widely
read ones, including every script the bundled ledger names places in)."""

_NOT_A_PLACE = frozenset({"001", "ZZ", "EU", "EZ", "UN"})
"""CLDR codes that name no territory one could ask about: the world, "unknown region", and
organisations."""

_MAX_NAMES = 5


@dataclass(frozen=True)
class KnownName:
    """What a name that is not a place of the ledger was recognised as."""

    name: str
    """The English name (the polity's, for a polity)."""
    kind: str
    """``country or territory``, ``region`` or ``polity of this ledger, not one of its places``."""

    def __str__(self) -> str:
        return f"{self.name}, a {self.kind}"


@functools.cache
def _cldr_index() -> Mapping[str, KnownName]:
    """Folded CLDR territory name, in every language of :data:`CLDR_LANGUAGES` → its entry.

    Built on first use (about 0.1 s): only a name that is not a place of the ledger needs it.
    """
    from babel import Locale

    english = Locale.parse("en").territories
    index: dict[str, KnownName] = {}
    for lang in CLDR_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in _NOT_A_PLACE or code not in english:
                continue
            kind = "region" if code.isdigit() or code == "QO" else "country or territory"
            entry = KnownName(english[code], kind)
            for variant in (name, name.replace("&", "and")):
                index.setdefault(fold_name(variant), entry)
    return index


def known_name(name: str, polities: Mapping[str, Iterable[str]]) -> KnownName | None:
    """What ``name`` designates outside the ledger's places, or None if nothing known.

    Parameters
    ----------
    name : str
        As asked (any case, accents, script).
    polities : mapping of str to iterable of str
        The ledger's polities: English name → every name and alias, checked first, since the
        ledger's own spelling of a state is the one its user knows.
    """
    key = fold_name(name)
    if not key:
        return None
    for english, names in polities.items():
        if any(fold_name(n) == key for n in names):
            return KnownName(english, "polity of this ledger, not one of its places")
    return _cldr_index().get(key)


def describe_coverage(
    places: Mapping[str, str], geometries: Mapping[str, BaseGeometry], stated: str = ""
) -> str:
    """What a ledger covers, in words: ``stated`` when the ledger says so, else derived.

    The derived text names how many places, the box their geometries span and the first few
    names, e.g. ``11 places within 139.8°E–156.7°E, 41.4°N–54.4°N: Habomai, Hokkaido, ...``.

    Parameters
    ----------
    places : mapping of str to str
        Place id → English name.
    geometries : mapping of str to shapely geometry
        The places' geometries (those that have one).
    stated : str
        The ``coverage:`` text of ``ledger.yaml``, if any.
    """
    if stated:
        return stated
    if not places:
        return "no places"
    names = sorted(places.values(), key=fold_name)
    shown = ", ".join(names[:_MAX_NAMES])
    if len(names) > _MAX_NAMES:
        shown += f" and {len(names) - _MAX_NAMES} more"
    count = f"{len(places)} place{'s' if len(places) != 1 else ''}"
    boxes = [g.bounds for g in geometries.values() if not g.is_empty]
    if not boxes:
        return f"{count}: {shown}"
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    return f"{count} within {_lon(x0)}–{_lon(x1)}, {_lat(y0)}–{_lat(y1)}: {shown}"


def _lon(x: float) -> str:
    return f"{abs(x):.1f}°{'W' if x < 0 else 'E'}"


def _lat(y: float) -> str:
    return f"{abs(y):.1f}°{'S' if y < 0 else 'N'}"
