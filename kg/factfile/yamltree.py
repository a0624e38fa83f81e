"""YAML with positions: every mapping, list and scalar of a fact file keeps the line and column it came from, so
that every error can name file, line and key. Duplicate keys are an error, not a silent overwrite.

A fact file is hand-written and small, so it is bounded before the tree is built: at most ``MAX_FACT_FILE_BYTES``
long (read from its metadata, and it must be a regular file, so a FIFO or a device cannot hang or exhaust the
reader), nested at most ``MAX_DEPTH`` levels, and its aliases (``*name``) may add at most ``MAX_ALIAS_NODES`` nodes
when expanded (a few hundred bytes of nested aliases otherwise expand to billions of nodes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import FactFileError, Problem
from kg.inputfiles import read_regular_file

__all__ = ["Node", "load_yaml", "MAX_FACT_FILE_BYTES", "MAX_DEPTH", "MAX_ALIAS_NODES"]

#: The largest fact file read (the longest in data/articles/ is about 10 KB; article text lives in ``text:`` files).
MAX_FACT_FILE_BYTES = 2 * 2**20
#: The deepest nesting of mappings and lists (the format itself nests five levels).
MAX_DEPTH = 32
#: How many nodes aliases may add to the tree when expanded.
MAX_ALIAS_NODES = 10_000


@dataclass
class Node:
    """A YAML value with where it was written. ``value`` is a scalar, a dict of Nodes or a list of Nodes."""

    value: Any
    line: int
    column: int
    path: str
    file: str = field(repr=False, default="")
    #: A mapping written in flow style (``{a: 1, b: 2}``), where a comma ends a value: what explains a bogus key.
    flow: bool = field(repr=False, default=False)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def problem(self, message: str) -> Problem:
        return Problem(self.file, message, line=self.line, column=self.column, key=self.path or None)

    def plain(self) -> Any:
        """The value as plain Python data, positions dropped."""
        if self.is_map:
            return {k: v.plain() for k, v in self.value.items()}
        if self.is_list:
            return [v.plain() for v in self.value]
        return self.value

    def items(self) -> list[Node]:
        """The value as a list of nodes: a list as it is, a single value as a list of one."""
        return self.value if self.is_list else [self]


class _Constructor(yaml.constructor.SafeConstructor):
    pass


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader whose composer (the recursive part: its scanner and parser are not) stops at
    ``MAX_DEPTH`` levels, before Python's recursion limit does."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 — PyYAML's signature
        if self.check_event(yaml.CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def _compose(text: str) -> yaml.Node | None:
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(distinct nodes, nodes once every alias is expanded), counted without expanding: each node's expanded size
    is computed once, children first."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return len(sizes), sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_yaml(path: Path) -> Node:
    """Parse ``path`` into a located tree; raises FactFileError for unreadable or ill-formed YAML."""
    name = str(path)
    raw = read_regular_file(path, name, MAX_FACT_FILE_BYTES, "fact file", FactFileError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FactFileError(Problem(name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); fact files are UTF-8",
                                    line=line)) from None
    if not text.strip():
        raise FactFileError(Problem(name, "file is empty; expected a fact file with a 'document' section"))
    try:
        root = _compose(text)
    except _TooDeep as exc:
        raise FactFileError(Problem(name, f"nested more than {MAX_DEPTH} levels deep; a fact file nests a few",
                                    line=exc.mark.line + 1, column=exc.mark.column + 1)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise FactFileError(Problem(name, f"invalid YAML: {exc.problem}",
                                    line=mark.line + 1 if mark else None,
                                    column=mark.column + 1 if mark else None)) from None
    except yaml.YAMLError as exc:
        raise FactFileError(Problem(name, f"invalid YAML: {exc}")) from None
    if root is None:  # only comments or blank lines
        raise FactFileError(Problem(name, "file is empty (only comments or blank lines); "
                                          "expected a fact file with a 'document' section"))
    distinct, expanded = _expanded_size(root)
    if expanded - distinct > MAX_ALIAS_NODES:
        raise FactFileError(Problem(name, f"its aliases (*name) expand to {expanded:,} nodes from {distinct:,}; at "
                                          f"most {MAX_ALIAS_NODES:,} may be added by aliases"))
    problems: list[Problem] = []
    tree = _convert(root, "", name, problems, _Constructor())
    if problems:
        raise FactFileError(problems)
    return tree


def _convert(node: yaml.Node, path: str, file: str, problems: list[Problem], constructor: _Constructor) -> Node:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            try:
                key = constructor.construct_object(key_node)
            except (ValueError, yaml.constructor.ConstructorError):
                key = None
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(Problem(file, f"key {key!r} is not a name", line=key_line, key=path or None))
                continue
            child_path = f"{path}.{key}" if path else key
            if key in result:
                problems.append(Problem(file, f"duplicate key '{key}' (first at line {result[key].line})",
                                        line=key_line, key=child_path))
                continue
            child = _convert(value_node, child_path, file, problems, constructor)
            if not isinstance(value_node, yaml.ScalarNode):  # report a nested section at its key
                child.line, child.column = key_line, key_node.start_mark.column + 1
            result[key] = child
        return Node(result, line, column, path, file, flow=bool(node.flow_style))
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, f"{path}[{i}]", file, problems, constructor) for i, item in enumerate(node.value)]
        return Node(items, line, column, path, file)
    try:
        value = constructor.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:  # e.g. an unquoted 2023-02-30
        problems.append(Problem(file, f"cannot read value {node.value!r}: {exc}", line=line, column=column,
                                key=path or None))
        value = None
    return Node(value, line, column, path, file)
