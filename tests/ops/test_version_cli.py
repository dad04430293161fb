from __future__ import annotations

from importlib.metadata import version

from typer.testing import CliRunner

from app.cli import app
from app.extract.version import EXTRACTOR_VERSION


def test_version_names_package_and_extractor() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"dyad {version('dyad')} ({EXTRACTOR_VERSION})"
