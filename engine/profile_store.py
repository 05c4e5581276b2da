"""The user's hardware-profile files: save with a backup, copy shipped ones before editing,
new, duplicate, rename, delete, import. Every write is atomic; every replaced or deleted
file leaves a ``.bak`` beside it. No Qt: the profile manager window drives this."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from .atomic_write import atomic_write_bytes, atomic_write_text
from .errors import InputError, LoadError
from .profile_text import profile_from_text, set_field
from .profiles import (
    SHIPPED_PROFILE_DIR,
    Profile,
    load_profile_file,
    load_profiles,
    profile_from_document,
    user_profile_dir,
)
from .yaml_source import parse_yaml_text, read_text_file

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
ID_MAX_CHARS = 64
TEMPLATE_ID = "h100-sxm"


def id_problem(pid: object) -> str | None:
    """What is wrong with ``pid`` as the id of a user profile (it names the file
    ``<id>.yaml`` in the user's folder), or None. The one rule for new, duplicated,
    renamed and imported profiles: lower-case letters, digits, '.', '-' and '_', starting
    with a letter or digit, at most 64 characters."""
    if not isinstance(pid, str) or not pid:
        return "a profile needs an id"
    if len(pid) > ID_MAX_CHARS:
        return f"too long ({len(pid):,} characters; at most {ID_MAX_CHARS})"
    if not ID_PATTERN.match(pid):
        shown = pid.encode("unicode_escape").decode("ascii")
        return (
            f"'{shown}' is not a valid id: use lower-case letters, digits, '.', '-' and '_', "
            "starting with a letter or digit"
        )
    return None


def _file_errors(method):
    """A store method whose file-system failures (a read-only folder, a full disk, a name
    the system refuses) come out as one-line :class:`InputError`s naming the file."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (OSError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            name = getattr(exc, "filename", None) or "your profile folder"
            reason = getattr(exc, "strerror", None) or str(exc)
            raise InputError([LoadError(str(name), 0, "", f"cannot write: {reason}")]) from None

    return wrapper


TEMPLATE_HEADER = (
    "# A new device, filled with the NVIDIA H100 SXM's numbers as a starting point: replace\n"
    '# each with your device\'s and say where it comes from under sources (key: "source").\n'
)


TEMPLATE_SOURCE = "template: the H100 SXM's figure, not yet this device's"


def template_text(text: str) -> str:
    """``text`` (a profile) without its comments, each of its sources replaced by a note
    that the figure is still the template's (a profile must cite every figure)."""
    lines, cited, in_sources = [], [], False
    for line in text.splitlines():
        if in_sources and (line.startswith((" ", "\t")) or not line.strip()):
            key = line.strip().split(":", 1)[0]
            if key and not key.startswith("#"):
                cited.append(key)
            continue
        in_sources = line.startswith("sources:")
        if in_sources or line.lstrip().startswith("#"):
            continue
        if "#" in line and '"' not in line and "'" not in line:
            line = re.sub(r"\s+#.*$", "", line)
        lines.append(line)
    lines.append("sources:")
    lines += [f'  {key}: "{TEMPLATE_SOURCE}"' for key in cited]
    return TEMPLATE_HEADER + "\n".join(lines) + "\n"


class ProfileStore:
    """Shipped profiles (read-only) and the user's folder (editable)."""

    def __init__(self, shipped_dir: Path = SHIPPED_PROFILE_DIR, user_dir: Path | None = None):
        self.shipped_dir = Path(shipped_dir)
        self.user_dir = Path(user_dir) if user_dir else user_profile_dir()

    # Reading -------------------------------------------------------------------------------
    def load(self) -> tuple[dict[str, Profile], list[LoadError]]:
        """Every valid profile (user files override shipped ones by id) and every error."""
        return load_profiles(self.shipped_dir, self.user_dir)

    def shipped(self) -> dict[str, Profile]:
        """The valid shipped profiles by id (read from disk on each call)."""
        return load_profiles(self.shipped_dir)[0]

    def shipped_path(self, pid: str) -> Path | None:
        """The shipped file of ``pid``, or None when no shipped profile has that id."""
        profile = self.shipped().get(pid)
        return Path(profile.path) if profile else None

    def user_path_for(self, pid: str) -> Path:
        return self.user_dir / f"{pid}.yaml"

    # Writing -------------------------------------------------------------------------------
    @_file_errors
    def save_text(self, path: Path, text: str) -> Profile:
        """Validate ``text`` and write it to ``path`` in the user folder, keeping a backup.

        Raises :class:`InputError` (with lines) for invalid text; nothing is written then.
        Shipped files are never written: copy first (:meth:`copy_to_user`).
        """
        path = Path(path)
        self._check_writable(path)
        profile = profile_from_text(text, str(path))
        self._check_unique(profile.id, path)
        self.user_dir.mkdir(parents=True, exist_ok=True)
        self._backup(path)
        atomic_write_text(path, text)
        return profile

    @_file_errors
    def copy_to_user(self, pid: str) -> Path:
        """Copy a shipped profile into the user folder (it then overrides the shipped one)."""
        source = self.shipped_path(pid)
        if source is None:
            raise InputError([LoadError(pid, 0, "id", "no shipped profile with this id")])
        target = self.user_path_for(pid)
        if not target.exists():
            self.user_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, source.read_text(encoding="utf-8"))
        return target

    @_file_errors
    def revert_to_shipped(self, path: Path) -> None:
        """Remove the user's override (kept as a backup); the shipped profile is used again."""
        self._check_writable(path)
        self._backup(path, move=True)

    @_file_errors
    def new_from_template(self, new_id: str) -> Path:
        """A new user profile with the H100's numbers as a starting point, its id and name
        replaced, and none of the H100's comments or sources (they describe the H100, not
        the new device): one comment at the top says to replace and cite each number."""
        self._check_new_id(new_id)
        text = template_text(self.shipped_path(TEMPLATE_ID).read_text(encoding="utf-8"))
        text = set_field(text, "id", new_id)
        text = set_field(text, "name", f"New device {new_id}")
        target = self.user_path_for(new_id)
        self.save_text(target, text)
        return target

    @_file_errors
    def duplicate(self, source: Path, new_id: str, name: str | None = None) -> Path:
        """A copy of ``source`` under ``new_id`` in the user folder."""
        self._check_new_id(new_id)
        text = Path(source).read_text(encoding="utf-8")
        text = set_field(text, "id", new_id)
        text = set_field(
            text, "name", name or f"{profile_from_text(text, str(source)).name} (copy)"
        )
        target = self.user_path_for(new_id)
        self.save_text(target, text)
        return target

    @_file_errors
    def rename(self, path: Path, new_id: str) -> Path:
        """Give a user profile a new id: the file is saved under the new name first, then the
        old file becomes a backup, so a crash leaves at least one whole copy."""
        path = Path(path)
        self._check_writable(path)
        self._check_new_id(new_id)
        text = set_field(path.read_text(encoding="utf-8"), "id", new_id)
        target = self.user_path_for(new_id)
        self.save_text(target, text)
        self._backup(path, move=True)
        return target

    @_file_errors
    def delete(self, path: Path) -> None:
        """Delete a user profile (it is kept as a ``.bak``)."""
        self._check_writable(path)
        self._backup(Path(path), move=True)

    @_file_errors
    def import_file(self, source: Path, replace: bool = False) -> Path:
        """Copy a profile file into the user folder after validating it."""
        text = read_text_file(source)
        doc = parse_yaml_text(text, str(source))
        profile = profile_from_document(doc, "user")
        problem = id_problem(profile.id)
        if problem:
            raise InputError([doc.error(("id",), problem)])
        target = self.user_path_for(profile.id)
        if target.exists() and not replace:
            raise InputError(
                [LoadError(str(source), 0, "id", f"a user profile '{profile.id}' exists already")]
            )
        self.save_text(target, text)
        return target

    # Checks ----------------------------------------------------------------------------------
    def _check_writable(self, path: Path) -> None:
        """Only files directly in the user's folder are written (or removed)."""
        folder = Path(path).resolve().parent
        if folder == self.user_dir.resolve():
            return
        if folder == self.shipped_dir.resolve():
            why = "shipped profiles are read-only: edit a copy in your folder"
        else:
            why = f"not in your profile folder ({self.user_dir})"
        raise InputError([LoadError(str(path), 0, "", why)])

    def _check_new_id(self, new_id: str) -> None:
        problem = id_problem(new_id)
        if problem:
            raise InputError([LoadError("new profile", 0, "id", problem)])
        profiles, _ = self.load()
        if new_id in profiles or self.user_path_for(new_id).exists():
            raise InputError([LoadError(new_id, 0, "id", f"a profile '{new_id}' exists already")])

    def _check_unique(self, pid: str, path: Path) -> None:
        for other in self.user_dir.glob("*.y*ml"):
            if other.resolve() == path.resolve():
                continue
            try:  # parsed once per change of the file (engine/profiles.py keeps them)
                if load_profile_file(other, "user").id == pid:
                    raise InputError(
                        [LoadError(str(path), 0, "id", f"duplicate id '{pid}' (also in {other})")]
                    )
            except InputError as exc:
                if (
                    exc.errors
                    and exc.errors[0].key == "id"
                    and "duplicate" in exc.errors[0].message
                ):
                    raise
                continue

    def _backup(self, path: Path, move: bool = False) -> None:
        """Keep the current file as ``name.yaml.bak`` (replacing an older backup).

        The backup is written like any other file (engine/atomic_write.py): a symbolic link
        planted at ``name.yaml.bak`` is replaced, never followed to the file it points at.
        """
        path = Path(path)
        if not path.exists():
            return
        backup = path.with_name(path.name + ".bak")
        if move:
            os.replace(path, backup)
        else:
            atomic_write_bytes(backup, path.read_bytes(), mode=path.stat().st_mode & 0o777)
