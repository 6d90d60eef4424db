"""Imported by the grading workers' fork server: the kernel's libraries and environment, once.

Each worker then forks its kernel zygote (:mod:`grading.engine._zygote`) with nothing left to import.
Importing this module sets what a kernel's environment would hold (``MPLBACKEND``, one BLAS
thread) before numpy and matplotlib load.
"""

from grading.engine._zygote import preload

preload()
