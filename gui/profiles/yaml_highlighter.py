"""Syntax colours for YAML in the profile editor: keys, comments, numbers, strings."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


RULES = (
    (re.compile(r"^\s*[A-Za-z0-9_.:-]+(?=\s*:)"), _format("#1f6fd1", bold=True)),
    (re.compile(r"(?<=:)\s*-?\d[\d_.]*(?:[eE][-+]?\d+)?\b"), _format("#b35900")),
    (re.compile(r"\"[^\"]*\"|'[^']*'"), _format("#2b8a3e")),
    (re.compile(r"(^|\s)#.*$"), _format("#7a8391", italic=True)),
)


class YamlHighlighter(QSyntaxHighlighter):
    """Colours one line at a time; later rules (comments) win over earlier ones."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        for pattern, fmt in RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
