"""The core imports neither the other apps nor the settings package: ``matching`` and
``subsidies`` build on ``participatie``, ``config`` wires it up, never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "participatie"
FORBIDDEN = frozenset({"config", "matching", "subsidies"})


def forbidden_imports(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, module) of every import of a forbidden top-level package in ``source``, including
    imports inside functions and ``from x import y`` forms; relative imports stay in the core."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.extend((node.lineno, name) for name in names if name.split(".")[0] in FORBIDDEN)
    return sorted(found)


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_the_check_sees_every_kind_of_import() -> None:
    source = (
        "import config.logging\n"
        "from matching import services\n"
        "def f():\n"
        "    from subsidies.models import Budget\n"
        "import participatie.kernel\n"
        "from . import sibling\n"
        "import configparser\n"
    )
    assert forbidden_imports(source) == [
        (1, "config.logging"),
        (2, "matching"),
        (4, "subsidies.models"),
    ]


def test_the_core_has_python_files_to_check() -> None:
    assert len(core_files()) > 50


@pytest.mark.parametrize("path", core_files(), ids=lambda path: str(path.relative_to(CORE)))
def test_core_module_imports_no_other_app_and_no_config(path: Path) -> None:
    found = forbidden_imports(path.read_text(encoding="utf-8"), str(path))
    assert not found, f"{path.relative_to(CORE.parent)} imports " + ", ".join(
        f"{module} (line {line})" for line, module in found
    )
