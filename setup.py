"""Builds the optional C accelerator, extractor/_speedups.pyx; the project itself is described
in pyproject.toml.

Without a C compiler the package installs all the same (the extension is optional) and
extractor runs its pure-Python paths, which give the same results, slower.
"""
from setuptools import Extension, setup


def extensions() -> list[Extension]:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:  # built outside pip's build environment without Cython: pure Python
        return []
    # lxml's headers (its public C API and the libxml2 it is built with) come with its wheel.
    ext = Extension("extractor._speedups", ["extractor/_speedups.pyx"], include_dirs=lxml.get_include())
    built = cythonize([ext], compiler_directives={"language_level": 3}, quiet=True)
    for extension in built:
        # Optional: a failed compile (no compiler) is a warning, and pure Python runs instead.
        # (Set on cythonize's result: it builds new Extension objects.)
        extension.optional = True
    return built


setup(ext_modules=extensions())
