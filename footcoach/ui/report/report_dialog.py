"""``ReportDialog``: File > Report (Ctrl+P) and File > Share with my physio.

The person picks the period, the name on top, the paper and whether to include their notes;
then previews (print or save from there), saves a PDF, or writes the folder for their
physiotherapist. The content comes from ``footcoach.clinician_report.make_report``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footcoach import __version__
from footcoach.catalog import Catalog
from footcoach.clinician_report import (
    DEFAULT_DAYS,
    ClinicianReport,
    PeriodError,
    choose_period,
    make_report,
    note_line,
    noted_entries,
)
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.limits import MAX_NAME_CHARS, shown
from footcoach.report import write_atomically
from footcoach.routines import RoutineStore
from footcoach.share import SharedFolder, write_share_folder
from footcoach.ui.report.pdf_renderer import PAGE_SIZES, ReportRenderer

INTRO = (
    "A report of your pain scores and exercise for your physiotherapist or doctor: a chart, "
    "your pain in each context, what you did, and your answers to the safety questions."
)


class ReportDialog(QDialog):
    """Options of the clinician report, and the three things to do with it."""

    shared = Signal(object)  # share.SharedFolder

    def __init__(
        self,
        history: History,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        share: bool = False,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self._catalog = catalog
        self._today = today or date.today()
        self.setWindowTitle("Share with my physio" if share else "Report for your physio")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        first = history.first_day() or self._today
        start = max(first, self._today - timedelta(days=DEFAULT_DAYS - 1))
        self.from_edit = self._date_edit(start)
        self.to_edit = self._date_edit(self._today)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.name_edit.setPlaceholderText("Optional: printed on top")
        self.page_size = QComboBox()
        self.page_size.addItems(list(PAGE_SIZES))
        self.notes_check = QCheckBox("Include the notes I wrote with my pain scores")
        # Which notes: each one ticked or not, all ticked to begin with.
        self.notes_list = QListWidget()
        self.notes_list.setAccessibleName("Notes to include")
        self.notes_list.setMaximumHeight(140)
        self.notes_list.setVisible(False)
        self.notes_check.toggled.connect(self.on_notes_check_toggled)
        self.from_edit.dateChanged.connect(lambda _day: self._fill_notes())
        self.to_edit.dateChanged.connect(lambda _day: self._fill_notes())
        form = QFormLayout()
        form.addRow("&From", self.from_edit)
        form.addRow("&To", self.to_edit)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Paper", self.page_size)
        form.addRow("", self.notes_check)
        form.addRow("", self.notes_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton("Pre&view…")
        self.save_button = QPushButton("&Save PDF…")
        self.share_button = QPushButton("Share &folder…")
        self.share_button.setToolTip(
            "Write a folder with the report, your routine as a file your physio can edit, "
            "and your history as CSV"
        )
        for button in (self.preview_button, self.save_button, self.share_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        # Enter does what the dialog was opened for, never Close (Esc closes).
        for any_button in buttons.buttons():
            if isinstance(any_button, QPushButton):
                any_button.setAutoDefault(False)
        self.default_button = self.share_button if share else self.preview_button
        self.default_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.on_preview_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.share_button.clicked.connect(self.on_share_clicked)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(QDate(self._today.year, self._today.month, self._today.day))
        return edit

    # -- what the options say -------------------------------------------------------------

    @property
    def page_size_name(self) -> str:
        """ "A4" or "Letter"."""
        return self.page_size.currentText()

    def report(self) -> ClinicianReport:
        """The report of the chosen options (PeriodError when From is after To)."""
        return make_report(
            self._history,
            self._today,
            since=_day(self.from_edit),
            to=_day(self.to_edit),
            name=self._name(),
            include_notes=self.notes_check.isChecked(),
            note_ids=self.chosen_note_ids() if self.notes_check.isChecked() else None,
            version=__version__,
        )

    def on_notes_check_toggled(self, on: bool) -> None:
        self._fill_notes()
        self.notes_list.setVisible(on)
        self.adjustSize()

    def _fill_notes(self) -> None:
        """List the period's notes, keeping what was unticked."""
        unticked = {
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._note_items()
            if item.checkState() != Qt.CheckState.Checked
        }
        self.notes_list.clear()
        try:
            period = choose_period(
                self._history.first_day(), self._today, _day(self.from_edit), _day(self.to_edit)
            )
        except PeriodError:
            return
        entries = noted_entries(self._history, period)
        if not entries:
            item = QListWidgetItem("No notes in this period.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.notes_list.addItem(item)
            return
        for entry in reversed(entries):  # newest first
            item = QListWidgetItem(shown(note_line(entry), 120))
            item.setToolTip(shown(entry.note, 600))
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = entry.id not in unticked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.notes_list.addItem(item)

    def _note_items(self) -> list[QListWidgetItem]:
        items = (self.notes_list.item(row) for row in range(self.notes_list.count()))
        return [item for item in items if item.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def chosen_note_ids(self) -> set[str]:
        """The ids of the pain entries whose notes are ticked."""
        return {
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._note_items()
            if item.checkState() == Qt.CheckState.Checked
        }

    def _name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def _report_or_say(self) -> ClinicianReport | None:
        try:
            return self.report()
        except PeriodError as error:
            QMessageBox.warning(self, "Check the dates", f"The period is empty: {error}.")
            return None

    # -- the three actions -----------------------------------------------------------------

    def preview_dialog(self, report: ClinicianReport) -> QPrintPreviewDialog:
        """The print preview of ``report``: print from it, or save (print to a PDF file)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(report.title)
        ReportRenderer.set_page(printer, self.page_size_name)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(f"{report.title}: preview")
        # Both must outlive the preview: a signal holds a plain object's method only weakly.
        self._preview_printer = printer
        self._preview_renderer = ReportRenderer(report)
        preview.paintRequested.connect(self._preview_renderer.paint)
        preview.resize(900, 760)
        return preview

    def on_preview_clicked(self) -> None:
        report = self._report_or_say()
        if report is not None:
            preview = self.preview_dialog(report)
            preview.exec()
            preview.deleteLater()

    def on_save_clicked(self) -> Path | None:
        """Ask where, write the PDF; None if cancelled or it failed (said in a message)."""
        report = self._report_or_say()
        if report is None:
            return None
        suggested = str(Path.home() / f"footcoach-report-{self._today:%Y-%m-%d}.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, "Save report", suggested, "PDF (*.pdf)")
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            write_atomically(path, ReportRenderer(report).render_pdf(self.page_size_name))
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(self, "The report was not saved", str(error))
            return None
        QMessageBox.information(self, "Report saved", f"Saved the report to\n{path}")
        return path

    def on_share_clicked(self) -> SharedFolder | None:
        """Ask for a place, write a new folder there; None if cancelled or it failed."""
        report = self._report_or_say()
        if report is None:
            return None
        parent = QFileDialog.getExistingDirectory(self, "Where to put the folder", str(Path.home()))
        if not parent:
            return None
        folder = _new_folder(Path(parent), f"FootCoach for my physio {self._today:%Y-%m-%d}")
        try:
            shared = write_share_folder(
                folder,
                report_pdf=ReportRenderer(report).render_pdf(self.page_size_name),
                history=self._history,
                routines=RoutineStore(self._history, self._catalog),
                period=report.period,
                made_on=self._today,
                version=__version__,
                name=self._name(),
            )
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(self, "Nothing was shared", str(error))
            return None
        QMessageBox.information(
            self,
            "Folder ready",
            f"Wrote {', '.join(shared.files)} to\n{shared.folder}\n\nSend the whole folder; "
            "README.txt says what each file is.",
        )
        self.shared.emit(shared)
        return shared


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def _new_folder(parent: Path, name: str) -> Path:
    """``parent/name``, or ``name (2)``, ``(3)``… when it is taken."""
    folder = parent / name
    number = 2
    while folder.exists():
        folder = parent / f"{name} ({number})"
        number += 1
    return folder
