"""Piece ids the merge gives windowed places stay valid ids however deep they stack."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from terrachron.ledger.merge import _piece_id
from terrachron.model import Slug

SLUGS = st.from_regex(r"[a-z0-9][a-z0-9\-]{0,79}", fullmatch=True)
VALID = TypeAdapter(Slug)


def test_a_short_piece_id_is_the_two_ids_joined() -> None:
    assert _piece_id("czechia-2", "czech-lands") == "czechia-2--czech-lands"


def test_a_stacked_piece_id_is_cut_to_the_model_bound_and_stays_readable() -> None:
    below = "czechia-2--czech-lands-1918--czech-lands"
    piece = _piece_id(below, "czech-republic-1993-territory-after-the-split")
    assert len(piece) == 80
    assert piece.startswith(below)
    VALID.validate_python(piece)


@given(SLUGS, SLUGS, SLUGS)
def test_piece_ids_are_valid_stable_and_distinct(below: str, pid: str, other: str) -> None:
    piece = _piece_id(below, pid)
    VALID.validate_python(piece)
    assert piece == _piece_id(below, pid)
    if other != pid:
        assert _piece_id(below, other) != piece
