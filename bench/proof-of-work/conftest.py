"""Beside the bench: pytest puts this folder on sys.path for the tests below (a conftest.py outside a package), so
they import the bench's own modules by name."""
