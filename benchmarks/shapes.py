"""The workbook document's shape as pydantic models and msgspec Structs.

Both are generated from `amendskit.json_schema()`, so every competitor
validates exactly the same shape and constraints (lengths, patterns, enums,
required and forbidden keys, aware datetimes) as amendskit does.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

import msgspec
import pydantic

import amendskit as ak
from amendskit import _validation as v

_ID_PATTERN = f"^[^{v.WHITESPACE}]{{1,{v.MAX_ID}}}$"


class _Builder:
    """Turns schema definitions into classes of one library, memoized."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs = schema["$defs"]
        self.made: dict[str, Any] = {}

    def ref(self, name: str) -> Any:
        if name not in self.made:
            self.made[name] = self.build(name, self.defs[name])
        return self.made[name]

    def type_of(self, node: dict[str, Any]) -> Any:
        if "$ref" in node:
            return self.ref(node["$ref"].rsplit("/", 1)[1])
        if "anyOf" in node:
            inner = next(n for n in node["anyOf"] if n.get("type") != "null")
            return Optional[self.type_of(inner)]  # noqa: UP045 - runtime object
        if "const" in node:
            return Literal[node["const"]]
        if "enum" in node:
            return Literal[tuple(node["enum"])]
        kind = node.get("type")
        if kind == "array":
            return list[self.type_of(node["items"])]  # type: ignore[misc]
        if kind == "object":
            values = self.type_of(node["additionalProperties"])
            return dict[str, values]  # type: ignore[valid-type]
        if kind == "boolean":
            return bool
        if kind == "integer":
            return self.constrained(int, ge=node.get("minimum"), le=node.get("maximum"))
        if node.get("format") == "date-time":
            return self.aware_datetime()
        if node.get("format") == "date":
            return dt.date
        pattern = node.get("pattern")
        if "not" in node:  # ids: no white space
            pattern = _ID_PATTERN
        return self.constrained(
            str,
            max_length=node.get("maxLength"),
            pattern=pattern,
            min_length=node.get("minLength"),
        )

    def build(self, name: str, node: dict[str, Any]) -> Any:
        if node.get("type") == "string":
            return self.type_of(node)
        fields = {key: self.type_of(sub) for key, sub in node["properties"].items()}
        return self.model(name, fields)


class PydanticShapes(_Builder):
    """pydantic v2 models with ``extra="forbid"`` and the schema's constraints."""

    def constrained(self, kind: type, **limits: Any) -> Any:
        given = {k: val for k, val in limits.items() if val is not None}
        return Annotated[kind, pydantic.Field(**given)] if given else kind

    def aware_datetime(self) -> Any:
        return pydantic.AwareDatetime

    def model(self, name: str, fields: dict[str, Any]) -> Any:
        config = pydantic.ConfigDict(extra="forbid", strict=True)
        definitions: dict[str, Any] = {key: (kind, ...) for key, kind in fields.items()}
        return pydantic.create_model(name, __config__=config, **definitions)


class MsgspecShapes(_Builder):
    """msgspec Structs with ``forbid_unknown_fields`` and the schema's constraints."""

    def constrained(self, kind: type, **limits: Any) -> Any:
        given = {k: val for k, val in limits.items() if val is not None}
        return Annotated[kind, msgspec.Meta(**given)] if given else kind

    def aware_datetime(self) -> Any:
        return Annotated[dt.datetime, msgspec.Meta(tz=True)]

    def model(self, name: str, fields: dict[str, Any]) -> Any:
        return msgspec.defstruct(name, list(fields.items()), forbid_unknown_fields=True)


def document_types() -> tuple[Any, Any]:
    """The pydantic model and the msgspec Struct of a whole workbook document."""
    schema = ak.json_schema()
    root = {"properties": schema["properties"]}
    pydantic_shapes = PydanticShapes(schema)
    msgspec_shapes = MsgspecShapes(schema)
    return (
        pydantic_shapes.build("WorkbookDocument", root),
        msgspec_shapes.build("WorkbookDocument", root),
    )
