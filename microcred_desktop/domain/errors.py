"""Errors a user can cause and act on, as opposed to bugs."""

from __future__ import annotations

from gettext import gettext as _


class UserError(Exception):
    """A problem the user caused and can fix; its message is a translated, plain sentence.

    `hint` is an optional second sentence saying what to do.
    """

    exit_code = 2  # the CLI's code for "bad input"; failures the user cannot fix by input use 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ValidationError(UserError):
    """Input that breaks a rule; `problems` names each field (or row and column) and what is wrong."""

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str = "") -> None:
        super().__init__(message, hint)
        self.problems = problems or []

    def __str__(self) -> str:
        lines = [self.message] + [f"  - {p}" for p in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class Problem:
    """One thing wrong with one place of the input (a field, or a row and a column)."""

    __slots__ = ("column", "message", "row")

    def __init__(self, column: str, message: str, row: int | None = None) -> None:
        self.column = column
        self.message = message
        self.row = row

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}"
        where = _("row {row}, {column}").format(row=self.row, column=self.column)
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.column!r}, {self.message!r}, row={self.row!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.column, self.message, self.row) == (
            other.column,
            other.message,
            other.row,
        )

    def __hash__(self) -> int:
        return hash((self.column, self.message, self.row))
