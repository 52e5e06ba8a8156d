"""Safe YAML reading that remembers where every value stands in the file.

PyYAML's composer gives nodes with their marks; we build plain Python values from them ourselves,
so no tag can construct an object, dates stay as the text written (EDTF is richer than YAML's
timestamps), and every value's ``(line, column)`` is kept under its path for error reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class YamlIssue:
    """A problem met while reading YAML: a syntax error, a forbidden tag, a duplicate key."""

    line: int
    column: int
    rule: str
    message: str
    hint: str


@dataclass
class LocatedYaml:
    """A YAML document's value with the 1-based position of every node under its path."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    issues: list[YamlIssue] = field(default_factory=list)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Position of the node at ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def key_position(self, path: Path_) -> tuple[int, int]:
        """Position of the mapping key that ends ``path`` (falls back to its value)."""
        if path in self.key_positions:
            return self.key_positions[path]
        return self.position(path)


MAX_NODES = 200_000
"""More values than this in one document can only come from aliases expanding without end."""


MAX_DEPTH = 64
"""Deepest nesting of mappings and lists allowed: records nest a few levels, and a deeper value
(400 brackets in 810 bytes) would only exhaust the stack of every recursive reader after us."""


class _TooLargeError(Exception):
    pass


class _TooDeepError(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _Builder:
    def __init__(self) -> None:
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.issues: list[YamlIssue] = []
        self._constructor = yaml.SafeLoader("")
        self._open: set[int] = set()
        self._count = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise _TooLargeError
        if isinstance(node, yaml.CollectionNode) and len(path) >= MAX_DEPTH:
            # The path grows by one key or index per level: this is collection MAX_DEPTH + 1.
            raise _TooDeepError(node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self._open:
            # An alias that points into its own anchor would expand forever.
            self.issues.append(
                YamlIssue(
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "yaml-syntax",
                    "a YAML alias refers to the node that contains it (recursive alias)",
                    "replace the alias by the value it stands for",
                )
            )
            return None
        self._open.add(id(node))
        try:
            return self._build(node, path)
        finally:
            self._open.discard(id(node))

    def _build(self, node: yaml.Node, path: Path_) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            self.issues.append(
                YamlIssue(
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "yaml-tag",
                    f"the YAML tag {node.tag!r} is not allowed",
                    "ledgers use plain YAML only: remove the tag",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    self.issues.append(
                        YamlIssue(
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            "yaml-key",
                            "a mapping key must be a plain string",
                            "write the key as text",
                        )
                    )
                    continue
                if key in out:
                    self.issues.append(
                        YamlIssue(
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            "duplicate-key",
                            f"the key {key!r} appears twice in the same mapping",
                            "keep one of them",
                        )
                    )
                    continue
                self.key_positions[(*path, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as written: EDTF carries precision that a YAML timestamp would lose.
            return node.value
        return self._constructor.construct_object(node, deep=True)


def _too_deep(text: str) -> _TooDeepError | None:
    """Where the nesting first goes past :data:`MAX_DEPTH`, from PyYAML's event stream.

    Its event parser keeps its state on a list, not the stack, so it reads a depth at which its
    composer recursed too deep (used only without libyaml).
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    if mark is None:
                        return _TooDeepError(1, 1)
                    return _TooDeepError(mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree: with libyaml when it is there, which is ten times faster.

    Both parsers build the same nodes with the same marks; only their error messages differ, so
    any document libyaml rejects is parsed again by the pure-Python parser, whose errors the
    problem reports (and their tests) are written against. A document libyaml rejects for its
    depth (1000 levels) is not: the pure-Python scanner takes quadratic time in the nesting, so
    the depth is reported where libyaml gave up.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            if "nesting depth" in str(exc.problem) and mark is not None:
                raise _TooDeepError(mark.line + 1, mark.column + 1) from None
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _depth_issue(exc: _TooDeepError) -> LocatedYaml:
    return LocatedYaml(
        data=None,
        issues=[
            YamlIssue(
                exc.line,
                exc.column,
                "yaml-depth",
                f"the values nest more than {MAX_DEPTH} levels deep (by here)",
                "ledger records nest a few levels: write this value flat",
            )
        ],
    )


def load_yaml(text: str) -> LocatedYaml:
    """Read one YAML document safely, keeping the position of every value.

    Returns a :class:`LocatedYaml` whose ``issues`` list every syntax error, forbidden tag and
    duplicate key; ``data`` is None when the text could not be parsed at all.
    """
    try:
        node = _compose(text)
    except _TooDeepError as exc:
        return _depth_issue(exc)
    except RecursionError:
        deep = _too_deep(text)  # PyYAML alone (no libyaml) recursed too deep
        if deep is None:
            raise
        return _depth_issue(deep)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return LocatedYaml(
            data=None,
            issues=[
                YamlIssue(
                    line,
                    col,
                    "yaml-syntax",
                    f"YAML syntax error: {exc.problem or exc}",
                    "check indentation, colons and quotes near this position",
                )
            ],
        )
    except yaml.YAMLError as exc:
        return LocatedYaml(
            data=None,
            issues=[YamlIssue(1, 1, "yaml-syntax", f"YAML error: {exc}", "fix the YAML")],
        )
    if node is None:
        return LocatedYaml(data=None)
    builder = _Builder()
    try:
        data = builder.build(node, ())
    except _TooDeepError as exc:
        return _depth_issue(exc)
    except _TooLargeError:
        return LocatedYaml(
            data=None,
            issues=[
                YamlIssue(
                    1,
                    1,
                    "yaml-size",
                    f"the document expands to more than {MAX_NODES} values (nested aliases?)",
                    "write the values out instead of nesting aliases",
                )
            ],
        )
    return LocatedYaml(
        data=data,
        positions=builder.positions,
        issues=builder.issues,
        key_positions=builder.key_positions,
    )
