"""Reading spreadsheets as they really arrive: CSV in UTF-8 (with or without BOM), Windows-1257 or
Windows-1252, delimited by comma, semicolon or tab; or XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import UserError
from ..i18n import _

MAX_BYTES = 50 * 1024 * 1024
MAX_FIELD = 10 * 1024 * 1024  # the csv module's default (131,072 characters) is short for a long note
Cell = str | date
BALTIC = set("ąčęėįšųūžĄČĘĖĮŠŲŪŽāēīūļņķģĀĒĪŪĻŅĶĢõäöüÕÄÖÜ")
WESTERN = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    source: str
    encoding: str = ""
    delimiter: str = ""
    notices: list[str] = field(default_factory=list)


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (BOM or not), else Windows-1257 or -1252, by letters."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    baltic = data.decode("cp1257", errors="replace")
    western = data.decode("cp1252", errors="replace")
    score_baltic = sum(ch in BALTIC for ch in baltic)
    score_western = sum(ch in WESTERN for ch in western)
    if score_western > score_baltic:
        return western, "Windows-1252"
    return baltic, "Windows-1257"


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in ",;\t"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(data: bytes, source: str) -> Table:
    text, encoding = decode_csv_bytes(data)
    delimiter = sniff_delimiter(text)
    if csv.field_size_limit() < MAX_FIELD:
        csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = [[c.strip() for c in row] for row in reader]
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = _("a cell is longer than {count} characters").format(count=f"{MAX_FIELD:,}")
        raise UserError(
            _("{file} cannot be read as CSV (line {line}): {reason}").format(
                file=source, line=reader.line_num, reason=reason),
            _("Open it in your spreadsheet, check the row, and save it as CSV or as an Excel workbook (.xlsx)."),
        ) from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise UserError(_("{file} is empty.").format(file=source))
    table = Table(rows[0], [list(r) for r in rows[1:]], source, encoding, delimiter)
    if encoding != "UTF-8" or delimiter != ",":
        delim = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}[delimiter]
        table.notices.append(
            _("The file uses {delimiter} and {encoding} encoding; it was read as such.").format(
                delimiter=delim, encoding=encoding
            )
        )
    return table


def read_xlsx(data: bytes, source: str) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UserError(_("{file} is not a readable Excel workbook.").format(file=source)) from exc
    except Exception as exc:  # zipfile.BadZipFile and friends: a damaged file is the user's to fix
        raise UserError(_("{file} is not a readable Excel workbook.").format(file=source)) from exc
    rows: list[list[Cell]] = []
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            cells: list[Cell] = []
            for v in values:
                if v is None:
                    cells.append("")
                elif isinstance(v, datetime):
                    cells.append(v.date())
                elif isinstance(v, date):
                    cells.append(v)
                elif isinstance(v, float) and v.is_integer():
                    cells.append(str(int(v)))
                else:
                    cells.append(str(v).strip())
            if any(c != "" for c in cells):
                rows.append(cells)
    except Exception as exc:  # a damaged sheet (bad cell values, broken XML): the user's file to fix
        raise UserError(
            _("{file} is not a readable Excel workbook: a sheet is damaged.").format(file=source),
            _("Open it in your spreadsheet and save it again, or save it as CSV."),
        ) from exc
    finally:
        book.close()
    if not rows:
        raise UserError(_("{file} is empty.").format(file=source))
    headers = [str(h) for h in rows[0]]
    return Table(headers, rows[1:], source, "XLSX", "")


def read_table(path: Path) -> Table:
    """A CSV or XLSX file as a header row and data rows; a clear message when it cannot be read."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(_("{file} is too large to be a roster (over 50 MB).").format(file=path.name))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(_("The file {file} does not exist.").format(file=path)) from exc
    except OSError as exc:
        raise UserError(_("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror)) from exc
    if data.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(data, path.name)
    if b"\x00" in data[:4096]:
        raise UserError(
            _("{file} is not a CSV or XLSX file.").format(file=path.name),
            _("Save the roster from your spreadsheet as CSV or as an Excel workbook (.xlsx)."),
        )
    return read_csv(data, path.name)
