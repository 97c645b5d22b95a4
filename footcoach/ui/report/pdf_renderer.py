"""``ReportRenderer``: lays out a ``ClinicianReport`` on pages and draws it with QPainter.

Everything is vectors and black or grey ink: series differ by marker shape and line style,
never by colour alone, so a greyscale print reads the same. The same code paints a
``QPdfWriter`` (``footcoach report``) and a ``QPrinter`` (the print preview). It needs a
``QGuiApplication`` but no display (the offscreen platform is enough).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from footcoach.clinician_report import ClinicianReport, ReportChart, Section, Table
from footcoach.errors import FootCoachError
from footcoach.pain import SEVERE, PainContext

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 16.0
PDF_DPI = 600

INK = QColor(0, 0, 0)
GREY = QColor(110, 110, 110)
LIGHT = QColor(205, 205, 205)
FILL = QColor(170, 170, 170)

# One marker per context: shape, not colour, tells them apart.
MARKERS = {
    PainContext.MORNING: "disc",
    PainContext.DAY: "square",
    PainContext.DURING_EXERCISE: "triangle",
    PainContext.AFTER_EXERCISE: "cross",
}


class RenderError(FootCoachError):
    """The report could not be drawn (Qt refused the device)."""


@dataclass
class _Block:
    """A piece of the page flow: its height at the page width, and how to draw it."""

    height: float
    draw: Callable[[QPainter, float, float], None]
    keep_with_next: bool = False
    header: _Block | None = None
    """A table row's header, drawn again on top of a page the table continues on."""


class ReportRenderer:
    """Draws one report on any paged device, page numbers and footer on every page."""

    def __init__(self, report: ClinicianReport) -> None:
        self._report = report

    def render_pdf(self, page_size: str = "A4", title: str = "FootCoach report") -> bytes:
        """The report as PDF bytes (written by the caller, so a bad path fails in one place)."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(PDF_DPI)
        writer.setTitle(title)
        writer.setCreator("FootCoach")
        self.set_page(writer, page_size)
        self.paint(writer)
        del writer  # the PDF is finished when the writer goes
        buffer.close()
        return bytes(data.data())

    @staticmethod
    def set_page(device: QPagedPaintDevice, page_size: str) -> None:
        """A4 or Letter, portrait, with the report's margins."""
        layout = QPageLayout(
            QPageSize(PAGE_SIZES[page_size]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
        device.setPageLayout(layout)

    def paint(self, device: QPagedPaintDevice) -> int:
        """Draw every page on ``device``; return the number of pages."""
        painter = QPainter()
        if not painter.begin(device):
            raise RenderError("could not start drawing the report")
        try:
            return self._paint(painter, device)
        finally:
            painter.end()

    # -- layout -------------------------------------------------------------------------

    def _paint(self, painter: QPainter, device: QPagedPaintDevice) -> int:
        self._pt = device.logicalDpiY() / 72.0
        self._device = device
        width = float(device.width())
        height = float(device.height())
        footer_height = self._text_height(self._small(), self._report.footer, width) + 8 * self._pt
        body = height - footer_height - 6 * self._pt
        pages = self._paginate(self._blocks(width), body)
        for number, blocks in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
            y = 0.0
            for block in blocks:
                block.draw(painter, 0.0, y)
                y += block.height
            self._footer(painter, width, height, footer_height, number, len(pages))
        return len(pages)

    @staticmethod
    def _paginate(blocks: list[_Block], body: float) -> list[list[_Block]]:
        pages: list[list[_Block]] = [[]]
        used = 0.0
        for i, block in enumerate(blocks):
            need = block.height
            if block.keep_with_next and i + 1 < len(blocks):
                need += blocks[i + 1].height
            if pages[-1] and used + need > body:
                pages.append([])
                used = 0.0
                if block.header is not None:
                    pages[-1].append(block.header)
                    used += block.header.height
            pages[-1].append(block)
            used += block.height
        return pages

    def _blocks(self, width: float) -> list[_Block]:
        report = self._report
        blocks = [self._text_block(report.title, self._title_font(), width, after=4)]
        for line in report.header:
            blocks.append(self._text_block(line, self._body(), width, colour=GREY))
        blocks.append(self._space(4))
        blocks.append(self._text_block(report.glance, self._font(10, bold=True), width))
        blocks.append(self._space(6))
        if report.chart is not None:
            blocks.append(self._chart_block(report.chart, width))
        for section in report.sections:
            blocks.extend(self._section_blocks(section, width))
        return blocks

    def _section_blocks(self, section: Section, width: float) -> list[_Block]:
        blocks = [self._space(6)]
        heading = self._text_block(section.title, self._heading(), width, after=3)
        heading.keep_with_next = True
        blocks.append(heading)
        for line in section.lines:
            blocks.append(self._text_block(line, self._body(), width, after=2))
        if section.table is not None:
            blocks.extend(self._table_blocks(section.table, width))
        for line in section.after:
            small = line.startswith("Figures as:")
            font = self._small() if small else self._body()
            blocks.append(
                self._text_block(line, font, width, after=2, colour=GREY if small else INK)
            )
        return blocks

    # -- fonts and text -----------------------------------------------------------------

    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(["DejaVu Sans", "Liberation Sans", "Arial"])
        font.setPointSizeF(size)
        font.setBold(bold)
        # No "fi"/"fl" ligatures: text copied or searched from the PDF stays plain letters.
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def _title_font(self) -> QFont:
        return self._font(16, bold=True)

    def _heading(self) -> QFont:
        return self._font(11.5, bold=True)

    def _body(self) -> QFont:
        return self._font(9)

    def _small(self) -> QFont:
        return self._font(7.5)

    def _metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self._device)

    def _text_height(self, font: QFont, text: str, width: float) -> float:
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = self._metrics(font).boundingRect(QRectF(0, 0, width, 1e6), flags, text)
        return rect.height()

    def _text_block(
        self, text: str, font: QFont, width: float, *, after: float = 0, colour: QColor = INK
    ) -> _Block:
        text_height = self._text_height(font, text, width)

        def draw(painter: QPainter, x: float, y: float) -> None:
            painter.setFont(font)
            painter.setPen(colour)
            flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
            painter.drawText(QRectF(x, y, width, text_height), flags, text)

        return _Block(text_height + after * self._pt, draw)

    def _space(self, points: float) -> _Block:
        return _Block(points * self._pt, lambda _painter, _x, _y: None)

    # -- tables -------------------------------------------------------------------------

    def _table_blocks(self, table: Table, width: float) -> list[_Block]:
        font = self._body()
        bold = self._font(9, bold=True)
        metrics = self._metrics(font)
        pad = 4 * self._pt
        natural = [
            max(
                [self._metrics(bold).horizontalAdvance(table.columns[i])]
                + [metrics.horizontalAdvance(row[i]) for row in table.rows]
            )
            + 2 * pad
            + self._pt  # rounding slack: a cell exactly its text's width would wrap
            for i in range(len(table.columns))
        ]
        widths = self._fit_columns(natural, table.numeric, width)
        header = self._row_block(table.columns, widths, table.numeric, bold, header=True)
        header.keep_with_next = True
        blocks = [header]
        for row in table.rows:
            block = self._row_block(row, widths, table.numeric, font, header=False)
            block.header = header
            blocks.append(block)
        blocks.append(self._space(4))
        return blocks

    @staticmethod
    def _fit_columns(natural: list[float], numeric: tuple[bool, ...], width: float) -> list[float]:
        total = sum(natural)
        if total <= width:
            return natural
        # Wide text columns (a note) give up room and wrap; numbers and short words keep theirs.
        wide = [
            not is_number and w > width / 4 for w, is_number in zip(natural, numeric, strict=True)
        ]
        fixed = sum(w for w, is_wide in zip(natural, wide, strict=True) if not is_wide)
        wide_total = total - fixed
        room = max(width - fixed, 0.0)
        return [
            w * room / wide_total if is_wide else w
            for w, is_wide in zip(natural, wide, strict=True)
        ]

    def _row_block(
        self,
        cells: tuple[str, ...],
        widths: list[float],
        numeric: tuple[bool, ...],
        font: QFont,
        *,
        header: bool,
    ) -> _Block:
        pad = 4 * self._pt
        heights = [
            self._text_height(font, cell, max(w - 2 * pad, 1.0))
            for cell, w in zip(cells, widths, strict=True)
        ]
        row_height = max(heights) + 2.5 * self._pt * 2
        total = sum(widths)

        def draw(painter: QPainter, x: float, y: float) -> None:
            painter.setFont(font)
            left = x
            for cell, w, is_number in zip(cells, widths, numeric, strict=True):
                align = Qt.AlignmentFlag.AlignRight if is_number else Qt.AlignmentFlag.AlignLeft
                flags = int(Qt.TextFlag.TextWordWrap) | int(align) | int(Qt.AlignmentFlag.AlignTop)
                painter.setPen(INK)
                rect = QRectF(left + pad, y + 2.5 * self._pt, w - 2 * pad, row_height)
                painter.drawText(rect, flags, cell)
                left += w
            pen = QPen(INK if header else LIGHT, (0.8 if header else 0.4) * self._pt)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y + row_height), QPointF(x + total, y + row_height))

        return _Block(row_height, draw)

    # -- footer -------------------------------------------------------------------------

    def _footer(
        self, painter: QPainter, width: float, height: float, footer: float, page: int, pages: int
    ) -> None:
        top = height - footer
        painter.setPen(QPen(GREY, 0.5 * self._pt))
        painter.drawLine(QPointF(0, top), QPointF(width, top))
        font = self._small()
        painter.setFont(font)
        painter.setPen(INK)
        number = f"Page {page} of {pages}"
        number_width = self._metrics(font).horizontalAdvance(number) + 12 * self._pt
        text_rect = QRectF(0, top + 4 * self._pt, width - number_width, footer)
        painter.drawText(
            text_rect,
            int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft),
            self._report.footer,
        )
        painter.drawText(
            QRectF(width - number_width, top + 4 * self._pt, number_width, footer),
            int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignTop),
            number,
        )

    # -- the chart ----------------------------------------------------------------------

    def _chart_block(self, chart: ReportChart, width: float) -> _Block:
        pt = self._pt
        legend_font = self._small()
        legend_height = self._legend_height(chart, legend_font, width)
        title_height = self._text_height(self._body(), chart.title, width) + 3 * pt
        plot_height = 150 * pt
        strip_height = 28 * pt
        axis_height = 14 * pt
        total = title_height + legend_height + plot_height + axis_height + strip_height + 10 * pt

        def draw(painter: QPainter, x: float, y: float) -> None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setFont(self._font(9, bold=True))
            painter.setPen(INK)
            painter.drawText(
                QRectF(x, y, width, title_height), int(Qt.AlignmentFlag.AlignLeft), chart.title
            )
            top = y + title_height
            self._draw_legend(painter, chart, legend_font, QRectF(x, top, width, legend_height))
            top += legend_height + 2 * pt
            left = x + 22 * pt
            plot = QRectF(left, top, width - (left - x) - 48 * pt, plot_height)
            self._draw_plot(painter, chart, plot)
            self._draw_dates(
                painter, chart, QRectF(plot.left(), plot.bottom(), plot.width(), axis_height)
            )
            strip = QRectF(
                plot.left(), plot.bottom() + axis_height + 4 * pt, plot.width(), strip_height
            )
            self._draw_weeks(painter, chart, strip, x)

        return _Block(total, draw)

    def _legend_items(self, chart: ReportChart) -> list[tuple[str, str]]:
        logged = [ctx for ctx in PainContext if chart.data.points_by_context[ctx].days]
        items = [(MARKERS[ctx], ctx.series_label + " (daily mean)") for ctx in logged]
        if chart.data.severe.days:
            items.append(("ring", f"Highest score that day, {SEVERE} or more"))
        items.append(("mean", chart.mean_label))
        if chart.data.baseline_mean is not None:
            items.append(("baseline", chart.baseline_label))
        items.append(("session", chart.sessions_label))
        return items

    def _legend_height(self, chart: ReportChart, font: QFont, width: float) -> float:
        rows = self._legend_rows(chart, font, width)
        return len(rows) * self._metrics(font).height() * 1.35

    def _legend_rows(
        self, chart: ReportChart, font: QFont, width: float
    ) -> list[list[tuple[str, str, float]]]:
        metrics = self._metrics(font)
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for kind, text in self._legend_items(chart):
            item_width = 18 * self._pt + metrics.horizontalAdvance(text) + 12 * self._pt
            if rows[-1] and used + item_width > width:
                rows.append([])
                used = 0.0
            rows[-1].append((kind, text, item_width))
            used += item_width
        return rows

    def _draw_legend(
        self, painter: QPainter, chart: ReportChart, font: QFont, rect: QRectF
    ) -> None:
        metrics = self._metrics(font)
        line = metrics.height() * 1.35
        painter.setFont(font)
        y = rect.top()
        for row in self._legend_rows(chart, font, rect.width()):
            x = rect.left()
            for kind, text, item_width in row:
                centre = QPointF(x + 8 * self._pt, y + line / 2)
                self._legend_symbol(painter, kind, centre)
                painter.setPen(INK)
                painter.drawText(
                    QRectF(x + 18 * self._pt, y, item_width, line),
                    int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.AlignmentFlag.AlignLeft),
                    text,
                )
                x += item_width
            y += line

    def _legend_symbol(self, painter: QPainter, kind: str, centre: QPointF) -> None:
        pt = self._pt
        if kind == "mean":
            painter.setPen(QPen(INK, 2.0 * pt))
            painter.drawLine(centre - QPointF(7 * pt, 0), centre + QPointF(7 * pt, 0))
        elif kind == "baseline":
            painter.setPen(self._dash_pen())
            painter.drawLine(centre - QPointF(7 * pt, 0), centre + QPointF(7 * pt, 0))
        elif kind == "session":
            painter.setPen(QPen(INK, 1.0 * pt))
            painter.drawLine(centre - QPointF(0, 3 * pt), centre + QPointF(0, 3 * pt))
        else:
            self._marker(painter, kind, centre, 2.4 * pt)

    def _dash_pen(self) -> QPen:
        pen = QPen(INK, 1.0 * self._pt)
        pen.setDashPattern([5.0, 3.0])
        return pen

    def _marker(self, painter: QPainter, kind: str, centre: QPointF, r: float) -> None:
        pen = QPen(INK, max(r * 0.35, 0.35 * self._pt))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if kind == "disc":
            painter.setBrush(QBrush(INK))
            painter.drawEllipse(centre, r, r)
        elif kind == "square":
            painter.setBrush(QBrush(QColor(255, 255, 255)))
            painter.drawRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))
        elif kind == "triangle":
            path = QPainterPath()
            path.moveTo(centre + QPointF(0, -r * 1.15))
            path.lineTo(centre + QPointF(r * 1.1, r * 0.85))
            path.lineTo(centre + QPointF(-r * 1.1, r * 0.85))
            path.closeSubpath()
            painter.setBrush(QBrush(FILL))
            painter.drawPath(path)
        elif kind == "cross":
            painter.drawLine(centre + QPointF(-r, -r), centre + QPointF(r, r))
            painter.drawLine(centre + QPointF(-r, r), centre + QPointF(r, -r))
        elif kind == "ring":
            painter.setPen(QPen(INK, 0.9 * self._pt))
            painter.drawEllipse(centre, r * 1.9, r * 1.9)

    def _x_of(self, chart: ReportChart, plot: QRectF) -> Callable[[date], float]:
        start = chart.data.window.start
        days = chart.data.window.days

        def x_of(day: date) -> float:
            return plot.left() + ((day - start).days + 0.5) / days * plot.width()

        return x_of

    def _draw_plot(self, painter: QPainter, chart: ReportChart, plot: QRectF) -> None:
        pt = self._pt
        data = chart.data

        def y_of(value: float) -> float:
            return plot.bottom() - value / 10.0 * plot.height()

        x_of = self._x_of(chart, plot)
        painter.setFont(self._small())
        for score in range(0, 11, 2):
            y = y_of(score)
            painter.setPen(QPen(LIGHT, 0.4 * pt))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(INK)
            painter.drawText(
                QRectF(plot.left() - 20 * pt, y - 6 * pt, 16 * pt, 12 * pt),
                int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter),
                str(score),
            )
        # The severe threshold, labelled in words: a grey band would vanish on a greyscale print.
        severe_pen = QPen(GREY, 0.6 * pt)
        severe_pen.setDashPattern([1.0, 2.5])
        painter.setPen(severe_pen)
        painter.drawLine(QPointF(plot.left(), y_of(SEVERE)), QPointF(plot.right(), y_of(SEVERE)))
        painter.setPen(GREY)
        painter.drawText(
            QRectF(plot.right() + 3 * pt, y_of(SEVERE) - 6 * pt, 45 * pt, 12 * pt),
            int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter),
            f"{SEVERE}+ severe",
        )
        painter.setPen(QPen(INK, 0.7 * pt))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # Sessions: a tick at the foot of the plot on each day with a finished session.
        painter.setPen(
            QPen(INK, max(0.6 * pt, min(1.2 * pt, plot.width() / data.window.days * 0.5)))
        )
        for day in data.session_days:
            x = x_of(day)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() - 5 * pt))
        if data.baseline_mean is not None:
            painter.setPen(self._dash_pen())
            y = y_of(data.baseline_mean)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(INK)
            painter.drawText(
                QRectF(plot.right() + 3 * pt, y - 6 * pt, 45 * pt, 12 * pt),
                int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter),
                f"start {data.baseline_mean:.1f}",
            )
        radius = max(0.7 * pt, min(2.2 * pt, plot.width() / data.window.days * 0.3))
        for context in reversed(list(PainContext)):
            series = data.points_by_context[context]
            for day, value in zip(series.days, series.y, strict=True):
                self._marker(
                    painter, MARKERS[context], QPointF(x_of(day), y_of(float(value))), radius
                )
        for day, value in zip(data.severe.days, data.severe.y, strict=True):
            self._marker(painter, "ring", QPointF(x_of(day), y_of(float(value))), radius)
        rolling = data.rolling_by_context[chart.headline]
        painter.setPen(
            QPen(
                INK,
                2.0 * pt,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        drawing = False
        for day, value in zip(rolling.days, rolling.y, strict=True):
            if math.isnan(value):
                drawing = False
                continue
            point = QPointF(x_of(day), y_of(float(value)))
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        painter.drawPath(path)

    def _draw_dates(self, painter: QPainter, chart: ReportChart, rect: QRectF) -> None:
        pt = self._pt
        window = chart.data.window
        x_of = self._x_of(chart, rect)
        painter.setFont(self._small())
        for day, text in _date_ticks(window.start, window.end):
            x = x_of(day)
            painter.setPen(QPen(INK, 0.5 * pt))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.top() + 3 * pt))
            painter.setPen(INK)
            painter.drawText(
                QRectF(x - 30 * pt, rect.top() + 3 * pt, 60 * pt, rect.height()),
                int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.AlignmentFlag.AlignTop),
                text,
            )

    def _draw_weeks(
        self, painter: QPainter, chart: ReportChart, strip: QRectF, left: float
    ) -> None:
        pt = self._pt
        data = chart.data
        weeks = data.weeks
        start = data.window.start
        days = data.window.days
        painter.setFont(self._small())
        painter.setPen(INK)
        painter.drawText(
            QRectF(strip.left(), strip.top() - 1 * pt, strip.width(), 10 * pt),
            int(Qt.AlignmentFlag.AlignLeft),
            chart.weeks_label,
        )
        bars = QRectF(strip.left(), strip.top() + 10 * pt, strip.width(), strip.height() - 10 * pt)
        painter.setPen(QPen(LIGHT, 0.4 * pt))
        painter.drawLine(bars.topLeft(), bars.topRight())
        painter.setPen(QPen(INK, 0.5 * pt))
        painter.drawLine(bars.bottomLeft(), bars.bottomRight())
        painter.setPen(GREY)
        painter.drawText(
            QRectF(left, bars.top() - 5 * pt, strip.left() - left - 3 * pt, 10 * pt),
            int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter),
            "7",
        )
        painter.drawText(
            QRectF(left, bars.bottom() - 5 * pt, strip.left() - left - 3 * pt, 10 * pt),
            int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter),
            "0",
        )
        scale = bars.width() / days
        gap = min(1.0 * pt, 7 * scale * 0.15)
        painter.setPen(QPen(INK, 0.4 * pt))
        painter.setBrush(QBrush(FILL))
        for monday, count in zip(weeks.week_starts, weeks.sessions, strict=True):
            first = max(monday, start)
            last = min(monday + timedelta(days=6), data.window.end)
            x0 = bars.left() + (first - start).days * scale + gap / 2
            x1 = bars.left() + ((last - start).days + 1) * scale - gap / 2
            h = float(count) / 7.0 * bars.height()
            if h > 0 and x1 > x0:
                painter.drawRect(QRectF(x0, bars.bottom() - h, x1 - x0, h))


def _date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Dates to label on the axis: Mondays for a month or so, month starts up to about a
    year, then years."""
    days = (end - start).days + 1
    ticks: list[tuple[date, str]] = []
    if days <= 45:
        day = start + timedelta(days=(7 - start.weekday()) % 7)
        while day <= end:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(days=7)
        return ticks
    if days <= 400:
        step = 1 if days <= 200 else 2
        year, month = start.year, start.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            day = date(year, month, 1)
            if day > end:
                return ticks
            if (month - 1) % step == 0:
                label = f"{day:%b}" if month != 1 else f"{day:%b %Y}"
                ticks.append((day, label))
    step = max(1, math.ceil(days / 365.25 / 10))
    for year in range(start.year + 1, end.year + 1):
        if year % step == 0:
            ticks.append((date(year, 1, 1), str(year)))
    return ticks
