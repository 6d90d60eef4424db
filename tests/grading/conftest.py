"""Fixtures for the grading tests: throwaway workspaces built from the tiny ``tugas-mini`` assignment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import grading_helpers as helpers  # noqa: E402

from grading.workspace import init_workspace  # noqa: E402

# nbgrader runs `alembic` when it creates a gradebook, and the kernel runs this Python.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture(scope="session")
def assignments_dir(tmp_path_factory) -> Path:
    """An ``assignments/`` folder with ``tugas-mini`` and its catalog."""
    return helpers.make_assignments(tmp_path_factory.mktemp("assignments"))


@pytest.fixture
def workspace(tmp_path, assignments_dir):
    """A fresh, empty class workspace holding ``tugas-mini``."""
    return init_workspace(tmp_path / "kelas", assignments=assignments_dir).workspace


@pytest.fixture
def roster_file(tmp_path) -> Path:
    path = tmp_path / "peserta.csv"
    path.write_text(
        "id_peserta,nama,organisasi,desa,produk,email\n"
        "P01,Siti Rahmawati,BUMDes Maju Jaya,\"Situterate, Cikande\",Emping melinjo,siti@example.com\n"
        "P02,Budi Hidayat,UMKM Kopi Sari,\"Linduk, Pontang\",Kopi robusta,budi@example.com\n"
        "P03,Euis Nurhayati,BUMDes Berkah,\"Citerep, Ciruas\",Batik Banten,\n",
        encoding="utf-8",
    )
    return path
