"""A 2 px focus ring, in the look's highlight colour, on every control the keyboard reaches.

Fusion marks a focused slider only by a 1 px outline on its handle and a focused button by a
1 px outline, too faint to follow while tabbing (issue 15 item 10). This style draws a 2 px
ring round the whole control instead, and keeps 3 px free round each slider so the ring never
covers its handle.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOptionSlider

RING_WIDTH = 2
"""Width of the focus ring [px]."""
SLIDER_MARGIN = 3
"""Room kept free round a slider for its ring [px]."""

_RINGED_COMPLEX = (QStyle.ComplexControl.CC_Slider, QStyle.ComplexControl.CC_ComboBox)


def draw_ring(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    """A 2 px rounded ring just inside ``rect``, in ``palette``'s highlight colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING_WIDTH // 2
    painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


class FocusRingStyle(QProxyStyle):
    """Fusion, with a 2 px focus ring on sliders, combo boxes, buttons, check boxes and tool
    buttons (their focus frame). The colour comes from each widget's palette, so a change of
    look recolours the ring with nothing else to update."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))

    def drawComplexControl(self, control, option, painter, widget=None) -> None:  # noqa: N802
        super().drawComplexControl(control, option, painter, widget)
        if control in _RINGED_COMPLEX and option.state & QStyle.StateFlag.State_HasFocus:
            draw_ring(painter, option.rect, option.palette)

    def drawControl(self, element, option, painter, widget=None) -> None:  # noqa: N802
        super().drawControl(element, option, painter, widget)
        if (
            element == QStyle.ControlElement.CE_PushButton
            and option.state & QStyle.StateFlag.State_HasFocus
        ):
            draw_ring(painter, option.rect, option.palette)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            draw_ring(painter, option.rect, option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)

    def subControlRect(self, control, option, sub, widget=None) -> QRect:  # noqa: N802
        if control == QStyle.ComplexControl.CC_Slider:  # groove and handle inside the ring
            inner = QStyleOptionSlider(option)
            m = SLIDER_MARGIN
            inner.rect = option.rect.adjusted(m, m, -m, -m)
            return super().subControlRect(control, inner, sub, widget)
        return super().subControlRect(control, option, sub, widget)

    def sizeFromContents(self, contents, option, size, widget=None) -> QSize:  # noqa: N802
        hint = super().sizeFromContents(contents, option, size, widget)
        if contents == QStyle.ContentsType.CT_Slider:
            hint = hint + QSize(2 * SLIDER_MARGIN, 2 * SLIDER_MARGIN)
        return hint
