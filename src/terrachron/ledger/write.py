"""Writing files into a ledger folder so that a failure never leaves it half-changed.

:func:`write_files` puts a set of new files into a ledger in four steps:

1. **check the targets**: no path may pass through a symbolic link (a link could lead out of the
   ledger), and no existing file is replaced unless the caller said it may be;
2. **stage**: every file is written to a hidden temporary name in its target's folder and
   fsync'ed, so a full disk or a size limit fails here, before any target changes;
3. **validate**: a mirror of the ledger (hard links, so it costs no copy) with the staged files in
   place is checked, and any error the ledger did not already have stops the write;
4. **move into place**: each staged file is linked to its name (which fails rather than replace a
   file that appeared meanwhile) or, where replacing was allowed, renamed over it; the folders are
   fsync'ed so the names survive a power cut.

Any failure before step 4 removes the staged files and leaves the ledger as it was. The staged
names end in ``.tmp``, which the ledger reader ignores, so even a ``kill -9`` between the steps
leaves a valid, unchanged ledger; the next write removes such leftovers. Writes to one ledger are
serialised by an advisory lock on ``.terrachron-write.lock`` in its folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from terrachron.errors import LedgerWriteError, Problem, Severity

__all__ = ["PAUSE_ENV", "PlannedFile", "write_files"]

PAUSE_ENV = "TERRACHRON_WRITE_PAUSE"
"""Seconds to wait between staging and moving into place (fault tests kill the process there)."""

_LOCK = ".terrachron-write.lock"
_TMP_SUFFIX = ".terrachron.tmp"
_MIRROR_PREFIX = ".terrachron-check-"


@dataclass(frozen=True)
class PlannedFile:
    """One file to write into a ledger.

    Attributes
    ----------
    path : Path
        Relative to the ledger root, without ``..``.
    content : bytes
        The whole file.
    replace : bool
        Whether an existing regular file at ``path`` may be replaced (the caller has checked
        that it holds nothing but what ``content`` supersedes).
    """

    path: Path
    content: bytes
    replace: bool = False


Checker = Callable[[Path], Sequence[Problem]]
"""Validates a ledger folder and returns its problems (as ``terrachron.check_ledger`` does)."""


def _refuse(message: str, planned: Sequence[PlannedFile]) -> LedgerWriteError:
    return LedgerWriteError(message, [p.path for p in planned])


def _check_target(root: Path, item: PlannedFile, planned: Sequence[PlannedFile]) -> Path:
    rel = item.path
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise _refuse(f"{rel}: a ledger file must be a relative path inside the ledger", planned)
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            raise _refuse(
                f"{current.relative_to(root)} is a symbolic link; nothing is written through a "
                "link, which could lead out of the ledger: replace the link by a real "
                "folder or file",
                planned,
            )
    target = root / rel
    if target.exists() and not (item.replace and target.is_file()):
        raise _refuse(
            f"{rel} already exists and holds other data; it is never replaced: "
            "choose another file name",
            planned,
        )
    return target


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    fd = os.open(root / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_leftovers(root: Path) -> None:
    # Only a writer holding the lock gets here, so every staged file left is from a dead one.
    for path in root.rglob(f"*{_TMP_SUFFIX}"):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
    for path in root.parent.glob(f"{_MIRROR_PREFIX}{root.name}-*"):
        shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage_one(target: Path, content: bytes) -> Path:
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _mirror(root: Path, staged: dict[Path, Path]) -> Path:
    """A throwaway copy of the ledger (hard links where possible) with the staged files in it.

    It sits next to the ledger, at the same depth, so that paths relative to the ledger that
    lead out of it (another ledger it includes) resolve the same from the copy.
    """
    parent = root.parent if os.access(root.parent, os.W_OK) else None
    copy = Path(tempfile.mkdtemp(prefix=f"{_MIRROR_PREFIX}{root.name}-", dir=parent))
    ignore = shutil.ignore_patterns(f"*{_TMP_SUFFIX}", _LOCK)
    shutil.copytree(
        root, copy, symlinks=True, ignore=ignore, copy_function=_link_or_copy, dirs_exist_ok=True
    )
    for target, tmp in staged.items():
        dest = copy / target.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.unlink(missing_ok=True)
        _link_or_copy(str(tmp), str(dest))
    return copy


def _key(problem: Problem) -> tuple[str, str, str]:
    file = problem.file.as_posix() if problem.file is not None else ""
    return (file, problem.rule, problem.message)


def _new_errors(root: Path, staged: dict[Path, Path], check: Checker) -> list[Problem]:
    before = {_key(p) for p in check(root) if p.severity is Severity.ERROR}
    copy = _mirror(root, staged)
    try:
        after = [p for p in check(copy) if p.severity is Severity.ERROR]
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return [p for p in after if _key(p) not in before]


def _pause(count: int) -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if not seconds:
        return
    # A real pause point of the real code path: everything is staged, nothing is in place yet.
    print(f"staged {count} file(s); pausing {seconds} s before moving them", file=sys.stderr)
    sys.stderr.flush()
    time.sleep(float(seconds))


def _commit(staged: dict[Path, Path], replace: set[Path]) -> list[Path]:
    done: list[tuple[Path, Path | None]] = []  # (target, backup of what it replaced)
    try:
        for target, tmp in staged.items():
            if target in replace and target.exists():
                backup = target.parent / f".{target.name}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
                os.link(target, backup)
                os.replace(tmp, target)
                done.append((target, backup))
                continue
            # link() refuses an existing name, so a file created meanwhile is never replaced.
            try:
                os.link(tmp, target)
                os.unlink(tmp)
            except FileExistsError:
                raise
            except OSError:
                if target.exists() or target.is_symlink():
                    raise
                os.rename(tmp, target)  # a file system without hard links
            done.append((target, None))
    except OSError:
        for undo, saved in reversed(done):
            if saved is None:
                undo.unlink(missing_ok=True)
            else:
                os.replace(saved, undo)
        raise
    for _, saved in done:
        if saved is not None:
            saved.unlink(missing_ok=True)
    for folder in {t.parent for t in staged}:
        _fsync_dir(folder)
    return list(staged)


def write_files(
    root: Path, planned: Sequence[PlannedFile], *, check: Checker | None = None
) -> list[Path]:
    """Write ``planned`` into the ledger at ``root``: all of them, or none.

    Parameters
    ----------
    root : Path
        The ledger folder; created when missing.
    planned : sequence of PlannedFile
        The files to write.
    check : callable, optional
        Validates a ledger folder; when given, the staged ledger must not have an error that the
        ledger did not already have.

    Returns
    -------
    list of Path
        The files written, in the order given.

    Raises
    ------
    LedgerWriteError
        When any file cannot be written or the staged ledger does not validate; the ledger is
        then as it was, and the error names every file that was not written.
    """
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refuse(f"cannot create the ledger folder {root}: {exc.strerror}", planned) from exc
    if not root.is_dir():
        raise _refuse(f"{root} is not a folder", planned)
    root = root.resolve()
    created: list[Path] = []  # sub-folders made for this write, removed again on failure
    staged: dict[Path, Path] = {}
    with _locked(root):
        _remove_leftovers(root)
        targets = [_check_target(root, item, planned) for item in planned]
        if len(set(targets)) != len(targets):
            raise _refuse("two planned files have the same name", planned)
        committed = False
        try:
            for item, target in zip(planned, targets, strict=True):
                try:
                    for folder in reversed(target.relative_to(root).parents[:-1]):
                        path = root / folder
                        if not path.exists():
                            path.mkdir()
                            created.append(path)
                    staged[target] = _stage_one(target, item.content)
                except OSError as exc:
                    raise _refuse(
                        f"could not write {item.path} ({exc.strerror or exc}); "
                        "the ledger is as it was",
                        planned,
                    ) from exc
            if check is not None:
                problems = _new_errors(root, staged, check)
                if problems:
                    shown = "\n".join(f"  {p}" for p in problems[:20])
                    raise LedgerWriteError(
                        f"the ledger would not validate with these files "
                        f"({len(problems)} new error(s)); the ledger is as it was:\n{shown}",
                        [p.path for p in planned],
                        problems,
                    )
            _pause(len(staged))
            try:
                replacing = {t for t, p in zip(targets, planned, strict=True) if p.replace}
                written = _commit(staged, replacing)
            except OSError as exc:
                raise _refuse(
                    f"could not move the staged files into place ({exc.strerror or exc}); "
                    "the ledger is as it was",
                    planned,
                ) from exc
            committed = True
            return [w.relative_to(root) for w in written]
        finally:
            if not committed:
                for tmp in staged.values():
                    tmp.unlink(missing_ok=True)
                for path in reversed(created):
                    with contextlib.suppress(OSError):
                        path.rmdir()
