"""The learners table over SQL: pages fetched as the view scrolls, never the whole table at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.learner import Learner
from ...i18n import _
from ...storage.learners import LearnerRepository

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class LearnerTableModel(QAbstractTableModel):
    def __init__(self, learners: LearnerRepository, parent: Any = None) -> None:
        super().__init__(parent)
        self._repo = learners
        self._filter = ""
        self._rows: list[Learner] = []
        self._total = 0
        self.headers = [_("Family name"), _("Given name"), _("E-mail"), _("External ID"), _("Date of birth")]
        self.refresh()

    # filtering ---------------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        if text != self._filter:
            self._filter = text
            self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._total = self._repo.count(self._filter)
        self._rows = self._repo.page(self._filter, 0, PAGE)
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def learner_at(self, row: int) -> Learner:
        return self._rows[row]

    # Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._repo.page(self._filter, len(self._rows), PAGE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        learner = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return learner.family_name
        if column == 1:
            return learner.given_name
        if column == 2:
            return learner.email or ""
        if column == 3:
            return learner.external_id or ""
        return learner.date_of_birth.isoformat() if learner.date_of_birth else ""

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
