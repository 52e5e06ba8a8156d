"""Regenerate ``imported/tables/`` (run from anywhere, no arguments, no network).

``imported/`` stands for an imported world: three faces around the mini ledger's islands, held
by invented polities and changing hands between two invented snapshots, all in bulk tables.
``merged/`` includes ``mini`` over ``imported``: the mini ledger's places cut the faces.
"""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import box

from terrachron.ledger.tables import EffectRow, PlaceRow, write_effects_table, write_places_table

HERE = Path(__file__).resolve().parent / "imported"

ISLET = box(10.2, -0.8, 10.8, -0.2)
FACES = (
    # Covers South Isle (10..11, -1..0) but the islet, and the southern half of North Isle.
    PlaceRow(
        "face-south",
        "Southern Sea Face",
        box(9, -2, 12, 1.5).difference(ISLET),
        summary="snapshot 1900",
    ),
    PlaceRow("face-north", "Northern Sea Face", box(9, 1.5, 12, 3), summary="snapshot 1900"),
    # Lies wholly inside South Isle: the curated ledger cuts it away.
    PlaceRow("face-islet", "Islet Face", ISLET, names={"fr": "Îlot"}),
)
EFFECTS = (
    EffectRow("snapshot-1900", "establish", "face-south", to="dana"),
    EffectRow("snapshot-1900", "establish", "face-north", to="alda"),
    EffectRow("snapshot-1900", "establish", "face-islet", to="dana"),
    EffectRow("snapshot-1920", "transfer", "face-south", from_="dana", to="alda"),
    EffectRow("snapshot-1920", "claim", "face-north", by="dana"),
)


def main() -> None:
    write_places_table(HERE, FACES)
    write_effects_table(HERE, EFFECTS)
    print(f"wrote {HERE / 'tables'}")


if __name__ == "__main__":
    main()
