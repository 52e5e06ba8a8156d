"""The files a user reads before the code: CITATION.cff, CHANGELOG.md and the README."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Keep a Changelog 1.1.0 allows only these kinds of change under a version.
CHANGE_KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def test_citation_is_cff_1_2_with_the_packages_version() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    # The keys CFF 1.2 requires, each non-empty.
    for key in ("message", "title", "authors"):
        assert cff[key], key
    for author in cff["authors"]:
        assert author.get("name") or author.get("family-names"), author
    # The version lives in pyproject.toml; the citation and the installed metadata follow it.
    assert str(cff["version"]) == _pyproject_version() == version("terrachron")


def test_changelog_keeps_the_keep_a_changelog_form() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    versions = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
    assert versions
    assert versions[0] == "Unreleased"
    kinds = set(re.findall(r"^### (.+)$", text, flags=re.MULTILINE))
    assert kinds
    assert kinds <= CHANGE_KINDS, kinds - CHANGE_KINDS


def test_readme_is_a_front_page_that_needs_no_shared_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    assert len(readme.splitlines()) <= 90
    # Every relative link points at a file of the repository.
    for target in re.findall(r"\]\(([^)#:]+)\)", readme):
        assert (ROOT / target).exists(), target
