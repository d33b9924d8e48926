"""The shape of every list page: title, search that filters as you type, the main action at the top
right, a table — or, when there is nothing yet, a sentence saying what the page is for and the button."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _


class PageHeader(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        layout.addStretch(1)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        layout.addLayout(self.actions)

    def add_button(self, text: str, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setObjectName("primary")
            button.setDefault(False)
        self.actions.addWidget(button)
        return button


class ListPage(QWidget):
    """Subclasses set the model and fill in the empty state; `activated` gives the row to open."""

    filter_changed = Signal(str)
    activated = Signal(int)

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = PageHeader(title)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search"))
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda index: self.activated.emit(index.row()))
        self.table.activated.connect(lambda index: self.activated.emit(index.row()))

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("emptyState")
        empty_layout.addWidget(self.empty_label)
        self.empty_buttons = QHBoxLayout()
        self.empty_buttons.addStretch(1)
        empty_layout.addLayout(self.empty_buttons)
        self.empty_buttons_end = self.empty_buttons.count()
        self.empty_buttons.addStretch(1)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addLayout(search_row)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(180)
        self._debounce.timeout.connect(lambda: self.filter_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def add_empty_button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("primary")
        self.empty_buttons.insertWidget(self.empty_buttons_end, button)
        self.empty_buttons_end += 1
        return button

    def set_model(self, model: QAbstractItemModel) -> None:
        self.table.setModel(model)

    def show_empty(self, empty: bool) -> None:
        """The empty state when the catalogue has nothing (not when a search finds nothing)."""
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.search.setEnabled(not empty)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def current_row(self) -> int | None:
        index: QModelIndex = self.table.currentIndex()
        return index.row() if index.isValid() else None
