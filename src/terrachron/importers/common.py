"""What the dataset importers share: their error, their report, and the atomic publish of a folder.

An importer builds its ledger in a temporary folder next to the target, validates it with the same
rules as ``terrachron validate``, and only then moves it into place, so a failed import never leaves
a half-written ledger behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from terrachron.errors import Severity, TerrachronError
from terrachron.importers.errors import ImportDataError
from terrachron.ledger.load import read_ledger
from terrachron.ledger.validate import validate

__all__ = [
    "ImportInputError",
    "ImportReport",
    "Unmatched",
    "publish_ledger",
    "slugify",
    "write_yaml",
]


class ImportInputError(ImportDataError):
    """An input file of an import is not what its dataset's documented schema says.

    A :class:`~terrachron.importers.errors.ImportDataError` that names the feature or row the
    way its data set counts them (``feature 3 (Germany)``, ``row 12 (line 13)``).

    Parameters
    ----------
    file : Path
        The input file.
    where : str
        The feature or row at fault, e.g. ``feature 3 (Germany)`` or ``row 12``; empty when the
        file as a whole is at fault.
    message : str
        What is wrong.
    hint : str
        What to do about it.
    """

    def __init__(self, file: Path, where: str, message: str, hint: str = "") -> None:
        self.where = where
        located = f"{where}: {message}" if where else message
        super().__init__(file, f"{located}; nothing was written", hint=hint)


@dataclass(frozen=True)
class Unmatched:
    """An input record the importer could not link to a place, and why (it never guesses)."""

    where: str
    what: str
    reason: str


@dataclass
class ImportReport:
    """What an import wrote, what it left out, and how long it took."""

    format: str
    ledger: Path
    inputs: list[Path]
    polities: int = 0
    places: int = 0
    instruments: int = 0
    effects: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    warnings: int = 0

    def to_markdown(self) -> str:
        """The report as the ``import-report.md`` written beside the ledger."""
        lines = [
            f"# Import report: {self.format}",
            "",
            "Inputs: " + ", ".join(p.name for p in self.inputs),
            "",
            f"- polities: {self.polities}",
            f"- places: {self.places}",
            f"- instruments: {self.instruments}",
            f"- effects: {self.effects}",
            f"- validation warnings: {self.warnings}",
            f"- time: {self.seconds:.2f} s",
        ]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        lines += ["", f"## Unmatched ({len(self.unmatched)})", ""]
        if self.unmatched:
            lines += ["| where | what | why not linked |", "|---|---|---|"]
            lines += [f"| {u.where} | {u.what} | {u.reason} |" for u in self.unmatched]
        else:
            lines.append("Every record was linked.")
        return "\n".join(lines) + "\n"


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "x") -> str:
    """A ledger id from free text: ASCII lower case, words joined by ``-``, at most 60 chars."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def write_yaml(path: Path, data: object) -> None:
    """Write ``data`` as block-style UTF-8 YAML, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def publish_ledger(
    out: Path, build: Callable[[Path], None], report: ImportReport, *, replace: bool = False
) -> None:
    """Build a ledger with ``build`` in a temporary folder, validate it, then move it to ``out``.

    Parameters
    ----------
    out : Path
        The ledger folder to create. It must not exist unless ``replace`` is set (then it is
        replaced only after the new ledger validated).
    build : callable
        Writes the ledger's files into the folder it is given.
    report : ImportReport
        Written as ``import-report.md`` in the folder; its warning count is filled in here.
    replace : bool
        Replace an existing ``out``.

    Raises
    ------
    TerrachronError
        When ``out`` exists (without ``replace``) or the built ledger does not validate; ``out`` is
        then left exactly as it was.
    """
    out = Path(out)
    if out.exists() and not replace:
        raise TerrachronError(
            f"{out} already exists; choose another folder or pass --replace to replace it"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        build(tmp)
        files = read_ledger(tmp)
        validate(files)
        errors = [p for p in files.problems if p.severity is Severity.ERROR]
        if errors:
            shown = "\n".join(str(p) for p in errors[:10])
            raise TerrachronError(
                f"the imported ledger does not validate ({len(errors)} error(s)); this is a bug "
                f"in the importer, please report it with the input:\n{shown}"
            )
        report.warnings = len(files.problems)
        (tmp / "import-report.md").write_text(report.to_markdown(), encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
