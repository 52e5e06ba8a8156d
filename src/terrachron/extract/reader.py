"""Reading what the extractor reads: plain text, HTML, or a folder of both.

HTML goes through :mod:`trafilatura`, which finds the main text (no menus, footers or comments)
and the publication date in the page's metadata; there is no hand-written scraping here. Input
that is not text (binary files), is too large to read in one go, or has no text at all is turned
away with an :class:`ExtractError` that says so, or read as an empty document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from terrachron.dates import EdtfDate
from terrachron.errors import DateError, TerrachronError
from terrachron.extract.dates import find_dates, parse_published
from terrachron.extract.names import slugify

__all__ = ["MAX_CHARS", "Document", "ExtractError", "read_path", "read_text"]

MAX_CHARS = 2_000_000
"""The largest text read in one call (about 300,000 words): longer input should be split."""

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


class ExtractError(TerrachronError):
    """An input could not be read as an article (binary, too large, unreadable)."""


@dataclass(frozen=True)
class Document:
    """One article, as text, with what is known about it.

    Attributes
    ----------
    text : str
        The main text. Character offsets in a draft point into it.
    title : str
        The article's title (HTML metadata, else the first line).
    published : EdtfDate or None
        Publication date: given, from HTML metadata, or from a dateline near the top.
    path : str or None
        Where it was read from.
    source_id : str
        A slug for the source record the draft proposes.
    """

    text: str
    title: str = ""
    published: EdtfDate | None = None
    path: str | None = None
    source_id: str = "article"

    @classmethod
    def from_text(
        cls,
        text: str,
        published: EdtfDate | str | None = None,
        *,
        title: str = "",
        source_id: str = "article",
        path: str | None = None,
    ) -> Document:
        """A document from a string, with its publication date found if not given."""
        when = parse_published(published) if isinstance(published, str) else published
        if when is None:
            when = _dateline(text)
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        return cls(text, title or first[:200], when, path, source_id)


def _dateline(text: str) -> EdtfDate | None:
    """A full date in the first lines (a byline or dateline), taken as the publication date."""
    head = text[:600]
    for mention in find_dates(head, None):
        if mention.form == "day":
            return mention.date
    return None


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise ExtractError(f"{where} is a binary file, not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > max(10, len(text) // 100):
            raise ExtractError(
                f"{where} is not UTF-8 text (too many undecodable bytes); convert it first"
            ) from None
        return text


def read_text(
    data: bytes | str,
    *,
    name: str = "<text>",
    html: bool | None = None,
    published: str | None = None,
) -> Document:
    """Read one article from bytes or a string, as plain text or HTML.

    Parameters
    ----------
    data : bytes or str
        The file's content.
    name : str
        Where it came from, for messages and the source id.
    html : bool, optional
        Force HTML (True) or plain text (False); by default sniffed from the content.
    published : str, optional
        The publication date, in any common form; overrides what the input says.

    Raises
    ------
    ExtractError
        Binary input, undecodable text, or more than :data:`MAX_CHARS` characters.
    """
    text = data if isinstance(data, str) else _decode(data, name)
    if "\x00" in text[:8192]:
        raise ExtractError(f"{name} is a binary file, not text or HTML")
    if len(text) > MAX_CHARS:
        raise ExtractError(
            f"{name} has {len(text):,} characters; the extractor reads at most {MAX_CHARS:,} "
            "in one call: split it into articles"
        )
    try:
        when = parse_published(published) if published else None
    except DateError as exc:
        raise ExtractError(str(exc)) from None
    source_id = slugify(Path(name).stem) if name != "<text>" else "article"
    is_html = html if html is not None else bool(_HTML_START.match(text))
    if not is_html:
        return Document.from_text(text, when, source_id=source_id, path=name)
    body = trafilatura.extract(
        text, output_format="txt", include_comments=False, include_tables=False, favor_recall=True
    )
    meta = trafilatura.extract_metadata(text)
    if not body:
        # Broken or content-free markup: fall back on every text node, then on nothing.
        body = trafilatura.html2txt(text) or ""
    title = (meta.title if meta and meta.title else "") or ""
    if when is None and meta is not None and meta.date:
        try:
            when = parse_published(meta.date)
        except DateError:
            when = None
    return Document.from_text(body, when, title=title, source_id=source_id, path=name)


def read_path(path: str | Path, published: str | None = None) -> list[Document]:
    """Read a file, or every text and HTML file in a folder (sorted by name).

    Raises
    ------
    ExtractError
        The path does not exist, a folder holds no readable file, or a file is unreadable.
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(
            p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES
        )
        if not files:
            raise ExtractError(f"{root} holds no .txt, .md or .html file")
        return [_read_file(p, published) for p in files]
    if not root.is_file():
        raise ExtractError(f"{root} does not exist")
    return [_read_file(root, published)]


def _read_file(path: Path, published: str | None) -> Document:
    size = path.stat().st_size
    if size > MAX_CHARS * 4:
        raise ExtractError(
            f"{path} is {size / 1e6:.1f} MB; the extractor reads at most {MAX_CHARS:,} "
            "characters in one call: split it into articles"
        )
    data = path.read_bytes()
    html = True if path.suffix.lower() in _HTML_SUFFIXES else None
    return read_text(data, name=str(path), html=html, published=published)
