"""The front matter as YAML a clerk can read: block style, plain scalars where YAML reads them back
as the same text, double quotes (JSON escapes, valid YAML) elsewhere."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import yaml


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if "\n" not in text and text == text.strip() and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}\n") == {"k": text}
    except yaml.YAMLError:
        return False


def dump(meta: dict[str, Any], indent: int = 0) -> list[str]:
    """``meta`` as YAML lines."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in meta.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(dump(value, indent + 2))
        elif isinstance(value, list) and not value:
            lines.append(f"{pad}{key}: []")
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            lines.extend(f"{pad}  - {scalar(item)}" for item in value)
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def front_matter_text(meta: dict[str, Any]) -> str:
    return "---\n" + "\n".join(dump(meta)) + "\n---\n"
