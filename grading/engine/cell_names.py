"""Which names a notebook cell reads and binds, from its code (grader side only).

The grading engine exports, before each test cell, the values of the names that cell reads from
the participant's kernel, and keeps the names the assignment's own cells bind in the clean kernel.
Both lists come from the cell's syntax tree; IPython syntax (``%time``, ``!ls``) is transformed
first.
"""

from __future__ import annotations

import ast
import builtins
import re

_MAGICS_WITH_CODE = ("time", "timeit", "prun", "capture")
_IPYTHON_BUILTINS = ("get_ipython", "display")


def names_read(source: str) -> list[str]:
    """The names a cell's code reads, in order of first appearance, without Python's builtins.

    Every name loaded (also inside f-strings, comprehensions, lambdas and as the base of an
    attribute, like ``np`` in ``np.isclose``), updated (``x += 1``), deleted or declared
    ``global``. Names local to a comprehension, a lambda or a function defined in the cell are
    left out. A cell with IPython syntax (``%time``, ``!ls``) is transformed first; the code
    given to ``%time``, ``%timeit``, ``%prun`` and ``%%capture`` is read too. A cell that is still
    not Python gives ``[]``.

    Parameters
    ----------
    source
        The cell's code.

    Returns
    -------
    list of str

    Examples
    --------
    >>> names_read("assert abs(hpp - 1) < 0.01")
    ['hpp']
    >>> names_read("assert np.isclose(harga_fob, 2.5 * kurs)")
    ['np', 'harga_fob', 'kurs']
    >>> names_read("print(f'{laba:.0f}', {b for b in barang})")
    ['laba', 'barang']
    """
    tree = _parse(source)
    if tree is None:
        return []
    reader = _NameReader()
    try:
        reader.visit(tree)
    except RecursionError:
        return []
    excluded = set(dir(builtins)) | set(_IPYTHON_BUILTINS)
    names = []
    for _, name in sorted(reader.found, key=lambda entry: entry[0]):
        if name not in excluded and name not in names:
            names.append(name)
    return names


def names_bound(source: str) -> list[str]:
    """The names a cell's code binds at its top level: assignments, imports, ``def``, ``class``,
    ``for`` and ``with`` targets (a cell that is not Python gives ``[]``).

    Examples
    --------
    >>> names_bound("import numpy as np\\nTOLERANSI = 0.01\\ndef periksa(x):\\n    y = x")
    ['np', 'TOLERANSI', 'periksa']
    """
    tree = _parse(source)
    if tree is None:
        return []
    names: list[str] = []

    def add(name: str) -> None:
        if name not in names:
            names.append(name)

    def targets(node) -> None:
        if isinstance(node, ast.Name):
            add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for item in node.elts:
                targets(item)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    class Binder(ast.NodeVisitor):
        def visit_FunctionDef(self, node):
            add(node.name)

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_ClassDef(self, node):
            add(node.name)

        def visit_Lambda(self, node):
            pass

        def visit_Import(self, node):
            for alias in node.names:
                add(alias.asname or alias.name.split(".")[0])

        visit_ImportFrom = visit_Import

        def visit_Name(self, node):
            if isinstance(node.ctx, ast.Store):
                add(node.id)

        def visit_ListComp(self, node):
            pass

        visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    try:
        Binder().visit(tree)
    except RecursionError:
        return []
    return names


def _parse(source: str):
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return None


class _NameReader(ast.NodeVisitor):
    """Collects ``((line, column, order), name)`` for every name a cell reads."""

    def __init__(self) -> None:
        self.found = []
        self.scopes = []
        self.order = 0

    def add(self, node, name: str, position=None) -> None:
        if any(name in scope for scope in self.scopes):
            return
        line, column = position or (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        self.order += 1
        self.found.append(((line, column, self.order), name))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Load, ast.Del)):
            self.add(node, node.id)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.add(node.target, node.target.id)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self.add(node, name)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        for name in node.names:
            self.add(node, name)

    def _comprehension(self, node, results: list) -> None:
        generators = node.generators
        self.visit(generators[0].iter)  # evaluated in the enclosing scope
        bound = set()
        for generator in generators:
            bound |= _stored_names(generator.target)
        self.scopes.append(bound)
        for number, generator in enumerate(generators):
            if number:
                self.visit(generator.iter)
            for condition in generator.ifs:
                self.visit(condition)
        for result in results:
            self.visit(result)
        self.scopes.pop()

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node) -> None:
        self._comprehension(node, [node.key, node.value])

    def _arguments(self, arguments: ast.arguments) -> set:
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                self.visit(default)
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                 *(a for a in (arguments.vararg, arguments.kwarg) if a is not None)]
        return {argument.arg for argument in every}

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.scopes.append(self._arguments(node.args))
        self.visit(node.body)
        self.scopes.pop()

    def visit_FunctionDef(self, node) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        local = self._arguments(node.args)
        declared = set()
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Global, ast.Nonlocal)):
                declared.update(inner.names)
        for statement in node.body:
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                    local.add(inner.id)
        self.scopes.append(local - declared)
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        code = _magic_code(node)
        if code is not None:
            for name in names_read(code):
                self.add(node, name)


def _stored_names(target) -> set:
    return {node.id for node in ast.walk(target) if isinstance(node, ast.Name)}


def _magic_code(node: ast.Call):
    """The Python code given to ``%time``-like magics, from IPython's transformed call."""
    function = node.func
    if not (isinstance(function, ast.Attribute)
            and function.attr in ("run_line_magic", "run_cell_magic")
            and isinstance(function.value, ast.Call)
            and isinstance(function.value.func, ast.Name)
            and function.value.func.id == "get_ipython"):
        return None
    arguments = node.args
    if not arguments or not all(isinstance(a, ast.Constant) and type(a.value) is str
                                for a in arguments):
        return None
    magic = arguments[0].value
    if magic not in _MAGICS_WITH_CODE:
        return None
    if function.attr == "run_cell_magic":
        return arguments[2].value if len(arguments) == 3 else None
    line = arguments[1].value if len(arguments) == 2 else ""
    # drop options such as ``-n 10 -r 3`` (timeit) or ``-o`` before the code
    return re.sub(r"^\s*(?:-[A-Za-z](?:\s*[0-9]+)?\s+)*", "", line)
