"""Inputs: plain text, HTML through trafilatura, folders, and garbage that must not crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from terrachron.extract import Document, ExtractError, Extractor, read_path, read_text
from terrachron.extract.reader import MAX_CHARS

from .conftest import ARTICLES

HTML = """<!DOCTYPE html><html><head><title>Alaska changes hands</title>
<meta property="article:published_time" content="2017-03-30T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | Subscribe now</nav>
<article><h1>Alaska changes hands</h1>
<p>On 30 March 1867 Russia sold Alaska to the United States for 7.2 million dollars, after
talks in Washington that moved fast once both sides wanted a deal.</p>
<p>The formal handover took place at Sitka on 18 October 1867, when the flags were changed in
front of soldiers of both countries and a small crowd of settlers.</p></article>
<footer>Copyright 2017. Cookie settings. Newsletter.</footer></body></html>"""


def test_html_main_text_and_date_come_from_trafilatura(ref_extractor: Extractor) -> None:
    doc = read_text(HTML, name="alaska.html")
    assert "Russia sold Alaska" in doc.text
    assert "Cookie settings" not in doc.text
    assert "Subscribe" not in doc.text
    assert doc.published is not None
    assert doc.published.text == "2017-03-30"
    assert doc.title == "Alaska changes hands"
    draft = ref_extractor.extract(doc)
    assert [i.id for i in draft.instruments] == ["alaska-treaty-1867"]


def test_broken_html_gives_a_draft_not_a_crash(ref_extractor: Extractor) -> None:
    broken = "<html><body><p>Russia sold <b>Alaska to the <i>United States in 1867<p><div></table>"
    doc = read_text(broken, name="broken.html")
    draft = ref_extractor.extract(doc)
    assert draft.source.chars == len(doc.text)
    garbage = read_text("<html><<<>>></", name="junk.html")
    assert ref_extractor.extract(garbage).instruments == ()


def test_binary_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ExtractError, match="binary"):
        read_path(path)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(ExtractError, match="UTF-8"):
        read_path(path)


def test_empty_input_gives_an_empty_draft(ref_extractor: Extractor, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    draft = ref_extractor.extract(read_path(path)[0])
    assert draft.instruments == draft.places == draft.polities == draft.dates == ()
    blank = ref_extractor.extract(Document.from_text("   \n\n  \t", None))
    assert blank.instruments == ()


def test_ten_megabytes_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("The treaty was signed. " * (10_000_000 // 23), encoding="utf-8")
    with pytest.raises(ExtractError, match="at most"):
        read_path(path)
    with pytest.raises(ExtractError, match="split it"):
        read_text("x" * (MAX_CHARS + 1))


def test_a_folder_reads_every_article_in_order() -> None:
    docs = read_path(ARTICLES)
    assert len(docs) == len(list(ARTICLES.glob("*.txt")))
    assert [d.source_id for d in docs] == sorted(d.source_id for d in docs)
    # Each article's dateline is found without --published.
    assert all(d.published is not None for d in docs)


def test_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="does not exist"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(ExtractError, match="holds no"):
        read_path(tmp_path)


def test_a_bad_publication_date_is_a_clear_error() -> None:
    with pytest.raises(ExtractError, match="publication date"):
        read_text("text", published="someday")
