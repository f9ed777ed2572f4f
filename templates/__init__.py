"""leadgen's templates, shipped inside the wheel as ``leadgen.templates``.

``runtime/`` is the fixed client runtime as real Python modules, copied verbatim (with a
header line prepended) into every generated package. ``package/`` and ``tests/`` are the
Jinja templates of the spec-derived modules and the generated tests.
"""
