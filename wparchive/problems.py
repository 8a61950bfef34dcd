"""What is wrong with a source, for a report: every reader of the library says it this way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """Something wrong with a source, for the import report."""

    source: str
    message: str
    line: int | None = None

    def as_dict(self) -> dict:
        return {"source": self.source, "line": self.line, "message": self.message}
