"""The profile as a form: typed fields with units and ranges, built from the engine's specs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from whatif.engine.fields import FieldSpec, specs
from whatif.engine.precision import PRECISIONS
from whatif.engine.profiles import Efficiency, Price, ProfileHead, Sparsity

from ..number_text import parse_number

PEAK_SPEC = FieldSpec(
    "number",
    "Dense peak rate (leave empty if the device lacks it; fp32 is required)",
    "TFLOP/s",
    0,
    1_000_000,
    lo_exclusive=True,
)
SECTIONS = (
    ("Device", "", ProfileHead),
    ("Dense peak per precision", "peak_tflops", None),
    ("Price", "price", Price),
    ("Efficiency", "efficiency", Efficiency),
    ("Sparsity", "sparsity", Sparsity),
)


def _tooltip(spec: FieldSpec) -> str:
    bounds = []
    if spec.lo is not None:
        bounds.append(f"{'>' if spec.lo_exclusive else '≥'} {spec.lo:g}")
    if spec.hi is not None:
        bounds.append(f"≤ {spec.hi:g}")
    unit = f" [{spec.unit}]" if spec.unit else ""
    return spec.doc + unit + (f"; range {', '.join(bounds)}" if bounds else "")


class ProfileForm(QWidget):
    """Emits ``field_edited(dotted_key, value)``; ``value`` None removes an optional field."""

    field_edited = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        self.specs: dict[str, FieldSpec] = {}
        self.names: dict[str, str] = {}
        self._marked: set[str] = set()
        layout = QVBoxLayout(self)
        for title, prefix, cls in SECTIONS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            fields = {p: PEAK_SPEC for p in PRECISIONS} if cls is None else specs(cls)
            for name, spec in fields.items():
                dotted = f"{prefix}.{name}" if prefix else name
                editor = self._editor(dotted, spec)
                unit = f" [{spec.unit}]" if spec.unit and spec.unit not in ("fraction",) else ""
                label = spec.label or (spec.doc if len(spec.doc) <= 34 else name.replace("_", " "))
                form.addRow(f"{label}{unit}", editor)
                shown = label[0].upper() + label[1:]
                self.names[dotted] = shown if not prefix else f"{title}: {label}"
            layout.addWidget(box)
        layout.addStretch(1)
        self._shown: dict[str, str] = {}

    def _editor(self, dotted: str, spec: FieldSpec) -> QWidget:
        self.specs[dotted] = spec
        if spec.kind == "choice":
            combo = QComboBox()
            combo.addItems(spec.choices)
            combo.activated.connect(
                lambda _i, k=dotted, c=combo: self.field_edited.emit(k, c.currentText())
            )
            editor = combo
        else:
            edit = QLineEdit()
            edit.editingFinished.connect(lambda k=dotted, e=edit: self._on_edited(k, e))
            editor = edit
        editor.setObjectName("profile_" + dotted.replace(".", "_"))
        editor.setToolTip(_tooltip(spec))
        self.editors[dotted] = editor
        return editor

    def _on_edited(self, dotted: str, edit: QLineEdit) -> None:
        text = edit.text().strip()
        if text == self._shown.get(dotted, ""):
            return
        spec = self.specs[dotted]
        if spec.kind == "text":
            self.field_edited.emit(dotted, text)
            return
        if not text:
            self.field_edited.emit(dotted, None)
            return
        value = parse_number(text, (spec.unit,))
        if value is None:
            edit.setStyleSheet("border: 2px solid #c92a2a;")
            edit.setToolTip(f"Not a number: {text!r}\n\n{_tooltip(spec)}")
            return
        edit.setStyleSheet("")
        self.field_edited.emit(dotted, int(value) if spec.kind == "integer" else value)

    def show_data(self, data: dict) -> None:
        """Show the parsed YAML mapping ``data`` (may be partial or invalid) without emitting."""
        for dotted, editor in self.editors.items():
            value = data
            for part in dotted.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                index = editor.findText(str(value)) if value is not None else -1
                editor.setCurrentIndex(max(index, 0))
            else:
                text = (
                    ""
                    if value is None
                    else (f"{value:g}" if isinstance(value, float) else str(value))
                )
                editor.setText(text)
                editor.setCursorPosition(0)
                editor.setStyleSheet("")
                editor.setToolTip(_tooltip(self.specs[dotted]))
                self._shown[dotted] = text
            editor.blockSignals(False)

    def field_name(self, key: str) -> str:
        """A profile key as the form names it: ``memory_gb`` -> ``"Memory"``; a section
        (``price``) by its heading; an unknown key as itself."""
        if key in self.names:
            return self.names[key]
        section = next((title for title, prefix, _ in SECTIONS if prefix and prefix == key), None)
        return section or key

    def mark_problems(self, errors) -> None:
        """Outline in red the fields the validation names (their tooltips say why); the
        others lose any outline from before."""
        bad = {}
        for error in errors:
            for dotted in self.editors:
                if error.key and (dotted == error.key or dotted.startswith(error.key + ".")):
                    bad.setdefault(dotted, error.message)
        for dotted in self._marked - set(bad):
            self.editors[dotted].setStyleSheet("")
            self.editors[dotted].setToolTip(_tooltip(self.specs[dotted]))
        for dotted, message in bad.items():
            self.editors[dotted].setStyleSheet("border: 2px solid #c92a2a;")
            self.editors[dotted].setToolTip(f"{message}\n\n{_tooltip(self.specs[dotted])}")
        self._marked = set(bad)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.setEnabled(not read_only)
