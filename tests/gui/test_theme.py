"""The looks, switched the way the user does (View > Dark look, Ctrl+Shift+D): every text
stays readable on its background."""

from collections import Counter

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def header_text_contrast(section) -> float:
    """Contrast of a section header's title as painted: the section is grabbed (on its
    background, wherever the panel is scrolled), the title cropped right of the arrow, its
    commonest colour taken as background and the pixel that stands out most as the text."""
    header = section.header
    image = section.grab().toImage()
    arrow = header.iconSize().width() + 6
    box = header.geometry().adjusted(arrow, 0, 0, 0)
    crop = image.copy(QRect(box.x(), box.y(), box.width(), box.height()))
    pixels = [crop.pixelColor(x, y) for x in range(crop.width()) for y in range(crop.height())]
    background = QColor(Counter(p.rgb() for p in pixels).most_common(1)[0][0])
    return max(contrast(p, background) for p in pixels)


def toggle_dark(qtbot, window) -> None:
    """Ctrl+Shift+D, as typed."""
    qtbot.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def test_section_headers_stay_readable_when_the_look_changes(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    sections = window.assumptions.sections.values()
    assert window.theme_name == "light"
    assert min(header_text_contrast(s) for s in sections) >= 4.5
    toggle_dark(qtbot, window)
    assert window.theme_name == "dark"
    assert min(header_text_contrast(s) for s in sections) >= 4.5
    toggle_dark(qtbot, window)
    assert window.theme_name == "light"
    assert min(header_text_contrast(s) for s in sections) >= 4.5


def test_a_focused_section_header_shows_a_ring(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    header = window.assumptions.sections["Training"].header
    before = window.grab().toImage()
    header.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(header.hasFocus)
    after = window.grab().toImage()
    origin = header.mapTo(window, header.rect().topLeft())
    ring = window.palette().color(window.palette().ColorRole.Highlight)
    edge = [after.pixelColor(origin.x() + x, origin.y() + header.height() // 2) for x in range(3)]
    assert any(contrast(p, ring) < 1.3 for p in edge)  # the ring, in the look's highlight
    assert before.pixelColor(origin.x(), origin.y() + header.height() // 2) != edge[0]
