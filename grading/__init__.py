"""Kelas Ekspor's grading side: the class workspace, the autograding engine and reports, on nbgrader."""
