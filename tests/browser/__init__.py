"""Real-browser tests: JupyterLab in Debian's chromium (a package, so its conftest has its own module name)."""
