"""Planted symbolic links: a link where a backup or a temporary file goes must not redirect
a save to the file it points at (issue 16, data loss #5)."""

import os

import pytest

from tests.helpers import PROFILE_DIR
from whatif.engine.atomic_write import atomic_write_text
from whatif.engine.profile_store import ProfileStore
from whatif.engine.profile_text import set_field

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def test_a_backup_link_is_replaced_not_followed(tmp_path):
    store = ProfileStore(PROFILE_DIR, tmp_path / "user")
    mine = store.copy_to_user("l4")
    before = mine.read_text()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (mine.parent / "l4.yaml.bak").symlink_to(victim)
    store.save_text(mine, set_field(before, "price.hourly_usd", 0.5))
    assert victim.read_text() == "precious\n"
    backup = mine.parent / "l4.yaml.bak"
    assert not backup.is_symlink() and backup.read_text() == before
    assert "hourly_usd: 0.5" in mine.read_text()


def test_a_moved_backup_replaces_a_planted_link(tmp_path):
    store = ProfileStore(PROFILE_DIR, tmp_path / "user")
    mine = store.copy_to_user("l4")
    before = mine.read_text()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (mine.parent / "l4.yaml.bak").symlink_to(victim)
    store.delete(mine)
    assert victim.read_text() == "precious\n"
    assert (mine.parent / "l4.yaml.bak").read_text() == before


def test_an_atomic_write_onto_a_link_leaves_the_target_alone(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    victim.chmod(0o600)
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    atomic_write_text(link, "new\n")
    assert victim.read_text() == "precious\n"
    assert not link.is_symlink() and link.read_text() == "new\n"
