"""File > Export and File > Import: pick a file, run the report module, say what happened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.report import ImportResult, export_history, import_history

FILE_FILTER = "CSV for spreadsheets (*.csv);;JSON (*.json)"


class HistoryTransfer(QObject):
    """Export the history to, or import it from, a CSV or JSON file chosen by the person."""

    history_imported = Signal(object)  # report.ImportResult

    def __init__(self, history: History, parent: QWidget) -> None:
        super().__init__(parent)
        self._history = history
        self._window = parent

    def export_to_file(self) -> Path | None:
        """Ask where to save, write the export, confirm; ``None`` if cancelled or failed."""
        suggested = str(Path.home() / f"footcoach-history-{date.today():%Y-%m-%d}.csv")
        name, chosen_filter = QFileDialog.getSaveFileName(
            self._window, "Export history", suggested, FILE_FILTER
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in {".csv", ".json"}:
            path = path.with_suffix(".json" if "json" in chosen_filter.lower() else ".csv")
        try:
            result = export_history(self._history, path)
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(self._window, "Export failed", str(error))
            return None
        QMessageBox.information(
            self._window,
            "History exported",
            f"Saved {result.total} records ({result.pain} pain entries, {result.sessions} "
            f"sessions, {result.sets} sets, {result.screenings} red-flag checks, "
            f"{result.insights} function goals, ratings and self-tests, {result.factors} days of "
            f"daily factors, {result.trials} trials) to\n{result.path}",
        )
        return result.path

    def import_from_file(self) -> ImportResult | None:
        """Ask for a file and import it all or nothing; a bad file changes nothing."""
        name, _filter = QFileDialog.getOpenFileName(
            self._window, "Import history", str(Path.home()), FILE_FILTER + ";;All files (*)"
        )
        if not name:
            return None
        try:
            result = import_history(self._history, Path(name))
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(
                self._window, "Nothing was imported", f"{error}\n\nYour history is unchanged."
            )
            return None
        QMessageBox.information(
            self._window,
            "History imported",
            f"Added {result.added} new records; {result.skipped} were already in your history.",
        )
        self.history_imported.emit(result)
        return result
