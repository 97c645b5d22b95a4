"""Custom routines from the picker and the File menu: new, edit, copy, rename, delete, files."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from footcoach.catalog import Catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.limits import MAX_NAME_CHARS
from footcoach.routines import Routine, RoutineStore, read_routine_file, slugify
from footcoach.ui.common.undo_bar import UndoBar
from footcoach.ui.routine.editor import RoutineEditor
from footcoach.ui.routine.picker import RoutinePicker

FILE_FILTER = "FootCoach routine (*.toml)"
Clash = Literal["replace", "keep", "cancel"]


class RoutineLibrary(QObject):
    """Changes custom routines through ``RoutineStore`` and says what happened."""

    routines_changed = Signal(str)  # the id of the routine to select ("" for none)

    def __init__(
        self,
        catalog: Catalog,
        history: History,
        undo_bar: UndoBar,
        parent: QWidget,
        *,
        lead_in_seconds: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self.store = RoutineStore(history, catalog)
        self.undo_bar = undo_bar
        self.lead_in_seconds = lead_in_seconds
        self.editor: RoutineEditor | None = None
        self.picker: RoutinePicker | None = None
        self._window = parent

    def attach(self, picker: RoutinePicker) -> None:
        """Answer the picker's New, Edit, Duplicate, Rename and Delete buttons."""
        self.picker = picker
        picker.new_requested.connect(self.new_routine)
        picker.edit_requested.connect(self.edit)
        picker.duplicate_requested.connect(self.duplicate)
        picker.rename_requested.connect(self.rename)
        picker.delete_requested.connect(self.delete)

    # --- the picker's buttons -------------------------------------------------------

    def new_routine(self) -> RoutineEditor:
        """Open the editor on an empty routine."""
        return self._open_editor(None)

    def edit(self, routine: Routine) -> RoutineEditor | None:
        """Open the editor on a custom routine (built-in ones are copied, not edited)."""
        if routine.builtin:
            return None
        return self._open_editor(self.store.get(routine.id))

    def duplicate(self, routine: Routine) -> Routine | None:
        """Ask for a name and save a custom copy; ``None`` if cancelled or refused."""
        name = self._ask_name("Duplicate routine", "Name of the copy:", self.free_name(routine))
        if name is None:
            return None
        try:
            copy = self.store.duplicate(routine.id, name)
        except FootCoachError as error:
            QMessageBox.warning(self._window, "Routine not copied", str(error))
            return None
        self.routines_changed.emit(copy.id)
        return copy

    def rename(self, routine: Routine) -> Routine | None:
        """Ask for a new name for a custom routine; ``None`` if cancelled or refused."""
        if routine.builtin:
            return None
        name = self._ask_name("Rename routine", "New name:", routine.name)
        if name is None or name == routine.name:
            return None
        try:
            renamed = self.store.rename(routine.id, name)
        except FootCoachError as error:
            QMessageBox.warning(self._window, "Routine not renamed", str(error))
            return None
        self.routines_changed.emit(renamed.id)
        return renamed

    def delete(self, routine: Routine) -> Routine | None:
        """Delete a custom routine at once and offer Undo (Ctrl+Z) for a while."""
        if routine.builtin:
            return None
        try:
            deleted = self.store.delete(routine.id)
        except FootCoachError as error:
            QMessageBox.warning(self._window, "Routine not deleted", str(error))
            return None
        if deleted is None:
            return None
        self.routines_changed.emit("")
        self.undo_bar.offer(f"Deleted \u201c{deleted.name}\u201d.", lambda: self.restore(deleted))
        return deleted

    def restore(self, routine: Routine) -> None:
        """Undo a delete: save the routine again, as it was."""
        try:
            self.store.save(routine)
        except FootCoachError as error:
            QMessageBox.warning(self._window, "Routine not restored", str(error))
            return
        self.routines_changed.emit(routine.id)

    # --- files ----------------------------------------------------------------------

    def import_from_file(self) -> Routine | None:
        """Ask for a prescription file, check it all, then save it; a bad file changes nothing."""
        name, _filter = QFileDialog.getOpenFileName(
            self._window, "Import routine", str(Path.home()), FILE_FILTER + ";;All files (*)"
        )
        if not name:
            return None
        path = Path(name)
        try:
            routine = read_routine_file(path, self.store.catalog)
            new_name, replace = routine.name, False
            existing = self.store.find(routine.name)
            if existing is not None:
                choice = self.ask_name_clash(routine.name, can_replace=not existing.builtin)
                if choice == "cancel":
                    return None
                replace = choice == "replace"
                new_name = routine.name if replace else self.free_name(routine)
            imported = self.store.import_file(path, new_name, replace)
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(
                self._window, "Nothing was imported", f"{error}\n\nYour routines are unchanged."
            )
            return None
        steps = len(imported.steps)
        QMessageBox.information(
            self._window,
            "Routine imported",
            f"Added \u201c{imported.name}\u201d ({steps} exercise{'s' if steps != 1 else ''}).",
        )
        self.routines_changed.emit(imported.id)
        return imported

    def export_to_file(self) -> Path | None:
        """Ask which routine (the picker's by default), then where to save it."""
        routine = self._ask_routine()
        return self.export_routine(routine) if routine is not None else None

    def export_routine(self, routine: Routine) -> Path | None:
        """Ask where to save ``routine`` as a prescription file and write it (with images)."""
        suggested = str(Path.home() / f"{slugify(routine.name)}.toml")
        name, _filter = QFileDialog.getSaveFileName(
            self._window, f"Export \u201c{routine.name}\u201d", suggested, FILE_FILTER
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".toml":
            path = path.with_name(path.name + ".toml")
        try:
            self.store.export_file(routine.id, path)
        except (FootCoachError, OSError) as error:
            QMessageBox.warning(self._window, "Export failed", str(error))
            return None
        QMessageBox.information(
            self._window, "Routine exported", f"Saved \u201c{routine.name}\u201d to\n{path}"
        )
        return path

    # --- questions (tests replace these) --------------------------------------------

    def ask_name_clash(self, name: str, can_replace: bool) -> Clash:
        """A routine named ``name`` exists: replace it, keep both, or cancel?"""
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Import routine")
        box.setText(f"You already have a routine named \u201c{name}\u201d.")
        replace = None
        if can_replace:
            box.setInformativeText("Replace it with the one in the file, or keep both?")
            replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        else:
            box.setInformativeText("It is built in, so the file's routine gets another name.")
        keep = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if replace is not None and clicked is replace:
            return "replace"
        return "keep" if clicked is keep else "cancel"

    def free_name(self, routine: Routine) -> str:
        """A name no routine has yet, made from ``routine``'s (``Name (2)``, ``(3)``...)."""
        base = routine.name.strip()
        serial = 2
        candidate = _numbered(base, serial)
        while self.store.find(candidate) is not None:
            serial += 1
            candidate = _numbered(base, serial)
        return candidate

    # --- internals ------------------------------------------------------------------

    def _open_editor(self, routine: Routine | None) -> RoutineEditor:
        if self.editor is not None:
            self.editor.activateWindow()  # modal: only reachable from code, never twice
            return self.editor
        level = self.store.level(routine.id) if routine is not None else None
        editor = RoutineEditor(
            self.store,
            routine,
            level=level,
            lead_in_seconds=self.lead_in_seconds,
            parent=self._window,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.routine_saved.connect(self.on_editor_saved)
        editor.finished.connect(self.on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def on_editor_saved(self, routine: Routine) -> None:
        self.routines_changed.emit(routine.id)

    def on_editor_finished(self, _result: int) -> None:
        self.editor = None

    def _ask_name(self, title: str, label: str, text: str) -> str | None:
        name, ok = QInputDialog.getText(self._window, title, label, QLineEdit.EchoMode.Normal, text)
        name = name.strip()
        return name if ok and name else None

    def _ask_routine(self) -> Routine | None:
        routines = list(self.store.all())
        if not routines:
            return None
        current = self.picker.current() if self.picker is not None else None
        names = [r.name for r in routines]
        start = next(
            (i for i, r in enumerate(routines) if current and r.id == current.routine.id), 0
        )
        name, ok = QInputDialog.getItem(
            self._window, "Export routine", "Routine to export:", names, start, False
        )
        if not ok:
            return None
        return next((r for r in routines if r.name == name), None)


def _numbered(name: str, serial: int) -> str:
    """``Name (2)``, the name shortened if the number would take it past the name limit."""
    suffix = f" ({serial})"
    return name[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
