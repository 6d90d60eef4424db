"""Widget tests: a package, so their module names do not clash with tests/toolkit/test_<topic>.py."""
