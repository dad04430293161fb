"""The project's word lists load without a silently lost entry.

YAML keeps the last of two equal keys in a mapping, so a list added under a name another list
already has replaces it without an error (two developers once both added `attending_verbs`
to events.yaml, and one rule ran on the other's words). This loader refuses that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "app" / "extract" / "data"
PASSAGE_DIR = Path(__file__).parent / "passages"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that raises on a key repeated in one mapping."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

FILES = sorted(DATA_DIR.glob("*.yaml")) + sorted(PASSAGE_DIR.glob("*.yaml"))


def test_the_strict_loader_refuses_a_repeated_key() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="given twice"):
        yaml.load("verbs: [a]\nnouns: [b]\nverbs: [c]\n", Loader=_StrictLoader)  # noqa: S506


def test_there_are_data_files_to_check() -> None:
    assert len(FILES) > 20 and any(p.name == "events.yaml" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_key_is_given_twice(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
