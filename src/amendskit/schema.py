"""The JSON Schema (draft 2020-12) of workbook documents, generated.

`json_schema()` walks the attrs classes, their validators and the
serialization's own patterns, so the schema can never say something the
code does not do. The same schema is shipped in the package as
``workbook.schema.json`` for frontends; a test fails if it drifts.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import attrs

from amendskit import _validation as v
from amendskit.dates import PartialDate
from amendskit.harm import Harm
from amendskit.lifecycle import Status
from amendskit.living import MAX_RRULE, recurrence_rule
from amendskit.person import Person
from amendskit.plan import AmendPlan
from amendskit.rules import RULES, Policy, ReviewScope, Severity
from amendskit.sensitivity import Sensitivity, sensitivity_of
from amendskit.serialization import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    DECIMAL_PATTERN,
    FORMAT,
    PARTIAL_DATE_PATTERN,
    SCHEMA_VERSION,
)

__all__ = ["SCHEMA_ID", "json_schema"]

#: The schema's stable `$id`; it changes only with the document version.
SCHEMA_ID = f"urn:amendskit:schema:workbook:v{SCHEMA_VERSION}"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a workbook document, with every type under `$defs`."""
    defs: dict[str, Any] = {}
    tables = {"persons": Person, "harms": Harm, "plans": AmendPlan}
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"const": SCHEMA_VERSION},
    }
    for key, cls in tables.items():
        properties[key] = {"type": "array", "items": _ref(cls, defs)}
    properties["policy"] = _ref(Policy, defs)
    return {
        "$schema": _DRAFT,
        "$id": SCHEMA_ID,
        "title": "Workbook",
        "description": "An amendskit workbook document: persons, harms, plans.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def _ref(kind: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = kind.__name__
    if name not in defs:
        defs[name] = {}  # reserve the name before recursing
        defs[name] = _definition(kind, defs)
    return {"$ref": f"#/$defs/{name}"}


def _definition(kind: type, defs: dict[str, Any]) -> dict[str, Any]:
    description = _summary(kind)
    if issubclass(kind, StrEnum):
        values = [member.value for member in kind]
        return {"description": description, "type": "string", "enum": values}
    if kind is Policy:
        return _policy(defs)
    hints = get_type_hints(kind)
    properties: dict[str, Any] = {}
    for field in attrs.fields(cast(Any, kind)):
        if field.init:
            properties[field.name] = _field(field, hints[field.name], defs)
    if kind is AmendPlan:
        properties["status"] = _ref(Status, defs)
    return {
        "description": description,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _policy(defs: dict[str, Any]) -> dict[str, Any]:
    tunable = [r.code for r in RULES if not r.fixed]
    return {
        "description": _summary(Policy),
        "type": "object",
        "properties": {
            "severities": {
                "type": "object",
                "propertyNames": {"enum": tunable},
                "additionalProperties": _ref(Severity, defs),
            },
            "review": _ref(ReviewScope, defs),
        },
        "required": ["severities", "review"],
        "additionalProperties": False,
    }


def _summary(kind: type) -> str:
    return inspect.cleandoc(kind.__doc__ or kind.__name__).split("\n", 1)[0]


def _field(field: attrs.Attribute[Any], hint: Any, defs: dict[str, Any]) -> Any:
    schema = _type(hint, list(_validators(field.validator)), defs)
    label = sensitivity_of(field)
    if label is not Sensitivity.STRUCTURE:
        schema = {**schema, "description": f"Free text; sensitivity: {label.value}."}
    return schema


def _validators(validator: Any) -> Iterator[Any]:
    """The validators inside and-lists and `Optional`, flattened."""
    if validator is None:
        return
    validator = v.parameters(validator)
    if isinstance(validator, v.Optional):
        yield from _validators(validator.inner)
    elif hasattr(validator, "_validators"):  # attrs' and_() of a list
        for inner in validator._validators:
            yield from _validators(inner)
    else:
        yield validator


def _type(hint: Any, checks: list[Any], defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(hint)
    if origin is Union or isinstance(hint, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        inner = _type(options[0], checks, defs)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return _array(get_args(hint)[0], checks, defs)
    if hint is str:
        return _string(checks)
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        bounds = next((c for c in checks if isinstance(c, v.IntRange)), None)
        if bounds is not None:
            return {
                "type": "integer",
                "minimum": bounds.minimum,
                "maximum": bounds.maximum,
            }
        return {"type": "integer", "minimum": 1}  # a sequence number
    if hint is Decimal:
        return {"type": "string", "pattern": DECIMAL_PATTERN}
    if hint is dt.datetime:
        return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if hint is PartialDate:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN}
    return _ref(hint, defs)


def _array(item: Any, checks: list[Any], defs: dict[str, Any]) -> dict[str, Any]:
    shape = next(c for c in checks if isinstance(c, v.TupleOf))
    schema: dict[str, Any] = {
        "type": "array",
        "items": _type(item, list(_validators(shape.item)), defs),
    }
    if shape.nonempty:
        schema["minItems"] = 1
    if shape.unique:
        schema["uniqueItems"] = True
    return schema


def _string(checks: list[Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for check in checks:
        if isinstance(check, v.Identifier):
            schema |= {
                "minLength": 1,
                "maxLength": v.MAX_ID,
                "not": {"pattern": f"[{v.WHITESPACE}]"},
            }
        elif isinstance(check, v.Text):
            schema["maxLength"] = check.max_length
            if not check.blank:
                schema["pattern"] = v.NONBLANK_PATTERN
        elif isinstance(check, v.Matches):
            schema["pattern"] = f"^{check.pattern}$"
        elif check is recurrence_rule:  # an RRULE is non-blank text first
            schema |= {
                "minLength": 1,
                "maxLength": MAX_RRULE,
                "pattern": v.NONBLANK_PATTERN,
            }
    return schema
