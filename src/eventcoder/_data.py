"""Reading the YAML data files that ship with the package, checked against their JSON Schemas."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError


def read_yaml(path: Path | str) -> Any:
    """Load YAML, naming the file and line when it does not parse."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            # libyaml's loader is ~10x faster on the large knowledge files, when present
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as exc:
        raise DataFileError(f"{path}: data file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DataFileError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc


def package_file(package: str, *parts: str) -> Path:
    """Path of a file shipped inside an eventcoder subpackage."""
    ref = resources.files(package)
    for part in parts:
        ref = ref / part
    return Path(str(ref))


def validate(data: Any, schema_path: Path, data_path: Path) -> None:
    """Check `data` against a JSON Schema; the error names the file and the failing entry."""
    import jsonschema  # imported here: only loading data files needs it

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        location = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        entry = ""
        if err.absolute_path and isinstance(data, list):
            item = data[err.absolute_path[0]]
            if isinstance(item, dict):
                label = item.get("id") or item.get("name") or item.get("code")
                entry = f" (entry {label!r})" if label else ""
        more = f" and {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
        raise DataFileError(
            f"{data_path}: {location}{entry}: {err.message}{more} (schema {schema_path.name})"
        )


def load_checked(package: str, data_name: str, schema_name: str, path: Path | None = None) -> Any:
    """Load a package data file (or a user override at `path`) and validate it."""
    data_path = path or package_file(package, "data", data_name)
    data = read_yaml(data_path)
    if data is None:
        data = []
    validate(data, package_file(package, "schemas", schema_name), data_path)
    return data
