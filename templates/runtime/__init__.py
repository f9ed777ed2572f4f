"""The fixed client runtime, checked here as ordinary Python.

Each ``_*.py`` module beside this file is copied verbatim into every generated package,
with a header line prepended; this ``__init__`` is not copied (each package has its own).
"""
