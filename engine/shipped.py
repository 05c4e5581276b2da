"""Where the files installed with the program are: the shipped hardware profiles and the
resources (demo scenarios, icon, desktop entry).

They are data packages of the installed ``whatif`` package (pyproject.toml maps the
repository's ``hardware_profiles/`` and ``resources/`` into it), found through
:mod:`importlib.resources` and never relative to the source tree, so a wheel, an editable
install and the PyInstaller bundle all work the same.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PROFILES_PACKAGE = "whatif.hardware_profiles"
RESOURCES_PACKAGE = "whatif.resources"


def package_folder(package: str) -> Path:
    """The folder of data package ``package`` on disk.

    The loaders list folders and report ``file:line``, so the data must be plain files: a
    wheel installs them so, an editable install points at the checkout, and PyInstaller's
    one-folder bundle unpacks them beside the program. A zipped install is refused here
    rather than failing later with a confusing path.
    """
    root = files(package)
    if not isinstance(root, Path):
        raise RuntimeError(f"{package} is not a folder on disk ({root!r}); install unzipped")
    return root.resolve()


def profiles_folder() -> Path:
    """The shipped hardware profiles (``hardware_profiles/`` in the repository)."""
    return package_folder(PROFILES_PACKAGE)


def resource_path(*parts: str) -> Path:
    """A file or folder of ``resources/``, e.g. ``resource_path("scenarios", "chatbot.yaml")``."""
    return package_folder(RESOURCES_PACKAGE).joinpath(*parts)
