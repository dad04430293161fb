"""A statement candidate while the steps run: the record-to-be plus the cue token it hangs on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.extract.statements.speakers import Speaker

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


@dataclass
class Found:
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    cue: Token | None = None
    cue_text: str | None = None
    speaker: Speaker = field(default_factory=Speaker)
    parts: list[tuple[int, int]] = field(default_factory=list)  # quoted parts inside the span

    def cue_label(self) -> str | None:
        if self.cue_text is not None:
            return self.cue_text
        if self.cue is None:
            return None
        return "according to" if self.cue.lower_ == "according" else self.cue.text
