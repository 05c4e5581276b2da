"""whatif: training vs inference economics of AI models.

The installed distribution ``whatif-ai-economics`` is this one top-level package. The
repository keeps its own layout and setuptools maps it in (``[tool.setuptools.package-dir]``
in pyproject.toml):

- ``whatif.hardware_profiles`` is ``hardware_profiles/``: the shipped profiles;
- ``whatif.resources`` is ``resources/``: demo scenarios, the icon, the desktop entry.

Both are found with :mod:`importlib.resources` (:mod:`engine.shipped`), so a wheel, an
editable install and the PyInstaller bundle all read the same files. ``python -m whatif``
runs the command line.
"""

__version__ = "0.1.0"
