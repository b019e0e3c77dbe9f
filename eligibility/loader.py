"""Loads and validates the rules files; an edition without a file is an error."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from eligibility.models import EditionRules
from schemas.editions import UnknownEdition
from schemas.errors import ErrorKind, KczgError


class RulesError(KczgError, ValueError):
    """A rules file that cannot be used: unreadable, unknown field, bad value."""

    kind = ErrorKind.INVALID


class _DatesAsText(yaml.SafeLoader):
    """Leaves dates as text, so that a bad one is refused naming its field."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _rules_dir() -> Path:
    return Path(str(resources.files("eligibility").joinpath("rules")))


def rule_editions() -> tuple[int, ...]:
    """Editions that have a rules file."""
    return tuple(sorted(int(p.stem) for p in _rules_dir().glob("*.yaml") if p.stem.isdigit()))


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_rules(text: str, origin: str) -> EditionRules:
    """Rules from YAML text; ``origin`` names the file in error messages."""
    try:
        data = yaml.load(text, Loader=_DatesAsText)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise RulesError(f"{origin}: not valid YAML: {problem}") from None
    try:
        return EditionRules.model_validate(data)
    except ValidationError as exc:
        raise RulesError(f"{origin}: {_describe(exc)}") from None


def load_rules_file(path: Path) -> EditionRules:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read: {exc}") from None
    rules = parse_rules(text, str(path))
    if path.stem.isdigit() and int(path.stem) != rules.edition:
        message = f"the file is named for {path.stem} but says edition {rules.edition}"
        raise RulesError(f"{path}: {message}")
    return rules


@cache
def rules_for(edition: int) -> EditionRules:
    """The rules of one edition; never the rules of another year."""
    path = _rules_dir() / f"{edition}.yaml"
    if not path.is_file():
        known = ", ".join(str(e) for e in rule_editions())
        raise UnknownEdition(f"no eligibility rules for edition {edition}; known editions: {known}")
    return load_rules_file(path)
