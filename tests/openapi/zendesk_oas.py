"""Validate request/response bodies against the Zendesk Support API OpenAPI subset (tests only)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

SUBSET = Path(__file__).with_name("zendesk-support-subset.yaml")


@functools.cache
def components() -> dict[str, Any]:
    return yaml.safe_load(SUBSET.read_text(encoding="utf-8"))["components"]["schemas"]


def _to_json_schema(node: Any, *, answers: bool = False) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema 2020-12 (nullable, and drop doc-only keywords).

    `answers`: for what Zendesk sends back, every value may also be null. The document omits
    `nullable` on fields Zendesk does answer with null (`forum_topic_id`, `satisfaction_rating`,
    custom field values); requests we send are checked strictly.
    """
    if isinstance(node, list):
        return [_to_json_schema(item, answers=answers) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: _to_json_schema(value, answers=answers)
        for key, value in node.items()
        if key not in ("example", "nullable", "description", "x-konfig-properties")
        and not key.startswith("x-")
    }
    nullable = node.get("nullable") or (answers and ("type" in node or "oneOf" in node))
    if nullable:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:  # OpenAPI 3.0: nullable allows null even with an enum
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _converted(answers: bool = False) -> dict[str, Any]:
    return {name: _to_json_schema(s, answers=answers) for name, s in components().items()}


def schema_errors(body: Any, name: str, *, answer: bool = False) -> list[str]:
    """JSON Schema errors of `body` against components/schemas/<name> (`answer`: a response)."""
    root = {
        "$ref": f"#/components/schemas/{name}",
        "components": {"schemas": _converted(answer)},
    }
    validator = Draft202012Validator(root)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)
    ]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    """Declared properties, merged through allOf/anyOf/oneOf; None when none are declared."""
    schema = _resolve(schema)
    merged: dict[str, Any] = dict(schema.get("properties") or {})
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            merged.update(_properties(branch) or {})
    return merged or None


def request_problems(body: Any, name: str, path: str = "") -> list[str]:
    """Stricter than the document: keys it does not declare, and readOnly keys, in a request."""
    schema = _resolve({"$ref": f"#/components/schemas/{name}"}) if name else {}
    return _walk(body, schema, path)


def _walk(body: Any, schema: dict[str, Any], path: str) -> list[str]:
    schema = _resolve(schema)
    problems: list[str] = []
    if isinstance(body, dict):
        properties = _properties(schema)
        if properties is None:
            return problems
        for key, value in body.items():
            declared = properties.get(key)
            if declared is None:
                problems.append(f"{path}/{key}: not declared by the API")
                continue
            if _resolve(declared).get("readOnly") or declared.get("readOnly"):
                problems.append(f"{path}/{key}: read-only, must not be sent")
            problems += _walk(value, declared, f"{path}/{key}")
    elif isinstance(body, list) and "items" in schema:
        for index, item in enumerate(body):
            problems += _walk(item, schema["items"], f"{path}/{index}")
    return problems


def check_request(body: Any, name: str) -> list[str]:
    return schema_errors(body, name) + request_problems(body, name)
