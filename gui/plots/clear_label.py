"""Put a point's label beside it where no curve crosses the text and the chart does not cut it.

The label is tried below, above (centred, then leaning either way), then at the sides and
corners of the point, 8 px away (then 24 and 48 px); the first place whose box no curve
segment comes within 2 px of (in screen pixels) wins. Where every place is crossed, the one
with the fewest crossing segments that stays inside the chart is used. A clear label stays
where it is while its curves, view and text do not change (a marker moving under a slider
re-places only its own label).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF

GAPS = (8.0, 24.0, 48.0)
"""Distances from the point to the nearest edge of its label, nearest first [px]: farther
only where every place nearer is crossed (a point in a corner where curves fan out)."""
CLEARANCE = 2.0
"""Room kept between the label's box and any curve (half a thick pen and some air) [px]."""
LABEL_OVERLAP = 1_000_000
"""What covering another label costs, in crossed curve segments: more than any curve."""

# Where the label's box goes against the point: (share of the box's width left of the point,
# vertical side: 1 below, -1 above, 0 centred) or, for the sides, ("right"/"left", 0).
# Below and above come first, centred and then leaning either way; then the sides and corners.
LEANS = (0.5, 0.3, 0.7, 0.1, 0.9)
PLACES = (
    *[(lean, 1) for lean in LEANS],
    *[(lean, -1) for lean in LEANS],
    ("right", 0),
    ("left", 0),
    ("right", 1),
    ("left", -1),
    ("left", 1),
    ("right", -1),
)


def label_box(
    point: QPointF, width: float, height: float, place: tuple, gap: float = GAPS[0]
) -> QRectF:
    """The label's box [scene px] for one of ``PLACES`` around ``point`` [scene px]: ``gap``
    [px] above or below it, or ``gap`` to its side (and 8 px above or below, at a corner)."""
    h, v = place
    if h == "right":
        left = point.x() + gap
    elif h == "left":
        left = point.x() - gap - width
    else:
        left = point.x() - h * width
    rise = gap if h not in ("right", "left") else GAPS[0]  # beside: only moved sideways
    top = {-1: point.y() - rise - height, 0: point.y() - height / 2, 1: point.y() + rise}[v]
    return QRectF(left, top, width, height)


def segments(lines) -> tuple[np.ndarray, ...]:
    """Every finite segment of the polylines ``lines`` ((x, y) arrays [scene px]) as start
    points, steps and bounding boxes (x0, y0, dx, dy, left, right, top, bottom), worked out
    once for all the places tried."""
    parts = []
    for x, y in lines:
        x0, y0, x1, y1 = x[:-1], y[:-1], x[1:], y[1:]
        ok = np.isfinite(x0) & np.isfinite(y0) & np.isfinite(x1) & np.isfinite(y1)
        parts.append((x0[ok], y0[ok], x1[ok], y1[ok]))
    if not parts:
        return (np.empty(0),) * 8
    x0, y0, x1, y1 = (np.concatenate([part[i] for part in parts]) for i in range(4))
    return (
        x0,
        y0,
        x1 - x0,
        y1 - y0,
        np.minimum(x0, x1),
        np.maximum(x0, x1),
        np.minimum(y0, y1),
        np.maximum(y0, y1),
    )


def crossings(box: QRectF, x0, y0, dx, dy, left, right, top, bottom) -> int:
    """How many of the segments (x0, y0) + t (dx, dy), 0 <= t <= 1 [scene px] enter ``box``:
    those whose bounding boxes (left, right, top, bottom) meet it, clipped (Liang-Barsky)."""
    near = (
        (right >= box.left())
        & (left <= box.right())
        & (bottom >= box.top())
        & (top <= box.bottom())
    )
    if not near.any():
        return 0
    x0, y0, dx, dy = x0[near], y0[near], dx[near], dy[near]
    p = np.stack([-dx, dx, -dy, dy])  # each edge of the box in turn (left, right, top, bottom)
    q = np.stack([x0 - box.left(), box.right() - x0, y0 - box.top(), box.bottom() - y0])
    parallel = p == 0
    outside = np.any(parallel & (q < 0), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = q / np.where(parallel, 1.0, p)
    lo = np.max(np.where(p < 0, t, 0.0), axis=0, initial=0.0)
    hi = np.min(np.where(p > 0, t, 1.0), axis=0, initial=1.0)
    return int(np.count_nonzero(~outside & (lo <= hi)))


def to_scene(view: pg.ViewBox, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """View coordinates -> scene pixels, for whole arrays (the view's linear map)."""
    shown = view.viewRect()
    box = view.sceneBoundingRect()
    sx = box.width() / shown.width() if shown.width() else 0.0
    sy = box.height() / shown.height() if shown.height() else 0.0
    return box.left() + (x - shown.left()) * sx, box.bottom() - (y - shown.top()) * sy


def place_clear(
    label: pg.TextItem, view: pg.ViewBox, points, curves: list, taken=()
) -> tuple[QRectF, int]:
    """Move ``label`` next to the first of ``points`` ((x, y) pairs [view coordinates], in
    order of preference) where none of ``curves`` (PlotCurveItems) crosses it and it covers
    none of the ``taken`` boxes [scene px] (other labels: covering one is worse than crossing
    any number of curves); returns its box [scene px] and how many curve segments cross it
    (``LABEL_OVERLAP`` if it covers a label)."""
    size = label.textItem.boundingRect()
    width, height = size.width(), size.height()
    chart = view.sceneBoundingRect()
    shown = [c for c in curves if c.isVisible() and c.xData is not None and len(c.xData) > 1]
    views = [c.getViewBox() or view for c in shown]  # a right-hand axis has its own view
    key = (
        label.toPlainText(),
        tuple(map(tuple, points)),
        _rect(chart),
        _rect(view.viewRect()),
        tuple(_rect(v.viewRect()) for v in views),
    )
    data = [array for c in shown for array in (c.xData, c.yData)]  # held: ids never reused
    kept = getattr(label, "_clear_place", None)
    if (
        kept is not None
        and kept[0] == key
        and len(kept[3]) == len(data)
        and all(a is b for a, b in zip(kept[3], data, strict=True))
        and kept[2] == 0
    ):
        room = kept[1].adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)
        if not any(other.intersects(room) for other in taken):
            return kept[1], 0  # same curves and view, still clear: it stays (no jumping)
    lines = [
        to_scene(v, np.asarray(c.xData), np.asarray(c.yData))
        for c, v in zip(shown, views, strict=True)
    ]
    drawn = segments(lines)
    px, py = to_scene(view, np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    best, best_count = None, None
    for point in (QPointF(float(x), float(y)) for x, y in zip(px, py, strict=True)):
        for gap, place in ((gap, place) for gap in GAPS for place in PLACES):
            box = label_box(point, width, height, place, gap)
            if not chart.contains(box):
                continue
            room = box.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE)
            if any(other.intersects(room) for other in taken):
                count = LABEL_OVERLAP  # (its crossings need no counting: never better)
            else:
                count = crossings(room, *drawn)
            if best_count is None or count < best_count:
                best, best_count = box, count
            if count == 0:
                break
        if best_count == 0:
            break
    if best is None:  # no place fits whole: below the first point
        first = QPointF(float(px[0]), float(py[0]))
        best, best_count = label_box(first, width, height, PLACES[0]), LABEL_OVERLAP
    label.setAnchor((0, 0))
    label.setPos(view.mapSceneToView(best.topLeft()))
    label._clear_place = (key, best, best_count, data)
    return best, best_count


def _rect(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.x(), rect.y(), rect.width(), rect.height())
