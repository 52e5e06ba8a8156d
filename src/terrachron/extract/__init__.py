"""Extraction: read an article, propose ledger entries with the evidence for each field.

>>> from terrachron.extract import Document, Extractor
>>> text = "Spain ceded Florida to the United States in 1821."
>>> draft = Extractor(None).extract(Document.from_text(text))
>>> draft.instruments[0].effects[0].op
'cede'
"""

from terrachron.extras import require

# Before spaCy is imported: without the extra, one sentence naming it, not a ModuleNotFoundError.
require("extract", "terrachron.extract")

# ruff: noqa: E402
from terrachron.extract.pipeline import Extractor
from terrachron.extract.reader import Document, ExtractError, read_path, read_text
from terrachron.extract.records import (
    DraftEffect,
    DraftEntity,
    DraftInstrument,
    Evidence,
    Extraction,
    SourceInfo,
)

__all__ = [
    "Document",
    "DraftEffect",
    "DraftEntity",
    "DraftInstrument",
    "Evidence",
    "ExtractError",
    "Extraction",
    "Extractor",
    "SourceInfo",
    "read_path",
    "read_text",
]
