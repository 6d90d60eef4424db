"""The ``kelas-ekspor`` command: a thin shell that parses arguments and calls the grading package.

Every command takes ``--workspace DIR`` (default: the current folder), ``--lang id|en`` (messages in
Bahasa Indonesia by default) and ``--quiet`` (no progress bars), before or after the command name;
it prints what it did and exits non-zero only when it could not do its job at all (exit code 1, with
the reason; 2 for a mistyped command line).

Examples
--------
>>> build_parser().parse_args(["grade", "a1-biaya-kapasitas", "--workers", "2"]).workers
2
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import toolkit
from grading.engine.sandbox import FILE_SIZE_LIMIT, MAX_PROCESSES, MEMORY_LIMIT
from toolkit.i18n import set_language, tr

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["build_parser", "main"]


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--workspace, --lang and --quiet, accepted before and after the command name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--workspace", metavar="DIR", default=default,
        help="folder workspace kelas (bawaan: folder saat ini) / the class workspace folder "
             "(default: the current folder)")
    parser.add_argument(
        "--lang", choices=["id", "en"], default="id" if top else argparse.SUPPRESS,
        help="bahasa pesan dan laporan / language of messages and reports (id, en)")
    parser.add_argument(
        "--quiet", action="store_true", default=False if top else argparse.SUPPRESS,
        help="tanpa bilah kemajuan / no progress bars")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kelas-ekspor",
        description="Kelas Ekspor: kelas ekspor dalam satu paket / an export class in a box.",
    )
    parser.add_argument("--version", action="version", version=f"kelas-ekspor {toolkit.__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        _common(sub, top=False)
        return sub

    init = command("init", "buat workspace kelas / create a class workspace")
    init.add_argument("dir", nargs="?", metavar="DIR",
                      help="folder baru atau kosong (bawaan: --workspace) / a new or empty folder")
    init.add_argument("--assignments", metavar="DIR",
                      help="folder tugas sumber (bawaan: assignments/ repo) / the assignments to "
                           "copy (default: the repository's assignments/)")

    roster = command("roster", "daftar peserta / the participant roster")
    roster_commands = roster.add_subparsers(dest="roster_command", metavar="ACTION")
    roster_import = roster_commands.add_parser(
        "import", help="impor peserta dari CSV/XLSX / import participants from CSV or XLSX")
    _common(roster_import, top=False)
    roster_import.add_argument("file", metavar="FILE")

    release = command("release", "rilis tugas ke peserta / release an assignment")
    release.add_argument("assignment", metavar="ASSIGNMENT")
    release.add_argument("--due", metavar="WAKTU",
                         help='batas waktu, waktu setempat, misalnya "2026-03-20 17:00" (boleh '
                              'dengan zona, "+07:00") / due date, local time unless a zone is '
                              "given; late work follows nbgrader's LateSubmissionPlugin")

    collect = command("collect", "kumpulkan kiriman / collect submissions")
    collect.add_argument("assignment", metavar="ASSIGNMENT")
    collect.add_argument("--from", dest="source", metavar="PATH",
                         help="folder atau zip file kiriman e-mail/chat (bawaan: exchange) / a "
                              "folder or zip of files sent by e-mail or chat (default: exchange)")

    grade = command("grade", "nilai otomatis dan umpan balik / autograde and feedback")
    grade.add_argument("assignment", metavar="ASSIGNMENT")
    grade.add_argument("--workers", type=_positive, metavar="N",
                       help="proses paralel (bawaan: jumlah inti CPU) / parallel workers "
                            "(default: number of cores)")
    grade.add_argument("--timeout", type=_positive, default=None, metavar="SECONDS",
                       help="batas waktu per sel (bawaan: 60) / time limit per cell (default: 60)")
    grade.add_argument("--force", action="store_true",
                       help="nilai ulang semua kiriman, juga yang sudah dinilai / grade every "
                            "submission again, also those already graded")
    grade.add_argument("--notebook-timeout", type=_positive, default=None, metavar="SECONDS",
                       help="batas waktu satu notebook (bawaan: 10 × --timeout) / time limit per "
                            "notebook (default: 10 × --timeout)")
    grade.add_argument("--memory", type=_positive, default=MEMORY_LIMIT // 1024**2, metavar="MB",
                       help=f"memori per kernel (bawaan: {MEMORY_LIMIT // 1024**2}) / memory per "
                            f"kernel (default: {MEMORY_LIMIT // 1024**2})")
    grade.add_argument("--max-file-size", type=_positive, default=FILE_SIZE_LIMIT // 1024**2,
                       metavar="MB", help=f"ukuran file terbesar yang boleh ditulis (bawaan: "
                       f"{FILE_SIZE_LIMIT // 1024**2}) / largest file a notebook may write "
                       f"(default: {FILE_SIZE_LIMIT // 1024**2})")
    grade.add_argument("--max-processes", type=_positive, default=MAX_PROCESSES, metavar="N",
                       help=f"proses dan thread per kernel (bawaan: {MAX_PROCESSES}) / processes "
                            f"and threads per kernel (default: {MAX_PROCESSES})")
    grade.add_argument("--require-isolation", choices=["basic", "partial", "full"],
                       metavar="LEVEL",
                       help="tolak menilai bila isolasi komputer ini di bawah LEVEL (basic, "
                            "partial, full) / refuse to grade when this machine's isolation is "
                            "below LEVEL")
    grade.add_argument("--fresh-kernels", action="store_true",
                       help="mulai setiap kernel dari awal, tanpa zygote (lebih lambat) / start "
                            "every kernel from scratch, without the zygote (slower)")
    grade.add_argument("--manual", metavar="FILE",
                       help="impor lembar penilaian manual (xlsx/csv) / import the "
                            "manual-grading sheet (xlsx or csv)")

    returning = command("return", "kembalikan umpan balik lewat exchange (JupyterHub) / return "
                                  "feedback through the exchange (JupyterHub)")
    returning.add_argument("assignment", metavar="ASSIGNMENT")
    returning.add_argument("--participant", action="append", default=[], metavar="ID",
                           help="hanya peserta ini (boleh berulang) / only this participant "
                                "(repeatable)")

    hub = command("hub", "kelas di JupyterHub: server dan akun / a class on JupyterHub: the "
                         "server and the accounts")
    hub_commands = hub.add_subparsers(dest="hub_command", metavar="ACTION")

    def hub_command(name: str, text: str) -> argparse.ArgumentParser:
        sub = hub_commands.add_parser(name, help=text, description=text)
        _common(sub, top=False)
        sub.add_argument("--state", metavar="DIR",
                         help="folder status hub (rahasia, mode 0700; bawaan /var/lib/kelas-ekspor/"
                              "hub) / the hub's state folder (secrets, mode 0700; default "
                              "/var/lib/kelas-ekspor/hub)")
        sub.add_argument("--exchange", metavar="DIR",
                         help="folder exchange nbgrader (bawaan /srv/nbgrader/exchange) / "
                              "nbgrader's exchange folder (default /srv/nbgrader/exchange)")
        return sub

    serve = hub_command("serve", "jalankan JupyterHub kelas / start the class's JupyterHub")
    serve.add_argument("--port", type=int, default=8000,
                       help="port untuk peserta (bawaan 8000) / the participants' port")
    serve.add_argument("--ip", default="", metavar="ADDR",
                       help="alamat yang didengar (bawaan: semua) / address to listen on "
                            "(default: all)")
    serve.add_argument("--memory", default="2G", metavar="SIZE",
                       help="memori per peserta, mis. 2G (bawaan) / memory per participant")
    serve.add_argument("--cpus", type=float, default=1.0, metavar="N",
                       help="inti CPU per peserta (bawaan 1) / CPU cores per participant")
    serve.add_argument("--max-processes", type=_positive, default=512, metavar="N",
                       help="proses per peserta (bawaan 512) / processes per participant")
    serve.add_argument("--idle-minutes", type=int, default=120, metavar="MIN",
                       help="hentikan server yang menganggur sekian menit (0: tidak pernah) / "
                            "stop servers idle this long (0: never)")

    accounts = hub_command("accounts", "akun dari roster + lembar kata sandi / accounts from the "
                                       "roster + a password sheet")
    accounts.add_argument("roster", nargs="?", metavar="ROSTER",
                          help="roster CSV/XLSX (id_peserta, nama, ...)")
    accounts.add_argument("--instructor", action="append", default=[], metavar="NAME",
                          help="akun instruktur/penilai (boleh berulang; yang pertama memegang "
                               "exchange) / an instructor or grader account (repeatable; the "
                               "first owns the exchange)")
    accounts.add_argument("--reset", action="append", default=[], metavar="ID",
                          help="beri kata sandi baru (boleh berulang) / issue a new password "
                               "(repeatable)")
    accounts.add_argument("--sheet", metavar="FILE",
                          help="lembar kata sandi HTML (bawaan: kata-sandi-akun-<waktu>.html) / "
                               "the password sheet (HTML)")
    accounts.add_argument("--homes", metavar="DIR",
                          help="folder rumah akun (bawaan /home) / where the homes go")
    accounts.add_argument("--url", default="", metavar="URL",
                          help="alamat hub yang dicetak di lembar / the hub's address printed "
                               "on the sheet")

    report = command("report", "tulis laporan / write the reports")
    report.add_argument("--pass-threshold", type=float, default=0.6, metavar="SHARE",
                        help="batas lulus, bagian dari nilai total (bawaan 0.6) / share of the "
                             "total needed to pass (default 0.6)")

    demo = command("demo", "seluruh alur pada kelas sintetis / the whole flow on a synthetic class")
    demo.add_argument("--participants", type=_positive, default=100, metavar="N")
    demo.add_argument("--workers", type=_positive, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, metavar="S")

    lab = command("lab", "buka JupyterLab pada kursus (atau --workspace) / open JupyterLab on "
                         "the course (or on --workspace, with the formgrader)")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true")
    lab.add_argument("--participant", metavar="NAME",
                     help="peserta yang memakai laptop ini (bawaan: pengguna komputer); salinan "
                          "kursusnya sendiri / who uses this laptop (default: the computer's user); "
                          "their own copy of the course")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: harus bilangan bulat ≥ 1 / must be a whole number ≥ 1")
    return value


def say(id_text: str, en_text: str) -> None:
    print(tr({"id": id_text, "en": en_text}), flush=True)


def _workspace(args: argparse.Namespace):
    from grading.workspace import Workspace

    return Workspace(args.workspace or Path.cwd())


def _rel(ws, path: Path) -> str:
    try:
        return str(Path(path).relative_to(ws.root))
    except ValueError:
        return str(path)


# -- commands -------------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from grading.workspace import init_workspace

    target = args.dir or args.workspace or Path.cwd()
    result = init_workspace(target, assignments=args.assignments)
    ws = result.workspace
    if result.created:
        say(f"Workspace kelas dibuat di {ws.root}.", f"Class workspace created in {ws.root}.")
    else:
        say(f"{ws.root} sudah workspace kelas; tidak ada yang ditimpa.",
            f"{ws.root} is already a class workspace; nothing was overwritten.")
    if result.copied:
        say(f"Tugas disalin ke source/ dan didaftarkan di gradebook: {', '.join(result.copied)}.",
            f"Assignments copied to source/ and registered in the gradebook: "
            f"{', '.join(result.copied)}.")
    if result.kept:
        say(f"Tugas yang sudah ada di source/ dibiarkan: {', '.join(result.kept)}.",
            f"Assignments already in source/ left as they were: {', '.join(result.kept)}.")
    if not ws.assignments():
        say("Perhatian: source/ belum berisi tugas.", "Note: source/ holds no assignment yet.")
    say(f"Langkah berikutnya: kelas-ekspor --workspace {ws.root} roster import peserta.xlsx",
        f"Next: kelas-ekspor --workspace {ws.root} roster import participants.xlsx")
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from grading.roster import import_roster

    if getattr(args, "roster_command", None) != "import":
        say("Pakai: kelas-ekspor roster import FILE", "Usage: kelas-ekspor roster import FILE")
        return 2
    ws = _workspace(args)
    result = import_roster(ws, args.file)
    say(f"Roster diimpor dari {result.file.name}: {len(result.added)} peserta baru, "
        f"{len(result.updated)} diperbarui; total {result.total} peserta di roster.csv dan "
        "gradebook.",
        f"Roster imported from {result.file.name}: {len(result.added)} new participants, "
        f"{len(result.updated)} updated; {result.total} participants in roster.csv and the "
        "gradebook.")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from grading.release import release_assignment

    ws = _workspace(args)
    say(f"Menyiapkan dan memeriksa {args.assignment} (nbgrader generate_assignment, validate "
        "dua arah)...",
        f"Generating and checking {args.assignment} (nbgrader generate_assignment, both-ways "
        "validate)...")
    result = release_assignment(ws, args.assignment, due=args.due)
    if result.due is not None:
        local = result.due.astimezone().strftime("%Y-%m-%d %H:%M %Z")
        say(f"Batas waktu {args.assignment}: {local}.", f"Due date of {args.assignment}: {local}.")
    say("Pemeriksaan dua arah lolos: jawaban kunci lolos semua tes, versi peserta kosong tidak "
        "lolos satu pun.",
        "Both-ways check passed: the solutions pass every test, the blank participant version "
        "passes none.")
    say(f"Versi peserta: {_rel(ws, result.release_dir)}/ ({len(result.files)} file).",
        f"Participant version: {_rel(ws, result.release_dir)}/ ({len(result.files)} files).")
    if result.exchange_dir:
        say(f"Dirilis ke exchange nbgrader: {result.exchange_dir} (peserta di JupyterHub "
            "mengambilnya di tab Assignments).",
            f"Released to the nbgrader exchange: {result.exchange_dir} (participants on a "
            "JupyterHub fetch it from the Assignments tab).")
    say(f"Zip untuk kelas tanpa hub: {result.zip_path}",
        f"Zip for classes without a hub: {result.zip_path}")
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from grading.collect import collect_from_exchange, collect_from_path

    ws = _workspace(args)
    if args.source:
        result = collect_from_path(ws, args.assignment, args.source)
        where = {"id": f"dari {args.source}", "en": f"from {args.source}"}
    else:
        result = collect_from_exchange(ws, args.assignment)
        where = {"id": "dari exchange", "en": "from the exchange"}
    say(f"{len(result.collected)} kiriman {args.assignment} dikumpulkan {where['id']} ke "
        "submitted/.",
        f"{len(result.collected)} submissions of {args.assignment} collected {where['en']} into "
        "submitted/.")
    for item in result.collected:
        say(f"  {item.participant}: {item.shown}", f"  {item.participant}: {item.shown}")
    if result.kept:
        say(f"{len(result.kept)} file tidak lebih baru dari kiriman yang sudah ada, dilewati: "
            + ", ".join(f"{i.shown} ({i.participant})" for i in result.kept),
            f"{len(result.kept)} files no newer than the copy already collected, skipped: "
            + ", ".join(f"{i.shown} ({i.participant})" for i in result.kept))
    if result.superseded:
        say(f"{len(result.superseded)} versi lama (peserta mengirim lebih dari sekali; yang "
            "terbaru dipakai): " + ", ".join(i.shown for i in result.superseded),
            f"{len(result.superseded)} older versions (sent more than once; the newest is "
            "used): " + ", ".join(i.shown for i in result.superseded))
    if result.other_assignment:
        say(f"{len(result.other_assignment)} file milik tugas lain, dilewati: "
            + ", ".join(result.other_assignment),
            f"{len(result.other_assignment)} files belong to another assignment, skipped: "
            + ", ".join(result.other_assignment))
    if result.unmatched:
        say(f"{len(result.unmatched)} file TIDAK cocok dengan peserta (dicatat di flags.csv; "
            "ganti namanya dengan id peserta lalu jalankan collect lagi):",
            f"{len(result.unmatched)} files did NOT match a participant (recorded in flags.csv; "
            "rename them with the participant id and run collect again):")
        for shown, why in result.unmatched:
            say(f"  {shown}: {why['id']}", f"  {shown}: {why['en']}")
    missing = [p for p in ws.participant_ids()
               if not (ws.submission_dir(p, args.assignment)).is_dir()]
    if missing:
        say(f"{len(missing)} peserta belum mengirim: " + ", ".join(missing[:30])
            + (" ..." if len(missing) > 30 else ""),
            f"{len(missing)} participants have not submitted: " + ", ".join(missing[:30])
            + (" ..." if len(missing) > 30 else ""))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from grading.engine import DEFAULT_TIMEOUT, grade_assignment, refresh_feedback
    from grading.manual import import_manual_sheet

    ws = _workspace(args)
    if args.manual:
        result = import_manual_sheet(ws, args.assignment, args.manual)
        say(f"Lembar penilaian manual {result.file.name} diimpor untuk {args.assignment}: "
            f"{result.scores} nilai dan {result.comments} komentar untuk "
            f"{len(result.participants)} peserta disimpan di gradebook"
            + (f"; {result.other_assignments} baris tugas lain dilewati"
               if result.other_assignments else "") + ".",
            f"Manual-grading sheet {result.file.name} imported for {args.assignment}: "
            f"{result.scores} scores and {result.comments} comments for "
            f"{len(result.participants)} participants saved in the gradebook"
            + (f"; {result.other_assignments} rows of other assignments skipped"
               if result.other_assignments else "") + ".")
        failed = refresh_feedback(ws, args.assignment, result.participants,
                                  workers=args.workers, progress=not args.quiet)
        say(f"Umpan balik diperbarui untuk {len(result.participants) - len(failed)} peserta.",
            f"Feedback refreshed for {len(result.participants) - len(failed)} participants.")
        if failed:
            say("Umpan balik belum bisa dibuat (nilai otomatis dulu) untuk: " + ", ".join(failed),
                "Feedback could not be written (autograde first) for: " + ", ".join(failed))
        return 0

    summary = grade_assignment(ws, args.assignment, workers=args.workers,
                               timeout=args.timeout or DEFAULT_TIMEOUT, progress=not args.quiet,
                               force=args.force, notebook_timeout=args.notebook_timeout,
                               memory=args.memory * 1024**2,
                               file_size=args.max_file_size * 1024**2,
                               processes=args.max_processes, fork=not args.fresh_kernels,
                               require_isolation=args.require_isolation)
    if summary.backup:
        say(f"Cadangan gradebook sebelum penilaian: {summary.backup.relative_to(ws.root)}.",
            f"Gradebook backed up before grading: {summary.backup.relative_to(ws.root)}.")
    levels = sorted(set(summary.isolation.values()))
    if levels:
        say(f"Isolasi kernel: {'; '.join(levels)} (per peserta di isolation.csv).",
            f"Kernel isolation: {'; '.join(levels)} (per participant in isolation.csv).")
    if summary.skipped:
        say(f"{len(summary.skipped)} kiriman sudah dinilai sebelumnya dan tidak berubah: dilewati "
            "(--force untuk menilai ulang).",
            f"{len(summary.skipped)} submissions were already graded and have not changed: "
            "skipped (--force grades them again).")
    say(f"{len(summary.graded)} kiriman {args.assignment} dinilai ({summary.workers} proses, "
        f"{summary.seconds:.0f} detik); nilai di gradebook.db, notebook di autograded/.",
        f"{len(summary.graded)} submissions of {args.assignment} graded ({summary.workers} "
        f"workers, {summary.seconds:.0f} s); scores in gradebook.db, notebooks in autograded/.")
    say(f"Umpan balik (tanpa tes tersembunyi) untuk {len(summary.feedback)} peserta di "
        f"feedback/<peserta>/{args.assignment}/.",
        f"Feedback (hidden tests removed) for {len(summary.feedback)} participants in "
        f"feedback/<participant>/{args.assignment}/.")
    if summary.flags:
        say(f"{len(summary.flags)} catatan masalah (lihat flags.csv):",
            f"{len(summary.flags)} problems flagged (see flags.csv):")
        for flag in summary.flags:
            say(f"  {flag.participant_id} [{flag.code}] {flag.reason_id}",
                f"  {flag.participant_id} [{flag.code}] {flag.reason_en}")
    queued = sorted({f.participant_id for f in summary.flags
                     if f.code in ("engine-limit", "answer-unsupported")})
    if queued:
        say(f"{len(queued)} kiriman punya sel tes yang harus dinilai manual (penilai otomatis "
            "tidak bisa memeriksanya sepenuhnya): isi lembar reports/penilaian-manual.xlsx "
            "setelah `kelas-ekspor report`, atau pakai formgrader.",
            f"{len(queued)} submissions have test cells that need hand grading (the autograder "
            "could not check them faithfully): fill reports/penilaian-manual.xlsx after "
            "`kelas-ekspor report`, or use the formgrader.")
    if summary.missing:
        say(f"{len(summary.missing)} peserta tanpa kiriman: " + ", ".join(summary.missing[:30])
            + (" ..." if len(summary.missing) > 30 else ""),
            f"{len(summary.missing)} participants without a submission: "
            + ", ".join(summary.missing[:30]) + (" ..." if len(summary.missing) > 30 else ""))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from grading.reports import write_reports

    ws = _workspace(args).require()
    written = write_reports(ws.root, lang=args.lang, pass_threshold=args.pass_threshold,
                            progress=not args.quiet)
    participants = sum(1 for name in written if name.startswith("participants/")
                       and name.endswith(".html"))
    say(f"Laporan ditulis di {ws.reports}: class.html, grades.csv, questions.csv, grades.xlsx, "
        f"penilaian-manual.xlsx dan {participants} laporan peserta (HTML + PDF).",
        f"Reports written in {ws.reports}: class.html, grades.csv, questions.csv, grades.xlsx, "
        f"penilaian-manual.xlsx and {participants} participant reports (HTML + PDF).")
    return 0


def cmd_return(args: argparse.Namespace) -> int:
    from grading.exchange import return_feedback

    ws = _workspace(args)
    result = return_feedback(ws, args.assignment, participants=args.participant)
    say(f"Umpan balik {args.assignment} dikembalikan lewat exchange untuk {len(result.returned)} "
        f"peserta ({result.pages} halaman); peserta mengambilnya di tab Assignments "
        "(Fetch Feedback).",
        f"Feedback on {args.assignment} returned through the exchange for "
        f"{len(result.returned)} participants ({result.pages} pages); participants fetch it in "
        "the Assignments tab (Fetch Feedback).")
    if result.without_feedback:
        say(f"{len(result.without_feedback)} kiriman belum punya umpan balik (jalankan "
            f"`kelas-ekspor grade {args.assignment}` dulu): " + ", ".join(result.without_feedback),
            f"{len(result.without_feedback)} submissions have no feedback yet (run "
            f"`kelas-ekspor grade {args.assignment}` first): " + ", ".join(result.without_feedback))
    if result.not_from_exchange:
        say(f"{len(result.not_from_exchange)} kiriman tidak datang dari exchange (dikirim lewat "
            "e-mail/chat), jadi umpan baliknya dibagikan dengan cara lain (reports/participants/): "
            + ", ".join(result.not_from_exchange),
            f"{len(result.not_from_exchange)} submissions did not come through the exchange "
            "(sent by e-mail or chat), so share their feedback another way "
            "(reports/participants/): " + ", ".join(result.not_from_exchange))
    return 0


def cmd_hub(args: argparse.Namespace) -> int:
    from grading.hub import HubPaths

    action = getattr(args, "hub_command", None)
    if action not in ("serve", "accounts"):
        say("Pakai: kelas-ekspor hub serve | kelas-ekspor hub accounts ROSTER",
            "Usage: kelas-ekspor hub serve | kelas-ekspor hub accounts ROSTER")
        return 2
    if action == "serve":
        from grading.hub.serve import serve

        paths = HubPaths.make(args.state, args.exchange)
        say(f"Hub kelas: http://{args.ip or 'ALAMAT-SERVER'}:{args.port}/ (status di "
            f"{paths.state}, exchange {paths.exchange}).",
            f"Class hub: http://{args.ip or 'SERVER-ADDRESS'}:{args.port}/ (state in "
            f"{paths.state}, exchange {paths.exchange}).")
        serve(paths, ip=args.ip, port=args.port, memory=args.memory, cpus=args.cpus,
              processes=args.max_processes, idle_minutes=args.idle_minutes)
        return 0  # not reached
    from grading.hub.accounts import sync_accounts

    if not args.roster and not args.instructor and not args.reset:
        say("Pakai: kelas-ekspor hub accounts ROSTER.xlsx [--instructor NAMA ...]",
            "Usage: kelas-ekspor hub accounts ROSTER.xlsx [--instructor NAME ...]")
        return 2
    paths = HubPaths.make(args.state, args.exchange, args.homes)
    result = sync_accounts(args.roster, paths, instructors=args.instructor, reset=args.reset,
                           sheet=Path(args.sheet) if args.sheet else None, hub_url=args.url)
    say(f"Akun: {len(result.created)} baru, {len(result.enabled)} diaktifkan lagi, "
        f"{len(result.disabled)} dinonaktifkan (tidak ada di roster; file mereka tidak diubah), "
        f"{len(result.unchanged)} tetap, {len(result.reset)} kata sandi baru.",
        f"Accounts: {len(result.created)} new, {len(result.enabled)} enabled again, "
        f"{len(result.disabled)} disabled (not in the roster; their files untouched), "
        f"{len(result.unchanged)} unchanged, {len(result.reset)} new passwords.")
    if result.disabled:
        say("Dinonaktifkan: " + ", ".join(result.disabled), "Disabled: " + ", ".join(result.disabled))
    if result.sheet:
        say(f"Lembar kata sandi (cetak, gunting, bagikan; lalu hapus file ini): {result.sheet}",
            f"Password sheet (print, cut, hand out; then delete this file): {result.sheet}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from grading.demo import run_demo

    target = Path(args.workspace) if args.workspace else Path.cwd() / "kelas-demo"
    run_demo(target, participants=args.participants, workers=args.workers, seed=args.seed,
             lang=args.lang, progress=not args.quiet, say=say)
    return 0


def course_dir() -> Path:
    return ROOT / "course"


def lab(args: argparse.Namespace) -> int:
    """JupyterLab on the participant's own copy of the course, opening module 00 (see grading.lab).

    With ``--workspace DIR``, or when run inside a class workspace, JupyterLab opens on the workspace
    instead, where nbgrader's formgrader (the Nbgrader menu) grades by hand.
    """
    import secrets

    from grading import lab as classroom

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join(filter(None, [str(Path(sys.executable).parent), env.get("PATH")]))
    port = classroom.free_port(args.port)
    if args.workspace or (Path.cwd() / "nbgrader_config.py").exists():
        # Given, or run inside a class workspace: the grader wants the formgrader there.
        root = _workspace(args).require().root
        argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", f"--port={port}"]
        url = None
    else:
        setup = classroom.prepare(args.participant, language=args.lang)
        root, env = setup.root, setup.env(env)
        env.setdefault("JUPYTER_TOKEN", secrets.token_hex(16))
        argv = setup.argv(sys.executable, port)
        url = setup.url(port, env["JUPYTER_TOKEN"])
        print(tr({"id": f"Folder kerja {setup.participant}: {setup.root}",
                  "en": f"Working folder of {setup.participant}: {setup.root}"}), flush=True)
        if setup.added and setup.kept:
            print(tr({"id": f"{len(setup.added)} file baru dari kursus disalin; file Anda tidak diubah.",
                      "en": f"{len(setup.added)} new course files copied; your files are unchanged."}))
    if args.no_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers and class servers often run as root
    if url:
        print(tr({"id": f"Buka kelas di browser: {url}", "en": f"Open the class in a browser: {url}"}),
              flush=True)
        print(tr({"id": "Menutup kelas: tekan Ctrl+C dua kali di jendela ini (pekerjaan yang sudah "
                        "disimpan tetap ada).",
                  "en": "To close the class: press Ctrl+C twice in this window (saved work stays)."}),
              flush=True)
    os.chdir(root)
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


COMMANDS = {
    "init": cmd_init, "roster": cmd_roster, "release": cmd_release, "collect": cmd_collect,
    "grade": cmd_grade, "report": cmd_report, "demo": cmd_demo, "lab": lab,
    "return": cmd_return, "hub": cmd_hub,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    set_language(args.lang)
    try:
        return COMMANDS[args.command](args)
    except toolkit.ToolkitError as error:
        messages = getattr(error, "messages", None)
        text = messages.get(args.lang, str(error)) if isinstance(messages, dict) else str(error)
        print(tr({"id": "Gagal: ", "en": "Failed: "}) + text, file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print(tr({"id": "Dihentikan.", "en": "Interrupted."}), file=sys.stderr)
        return 130
    finally:
        set_language("id")


if __name__ == "__main__":
    sys.exit(main())
