"""The one domain error of the parsing package."""

from __future__ import annotations


class DocumentError(Exception):
    """A file cannot be read as a plan document (unsupported, empty, corrupted, encrypted ...).

    The message always names the file, so the CLI can print it as its single line on stderr.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
