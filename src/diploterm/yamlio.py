"""YAML in and out: line numbers for error messages, one canonical form out.

Term files are written by :func:`dump_yaml` only, so ``load -> dump`` gives the
same bytes and a pull request diff shows just what changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Lines = dict[tuple[Any, ...], int]
"""Line (1-based) where each value starts, keyed by its path: ``('es', 0, 'term')``."""


class Flow(dict):
    """A mapping written on one line (``{doc: …, es_span: [1, 2]}``)."""


class _Dumper(yaml.SafeDumper):
    # Indent block sequences under their key, as people write YAML by hand.
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_flow(dumper: yaml.SafeDumper, data: Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Strings that YAML would read back as something else (dates, numbers,
    # 'no') get quoted by the resolver; multi-line text is written as a block.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(Flow, _represent_flow)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Canonical YAML: keys in the order given, block style, UTF-8 text, no folding.

    >>> print(dump_yaml({"id": "x", "es": [{"term": "asilo"}], "src": [Flow(doc="a", span=[1, 2])]}), end="")
    id: x
    es:
      - term: asilo
    src:
      - {doc: a, span: [1, 2]}
    """
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "float":
        try:
            return float(value)
        except ValueError:
            return value
    # Timestamps and everything else stay text: dates are kept as written.
    return value


def _build(node: yaml.Node, path: tuple[Any, ...], lines: Lines, where: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), lines, where) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("a key must be plain text", where, key_node.start_mark.line + 1)
            key = _scalar(key_node)
            if key in out:
                raise InputError(f"key {key!r} appears twice", where, key_node.start_mark.line + 1)
            out[key] = _build(value_node, (*path, key), lines, where)
        return out
    raise InputError("unsupported YAML node", where, node.start_mark.line + 1)


def parse_yaml(text: str, where: str) -> tuple[Any, Lines]:
    """Parse one YAML document; every value comes with the line it starts on."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", where, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", where) from None
    lines: Lines = {}
    if node is None:
        return None, lines
    return _build(node, (), lines, where), lines


def read_text_file(path: Path) -> str:
    """UTF-8 text of *path*, or an :class:`InputError` that says what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    if b"\0" in data:
        raise InputError("binary file, not UTF-8 text", str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", str(path), line) from None


def load_yaml_file(path: Path) -> Any:
    return parse_yaml(read_text_file(path), str(path))[0]
