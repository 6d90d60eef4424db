"""Every flag the grading engine raises, by code, in both languages (one place to read them all).

A flag's text is a template: :func:`flag_text` fills in the fields the place that raises it
knows (cells, seconds, a type name). Codes are what ``flags.csv``, the CLI summary and the class
report show; the texts are what the grader reads.

Examples
--------
>>> flag_text("cell-deleted", cells="jawab-1")["en"]
'Cell jawab-1 was deleted by the participant; added back from the source before grading.'
>>> sorted(MANUAL) == sorted(c for c in FLAGS if FLAGS[c].get("manual"))
True
"""

from __future__ import annotations

from toolkit.i18n import Text

__all__ = ["FLAGS", "MANUAL", "flag_text"]

FLAGS: dict[str, dict] = {
    # -- the submission as a file --------------------------------------------------------------
    "missing-notebook": {
        "id": "Notebook {notebook}.ipynb tidak ada dalam kiriman; nilainya 0.",
        "en": "The notebook {notebook}.ipynb is not in the submission; it scores 0.",
    },
    "bad-metadata": {
        "id": "Struktur penilaian notebook {notebook}.ipynb rusak dan tidak bisa dipulihkan "
              "({error}); nilainya 0.",
        "en": "The grading structure of {notebook}.ipynb is corrupted beyond repair ({error}); "
              "it scores 0.",
    },
    # -- what normalise put back --------------------------------------------------------------
    "test-cell-duplicated": {
        "id": "Sel tes {cells} digandakan; salinannya dibuang sebelum dinilai.",
        "en": "Test cell {cells} was duplicated; the copies were removed before grading.",
    },
    "test-cell-modified": {
        "id": "Sel tes/terkunci {cells} diubah peserta; dikembalikan ke versi asli sebelum "
              "dinilai.",
        "en": "Test/locked cell {cells} was changed by the participant; restored to the original "
              "before grading.",
    },
    "locked-changed": {
        "id": "Status terkunci sel {cells} diubah; dikembalikan sebelum dinilai.",
        "en": "The locked status of cell {cells} was changed; restored before grading.",
        "code": "test-cell-modified",
    },
    "points-changed": {
        "id": "Nilai maksimum sel {cells} diubah; dikembalikan ke nilai asli.",
        "en": "The points of cell {cells} were changed; restored to the original.",
    },
    "cell-type-changed": {
        "id": "Jenis sel {cells} diubah (kode/markdown); dikembalikan ke jenis asli.",
        "en": "The type of cell {cells} was changed (code/markdown); restored to the original.",
    },
    "cell-deleted": {
        "id": "Sel {cells} dihapus peserta; ditambahkan kembali dari sumber sebelum dinilai.",
        "en": "Cell {cells} was deleted by the participant; added back from the source before "
              "grading.",
    },
    # -- how the run went ----------------------------------------------------------------------
    "notebook-timeout": {
        "id": "Notebook berjalan lebih dari {seconds} detik dan dihentikan; tes yang tidak "
              "sempat berjalan bernilai 0 ({cells}).",
        "en": "The notebook ran longer than {seconds} seconds and was stopped; tests that did "
              "not run score 0 ({cells}).",
        "code": "timeout",
    },
    "notebook-unfinished": {
        "id": "Notebook tidak selesai dalam batas waktu; tes yang tidak sempat berjalan "
              "bernilai 0 ({cells}).",
        "en": "The notebook did not finish in time; tests that did not run score 0 ({cells}).",
        "code": "timeout",
    },
    "cell-timeout": {
        "id": "Sel {cells} berjalan lebih dari {seconds} detik dan dihentikan.",
        "en": "Cell {cells} ran longer than {seconds} seconds and was stopped.",
        "code": "timeout",
    },
    "kernel-died": {
        "id": "Kernel Python berhenti (crash atau melewati batas memori/CPU) saat menjalankan "
              "notebook; tes yang tidak sempat berjalan bernilai 0 ({cells}).",
        "en": "The Python kernel died (crashed, or went over the memory/CPU limit) while running "
              "the notebook; tests that did not run score 0 ({cells}).",
    },
    "execution-failed": {
        "id": "Notebook tidak bisa dijalankan ({error}); tes yang tidak berjalan bernilai 0 "
              "({cells}).",
        "en": "The notebook could not be run ({error}); tests that did not run score 0 "
              "({cells}).",
    },
    "memory-limit": {
        "id": "Notebook mencoba memakai memori lebih dari batas dan dihentikan (MemoryError).",
        "en": "The notebook tried to use more memory than allowed and was stopped "
              "(MemoryError).",
    },
    "file-size-limit": {
        "id": "Notebook mencoba menulis file lebih besar dari batas; penulisan dihentikan.",
        "en": "The notebook tried to write a file larger than allowed; the write was stopped.",
    },
    "output-truncated": {
        "id": "Keluaran notebook lebih dari {limit:,} karakter dan dipotong.",
        "en": "The notebook's output exceeded {limit:,} characters and was cut.",
    },
    # -- tampering -----------------------------------------------------------------------------
    "tampering": {
        "id": "Notebook mengubah hal yang dipakai tes (builtins, fungsi pembanding, hook "
              "IPython); dikembalikan sebelum tes dijalankan ({what}).",
        "en": "The notebook changed what the tests rely on (builtins, comparison helpers, "
              "IPython hooks); restored before the tests ran ({what}).",
    },
    "bridge-protocol": {
        "id": "Kernel peserta mengirim pesan di luar gilirannya saat tes {cells} berjalan; "
              "pesan itu diabaikan.",
        "en": "The participant's kernel sent messages out of turn while test {cells} ran; they "
              "were ignored.",
        "code": "tampering",
    },
    "hidden-error": {
        "id": "Kesalahan sel disembunyikan (tampilan traceback diubah); sel dinilai gagal "
              "({cells}).",
        "en": "A cell's error was hidden (traceback display changed); the cell counts as failed "
              "({cells}).",
    },
    "changed-others": {
        "id": "Saat kiriman ini dinilai, file di luar foldernya (kiriman peserta lain, sumber "
              "tugas, versi rilis atau gradebook) diubah. Semuanya dikembalikan dari salinan yang "
              "disimpan sebelum penilaian, dan kiriman yang terkena dinilai ulang.",
        "en": "While this submission was graded, files outside its folder (other participants' "
              "submissions, the assignment's source or release, or the gradebook) were changed. "
              "Everything was put back from the copy kept before grading, and the submissions "
              "hit were graded again.",
        "code": "tampering",
    },
    "changed-others-suspected": {
        "id": "File di luar folder kiriman diubah saat kiriman ini dan yang lain ({others}) "
              "dinilai bersamaan; semuanya dikembalikan dan dinilai ulang, tetapi pelakunya tidak "
              "terulang: periksa kiriman-kiriman ini.",
        "en": "Files outside a submission's folder were changed while this one and others "
              "({others}) were being graded; everything was put back and graded again, but it "
              "did not happen again: look at these submissions.",
        "code": "tampering-suspected",
    },
    # -- the answers the tests were given ------------------------------------------------------
    "answer-type": {
        "id": "Jawaban memakai tipe buatan sendiri yang bisa mengubah perbandingan: {what}; "
              "dinilai dengan nilai dasarnya.",
        "en": "Answers use a home-made type that can change comparisons: {what}; graded by "
              "their plain value.",
    },
    "answer-unsupported": {
        "id": "Nilai jawaban berikut tidak bisa dibawa ke pemeriksaan: {what}; tes yang "
              "memakainya gagal. Sel {cells} perlu diperiksa manual.",
        "en": "These answers could not be carried to the check: {what}; the tests using them "
              "fail. Cell {cells} needs hand grading.",
        "manual": True,
    },
    "export-failed": {
        "id": "Nilai jawaban tidak bisa dibaca dari kernel peserta sebelum sel {cells} (kernel "
              "diubah?); tes di sana dinilai tanpa jawaban.",
        "en": "The answers' values could not be read from the participant's kernel before cell "
              "{cells} (kernel tampered with?); those tests ran without answers.",
    },
    "engine-limit": {
        "id": "Penilai otomatis tidak bisa menjalankan tes {cells} sepenuhnya di luar kernel "
              "peserta ({what}); nilai otomatisnya belum tentu benar: sel ini masuk antrean "
              "penilaian manual.",
        "en": "The autograder could not run test {cells} wholly outside the participant's "
              "kernel ({what}); its automatic score may be wrong: the cell is queued for hand "
              "grading.",
        "manual": True,
    },
    "checked-in-participant-kernel": {
        "id": "Tes {cells} membaca namespace peserta secara langsung (globals(), inspect ...), "
              "jadi dijalankan di kernel peserta seperti nbgrader, setelah pemeriksaan "
              "pengubahan; catatan saja.",
        "en": "Test {cells} reads the participant's namespace itself (globals(), inspect ...), "
              "so it ran in the participant's kernel as nbgrader runs it, after the tampering "
              "check; a note only.",
    },
    # -- the engine ----------------------------------------------------------------------------
    "grading-failed": {
        "id": "Penilaian kiriman ini gagal ({error}); nilainya 0. Rincian: {log}",
        "en": "Grading this submission failed ({error}); it scores 0. Details: {log}",
    },
}
"""Flag templates by name; ``code`` (default: the name) is what ``flags.csv`` records, and
``manual`` marks the flags whose cells go to hand grading."""

MANUAL = frozenset(name for name, entry in FLAGS.items() if entry.get("manual"))
"""Flags that put their cells in the hand-grading queue (never a silent 0)."""


def flag_text(name: str, **fields) -> Text:
    """The flag ``name``'s text in both languages, with ``fields`` filled in."""
    entry = FLAGS[name]
    return {"id": entry["id"].format(**fields), "en": entry["en"].format(**fields)}


def flag_code(name: str) -> str:
    """The code ``flags.csv`` records for the flag ``name``."""
    return FLAGS[name].get("code", name)
