"""Dyad's log handler writes to the stderr of the moment, not the one logging was set up with."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from app.logs import configure_logging


def test_a_record_goes_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        monkeypatch.setattr(sys, "stderr", first)
        configure_logging("INFO", "json")
        # A worker thread started under one stderr logs after it was swapped and closed.
        monkeypatch.setattr(sys, "stderr", second)
        first.close()
        logging.getLogger("dyad.test").info("claimed job %s", "j1")
    finally:
        root.handlers, _ = saved
        root.setLevel(saved[1])
    line = second.getvalue().strip().splitlines()[-1]
    assert json.loads(line)["msg"] == "claimed job j1"
