"""Input errors that point at the file, line and key a user must fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadError:
    """One problem in one input file.

    ``line`` is 1-based (0 when the problem has no line, e.g. a missing file);
    ``key`` is the dotted key of the offending field ("" for the whole file).
    """

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class InputError(ValueError):
    """Raised when an input (file, override, command-line value) is invalid.

    ``errors`` holds every problem found, so a user can fix them all at once.
    """

    def __init__(self, errors: list[LoadError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def brief(self) -> str:
        """Every problem as ``key: message``, joined by "; " (for a one-line status)."""
        return "; ".join(f"{e.key}: {e.message}" for e in self.errors)
