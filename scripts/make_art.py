"""Generate FootCoach's exercise illustrations and app icon from shared drawing primitives.

Run from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_art.py

It writes ``assets/illustrations/<id>.svg``, ``assets/icons/footcoach.svg``, the scalable icon
and PNG icons 16-512 px under ``assets/icons/hicolor/``.

Style (one for every drawing): side views facing right unless the movement needs another view,
body parts as soft-tinted shapes with one outline width (:data:`LINE`), ``currentColor`` as the
ink, one fixed teal accent (:data:`TEAL`) for equipment and motion arrows. Shapes are combined
with QPainterPath boolean operations so that nearer body parts hide what is behind them; the
written SVG is therefore nothing but plain filled paths, which QtSvg (SVG Tiny 1.2) renders
exactly.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QGuiApplication,
    QPainterPath,
    QPainterPathStroker,
    QPolygonF,
    QTransform,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_svg import render  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ILLUSTRATIONS = ROOT / "assets" / "illustrations"
ICONS = ROOT / "assets" / "icons"
APP_ID = "io.github.footcoach.FootCoach"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

WIDTH, HEIGHT = 480, 320
INK = "currentColor"
TEAL = "#2a9d8f"
LINE = 5.0  # the one outline width, in viewBox units
TINT = 0.13  # body fill: ink at this opacity
FAR_TINT = 0.34  # the far-side limb, a little darker so it reads as behind
GEAR_TINT = 0.22  # equipment fill: teal at this opacity
FLOOR_Y = 296.0

Point = QPointF


# --- geometry -----------------------------------------------------------------------------


def P(x: float, y: float) -> QPointF:
    return QPointF(x, y)


def down(angle: float, length: float) -> QPointF:
    """A vector ``length`` long, ``angle`` degrees from straight down towards +x (forward)."""
    a = math.radians(angle)
    return P(length * math.sin(a), length * math.cos(a))


def up(angle: float, length: float) -> QPointF:
    """A vector ``length`` long, ``angle`` degrees from straight up towards +x (forward)."""
    a = math.radians(angle)
    return P(length * math.sin(a), -length * math.cos(a))


def dist(a: QPointF, b: QPointF) -> float:
    return math.hypot(b.x() - a.x(), b.y() - a.y())


def lerp(a: QPointF, b: QPointF, t: float) -> QPointF:
    return a + (b - a) * t


def circle(c: QPointF, r: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(c, r, r)
    return path


def ellipse(c: QPointF, rx: float, ry: float, angle: float = 0.0) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(P(0, 0), rx, ry)
    return QTransform().translate(c.x(), c.y()).rotate(angle).map(path)


def polygon(points: Iterable[QPointF]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF(list(points)))
    path.closeSubpath()
    return path


def capsule(a: QPointF, ra: float, b: QPointF, rb: float) -> QPainterPath:
    """The convex hull of two circles: a tapered limb segment."""
    length = dist(a, b)
    if length <= abs(ra - rb) + 1e-6:
        return circle(a, ra) if ra >= rb else circle(b, rb)
    theta = math.atan2(b.y() - a.y(), b.x() - a.x())
    phi = math.acos((ra - rb) / length)
    points = []
    steps = 24
    for i in range(steps + 1):  # far side of b
        t = theta - phi + 2 * phi * i / steps
        points.append(P(b.x() + rb * math.cos(t), b.y() + rb * math.sin(t)))
    for i in range(steps + 1):  # far side of a
        t = theta + phi + (2 * math.pi - 2 * phi) * i / steps
        points.append(P(a.x() + ra * math.cos(t), a.y() + ra * math.sin(t)))
    return polygon(points)


def chain(joints: Sequence[tuple[QPointF, float]]) -> QPainterPath:
    """Tapered capsules through ``(centre, radius)`` joints, united."""
    return union(
        capsule(a, ra, b, rb) for (a, ra), (b, rb) in zip(joints, joints[1:], strict=False)
    )


def union(paths: Iterable[QPainterPath]) -> QPainterPath:
    result = QPainterPath()
    for path in paths:
        result = path if result.isEmpty() else result.united(path)
    return result


def smooth(points: Sequence[QPointF], closed: bool = True, tension: float = 1.0) -> QPainterPath:
    """A Catmull-Rom spline through ``points`` as cubic Beziers."""
    pts = list(points)
    n = len(pts)
    path = QPainterPath(pts[0])
    count = n if closed else n - 1
    for i in range(count):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = p1 + (p2 - p0) * (tension / 6)
        c2 = p2 - (p3 - p1) * (tension / 6)
        path.cubicTo(c1, c2, p2)
    if closed:
        path.closeSubpath()
    return path


def place(path: QPainterPath, at: QPointF, angle: float = 0.0, scale: float = 1.0):
    return QTransform().translate(at.x(), at.y()).rotate(angle).scale(scale, scale).map(path)


def mirror_x(path: QPainterPath, x: float) -> QPainterPath:
    """Mirror a path about the vertical line at ``x``."""
    return QTransform().translate(2 * x, 0).scale(-1, 1).map(path)


# --- scene: back-to-front shapes with hidden-line removal ------------------------------------


@dataclass
class Item:
    path: QPainterPath
    closed: bool  # a region (filled and outlined) or an open centre line (stroked)
    stroke: str | None
    fill: str | None = None
    fill_opacity: float = 1.0
    stroke_opacity: float = 1.0
    width: float = LINE
    opaque: bool = True  # hides whatever lies behind it
    dash: tuple[float, ...] | None = None


class Scene:
    """Items in back-to-front order; written as plain filled paths with hidden parts removed."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def shape(
        self,
        path: QPainterPath,
        stroke: str | None = INK,
        fill: str | None = INK,
        opacity: float = TINT,
        opaque: bool = True,
    ) -> None:
        self.items.append(Item(path, True, stroke, fill, opacity, opaque=opaque))

    def body(self, path: QPainterPath, far: bool = False) -> None:
        self.shape(path, INK, INK, FAR_TINT if far else TINT)

    def gear(self, path: QPainterPath, opacity: float = GEAR_TINT, behind: bool = False) -> None:
        """Equipment in teal; ``behind`` puts it at the back of everything drawn so far."""
        self.shape(path, TEAL, TEAL, opacity)
        if behind:
            self.items.insert(0, self.items.pop())

    def solid(self, path: QPainterPath, colour: str = TEAL) -> None:
        self.shape(path, None, colour, 1.0)

    def line(
        self,
        path: QPainterPath,
        colour: str = INK,
        opacity: float = 1.0,
        width: float = LINE,
        dash: tuple[float, ...] | None = None,
    ) -> None:
        self.items.append(Item(path, False, colour, None, 1.0, opacity, width, False, dash))

    def polyline(self, points: Sequence[QPointF], **kwargs) -> None:
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        self.line(path, **kwargs)

    def floor(self, x0: float = 0.0, x1: float = WIDTH, y: float = FLOOR_Y) -> None:
        self.polyline([P(x0, y), P(x1, y)], opacity=0.55)

    def arrow(
        self,
        path: QPainterPath,
        both: bool = False,
        colour: str = TEAL,
        head: float = 17.0,
    ) -> None:
        """A motion arrow along ``path`` (head at the end, or both ends)."""
        length = path.length()
        start = path.percentAtLength(head * 0.8) if both else 0.0
        end = path.percentAtLength(length - head * 0.8)
        shaft = QPainterPath(path.pointAtPercent(start))
        steps = max(8, int(length / 4))
        for i in range(1, steps + 1):
            shaft.lineTo(path.pointAtPercent(start + (end - start) * i / steps))
        self.line(shaft, colour)
        ends = [(1.0, path.angleAtPercent(1.0))]
        if both:
            ends.append((0.0, path.angleAtPercent(0.0) + 180))
        for percent, angle in ends:
            tip = path.pointAtPercent(percent)
            a = math.radians(-angle)  # Qt angles are counter-clockwise
            direction = P(math.cos(a), math.sin(a))
            normal = P(-direction.y(), direction.x())
            base = tip - direction * head
            tri = polygon([tip, base + normal * (head * 0.62), base - normal * (head * 0.62)])
            self.shape(tri, colour, colour, 1.0, opaque=False)

    # -- output --

    def svg(self, title: str) -> str:
        out: list[str] = []
        occluder = QPainterPath()
        for item in reversed(self.items):
            out.append(_item_svg(item, occluder))
            if item.closed and item.opaque:
                occluder = item.path if occluder.isEmpty() else occluder.united(item.path)
        body = "\n".join(part for part in reversed(out) if part)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<!-- FootCoach illustration: {title}. Generated by scripts/make_art.py (edit that).\n"
            '     Colours: "currentColor" is the ink (outlines, and body fill at low opacity);\n'
            "     the app substitutes the palette's text colour for it so the drawing suits light\n"
            f"     and dark themes. {TEAL} (teal) is a fixed accent for equipment and motion\n"
            "     arrows. Plain filled paths only, so QtSvg (SVG Tiny 1.2) renders it exactly.\n"
            "-->\n"
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">\n'
            f"<title>{title}</title>\n{body}\n</svg>\n"
        )


def _stroker(item: Item) -> QPainterPath:
    stroker = QPainterPathStroker()
    stroker.setWidth(item.width)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if item.dash:
        stroker.setDashPattern([d / item.width for d in item.dash])
    return stroker.createStroke(item.path)


def _visible(path: QPainterPath, occluder: QPainterPath) -> QPainterPath:
    if occluder.isEmpty() or not path.intersects(occluder):
        return path
    return path.subtracted(occluder)


def _item_svg(item: Item, occluder: QPainterPath) -> str:
    parts = []
    stroke_region = _stroker(item) if item.stroke else QPainterPath()
    if item.closed and item.fill == item.stroke and item.fill_opacity == item.stroke_opacity == 1:
        # one solid colour (arrow heads): one path, so no anti-aliasing seam between parts
        solid = item.path.united(stroke_region.simplified())
        return _path_svg(_visible(solid, occluder), item.fill, 1.0)
    if item.closed and item.fill:
        fill = item.path
        if not stroke_region.isEmpty():
            fill = fill.subtracted(stroke_region)
        parts.append(_path_svg(_visible(fill, occluder), item.fill, item.fill_opacity))
    if item.stroke:
        stroke = _visible(stroke_region.simplified(), occluder)
        parts.append(_path_svg(stroke, item.stroke, item.stroke_opacity))
    return "\n".join(part for part in parts if part)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _path_svg(path: QPainterPath, colour: str, opacity: float) -> str:
    if path.isEmpty() or path.boundingRect().width() * path.boundingRect().height() < 1:
        return ""
    commands: list[str] = []
    last: QPointF | None = None
    i = 0
    count = path.elementCount()
    while i < count:
        element = path.elementAt(i)
        point = P(element.x, element.y)
        if element.type == QPainterPath.ElementType.MoveToElement:
            if commands:
                commands.append("Z")
            commands.append(f"M{_num(point.x())} {_num(point.y())}")
            last = point
            i += 1
        elif element.type == QPainterPath.ElementType.LineToElement:
            if last is None or dist(last, point) >= 0.35:
                commands.append(f"L{_num(point.x())} {_num(point.y())}")
                last = point
            i += 1
        else:  # CurveTo followed by two CurveToData elements
            c2 = path.elementAt(i + 1)
            end = path.elementAt(i + 2)
            commands.append(
                "C" + " ".join(_num(v) for v in (point.x(), point.y(), c2.x, c2.y, end.x, end.y))
            )
            last = P(end.x, end.y)
            i += 3
    commands.append("Z")
    rule = "nonzero" if path.fillRule() == Qt.FillRule.WindingFill else "evenodd"
    alpha = "" if opacity >= 1 else f' fill-opacity="{_num_op(opacity)}"'
    return f'<path fill="{colour}"{alpha} fill-rule="{rule}" d="{"".join(commands)}"/>'


def _num_op(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- the body (side view, facing +x; lengths in cm, scaled by s) -----------------------------

THIGH, SHIN, TORSO, UPPER_ARM, FOREARM = 44.0, 43.0, 50.0, 29.0, 26.0

# Foot outline in the foot frame: origin at the ankle joint, x forward, y down, sole at y=7.5.
FOOT = [
    (1.8, -3.2),
    (5.5, 0.2),
    (10.0, 2.7),
    (13.6, 4.0),
    (15.6, 5.6),
    (15.0, 7.5),
    (10.5, 7.1),
    (5.5, 6.8),
    (1.0, 7.4),
    (-3.0, 7.5),
    (-5.0, 6.5),
    (-5.5, 4.2),
    (-4.9, 1.6),
    (-3.5, -0.8),
    (-3.0, -3.6),
]
MTP = (14.0, 5.6)  # ball of the foot joint (toes hinge here)
TOES_FLAT = (4.0, 8.0)
TOES_CLAW = (-30.0, 48.0)  # toes gripping: knuckle up, tips down
TOES_UP = (-14.0, -16.0)


def foot(ankle: QPointF, rot: float, s: float, toes: tuple[float, float] = TOES_FLAT):
    """Foot and toes as one region; ``rot`` > 0 points the toes down (heel up)."""
    body = smooth([P(x, y) for x, y in FOOT])
    mtp = P(*MTP)
    pip = mtp + P(math.cos(math.radians(toes[0])), math.sin(math.radians(toes[0]))) * 3.2
    tip = pip + P(math.cos(math.radians(toes[1])), math.sin(math.radians(toes[1]))) * 2.3
    toe = chain([(mtp, 1.9), (pip, 1.5), (tip, 1.15)])
    # scale before uniting: boolean operations flatten curves at a fixed tolerance
    return union([place(body, ankle, rot, s), place(toe, ankle, rot, s)])


def ankle_on_floor(
    x: float, rot: float, s: float, toes: tuple[float, float] = TOES_FLAT, floor: float = FLOOR_Y
) -> QPointF:
    """Where the ankle joint goes (at ``x``) for the foot's lowest point to touch the floor."""
    bottom = foot(P(x, 0), rot, s, toes).boundingRect().bottom()
    return P(x, floor - bottom)


def shin(knee: QPointF, ankle: QPointF, s: float) -> QPainterPath:
    """Lower leg from knee to ankle, with the calf bulging behind."""
    u = (ankle - knee) / max(dist(knee, ankle), 1e-6)
    back = P(-u.y(), u.x())  # for a leg facing +x
    calf = knee + u * (13 * s) + back * (1.5 * s)
    low = knee + u * (31 * s)
    return chain([(knee, 5.0 * s), (calf, 5.7 * s), (low, 3.5 * s), (ankle, 3.0 * s)])


def thigh(hip: QPointF, knee: QPointF, s: float) -> QPainterPath:
    return capsule(hip, 7.2 * s, knee, 5.3 * s)


def leg(
    hip: QPointF | None,
    knee: QPointF,
    ankle: QPointF,
    rot: float,
    s: float,
    toes: tuple[float, float] = TOES_FLAT,
) -> QPainterPath:
    parts = [shin(knee, ankle, s), foot(ankle, rot, s, toes)]
    if hip is not None:
        parts.append(thigh(hip, knee, s))
    return union(parts)


def knee_ik(hip: QPointF, ankle: QPointF, s: float, forward: float = 1.0) -> QPointF:
    """The knee for a thigh and shin reaching from ``hip`` to ``ankle`` (bending forward)."""
    l1, l2 = THIGH * s, SHIN * s
    d = min(dist(hip, ankle), (l1 + l2) * 0.9999)
    u = (ankle - hip) / dist(hip, ankle)
    a = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    n = P(u.y(), -u.x()) * forward
    return hip + u * a + n * h


def torso(hip: QPointF, lean: float, s: float) -> tuple[QPainterPath, QPointF, QPointF]:
    """Torso, neck and head; returns (region, shoulder joint, head centre)."""
    ax = up(lean, 1.0)
    fwd = P(-ax.y(), ax.x())  # forward, perpendicular to the spine
    pelvis = hip - fwd * (1.0 * s)
    waist = hip + ax * (18 * s)
    chest = hip + ax * (33 * s) + fwd * (1.5 * s)
    top = hip + ax * (47 * s)
    shoulder = hip + ax * (41 * s) - fwd * (0.5 * s)
    neck_top = top + up(lean * 0.6, 9 * s)
    head = neck_top + up(lean * 0.5, 9.5 * s) + fwd * (1.2 * s)
    body = chain([(pelvis, 10.5 * s), (waist, 9.3 * s), (chest, 11.0 * s), (top, 7.5 * s)])
    neck = capsule(top, 5.0 * s, neck_top, 4.6 * s)
    skull = ellipse(head, 10.0 * s, 11.2 * s, lean * 0.5)
    nose = circle(head + fwd * (9.6 * s) + ax * (0.5 * s), 1.8 * s)
    return union([body, neck, skull, nose]), shoulder, head


def arm(shoulder: QPointF, upper: float, fore: float, s: float) -> QPainterPath:
    """Arm from the shoulder: angles in degrees from straight down, forward positive."""
    elbow = shoulder + down(upper, UPPER_ARM * s)
    wrist = elbow + down(fore, FOREARM * s)
    hand = wrist + down(fore, 7.0 * s)
    return chain([(shoulder, 4.4 * s), (elbow, 3.5 * s), (wrist, 2.7 * s), (hand, 2.9 * s)])


def foot_point(ankle: QPointF, rot: float, s: float, local: tuple[float, float]) -> QPointF:
    return QTransform().translate(ankle.x(), ankle.y()).rotate(rot).scale(s, s).map(P(*local))


def toe_tip(ankle: QPointF, rot: float, s: float, toes: tuple[float, float]) -> QPointF:
    mtp = P(*MTP)
    pip = mtp + P(math.cos(math.radians(toes[0])), math.sin(math.radians(toes[0]))) * 3.2
    tip = pip + P(math.cos(math.radians(toes[1])), math.sin(math.radians(toes[1]))) * 2.3
    return foot_point(ankle, rot, s, (tip.x(), tip.y()))


def arc_path(points: Sequence[QPointF]) -> QPainterPath:
    """A smooth open curve through the points (for arrows)."""
    return smooth(points, closed=False)


# --- the illustrations ---------------------------------------------------------------------


def ik2(a: QPointF, b: QPointF, l1: float, l2: float, bend: float = 1.0) -> QPointF:
    """The middle joint of two bones ``l1``, ``l2`` reaching from ``a`` to ``b``.

    ``bend`` +1 puts the joint on the left of the a-to-b direction (screen coordinates), which
    for a leg pointing down and facing +x is in front.
    """
    d = min(dist(a, b), (l1 + l2) * 0.9999)
    u = (b - a) / dist(a, b)
    along = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = math.sqrt(max(l1 * l1 - along * along, 0.0))
    return a + u * along + P(u.y(), -u.x()) * (h * bend)


def standing_leg(scene: Scene, ankle: QPointF, rot: float, s: float, toes, far: bool = False):
    """A lower leg and foot standing at ``ankle``, the thigh running up out of the frame."""
    knee = ankle + up(-2, SHIN * s)
    hip = knee + up(3, THIGH * s)
    scene.body(leg(hip, knee, ankle, rot, s, toes), far=far)


def heel_raises() -> Scene:
    """Standing, both feet: flat (left), then up on the balls of the feet (right)."""
    scene = Scene()
    scene.floor()
    s = 4.4
    raised = 40.0
    up_toes = (4.0 - raised, 8.0 - raised)  # toes stay flat on the floor
    for x, rot, toes in ((110, 0.0, TOES_FLAT), (345, raised, up_toes)):
        ankle = ankle_on_floor(x, rot, s, toes)
        standing_leg(scene, ankle + P(-24, -6), rot, s, toes, far=True)
        standing_leg(scene, ankle, rot, s, toes)
    heel = foot_point(ankle_on_floor(345, raised, s, up_toes), raised, s, (-5.2, 5.0))
    scene.arrow(arc_path([P(heel.x() - 46, FLOOR_Y - 8), P(heel.x() - 46, heel.y() - 40)]))
    scene.arrow(arc_path([P(196, 150), P(250, 150)]))
    return scene


SEAT_S = 5.2


def seated(
    scene: Scene,
    knee_x: float,
    shin_angle: float,
    rot: float,
    toes,
    lift: float = 0.0,
    s: float = SEAT_S,
) -> QPointF:
    """Chair, thigh, lower leg and foot of a person sitting at the left, facing right.

    The foot is placed on the floor (or ``lift`` px above it) with the shin at ``shin_angle``
    degrees from vertical. Returns the ankle joint.
    """
    probe = ankle_on_floor(0, rot, s, toes, FLOOR_Y - lift)
    shin_vec = down(shin_angle, SHIN * s)
    knee = P(knee_x, probe.y() - shin_vec.y())
    ankle = knee + shin_vec
    hip = P(knee.x() - THIGH * s, knee.y() - 4)
    seat_y = hip.y() + 7.2 * s + LINE / 2
    front = knee.x() - 8 * s
    scene.shape(
        polygon([P(-20, seat_y), P(front, seat_y), P(front, seat_y + 13), P(-20, seat_y + 13)]),
        INK,
        None,
    )
    scene.polyline([P(front - 12, seat_y + 13), P(front - 12, FLOOR_Y)])
    scene.polyline([P(18, seat_y + 13), P(18, FLOOR_Y)])
    # torso rising out of the frame at the left
    scene.body(chain([(hip, 7.2 * s), (hip + up(-6, 30 * s), 9.0 * s)]))
    scene.body(union([thigh(hip, knee, s), shin(knee, ankle, s), foot(ankle, rot, s, toes)]))
    return ankle


def towel(scene: Scene, x0: float, x1: float, humps: Sequence[tuple[float, float]]) -> None:
    """A towel on the floor from ``x0`` to ``x1``, bunched into (x, height) humps."""
    y = FLOOR_Y
    top = [P(x0, y - 4)]
    for x, h in humps:
        top += [P(x - 9, y - h * 0.45), P(x, y - h)]
    last = humps[-1][0] if humps else x0
    top += [P(last + 14, y - 9), P(last + 30, y - 9), P(x1, y - 9)]
    outline = smooth(top, closed=False)
    outline.lineTo(P(x1, y))
    outline.lineTo(P(x0, y))
    outline.closeSubpath()
    scene.gear(polygon(outline.toFillPolygon()), behind=True)


def towel_curls() -> Scene:
    """Seated; toes claw a towel on the floor and drag it in, bunching it under the foot."""
    scene = Scene()
    toes = TOES_CLAW
    ankle = seated(scene, 205, 4.0, 0.0, toes)
    tip = toe_tip(ankle, 0.0, SEAT_S, toes)
    towel(
        scene,
        tip.x() - 52,
        470,
        [(tip.x() - 30, 22), (tip.x() - 6, 30), (tip.x() + 20, 24), (tip.x() + 42, 17)],
    )
    scene.floor()
    scene.arrow(arc_path([P(464, 262), P(tip.x() + 62, 262)]))
    c = tip + P(0, -32)
    scene.arrow(arc_path([c + P(-30, -34), c + P(10, -42), c + P(34, -14), c + P(30, 12)]))
    return scene


def foot_roll() -> Scene:
    """Seated; the arch rests on a small roller and the foot rolls it back and forth."""
    scene = Scene()
    s = 4.6
    r = 22.0
    rot = -3.0
    ankle = seated(scene, 200, 12.0, rot, TOES_FLAT, lift=2 * r - 3, s=s)
    arch = foot_point(ankle, rot, s, (6.0, 7.2))
    centre = P(arch.x(), FLOOR_Y - r)
    # the roller goes behind the foot
    scene.items.insert(0, Item(circle(centre, r), True, TEAL, TEAL, GEAR_TINT))
    scene.items.insert(1, Item(circle(centre, r * 0.36), True, TEAL, None))
    scene.floor()
    y = FLOOR_Y - 2 * r - 58
    scene.arrow(arc_path([P(ankle.x() + 36, y), P(ankle.x() + 176, y)]), both=True)
    return scene


def marble_pickups() -> Scene:
    """Seated; toes grip a marble, more marbles on the floor, a bowl to drop them in."""
    scene = Scene()
    s = SEAT_S
    toes = (-30.0, 55.0)
    rot = -14.0
    ankle = seated(scene, 185, 2.0, rot, toes)
    tip = toe_tip(ankle, rot, s, toes)
    marble = 9.5
    scene.solid(circle(tip + P(5, 12), marble))
    for dx, dy in ((40, 0), (64, 0), (52, 18)):
        scene.solid(circle(P(tip.x() + dx, FLOOR_Y - marble - 1 - dy), marble))
    bowl_x = 418
    bowl = smooth(
        [
            P(bowl_x - 46, FLOOR_Y - 50),
            P(bowl_x + 46, FLOOR_Y - 50),
            P(bowl_x + 32, FLOOR_Y - 3),
            P(bowl_x - 32, FLOOR_Y - 3),
        ],
        tension=0.4,
    )
    scene.solid(circle(P(bowl_x - 10, FLOOR_Y - 52), marble))
    scene.solid(circle(P(bowl_x + 12, FLOOR_Y - 54), marble))
    scene.gear(bowl)
    scene.floor()
    scene.arrow(arc_path([tip + P(12, -28), P(tip.x() + 84, 132), P(bowl_x - 4, FLOOR_Y - 72)]))
    return scene


def toe_scrunch() -> Scene:
    """Seated; toes scrunch a small cloth up under them."""
    scene = Scene()
    toes = TOES_CLAW
    ankle = seated(scene, 200, 4.0, -4.0, toes)
    tip = toe_tip(ankle, -4.0, SEAT_S, toes)
    y = FLOOR_Y
    cloth = [
        P(tip.x() - 62, y),
        P(tip.x() - 40, y - 7),
        P(tip.x() - 20, y - 12),
        P(tip.x() - 2, y - 30),
        P(tip.x() + 14, y - 18),
        P(tip.x() + 30, y - 34),
        P(tip.x() + 46, y - 16),
        P(tip.x() + 60, y - 24),
        P(tip.x() + 74, y - 6),
        P(tip.x() + 80, y),
    ]
    outline = smooth(cloth, closed=False)
    outline.closeSubpath()
    scene.gear(polygon(outline.toFillPolygon()), behind=True)
    scene.floor()
    c = tip + P(4, -22)
    scene.arrow(arc_path([c + P(-34, -36), c + P(8, -46), c + P(38, -18), c + P(34, 12)]))
    return scene


def single_leg_balance() -> Scene:
    """Standing on one foot, the other knee lifted so that foot is off the floor, arms by the
    sides (side view)."""
    scene = Scene()
    scene.floor()
    s = 1.64
    ankle = ankle_on_floor(228, 0.0, s)
    hip = P(ankle.x() - 3, ankle.y() - (THIGH + SHIN) * s * 0.998)
    region, shoulder, _head = torso(hip, 0.0, s)
    knee = hip + down(62, THIGH * s)
    lifted = knee + down(-4, SHIN * s)
    scene.body(arm(shoulder + P(-3, 0), -6, 6, s), far=True)
    scene.body(leg(hip, knee_ik(hip, ankle, s), ankle, 0.0, s), far=True)
    scene.body(region.united(leg(hip, knee, lifted, 12.0, s)))
    scene.body(arm(shoulder, -3, 8, s))
    sole = foot_point(lifted, 12.0, s, (4.0, 7.5))
    scene.arrow(arc_path([P(sole.x() + 40, FLOOR_Y - 6), P(sole.x() + 40, sole.y() - 6)]), head=15)
    return scene


def heel_walks() -> Scene:
    """Walking on the heels with the toes pulled up; an arrow for the direction of walking."""
    scene = Scene()
    scene.floor()
    s = 3.6
    rot = -30.0
    back = ankle_on_floor(150, rot, s, TOES_UP)
    front = ankle_on_floor(300, rot, s, TOES_UP)
    hip = P(225, back.y() - math.sqrt((0.985 * (THIGH + SHIN) * s) ** 2 - 75**2))
    scene.body(leg(hip, knee_ik(hip, back, s), back, rot, s, TOES_UP), far=True)
    scene.body(leg(hip, knee_ik(hip, front, s), front, rot, s, TOES_UP))
    scene.arrow(arc_path([P(340, 150), P(450, 150)]))
    tip = toe_tip(front, rot, s, TOES_UP)
    scene.arrow(arc_path([tip + P(30, 26), tip + P(34, 0), tip + P(28, -24)]), head=15)
    return scene


def top_foot(heel: QPointF, spread: float, s: float) -> list[QPainterPath]:
    """A right foot seen from above, toes pointing up the page; ``spread`` fans the toes.

    Returns the foot and then the toes (little toe first), for back-to-front drawing.
    """
    outline = [
        (0, 0),
        (3.3, -2.2),
        (3.9, -8),
        (4.3, -13.5),
        (4.2, -16.0),
        (1.5, -18.6),
        (-1.5, -19.6),
        (-4.2, -19.2),
        (-4.8, -16.0),
        (-3.6, -11),
        (-3.2, -6),
        (-3.3, -2.2),
    ]
    paths = [smooth([P(x, y) for x, y in outline])]
    # (base x, base y, length, radius, natural angle, spread angle); big toe last
    toes = [
        (3.4, -15.4, 2.3, 1.0, 16, 40),
        (2.2, -17.3, 2.7, 1.05, 10, 25),
        (0.6, -18.5, 3.0, 1.1, 5, 10),
        (-1.3, -19.1, 3.3, 1.15, 0, -5),
        (-3.3, -18.4, 3.9, 1.6, -2, -20),
    ]
    for x, y, length, r, natural, wide in toes:
        angle = natural + (wide - natural) * spread
        base = P(x, y)
        tip = base + up(angle, length)
        paths.append(capsule(base, r * 1.1, tip, r))
    return [place(path, heel, 0.0, s) for path in paths]


def toe_spread() -> Scene:
    """Seen from above: on a cloth, toes together (left), then spread wide (right)."""
    scene = Scene()
    s = 9.2
    for cx, spread in ((122, 0.0), (358, 1.0)):
        scene.gear(
            smooth([P(cx - 88, 30), P(cx + 88, 26), P(cx + 92, 300), P(cx - 84, 304)], tension=0.15)
        )
        for part in top_foot(P(cx + 4, 276), spread, s):
            scene.body(part)
    for side, dx in ((-1, -60), (1, 58)):  # arrows fanning out beside the spread toes
        base = P(362 + dx, 104)
        scene.arrow(arc_path([base, base + P(side * 26, -12)]), head=14)
    scene.arrow(arc_path([P(218, 170), P(262, 170)]), head=15)
    return scene


def toe_stretch() -> Scene:
    """Seated; toes grip the end of a towel and pull it back towards the chair (then hold)."""
    scene = Scene()
    toes = TOES_CLAW
    ankle = seated(scene, 205, 0.0, -6.0, toes)
    tip = toe_tip(ankle, -6.0, SEAT_S, toes)
    towel(scene, tip.x() - 30, 470, [(tip.x() - 6, 24)])
    scene.floor()
    y = FLOOR_Y - 40
    scene.arrow(arc_path([P(tip.x() + 120, y), P(tip.x() + 26, y)]))
    return scene


def calf_stretch() -> Scene:
    """Whole figure facing a wall, hands on it, one foot back with the heel down, leaning in."""
    scene = Scene()
    wall_x = 404.0
    scene.gear(polygon([P(wall_x, -10), P(500, -10), P(500, FLOOR_Y), P(wall_x, FLOOR_Y)]))
    scene.floor(0, wall_x)
    s = 1.72
    front = ankle_on_floor(wall_x - 100, 0.0, s)
    back = ankle_on_floor(wall_x - 262, 0.0, s)
    reach = (THIGH + SHIN) * s * 0.997
    hip_x = wall_x - 176
    hip = P(hip_x, back.y() - math.sqrt(reach**2 - (hip_x - back.x()) ** 2))
    lean = 30.0
    region, shoulder, _head = torso(hip, lean, s)
    hand = P(wall_x - 3.2 * s, shoulder.y() + 8)
    wrist = hand - P(6 * s, 0)
    elbow = ik2(shoulder, wrist, UPPER_ARM * s, FOREARM * s, bend=-1.0)
    limb = chain([(shoulder, 4.4 * s), (elbow, 3.5 * s), (wrist, 2.7 * s), (hand, 2.9 * s)])
    scene.body(leg(hip, knee_ik(hip, front, s), front, 0.0, s), far=True)
    scene.body(region.united(leg(hip, knee_ik(hip, back, s), back, 0.0, s)))
    scene.body(limb)  # the far arm is hidden behind it
    return scene


ILLUSTRATION_BUILDERS = {
    "heel-raises": (heel_raises, "Heel raises"),
    "towel-curls": (towel_curls, "Towel curls"),
    "foot-roll": (foot_roll, "Foot roll"),
    "marble-pickups": (marble_pickups, "Marble pick-ups"),
    "single-leg-balance": (single_leg_balance, "Single-leg balance"),
    "toe-scrunch": (toe_scrunch, "Toe scrunch"),
    "heel-walks": (heel_walks, "Heel walks"),
    "toe-spread": (toe_spread, "Toe spread"),
    "toe-stretch": (toe_stretch, "Toe stretch"),
    "calf-stretch": (calf_stretch, "Calf stretch"),
}


# --- the app icon ------------------------------------------------------------------------

ICON_DARK = "#1d2430"
ICON_PLATE = "#f3f8f7"


def icon_svg(small: bool = False) -> str:
    """A footprint on a light disc inside a teal stopwatch ring, on a transparent 256 square.

    ``small`` is the variant for 16-24 px: a heavier ring and fewer, bigger toe pads.
    """
    centre, ring = P(128, 140), 96.0
    band = 34.0 if small else 20.0
    parts = []
    plate = circle(centre, ring)
    parts.append(_path_svg(plate, ICON_PLATE, 1.0))
    track = Item(circle(centre, ring), True, TEAL, width=band)
    parts.append(_path_svg(_stroker(track).simplified(), TEAL, 0.3))
    arc = QPainterPath()
    arc.arcMoveTo(QRectF(centre.x() - ring, centre.y() - ring, 2 * ring, 2 * ring), 90)
    arc.arcTo(QRectF(centre.x() - ring, centre.y() - ring, 2 * ring, 2 * ring), 90, -285)
    parts.append(_path_svg(_stroker(Item(arc, False, TEAL, width=band)).simplified(), TEAL, 1.0))
    button = QPainterPath()
    button.addRoundedRect(QRectF(104, 8, 48, 19), 7, 7)
    stem = QPainterPath()
    stem.addRect(QRectF(119, 22, 18, 18))
    parts.append(_path_svg(button.united(stem), TEAL, 1.0))
    # the footprint: sole and five toe pads, tilted a little
    sole = [
        (0, 0),
        (3.2, -2.2),
        (3.5, -7.5),
        (3.9, -12.0),
        (4.4, -15.4),
        (2.9, -18.2),
        (-0.8, -19.3),
        (-3.9, -18.6),
        (-4.8, -15.6),
        (-3.0, -11.8),
        (-1.7, -8.5),
        (-2.4, -5.0),
        (-3.2, -2.4),
    ]
    pads = [
        (-2.8, -22.3, 1.75, 2.3, 12),
        (0.5, -22.4, 1.15, 1.45, 12),
        (2.4, -21.6, 1.0, 1.3, 12),
        (3.9, -20.2, 0.9, 1.15, 12),
        (5.0, -18.4, 0.8, 1.0, 12),
    ]
    if small:
        pads = [(-2.6, -22.6, 2.1, 2.6, 12), (2.4, -21.4, 2.6, 1.5, 28)]
    paths = [smooth([P(x, y) for x, y in sole])]
    paths += [ellipse(P(x, y), rx, ry, turn) for x, y, rx, ry, turn in pads]
    heel, scale = (P(130, 226), 7.4) if small else (P(130, 218), 6.4)
    foot_shape = union(place(path, heel, -10, scale) for path in paths)
    parts.append(_path_svg(foot_shape, ICON_DARK, 1.0))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- FootCoach app icon. Generated by scripts/make_art.py (edit that). -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        'viewBox="0 0 256 256" width="256" height="256">\n'
        "<title>FootCoach</title>\n" + "\n".join(parts) + "\n</svg>\n"
    )


def write_icons() -> None:
    svg = icon_svg()
    (ICONS / "footcoach.svg").write_text(svg, encoding="utf-8")
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_text(svg, encoding="utf-8")
    for size in ICON_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        image = render(icon_svg(small=True) if size <= 24 else svg, size)
        if not image.save(str(png)):
            raise OSError(f"could not write {png}")


def write_illustrations(only: Iterable[str] | None = None) -> None:
    wanted = set(only) if only else set(ILLUSTRATION_BUILDERS)
    for ident, (build, title) in ILLUSTRATION_BUILDERS.items():
        if ident in wanted:
            (ILLUSTRATIONS / f"{ident}.svg").write_text(build().svg(title), encoding="utf-8")


def main(argv: list[str]) -> int:
    _app = QGuiApplication.instance() or QGuiApplication([])
    write_illustrations(argv[1:] or None)
    if not argv[1:]:
        write_icons()
    print("wrote illustrations" + ("" if argv[1:] else " and icons"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
