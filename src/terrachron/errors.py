"""The exceptions terrachron raises.

Every error derives from :class:`TerrachronError`, so a caller can catch the package's failures in
one place; each subclass names what went wrong and its message says what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = [
    "DateError",
    "DateRangeError",
    "LedgerError",
    "LedgerWriteError",
    "MissingExtraError",
    "NotCoveredError",
    "Problem",
    "QueryError",
    "Severity",
    "TerrachronError",
    "UnknownPlaceError",
    "UnknownViewError",
]


class Severity(StrEnum):
    """How serious a ledger problem is: errors stop the load, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a ledger, located in the file that holds it.

    Attributes
    ----------
    file : Path or None
        The file, relative to the ledger root when it lies inside it.
    line, column : int
        1-based position of the offending YAML node (0 when the file as a whole is at fault).
    rule : str
        A stable, short rule name such as ``unknown-id`` or ``date-order``.
    message : str
        What is wrong.
    hint : str
        What to do about it.
    severity : Severity
        ``error`` fails validation; ``warning`` is reported only.
    """

    file: Path | None
    line: int
    column: int
    rule: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        """``file:line:column`` as editors and compilers print it."""
        name = self.file.as_posix() if self.file is not None else "<ledger>"
        return f"{name}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, str | int | None]:
        """The JSON form ``validate --json`` prints."""
        return {
            "file": self.file.as_posix() if self.file is not None else None,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.location}: {self.severity.value}[{self.rule}] {self.message}{hint}"


class TerrachronError(Exception):
    """Base class of every error raised by terrachron."""


class MissingExtraError(TerrachronError, ImportError):
    """A feature needs an optional part of terrachron (an extra) that is not installed.

    Also an :class:`ImportError`, so code that guards an optional import keeps working.
    """

    def __init__(self, extra: str, feature: str, missing: str) -> None:
        self.extra = extra
        self.feature = feature
        self.missing = missing
        super().__init__(
            f"{feature} needs the {extra!r} extra ({missing} is not installed): "
            f"pip install 'terrachron[{extra}]'"
        )
        self.name = missing


class LedgerError(TerrachronError):
    """A ledger could not be loaded because it breaks one or more rules.

    Carries every problem found (errors and warnings), never just the first, so a person can fix a
    ledger in one pass.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        head = f"the ledger has {len(errors)} error(s); run `terrachron validate` to list them"
        shown = "\n".join(str(p) for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{head}\n{shown}{more}")

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


class LedgerWriteError(TerrachronError):
    """Files could not be written into a ledger; the ledger was left as it was.

    Attributes
    ----------
    not_written : tuple of Path
        Every file that was to be written and was not (relative to the ledger root).
    problems : tuple of Problem
        The validation errors the written files would have caused, when that was the reason.
    """

    def __init__(
        self, message: str, not_written: Sequence[Path], problems: Sequence[Problem] = ()
    ) -> None:
        self.not_written = tuple(not_written)
        self.problems = tuple(problems)
        listed = ", ".join(p.as_posix() for p in self.not_written[:20])
        more = f" and {len(self.not_written) - 20} more" if len(self.not_written) > 20 else ""
        tail = f"\nnot written: {listed}{more}" if self.not_written else ""
        super().__init__(f"{message}{tail}")


class QueryError(TerrachronError, ValueError):
    """A query could not be answered as asked (bad argument)."""

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        self.parameter = parameter
        super().__init__(message)


class DateError(QueryError):
    """A date is not valid EDTF, or names a day that does not exist."""


class DateRangeError(DateError):
    """A date is well-formed but lies outside the days the engine represents (years 1 to 9999)."""


class UnknownPlaceError(QueryError):
    """No place or group has that id, name or alias."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown place {name!r}{hint} (`terrachron places` lists them)", parameter="place"
        )


class NotCoveredError(QueryError):
    """A real place or country that the ledger does not hold: outside its coverage.

    Distinct from :class:`UnknownPlaceError` (a name that means nothing here, perhaps a typo):
    the name is known, as a CLDR territory or one of the ledger's polities, but the ledger
    records no place by it, so there is no answer to give rather than a wrong one.

    Attributes
    ----------
    name : str
        The name as asked.
    known_as : str
        What the name was recognised as, e.g. ``France, a country or territory``.
    coverage : str
        What the ledger covers, in words.
    """

    def __init__(self, name: str, known_as: str, coverage: str) -> None:
        self.name = name
        self.known_as = known_as
        self.coverage = coverage
        super().__init__(self.message("`terrachron places`"), parameter="place")

    def message(self, lister: str) -> str:
        """The message, naming ``lister`` as what lists the places the ledger does hold."""
        return (
            f"{self.name!r} ({self.known_as}) is not covered by this ledger "
            f"(it covers {self.coverage}); {lister} lists the places it holds"
        )


class UnknownViewError(QueryError):
    """No view has that id."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(
            f"unknown view {name!r}; known views: {', '.join(known)}", parameter="view"
        )
