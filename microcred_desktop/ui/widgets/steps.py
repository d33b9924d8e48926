"""Numbered steps along the top of a wizard page: where am I, what comes next."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class StepBar(QWidget):
    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.labels: list[QLabel] = []
        for number, title in enumerate(titles, start=1):
            label = QLabel(f"{number}. {title}")
            label.setObjectName("step")
            self.labels.append(label)
            layout.addWidget(label)
            if number < len(titles):
                arrow = QLabel("→")
                arrow.setObjectName("muted")
                layout.addWidget(arrow)
        layout.addStretch(1)

    def set_current(self, index: int) -> None:
        for i, label in enumerate(self.labels):
            label.setProperty("state", "current" if i == index else "done" if i < index else "todo")
            label.style().unpolish(label)
            label.style().polish(label)
