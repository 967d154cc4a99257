"""The reference reader of the YAML parity test: a JSON list of YAML texts on standard input, read as SAM and
`aws cloudformation package` read them (PyYAML's SafeLoader with their `!` tag constructor), one JSON result per
text on standard output: {"ok": value} or {"err": message, "line": n, "column": n}.

Values are encoded so that the comparison sees every difference it allows, by name:
- numbers: {"i": "12"} for integers, {"f": "1.5"} for floats (repr; "nan", "inf", "-inf");
- mappings: {"m": [[key, value], ...]} with each key as the text written (the loader keeps keys as written; where
  this reader types a key, "typedKeys" counts it);
- dates and timestamps: {"ts": text}; !!binary: {"bin": text}; !!set: {"set": [keys]}; !!omap, !!pairs:
  {"pairs": [[key, value], ...]}.
"""
import collections.abc
import json
import sys

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode


class Text(str):
    """A scalar this reader types (a date, binary data) kept as the text written, with its kind."""

    kind = ''


class Pairs(list):
    pass


def text_of(kind, value):
    t = Text(value)
    t.kind = kind
    return t


class Reference(yaml.SafeLoader):
    typed_keys = 0

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping node, but found %s" % node.id, node.start_mark)
        self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, collections.abc.Hashable):
                raise ConstructorError("while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark)
            value = self.construct_object(value_node, deep=deep)
            if isinstance(key, str) and not isinstance(key, Text):
                text = key
            else:
                Reference.typed_keys += 1
                text = key_node.value if isinstance(key_node, ScalarNode) else repr(key)
            mapping[text] = value
        return mapping

    def construct_yaml_timestamp(self, node):
        SafeConstructor.construct_yaml_timestamp(self, node)  # refuses what SAM refuses (2024-13-45)
        return text_of('ts', node.value)

    def construct_yaml_binary(self, node):
        SafeConstructor.construct_yaml_binary(self, node)
        return text_of('bin', self.construct_scalar(node))

    def construct_yaml_pairs(self, node):
        pairs = Pairs()
        yield pairs
        if not isinstance(node, SequenceNode):
            raise ConstructorError("while constructing pairs", node.start_mark, "expected a sequence, but found %s" % node.id, node.start_mark)
        for subnode in node.value:
            if not isinstance(subnode, MappingNode) or len(subnode.value) != 1:
                raise ConstructorError("while constructing pairs", node.start_mark, "expected a mapping of length 1", subnode.start_mark)
            key_node, value_node = subnode.value[0]
            key = self.construct_object(key_node)
            pairs.append((key_node.value if isinstance(key_node, ScalarNode) else repr(key), self.construct_object(value_node)))


def intrinsic(loader, suffix, node):
    # as SAM's and `aws cloudformation package`'s constructor of `!` tags
    tag = node.tag[1:]
    key = tag if tag in ('Ref', 'Condition') else 'Fn::' + tag
    if tag == 'GetAtt' and isinstance(node.value, str):
        value = node.value.split('.', 1)
    elif isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, SequenceNode):
        value = loader.construct_sequence(node)
    else:
        value = loader.construct_mapping(node)
    return {key: value}


Reference.add_constructor('tag:yaml.org,2002:timestamp', Reference.construct_yaml_timestamp)
Reference.add_constructor('tag:yaml.org,2002:binary', Reference.construct_yaml_binary)
Reference.add_constructor('tag:yaml.org,2002:omap', Reference.construct_yaml_pairs)
Reference.add_constructor('tag:yaml.org,2002:pairs', Reference.construct_yaml_pairs)
Reference.add_multi_constructor('!', intrinsic)


class Recursive(Exception):
    pass


def encode(value, path):
    if id(value) in path:
        raise Recursive()
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Text):
        return {value.kind: str(value)}
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return {'i': str(value)}
    if isinstance(value, float):
        return {'f': 'nan' if value != value else repr(value)}
    inner = path | {id(value)}
    if isinstance(value, Pairs):
        return {'pairs': [[k, encode(v, inner)] for k, v in value]}
    if isinstance(value, list):
        return [encode(v, inner) for v in value]
    if isinstance(value, dict):
        return {'m': [[k, encode(v, inner)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {'set': sorted(value)}
    raise TypeError('cannot encode %r' % type(value))


def read(text):
    Reference.typed_keys = 0
    try:
        value = yaml.load(text, Loader=Reference)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return {'err': ' '.join(str(error).split()), 'line': mark.line + 1 if mark else 0, 'column': mark.column + 1 if mark else 0}
    except Exception as error:  # SAM fails on these too (ValueError from a date that does not exist, ...)
        return {'err': '%s: %s' % (type(error).__name__, error), 'line': 0, 'column': 0}
    try:
        out = {'ok': encode(value, frozenset())}
    except Recursive:
        return {'err': 'a recursive structure (an alias inside its own anchor)', 'line': 0, 'column': 0, 'recursive': True}
    if Reference.typed_keys:
        out['typedKeys'] = Reference.typed_keys
    return out


if __name__ == '__main__':
    sys.setrecursionlimit(10000)
    texts = json.load(sys.stdin)
    json.dump([read(t) for t in texts], sys.stdout)
