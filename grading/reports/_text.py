"""Every participant-facing word of the reports, in Bahasa Indonesia and English.

Column names of the CSV files and of the manual-grading sheet are part of the contract with the
``grade --manual`` importer and stay in English; everything a person reads goes through :func:`t`.
"""

from __future__ import annotations

from toolkit.i18n import format_number, format_percent, tr

LABELS: dict[str, dict[str, str]] = {
    # identity
    "course": {"id": "Kelas Ekspor", "en": "Kelas Ekspor (Export Class)"},
    "participant_id": {"id": "ID peserta", "en": "Participant ID"},
    "name": {"id": "Nama", "en": "Name"},
    "organisation": {"id": "Organisasi", "en": "Organisation"},
    "village": {"id": "Desa", "en": "Village"},
    "product": {"id": "Produk", "en": "Product"},
    "type": {"id": "Jenis usaha", "en": "Business type"},
    # scores
    "assignment": {"id": "Tugas", "en": "Assignment"},
    "assignment_id": {"id": "Kode tugas", "en": "Assignment ID"},
    "notebook": {"id": "Notebook", "en": "Notebook"},
    "question": {"id": "Soal", "en": "Question"},
    "question_type": {"id": "Cara menilai", "en": "Graded by"},
    "auto": {"id": "otomatis", "en": "autograder"},
    "manual": {"id": "manual", "en": "hand"},
    "module": {"id": "Modul", "en": "Module"},
    "score": {"id": "Nilai", "en": "Score"},
    "max_score": {"id": "Nilai maks.", "en": "Max. score"},
    "percent": {"id": "Persen", "en": "Percent"},
    "total": {"id": "Total", "en": "Total"},
    "pass": {"id": "Lulus", "en": "Pass"},
    "yes": {"id": "Ya", "en": "Yes"},
    "no": {"id": "Tidak", "en": "No"},
    "passed": {"id": "LULUS", "en": "PASSED"},
    "not_passed": {"id": "BELUM LULUS", "en": "NOT YET PASSED"},
    "comment": {"id": "Komentar", "en": "Comment"},
    "status": {"id": "Keterangan", "en": "Status"},
    "flags": {"id": "Tanda", "en": "Flags"},
    "reason": {"id": "Alasan", "en": "Reason"},
    "submitted": {"id": "Mengumpulkan", "en": "Submitted"},
    "mean": {"id": "Rata-rata", "en": "Mean"},
    "median": {"id": "Median", "en": "Median"},
    "minimum": {"id": "Terendah", "en": "Lowest"},
    "maximum": {"id": "Tertinggi", "en": "Highest"},
    "count": {"id": "Jumlah", "en": "Count"},
    "difficulty": {"id": "Tingkat kemudahan", "en": "Difficulty (facility)"},
    "discrimination": {"id": "Daya beda", "en": "Discrimination"},
    "class_median": {"id": "Median kelas", "en": "Class median"},
    "your_score": {"id": "Nilai Anda", "en": "Your score"},
    "feedback": {"id": "Umpan balik", "en": "Feedback"},
    "feedback_open": {"id": "buka umpan balik", "en": "open the feedback"},
    # sheet names (the manual-grading sheet keeps its contract name in both languages)
    "sheet_summary": {"id": "ringkasan", "en": "summary"},
    "sheet_questions": {"id": "per-soal", "en": "per-question"},
    "sheet_modules": {"id": "per-modul", "en": "per-module"},
    "sheet_question_stats": {"id": "statistik-soal", "en": "question-statistics"},
    # statuses
    "missing": {"id": "tidak mengumpulkan", "en": "not submitted"},
    "not-graded": {"id": "dikumpulkan, belum dinilai", "en": "submitted, not graded yet"},
    "manual-pending": {"id": "menunggu penilaian manual", "en": "waiting for hand grading"},
    "not-in-roster": {"id": "tidak ada di daftar peserta", "en": "not in the roster"},
    "no_answer": {"id": "(tidak ada jawaban)", "en": "(no answer)"},
    # class report
    "class_title": {"id": "Laporan Kelas", "en": "Class Report"},
    "generated": {"id": "Dibuat", "en": "Generated"},
    "counts": {"id": "Ringkasan kelas", "en": "Class at a glance"},
    "participants": {"id": "Peserta", "en": "Participants"},
    "participants_roster": {"id": "Peserta di daftar", "en": "Participants in the roster"},
    "submissions": {"id": "Pengumpulan dinilai", "en": "Graded submissions"},
    "with_submission": {
        "id": "Peserta yang mengumpulkan minimal satu tugas",
        "en": "Participants with at least one submission",
    },
    "passing": {"id": "Peserta lulus", "en": "Participants passing"},
    "assignments": {"id": "Tugas", "en": "Assignments"},
    "assignments_counted": {
        "id": "Tugas yang dihitung dalam total",
        "en": "Assignments counted in the totals",
    },
    "assignments_not_counted": {
        "id": "Belum dihitung (belum ada yang dinilai)",
        "en": "Not counted yet (nothing graded)",
    },
    "pass_rule": {
        "id": "Batas lulus: {threshold} dari total nilai tugas yang sudah dinilai.",
        "en": "Pass mark: {threshold} of the total points of the assignments graded so far.",
    },
    "distribution": {"id": "Sebaran nilai", "en": "Score distribution"},
    "distribution_note": {
        "id": "Persentase nilai total setiap peserta yang mengumpulkan minimal satu tugas; "
        "garis putus-putus = batas lulus.",
        "en": "Each participant's total as a percentage, for those with at least one submission; "
        "dashed line = pass mark.",
    },
    "by_assignment": {"id": "Nilai per tugas", "en": "Scores by assignment"},
    "questions_title": {
        "id": "Tingkat kemudahan dan daya beda soal",
        "en": "Question difficulty and discrimination",
    },
    "questions_note": {
        "id": "Tingkat kemudahan = rata-rata bagian nilai yang diperoleh (0 = tidak ada yang benar, "
        "1 = semua benar). Daya beda = korelasi Pearson antara nilai soal dan nilai sisa tugas "
        "yang sama (total tugas dikurangi soal itu), di antara peserta yang tugasnya sudah "
        "dinilai. Daya beda di bawah 0,2 atau negatif: periksa soal atau kunci jawabannya; "
        "'–' = tidak dapat dihitung (kurang dari 3 pengumpulan atau semua nilai sama).",
        "en": "Difficulty (facility) = the mean share of the points earned (0 = nobody right, "
        "1 = everybody right). Discrimination = the Pearson correlation between the question's "
        "score and the rest of the same assignment (its total minus that question), over the "
        "graded submissions. Below 0.2 or negative: review the question or its answer key; "
        "'–' = cannot be computed (fewer than 3 submissions or all scores equal).",
    },
    "modules_title": {"id": "Kompetensi per modul", "en": "Competency by module"},
    "modules_note": {
        "id": "Bagian nilai per modul (tugas yang tidak dikumpulkan dihitung 0), di antara peserta "
        "yang mengumpulkan minimal satu tugas modul itu.",
        "en": "Share of the points per module (a missing assignment counts 0), over the "
        "participants with at least one submission in that module.",
    },
    "missing_title": {"id": "Belum mengumpulkan", "en": "Missing submissions"},
    "missing_none": {
        "id": "Semua peserta sudah mengumpulkan semua tugas.",
        "en": "Every participant has submitted every assignment.",
    },
    "missing_assignments": {"id": "Tugas yang belum dikumpulkan", "en": "Assignments not submitted"},
    "flagged_title": {"id": "Ditandai saat pengumpulan atau penilaian", "en": "Flagged while collecting or grading"},
    "flagged_none": {"id": "Tidak ada yang ditandai.", "en": "Nothing was flagged."},
    "pending_title": {"id": "Menunggu penilaian manual", "en": "Waiting for hand grading"},
    "pending_note": {
        "id": "Isi sheet 'penilaian-manual' di reports/penilaian-manual.xlsx lalu jalankan "
        "'kelas-ekspor grade TUGAS --manual reports/penilaian-manual.xlsx', atau nilai di formgrader.",
        "en": "Fill in the 'penilaian-manual' sheet of reports/penilaian-manual.xlsx and run "
        "'kelas-ekspor grade ASSIGNMENT --manual reports/penilaian-manual.xlsx', or grade in the "
        "formgrader.",
    },
    "participant_reports": {"id": "Laporan peserta", "en": "Participant reports"},
    "unmatched": {"id": "(file tanpa peserta)", "en": "(file without a participant)"},
    # grading isolation (isolation.csv, written by `kelas-ekspor grade`)
    "isolation_title": {"id": "Isolasi penilaian", "en": "Grading isolation"},
    "isolation_note": {
        "id": "Kode setiap kiriman dijalankan dalam kernel terisolasi. Jumlah kiriman yang kodenya "
        "dijalankan saat dinilai, per tingkat isolasi (dari isolation.csv); file rusak yang tidak "
        "dapat dijalankan tidak dihitung.",
        "en": "Each submission's code runs in an isolated kernel. Submissions whose code was run "
        "when graded, by isolation level (from isolation.csv); broken files that could not be run "
        "are not counted.",
    },
    "level_full": {"id": "penuh", "en": "full"},
    "level_partial": {"id": "sebagian", "en": "partial"},
    "level_basic": {"id": "dasar", "en": "basic"},
    "level_unknown": {"id": "tidak tercatat", "en": "not recorded"},
    "isolation_level": {"id": "Tingkat isolasi", "en": "Isolation level"},
    "isolation_layers": {"id": "Lapisan yang dipakai", "en": "Layers used"},
    "isolation_missing": {"id": "Yang tidak ada", "en": "Missing"},
    "isolation_all_full": {
        "id": "Semua kiriman dinilai dalam isolasi penuh: folder kerja sendiri, batas memori dan "
        "CPU, pengguna terpisah, tanpa jaringan, ruang proses sendiri, dan folder kelas "
        "disembunyikan.",
        "en": "Every submission was graded in full isolation: its own working folder, memory and "
        "CPU limits, a separate user, no network, its own process space, and the class folder "
        "hidden.",
    },
    "isolation_warning": {
        "id": "Perhatian: {count} dari {total} kiriman dinilai tanpa isolasi penuh.",
        "en": "Note: {count} of {total} submissions were graded without full isolation.",
    },
    "isolation_meaning": {
        "id": "Nilainya tetap dihitung dengan cara yang sama; yang berkurang adalah perlindungan "
        "terhadap kode kiriman yang keliru atau nakal:",
        "en": "Their scores are computed the same way; what is lost is protection against faulty "
        "or malicious code in a submission:",
    },
    "isolation_how": {
        "id": "Untuk isolasi penuh: jalankan 'kelas-ekspor grade TUGAS --force' sebagai root "
        "(sudo) di Linux yang punya perintah unshare (paket util-linux), lalu 'kelas-ekspor "
        "report' lagi. Di macOS, Windows atau container tanpa hak istimewa, isolasi penuh tidak "
        "tersedia.",
        "en": "For full isolation: run 'kelas-ekspor grade ASSIGNMENT --force' as root (sudo) on "
        "Linux with the unshare command (util-linux package), then 'kelas-ekspor report' again. "
        "On macOS, Windows or an unprivileged container full isolation is not available.",
    },
    "isolation_unrecorded": {
        "id": "{count} kiriman yang sudah dinilai tidak punya catatan isolasi (dinilai sebelum "
        "catatan ini ada). Jalankan 'kelas-ekspor grade TUGAS --force' untuk mencatatnya.",
        "en": "{count} graded submissions have no isolation record (graded before the record "
        "existed). Run 'kelas-ekspor grade ASSIGNMENT --force' to record it.",
    },
    "and_more": {"id": "dan {count} lainnya", "en": "and {count} more"},
    "missing_workdir": {"id": "tanpa folder kerja sendiri", "en": "no private working folder"},
    "missing_rlimits": {"id": "tanpa batas memori dan CPU", "en": "no memory and CPU limits"},
    "missing_user": {"id": "tanpa pengguna terpisah", "en": "no separate user"},
    "missing_netns": {"id": "tanpa jaringan terpisah", "en": "no separate network"},
    "missing_pidns": {"id": "tanpa ruang proses terpisah", "en": "no separate process space"},
    "missing_mountns": {"id": "folder kelas tidak disembunyikan", "en": "class folder not hidden"},
    "risk_workdir": {
        "id": "kode kiriman tidak berjalan di folder sementaranya sendiri",
        "en": "the code did not run in a private temporary folder of its own",
    },
    "risk_rlimits": {
        "id": "satu kiriman dapat memakai memori atau CPU tanpa batas dan memperlambat komputer",
        "en": "one submission could use unbounded memory or CPU and slow the computer down",
    },
    "risk_user": {
        "id": "kode kiriman berjalan sebagai pengguna Anda: dapat membaca file yang dapat Anda "
        "baca, termasuk kiriman peserta lain",
        "en": "the code ran as your user: it could read any file you can read, other "
        "participants' submissions included",
    },
    "risk_netns": {
        "id": "kode kiriman dapat memakai jaringan (internet, layanan di komputer ini)",
        "en": "the code could use the network (the internet, services on this computer)",
    },
    "risk_pidns": {
        "id": "proses yang ditinggalkan kode kiriman belum tentu ikut dihentikan",
        "en": "processes the code left running are not sure to be stopped",
    },
    "risk_mountns": {
        "id": "kode kiriman mungkin dapat melihat buku nilai, notebook sumber (dengan tes "
        "tersembunyi) dan kiriman lain",
        "en": "the code may have seen the gradebook, the source notebooks (hidden tests included) "
        "and other submissions",
    },
    # participant report
    "participant_title": {"id": "Laporan Nilai Peserta", "en": "Participant Score Report"},
    "result": {"id": "Hasil", "en": "Result"},
    "total_line": {
        "id": "Nilai total: {score} dari {max} ({percent})",
        "en": "Total score: {score} out of {max} ({percent})",
    },
    "threshold_line": {"id": "Batas lulus: {threshold}", "en": "Pass mark: {threshold}"},
    "module_chart": {"id": "Nilai per modul dibanding median kelas", "en": "Scores by module against the class median"},
    "assignments_title": {"id": "Nilai per tugas", "en": "Scores by assignment"},
    "questions_detail": {"id": "Rincian per soal dan komentar", "en": "Question by question, with comments"},
    "no_comments": {"id": "Belum ada komentar penilai.", "en": "No grader comments yet."},
    "grader_comments": {"id": "Komentar penilai", "en": "Grader's comments"},
    "certificate": {"id": "Sertifikat Kelas Ekspor", "en": "Kelas Ekspor Certificate"},
    "certificate_given": {"id": "diberikan kepada", "en": "awarded to"},
    "certificate_for": {
        "id": "atas keberhasilannya menyelesaikan Kelas Ekspor — menghitung biaya, menyusun harga "
        "ekspor, dan merencanakan pengiriman pesanan ekspor — dengan nilai {percent}.",
        "en": "for completing Kelas Ekspor — costing, pricing and planning the delivery of an "
        "export order — with a score of {percent}.",
    },
    "certificate_date": {"id": "Diterbitkan {date}", "en": "Issued {date}"},
    "signature": {"id": "Instruktur", "en": "Instructor"},
    "none": {"id": "–", "en": "–"},
}


def t(key: str, **values: object) -> str:
    """The active language's label ``key``, with ``{placeholders}`` filled from ``values``."""
    text = tr(LABELS[key])
    return text.format(**values) if values else text


def score_text(value: float | None) -> str:
    """A score as people write it: ``7``, ``7,5`` or ``7,25`` (id); empty for no score."""
    if value is None or value != value:  # None or NaN
        return t("none")
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return format_number(rounded, 0)
    if round(rounded, 1) == rounded:
        return format_number(rounded, 1)
    return format_number(rounded, 2)


def percent_text(share: float | None) -> str:
    """A share (0.758) as a percentage (``75,8%``); a dash for no value."""
    if share is None or share != share:
        return t("none")
    return format_percent(share, 1)


def decimal_text(value: float | None, decimals: int = 2) -> str:
    """A plain decimal such as a correlation; a dash for no value."""
    if value is None or value != value:
        return t("none")
    return format_number(value, decimals)
