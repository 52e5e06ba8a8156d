"""The error an importer raises on data it cannot read."""

from __future__ import annotations

from pathlib import Path

from terrachron.errors import TerrachronError

__all__ = ["ImportDataError"]


class ImportDataError(TerrachronError):
    """Input data an importer cannot use: names the file, the feature and what to do.

    Parameters
    ----------
    path : Path
        The input file.
    message : str
        What is wrong.
    feature : int, optional
        The 0-based index of the offending feature or row.
    hint : str
        What to do about it.
    """

    def __init__(self, path: Path, message: str, *, feature: int | None = None, hint: str = ""):
        self.path = Path(path)
        self.feature = feature
        self.hint = hint
        where = f"{self.path}" + (f", feature {feature}" if feature is not None else "")
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))
