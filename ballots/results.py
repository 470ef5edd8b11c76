"""A ballot's computed result as stored on write (``StoredResult``): the codec that turns what the
one pipeline computed (``selectors.BallotComputation``: tally, thresholds, quorum, outcome, what
is still needed, the rules used) into JSON and back, exactly.

JSON rather than pickle: the database never holds anything that runs code when read. The codec
follows the dataclasses' own type hints, so a field added to a result type is stored without a
change here; ``RESULT_VERSION`` says which shape a stored row has, and a row of another version
is not trusted (the page computes the result afresh until ``recompute_results`` runs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from fractions import Fraction
from typing import Any

# Bump when the pipeline computes something different from the same inputs (a rule fixed, a
# field added): every stored row of an older version is then recomputed on read until
# ``manage.py recompute_results`` stores the new ones. 2: the plots' figures stored beside the
# computation; 3: a ballot with no date judged by the latest rule set, not today's.
RESULT_VERSION = 3
STALE = 0  # the version of a row whose result a change has made out of date


def dump(value: Any) -> Any:
    """``value`` (dataclasses, enums, fractions, dates, tuples, plain values) as JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Fraction):
        return [value.numerator, value.denominator]
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in a result")


def load(kind: Any, data: Any) -> Any:
    """The value of type ``kind`` that ``dump`` turned into ``data``."""
    return _reader(kind)(data)


@functools.cache
def _reader(kind: Any):
    """A function reading ``kind`` from its JSON data, made once per type (pages read a result
    for every ballot they list)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        read = _reader(inner)
        return lambda data: None if data is None else read(data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return lambda data: tuple(item(d) for d in data)
        items = [_reader(a) for a in args]
        return lambda data: tuple(r(d) for r, d in zip(items, data, strict=True))
    if origin is list:
        item = _reader(typing.get_args(kind)[0])
        return lambda data: [item(d) for d in data]
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _reader(hints[f.name])) for f in dataclasses.fields(kind) if f.init]

        names = {name for name, _ in fields}

        def read_dataclass(data):
            # Strict: a stored row with a field missing or one too many is not this shape.
            if set(data) != names:
                raise KeyError(f"{kind.__name__}: stored fields {sorted(set(data) ^ names)}")
            return kind(**{name: read(data[name]) for name, read in fields})

        return read_dataclass
    if kind is Fraction:
        return lambda data: Fraction(*data)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat
    if kind is dt.date:
        return dt.date.fromisoformat
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind in (str, int, float, bool, Any):
        return lambda data: data
    raise TypeError(f"cannot read a {kind!r} from a stored result")
