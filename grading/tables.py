"""Read a CSV or XLSX table the way a trainer saved it, keeping each row's line number in the file.

Used for the roster and the manual-grading sheet. CSV files may be UTF-8 (with or without BOM) or
Windows-1252, separated by commas, semicolons (Excel in Indonesian settings) or tabs. In an XLSX
file the line number is the spreadsheet's row number. Blank rows are skipped; the header is the
first non-blank row.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "roster.csv"
>>> _ = path.write_text("id_peserta;nama\\nP01;Siti\\n\\nP02;Budi\\n", encoding="utf-8")
>>> table = read_table(path)
>>> table.columns, [(row.line, row.values) for row in table.rows]
(['id_peserta', 'nama'], [(2, ['P01', 'Siti']), (4, ['P02', 'Budi'])])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError

__all__ = ["Row", "Table", "read_table", "normalise_header"]

_EXCEL = {".xlsx", ".xlsm"}


@dataclass
class Row:
    """One non-blank row: its line number in the file (header = line 1) and its cells as text."""

    line: int
    values: list[str]


@dataclass
class Table:
    path: Path
    header_line: int
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def normalise_header(name: str) -> str:
    """A header as compared: lower case, spaces and dashes as underscores (``"ID Peserta"`` → ``id_peserta``).

    >>> normalise_header("  ID  Peserta ")
    'id_peserta'
    """
    return "_".join(name.strip().lower().replace("-", " ").split())


def _unreadable(path: Path, why: dict) -> GradingError:
    return GradingError({
        "id": f"{path.name}: file tidak bisa dibaca sebagai tabel CSV atau XLSX ({why['id']}). "
              "Simpan ulang dari Excel/LibreOffice sebagai .xlsx atau .csv (UTF-8). Tidak ada yang "
              "diimpor.",
        "en": f"{path.name}: the file cannot be read as a CSV or XLSX table ({why['en']}). Save it "
              "again from Excel/LibreOffice as .xlsx or .csv (UTF-8). Nothing was imported.",
    }, lines=[])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _read_excel(path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise _unreadable(path, {"id": f"bukan file Excel yang utuh: {type(error).__name__}",
                                 "en": f"not a sound Excel file: {type(error).__name__}"}) from None
    try:
        chosen = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        return [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(chosen.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, {"id": str(error), "en": str(error)}) from None
    if b"\x00" in data[:4096]:
        raise _unreadable(path, {"id": "isinya biner, bukan teks", "en": "it is binary, not text"})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise _unreadable(path, {"id": "pengkodean teks tidak dikenal",
                                 "en": "unknown text encoding"})
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for values in reader:
            rows.append((start, [v.strip() for v in values]))
            start = reader.line_num + 1
    except csv.Error as error:
        raise _unreadable(path, {"id": f"baris {start}: {error}",
                                 "en": f"line {start}: {error}"}) from None
    return rows


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """The table in ``path`` (CSV or XLSX; ``sheet`` picks an XLSX sheet by name if present).

    Raises :class:`GradingError` for a missing, unreadable, binary or empty file, or an old ``.xls``.
    """
    path = Path(path)
    if not path.is_file():
        raise GradingError({
            "id": f"File {path} tidak ditemukan. Periksa nama dan foldernya.",
            "en": f"The file {path} was not found. Check its name and folder.",
        })
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _unreadable(path, {"id": "format .xls lama tidak didukung",
                                 "en": "the old .xls format is not supported"})
    raw = _read_excel(path, sheet) if suffix in _EXCEL else _read_csv(path)
    raw = [(line, values) for line, values in raw if any(v for v in values)]
    if not raw:
        raise GradingError({
            "id": f"{path.name}: file kosong, tidak ada baris judul kolom maupun data. Tidak ada "
                  "yang diimpor.",
            "en": f"{path.name}: the file is empty, with no header row and no data. Nothing was "
                  "imported.",
        }, lines=[1])
    header_line, header = raw[0]
    while header and not header[-1]:
        header = header[:-1]
    table = Table(path=path, header_line=header_line, columns=header)
    for line, values in raw[1:]:
        values = values + [""] * (len(header) - len(values))
        table.rows.append(Row(line, values))
    return table
