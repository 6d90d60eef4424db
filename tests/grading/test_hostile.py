"""Hostile submissions earn only what their answers earn, each flagged with its reason; honest
ones with extra, reordered or duplicated cells keep full marks.

The assignment ``tugas-jebakan`` has one answer cell (``harga = 12.5`` and a pandas Series) and
five one-point tests, each leaning on something a participant could tamper with: ``abs``,
``math.isclose``, ``numpy.isclose``/``numpy.testing``, ``pandas.testing`` and ``float``. Every
hostile participant answers wrongly (``harga = 10.0``), so an honest grade is 0 of 5, and then
tries to make the tests pass anyway.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from grading_helpers import _cell, tree_hashes, write_submission
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grading.engine import grade_assignment
from grading.flags import read_flags
from grading.workspace import REPO_ASSIGNMENTS, init_workspace

A = "tugas-jebakan"
TESTS = {
    "tes-abs": "### BEGIN HIDDEN TESTS\nassert abs(harga - 12.5) < TOLERANSI\n### END HIDDEN TESTS",
    "tes-math": "assert math.isclose(harga * 2, 25.0), 'harga belum benar'",
    "tes-np": "assert np.isclose(harga, 12.5)\nnp.testing.assert_allclose(harga, 12.5)",
    "tes-pd": "pd.testing.assert_series_equal(s, pd.Series([1.0, 2.0]))",
    "tes-float": "assert float(harga) == 12.5",
}
RIGHT = "harga = 12.5\ns = pd.Series([1.0, 2.0])"
LYING_FLOAT = """
class Selalu(float):  # every comparison says yes, every difference is zero
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __mul__(self, other): return 25.0
    def __float__(self): return 12.5
    __hash__ = float.__hash__
harga = Selalu(10.0)
s = pd.Series([1.0, 3.0])
"""
THREAD_REPATCH = """
import builtins, threading, time
def _ganggu():
    while True:
        builtins.abs = lambda v: 0
        math.isclose = lambda *a, **k: True
        np.isclose = lambda *a, **k: True
        time.sleep(0.0002)
threading.Thread(target=_ganggu, daemon=True).start()
time.sleep(0.05)
"""
PLANT_CLEAN = """
import os
parent = os.path.dirname(os.getcwd())  # not listable: guess the other kernels' folders
for folder in [os.path.join(parent, name) for name in ("clean", "check", "tests", "work2")]:
    for startup in ("/.ipython/profile_default/startup", "/.ipython/profile_default/startup/"):
        try:
            os.makedirs(folder + startup, exist_ok=True)
            with open(folder + startup + "/00-abs.py", "w") as fh:
                fh.write("import builtins, math\\nbuiltins.abs = lambda v: 0\\n"
                         "math.isclose = lambda *a, **k: True\\n")
        except OSError as e:
            print("BLOCKED", type(e).__name__)
"""
GC_SNAPSHOT = """
import builtins, gc
nol = lambda v: 0
for obj in gc.get_objects():  # the guard's snapshot of the builtins: patch it too
    if type(obj) is dict and obj is not vars(builtins) and obj.get("abs") is builtins.abs \\
            and "isinstance" in obj:
        obj["abs"] = nol
builtins.abs = nol
"""
WRONG = "harga = 10.0\ns = pd.Series([1.0, 3.0])"


def _source() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        new_markdown_cell("# Tugas jebakan"),
        _cell("code", "import math\nimport numpy as np\nimport pandas as pd\nTOLERANSI = 1e-9",
              "siapkan", locked=True),
        _cell("code", f"### BEGIN SOLUTION\n{RIGHT}\n### END SOLUTION", "jawab", solution=True),
        *[_cell("code", source, name, grade=True, locked=True, points=1.0)
          for name, source in TESTS.items()],
    ]
    return nb


def _with(nb, grade_id, **change):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            for key, value in change.items():
                if key == "points":
                    cell.metadata["nbgrader"]["points"] = value
                else:
                    cell[key] = value
    return nb


def _answer(release, code):
    return _with(release, "jawab", source=code)


def _index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells)
                if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _cases(release, ws):
    wrong = _answer(release, WRONG)
    gradebook, source = ws.gradebook_file, ws.source / A / f"{A}.ipynb"
    dup = nbformat.from_dict(json.loads(json.dumps(wrong)))
    copy = nbformat.from_dict(json.loads(json.dumps(dup.cells[_index(dup, "tes-abs")])))
    copy.source = "pass"
    dup.cells.insert(_index(dup, "tes-abs"), copy)
    deleted = nbformat.from_dict(json.loads(json.dumps(wrong)))
    del deleted.cells[_index(deleted, "tes-pd")]
    hostile = {
        # (notebook, flag code expected)
        "edit-test": (_with(wrong, "tes-math", source="assert True"), "test-cell-modified"),
        "empty-test": (_with(wrong, "tes-np", source=""), "test-cell-modified"),
        "delete-test": (deleted, "cell-deleted"),
        "retype-test": (_with(wrong, "tes-float", cell_type="markdown"), "cell-type-changed"),
        "duplicate-test": (dup, "test-cell-duplicated"),
        "points": (_with(wrong, "tes-abs", points=50.0), "points-changed"),
        "builtin-abs": (_answer(release, WRONG + "\nimport builtins\n"
                                "builtins.abs = lambda v: 0"), "tampering"),
        "shadow-abs": (_answer(release, WRONG + "\ndef abs(v):\n    return 0"), "tampering"),
        "builtin-float": (_answer(release, WRONG + "\nimport builtins\n"
                                  "builtins.float = lambda v: 12.5"), "tampering"),
        "dunder-builtins": (_answer(release, WRONG + "\nimport builtins\n"
                                    "__builtins__ = dict(vars(builtins), abs=lambda v: 0)"),
                            "tampering"),
        "assertionerror": (_answer(release, WRONG + "\nimport builtins\n"
                                   "builtins.AssertionError = type('X', (Exception,), {})"),
                           "tampering"),
        "math-isclose": (_answer(release, WRONG + "\nmath.isclose = lambda *a, **k: True"),
                         "tampering"),
        "numpy-helpers": (_answer(release, WRONG + "\nnp.isclose = lambda *a, **k: True\n"
                                  "np.testing.assert_allclose = lambda *a, **k: None"),
                          "tampering"),
        "pandas-testing": (_answer(release, WRONG + "\npd.testing.assert_series_equal = "
                                   "lambda *a, **k: None"), "tampering"),
        "fake-module": (_answer(release, WRONG + "\nimport types\nmath = types.SimpleNamespace("
                                "isclose=lambda *a, **k: True)"), "tampering"),
        "showtraceback": (_answer(release, WRONG + "\nip = get_ipython()\n"
                                  "ip.showtraceback = lambda *a, **k: None\n"
                                  "ip._showtraceback = lambda *a, **k: None"), "tampering"),
        "custom-exc": (_answer(release, WRONG + "\nget_ipython().set_custom_exc("
                               "(Exception,), lambda *a, **k: None)"), "tampering"),
        "excepthook": (_answer(release, WRONG + "\nimport sys\n"
                               "sys.excepthook = lambda *a: None\n"
                               "sys.displayhook = lambda *a: None"), None),  # IPython resets
        "transformer": (_answer(release, WRONG + "\nget_ipython().input_transformers_post"
                                ".append(lambda lines: ['pass\\n'])"), "tampering"),
        "crash": (_answer(release, WRONG + "\nimport os\nos._exit(3)"), "kernel-died"),
        "hang": (_answer(release, WRONG + "\nwhile True:\n    pass"), "timeout"),
        "read-hidden": (_answer(release, WRONG + "\n" + "\n".join(
            f"try:\n    print(open({str(p)!r}).read()[:50])\nexcept OSError as e:\n"
            f"    print('BLOCKED', type(e).__name__)" for p in (source, gradebook))), None),
        # beyond what the guard can restore: only the clean kernel stops these
        "lying-float": (_answer(release, LYING_FLOAT), "answer-type"),
        "thread-repatch": (_answer(release, WRONG + THREAD_REPATCH), "tampering"),
        "gc-snapshot": (_answer(release, WRONG + GC_SNAPSHOT), None),
        "locked-constant": (_answer(release, WRONG + "\nTOLERANSI = 1e9"), None),
        "plant-clean": (_answer(release, WRONG + PLANT_CLEAN), None),
        "write-gradebook": (_answer(release, WRONG + "\nimport sqlite3\ntry:\n"
                                    f"    db = sqlite3.connect({str(gradebook)!r})\n"
                                    "    db.execute('update grade set auto_score = 99')\n"
                                    "    db.commit()\nexcept Exception as e:\n"
                                    "    print('BLOCKED', type(e).__name__)"), None),
    }
    perfect = _answer(release, RIGHT)
    extra = nbformat.from_dict(json.loads(json.dumps(perfect)))
    extra.cells.insert(2, new_markdown_cell("Catatan saya: hitung dulu."))
    extra.cells.insert(3, new_code_cell("catatan = 'coba'\nprint(catatan)"))
    extra.cells.append(new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n"
                                     "import matplotlib.pyplot as plt\nplt.plot([1, 2])"))
    reordered = nbformat.from_dict(json.loads(json.dumps(extra)))
    reordered.cells[2], reordered.cells[3] = reordered.cells[3], reordered.cells[2]
    duplicated = nbformat.from_dict(json.loads(json.dumps(perfect)))
    first = duplicated.cells[_index(duplicated, "jawab")]
    twin = nbformat.from_dict(json.loads(json.dumps(first)))
    twin.source = "harga = 12.5  # dicoba lagi"
    duplicated.cells.insert(_index(duplicated, "jawab") + 1, twin)
    honest = {"perfect": perfect, "extra-cells": extra, "reordered": reordered,
              "duplicated-answer": duplicated, "wrong": wrong}
    return hostile, honest


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    assignments = root / "assignments"
    (assignments / A).mkdir(parents=True)
    nbformat.write(_source(), assignments / A / f"{A}.ipynb")
    (assignments / "catalog.csv").write_text(
        f"assignment,module,title_id,title_en,order\n{A},02 biaya,Jebakan,Traps,1\n")
    ws = init_workspace(root / "kelas", assignments=assignments).workspace
    assert ws.api().generate_assignment(A)["success"]
    release = nbformat.read(ws.release / A / f"{A}.ipynb", as_version=4)
    hostile, honest = _cases(release, ws)
    for pid, (nb, _) in hostile.items():
        write_submission(ws.submission_dir(pid, A), nb, A)
    for pid, nb in honest.items():
        write_submission(ws.submission_dir(pid, A), nb, A)
    before = {"source": tree_hashes(ws.source), "submitted": tree_hashes(ws.submitted),
              "release": tree_hashes(ws.release), "repo": tree_hashes(REPO_ASSIGNMENTS)}
    summary = grade_assignment(ws, A, workers=2, timeout=5, progress=False)
    with ws.gradebook() as gb:
        grades = {sub.student.id: {g.name: (g.auto_score, g.max_score)
                                   for g in sub.notebooks[0].grades}
                  for sub in gb.assignment_submissions(A)}
    flags: dict[str, dict[str, str]] = {}
    for flag in read_flags(ws.flags_file):
        flags.setdefault(flag.participant_id, {})[flag.code] = flag.reason_en
    return ws, summary, grades, flags, before, hostile


HOSTILE = [
    "edit-test", "empty-test", "delete-test", "retype-test", "duplicate-test", "points",
    "builtin-abs", "shadow-abs", "builtin-float", "dunder-builtins", "assertionerror",
    "math-isclose", "numpy-helpers", "pandas-testing", "fake-module", "showtraceback",
    "custom-exc", "excepthook", "transformer", "crash", "hang", "read-hidden", "write-gradebook",
    "lying-float", "thread-repatch", "gc-snapshot", "locked-constant", "plant-clean",
]


@pytest.mark.parametrize("pid", HOSTILE)
def test_a_hostile_submission_earns_nothing_beyond_its_answers(graded, pid):
    """Does a tampering submission with wrong answers score 0 of 5, flagged with its reason?"""
    ws, summary, grades, flags, before, hostile = graded
    assert grades[pid] == {name: (0.0, 1.0) for name in TESTS}, grades[pid]
    code = hostile[pid][1]
    if code is None:  # stopped by the sandbox: nothing to flag, nothing gained
        assert pid not in flags
    else:
        assert code in flags.get(pid, {}), flags.get(pid)
        assert flags[pid][code]  # a reason, in words


def test_tampering_flags_name_what_was_restored(graded):
    """Does the tampering flag say what was put back (e.g. builtins.abs, math.isclose)?"""
    _, _, _, flags, _, _ = graded
    assert "builtins.abs" in flags["builtin-abs"]["tampering"]
    assert "math.isclose" in flags["math-isclose"]["tampering"]
    assert "custom_exceptions" in flags["custom-exc"]["tampering"]
    assert "input_transformers_post" in flags["transformer"]["tampering"]


def test_sandbox_stopped_reading_and_writing(graded):
    """Did the attempts to read the hidden tests and write the gradebook fail inside the kernel?"""
    ws, _, grades, _, _, _ = graded
    for pid in ("read-hidden", "write-gradebook"):
        nb = nbformat.read(ws.autograded / pid / A / f"{A}.ipynb", as_version=4)
        text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
        assert "BLOCKED" in text and "HIDDEN" not in text
    assert all(score != 99 for cells in grades.values() for score, _ in cells.values())


@pytest.mark.parametrize("pid", ["perfect", "extra-cells", "reordered", "duplicated-answer"])
def test_honest_submissions_keep_full_marks(graded, pid):
    """Do honest submissions with extra, reordered or duplicated cells keep 5 of 5, unflagged?"""
    _, _, grades, flags, _, _ = graded
    assert grades[pid] == {name: (1.0, 1.0) for name in TESTS}
    assert "tampering" not in flags.get(pid, {}) and "hidden-error" not in flags.get(pid, {})


def test_an_honest_wrong_answer_is_not_flagged(graded):
    """Is a plainly wrong answer 0 of 5 with no flag at all?"""
    _, _, grades, flags, _, _ = graded
    assert grades["wrong"] == {name: (0.0, 1.0) for name in TESTS}
    assert "wrong" not in flags


def test_nothing_outside_the_submissions_changed(graded):
    """Are source/, release/, submitted/ and the course's assignments/ byte-for-byte unchanged?"""
    ws, _, _, _, before, _ = graded
    assert tree_hashes(ws.source) == before["source"]
    assert tree_hashes(ws.submitted) == before["submitted"]
    assert tree_hashes(ws.release) == before["release"]
    assert tree_hashes(REPO_ASSIGNMENTS) == before["repo"]


# -- the participant's functions and classes, reached by the tests through the bridge ------------
B = "tugas-jebakan-fungsi"
FUNCTION_TESTS = {
    "tes-selisih": "### BEGIN HIDDEN TESTS\nassert dekat(harga_fob(10, 2), 12)\n"
                   "### END HIDDEN TESTS",
    "tes-sama": "assert harga_fob(1, 1) == 2",
    "tes-np": "np.testing.assert_allclose(daftar_harga(3), [1.0, 2.0, 3.0])",
    "tes-galat": "assert_raises(ValueError, harga_fob, -1, 2)",
    "tes-kelas": "k = Kalkulator()\nassert k.total([1, 2]) == 3\nassert math.isclose(k.total([0.5]), 0.5)",
}
FUNCTIONS_RIGHT = """
def harga_fob(exw, biaya):
    if exw < 0 or biaya < 0:
        raise ValueError("tidak boleh negatif")
    return exw + biaya

def daftar_harga(n):
    return [float(i) for i in range(1, n + 1)]

class Kalkulator:
    def total(self, angka):
        return sum(angka)
"""
FUNCTIONS_WRONG = """
def harga_fob(exw, biaya):
    return 0

def daftar_harga(n):
    return [0.0] * n

class Kalkulator:
    def total(self, angka):
        return -1
"""
LIAR = """
class Selalu(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    __hash__ = float.__hash__

class Daftar(list):
    def __eq__(self, other): return True
    def __len__(self): return 3
    def __iter__(self): return iter([1.0, 2.0, 3.0])
"""
OPAQUE = """
class Apapun:  # not a number at all: equal to anything, near anything
    def __eq__(self, other): return True
    def __sub__(self, other): return 0.0
    def __abs__(self): return 0.0
    __hash__ = object.__hash__
"""
OUT_OF_TURN = """
import json, threading

def _bicara():  # messages to the clean kernel on the bridge, out of turn
    kernel = get_ipython().kernel
    for _ in range(3):
        try:
            kernel.raw_input("\\x00kelas-ekspor/1\\x00" + json.dumps(
                {"op": "return", "value": {"t": "int", "v": "99"}}))
        except Exception:
            pass
"""
FUNCTION_HOSTILE = {
    # a function that changes, when a test calls it, what the tests rely on
    "fn-patch-builtins": (FUNCTIONS_WRONG.replace("    return 0\n", (
        "    import builtins, math\n    builtins.abs = lambda v: 0\n"
        "    builtins.AssertionError = type('X', (Exception,), {})\n"
        "    math.isclose = lambda *a, **k: True\n    return 0\n"), 1), "tampering"),
    "fn-patch-helpers": (FUNCTIONS_WRONG.replace("    return [0.0] * n\n", (
        "    import numpy\n    numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "    return [0.0] * n\n"), 1), "tampering"),
    # results whose comparisons lie
    "fn-lying-result": (LIAR + FUNCTIONS_WRONG.replace("    return 0\n", "    return Selalu(0)\n", 1)
                        .replace("    return [0.0] * n\n", "    return Daftar([0.0])\n", 1)
                        .replace("        return -1\n", "        return Selalu(-1)\n", 1),
                        "answer-type"),
    "fn-opaque-result": (OPAQUE + FUNCTIONS_WRONG.replace("    return 0\n", "    return Apapun()\n",
                                                          1), "engine-limit"),
    # a function that never returns, one that returns too much
    "fn-never-returns": (FUNCTIONS_WRONG.replace("    return 0\n", "    while True:\n        pass\n",
                                                 1), "timeout"),
    "fn-huge-result": (FUNCTIONS_WRONG.replace("    return [0.0] * n\n",
                                               "    return list(range(3_000_000))\n", 1),
                       "engine-limit"),
    # a function that reaches for the test's globals: it only finds its own kernel's (and the
    # guard sees its np replaced there)
    "fn-test-globals": (FUNCTIONS_WRONG.replace("    return 0\n", (
        "    import __main__\n    __main__.TOLERANSI = 1e9\n"
        "    g = globals()\n    g['assert_raises'] = lambda *a, **k: None\n"
        "    g['np'] = type('np', (), {'testing': None})\n    return 0\n"), 1), "tampering"),
    # the test's own helper, replaced in the participant's namespace: the clean kernel keeps its own
    "fn-replace-helper": (FUNCTIONS_WRONG + "\ndekat = lambda a, b: True\n"
                          "assert_raises = lambda *a, **k: None\n", None),
    "fn-test-constant": (FUNCTIONS_WRONG.replace("    return 0\n", (
        "    import __main__\n    __main__.TOLERANSI = 1e9\n"
        "    globals()['assert_raises'] = lambda *a, **k: None\n    return 0\n"), 1), None),
    # messages on the bridge out of turn, pretending to be a result
    # (two threads on the kernel's stdin socket may also crash the kernel: that ends it too)
    "fn-out-of-turn": (OUT_OF_TURN + FUNCTIONS_WRONG.replace("    return 0\n", (
        "    threading.Thread(target=_bicara).start()\n    return 0\n"), 1),
                       ("tampering", "kernel-died")),
}


def _function_source() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        new_markdown_cell("# Tugas jebakan: fungsi"),
        _cell("code", "import math\nimport numpy as np\nTOLERANSI = 1e-9\n\n"
                      "def assert_raises(kind, f, *args):\n    try:\n        f(*args)\n"
                      "    except kind:\n        return\n"
                      "    raise AssertionError(f'{kind.__name__} tidak muncul')\n\n"
                      "def dekat(a, b):  # a helper of the tests, reading the cell's own constant\n"
                      "    return abs(a - b) < TOLERANSI\n\n"
                      "assert dekat(1.0, 1.0)",
              "siapkan", locked=True),
        _cell("code", f"### BEGIN SOLUTION\n{FUNCTIONS_RIGHT}\n### END SOLUTION", "jawab",
              solution=True),
        *[_cell("code", source, name, grade=True, locked=True, points=1.0)
          for name, source in FUNCTION_TESTS.items()],
    ]
    return nb


@pytest.fixture(scope="module")
def graded_functions(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-functions")
    assignments = root / "assignments"
    (assignments / B).mkdir(parents=True)
    nbformat.write(_function_source(), assignments / B / f"{B}.ipynb")
    (assignments / "catalog.csv").write_text(
        f"assignment,module,title_id,title_en,order\n{B},02 biaya,Jebakan,Traps,1\n")
    ws = init_workspace(root / "kelas", assignments=assignments).workspace
    assert ws.api().generate_assignment(B)["success"]
    release = nbformat.read(ws.release / B / f"{B}.ipynb", as_version=4)
    honest = {"fn-right": FUNCTIONS_RIGHT, "fn-wrong": FUNCTIONS_WRONG,
              "fn-right-honest-float-subclass": FUNCTIONS_RIGHT + (
                  "\nclass Rupiah(float):\n    def label(self):\n        return 'Rp'\n"
                  "_asli = harga_fob\nharga_fob = lambda a, b: Rupiah(_asli(a, b))\n")}
    for pid, code in {**{p: c for p, (c, _) in FUNCTION_HOSTILE.items()}, **honest}.items():
        write_submission(ws.submission_dir(pid, B), _answer(release, code), B)
    grade_assignment(ws, B, workers=2, timeout=5, progress=False)
    with ws.gradebook() as gb:
        grades = {sub.student.id: {g.name: (g.auto_score, g.max_score)
                                   for g in sub.notebooks[0].grades}
                  for sub in gb.assignment_submissions(B)}
        queued = {sub.student.id: sorted(g.name for g in sub.notebooks[0].grades
                                         if g.needs_manual_grade)
                  for sub in gb.assignment_submissions(B)}
    flags: dict[str, dict[str, str]] = {}
    for flag in read_flags(ws.flags_file):
        flags.setdefault(flag.participant_id, {})[flag.code] = flag.reason_en
    return grades, flags, queued, ws


@pytest.mark.parametrize("pid", sorted(FUNCTION_HOSTILE))
def test_a_hostile_function_earns_nothing_beyond_its_answers(graded_functions, pid):
    """Does a participant function that tampers, lies, hangs or floods when a test calls it
    score 0 of 5, flagged with its reason?"""
    grades, flags, _, _ = graded_functions
    assert grades[pid] == {name: (0.0, 1.0) for name in FUNCTION_TESTS}, grades[pid]
    codes = FUNCTION_HOSTILE[pid][1]
    if codes is None:  # its own kernel's globals changed, nothing of the test's: no flag
        assert pid not in flags, flags.get(pid)
    else:
        found = [c for c in ((codes,) if isinstance(codes, str) else codes)
                 if c in flags.get(pid, {})]
        assert found, flags.get(pid)
        assert all(flags[pid][c] for c in found)


def test_results_the_engine_could_not_judge_go_to_a_person(graded_functions):
    """Are the tests that met an opaque or oversized result queued for hand grading?"""
    _, _, queued, ws = graded_functions
    assert queued["fn-opaque-result"] and set(queued["fn-opaque-result"]) <= {"tes-selisih",
                                                                             "tes-sama"}
    assert queued["fn-huge-result"] == ["tes-np"]
    assert queued["fn-wrong"] == [] and queued["fn-right"] == []


def test_queued_tests_have_a_row_in_the_manual_sheet(graded_functions):
    """Does the hand-grading sheet hold a row for each queued test, saying why, empty score?"""
    import pandas as pd

    from grading.reports import write_reports

    _, _, queued, ws = graded_functions
    written = write_reports(ws.root, progress=False)
    sheet = pd.read_excel(written["penilaian-manual.xlsx"], sheet_name="penilaian-manual")
    rows = sheet[sheet["participant_id"] == "fn-huge-result"]
    assert list(rows["question"]) == queued["fn-huge-result"]
    assert rows["score"].isna().all()
    assert rows["answer"].str.contains("hand grading").all()
    assert sheet[sheet["participant_id"] == "fn-right"].empty


@pytest.mark.parametrize("pid", ["fn-right", "fn-right-honest-float-subclass"])
def test_honest_functions_keep_full_marks(graded_functions, pid):
    """Do correct functions (also one returning a plain float subclass) earn 5 of 5, unflagged?"""
    grades, flags, _, _ = graded_functions
    assert grades[pid] == {name: (1.0, 1.0) for name in FUNCTION_TESTS}
    assert pid not in flags, flags.get(pid)


def test_honest_wrong_functions_are_not_flagged(graded_functions):
    """Are plainly wrong functions 0 of 5 with no flag at all?"""
    grades, flags, _, _ = graded_functions
    assert grades["fn-wrong"] == {name: (0.0, 1.0) for name in FUNCTION_TESTS}
    assert "fn-wrong" not in flags


# -- a submission that overwrites the others' files, at every isolation level -------------------
def _overwrite_others(ws) -> str:
    """A wrong answer, then every other submission and the gradebook overwritten (the kernel is
    told where they are: an attacker who knows the layout)."""
    return WRONG + f"""
import glob
found = []
for path in glob.glob({str(ws.submitted)!r} + "/*/*/*.ipynb"):
    try:
        with open(path, "w") as fh:
            fh.write("{{}}")
        found.append(path)
    except OSError:
        pass
try:
    with open({str(ws.gradebook_file)!r}, "r+b") as fh:
        fh.write(b"rusak")
    found.append("gradebook")
except OSError:
    pass
print("WROTE", len(found))
"""


@pytest.fixture(scope="module", params=["basic", "available"])
def overwriting_run(request, tmp_path_factory):
    from grading.engine.sandbox import available_layers

    root = tmp_path_factory.mktemp(f"overwrite-{request.param}")
    assignments = root / "assignments"
    (assignments / A).mkdir(parents=True)
    nbformat.write(_source(), assignments / A / f"{A}.ipynb")
    (assignments / "catalog.csv").write_text(
        f"assignment,module,title_id,title_en,order\n{A},02 biaya,Jebakan,Traps,1\n")
    ws = init_workspace(root / "kelas", assignments=assignments).workspace
    assert ws.api().generate_assignment(A)["success"]
    release = nbformat.read(ws.release / A / f"{A}.ipynb", as_version=4)
    people = {"a-honest": RIGHT, "b-overwrites": _overwrite_others(ws), "c-honest": RIGHT,
              "d-honest": RIGHT, "e-wrong": WRONG}
    for pid, code in people.items():
        write_submission(ws.submission_dir(pid, A), _answer(release, code), A)
    before = {"submitted": tree_hashes(ws.submitted), "source": tree_hashes(ws.source),
              "release": tree_hashes(ws.release)}
    layers = ["workdir", "rlimits"] if request.param == "basic" else list(available_layers())
    summary = grade_assignment(ws, A, workers=2, timeout=10, progress=False, layers=layers)
    with ws.gradebook() as gb:
        grades = {sub.student.id: sum(g.auto_score or 0 for g in sub.notebooks[0].grades)
                  for sub in gb.assignment_submissions(A)}
    flags: dict[str, set[str]] = {}
    for flag in read_flags(ws.flags_file):
        flags.setdefault(flag.participant_id, set()).add(flag.code)
    return ws, summary, grades, flags, before, request.param


def test_no_submission_is_lost_when_one_overwrites_the_others(overwriting_run):
    """At every isolation level, are the others' submissions, the source and the release
    byte-for-byte as before, the honest ones at full marks, and the overwriter flagged?"""
    ws, summary, grades, flags, before, level = overwriting_run
    assert tree_hashes(ws.submitted) == before["submitted"]
    assert tree_hashes(ws.source) == before["source"]
    assert tree_hashes(ws.release) == before["release"]
    assert grades == {"a-honest": 5.0, "b-overwrites": 0.0, "c-honest": 5.0, "d-honest": 5.0,
                      "e-wrong": 0.0}, (level, grades, flags)
    for honest in ("a-honest", "c-honest", "d-honest", "e-wrong"):
        assert "tampering" not in flags.get(honest, set()), (level, flags)
    if level == "basic":  # the kernel could reach the others' files: it did, and was caught
        assert "tampering" in flags.get("b-overwrites", set()), flags
