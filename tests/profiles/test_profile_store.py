"""Profile files: comment-preserving edits, atomic saves with backups, safe renames, and a
save killed half-way that leaves the old file or the new one, whole."""

import textwrap

import pytest

from tests.helpers import PROFILE_DIR, kill_after_writes, start_writer
from whatif import engine
from whatif.engine.profile_store import ProfileStore
from whatif.engine.profile_text import profile_from_text, set_field


@pytest.fixture
def store(tmp_path):
    return ProfileStore(PROFILE_DIR, tmp_path / "user")


def test_set_field_keeps_comments_and_key_order():
    text = (PROFILE_DIR / "h100-sxm.yaml").read_text()
    edited = set_field(set_field(text, "price.hourly_usd", 2.25), "efficiency.train_mfu", 0.38)
    before, after = text.splitlines(), edited.splitlines()
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 2
    assert "# typical GPU-cloud on-demand" in changed[0][1] and "2.25" in changed[0][1]
    assert profile_from_text(edited, "x").price.hourly_usd == 2.25


def test_shipped_profiles_are_read_only_and_copies_override_them(store):
    shipped = PROFILE_DIR / "l4.yaml"
    with pytest.raises(engine.InputError, match="read-only"):
        store.save_text(shipped, shipped.read_text())
    copy = store.copy_to_user("l4")
    store.save_text(copy, set_field(copy.read_text(), "price.hourly_usd", 0.5))
    profiles, errors = store.load()
    assert errors == [] and profiles["l4"].price.hourly_usd == 0.5
    assert profiles["l4"].origin == "user"
    store.revert_to_shipped(copy)
    assert store.load()[0]["l4"].price.hourly_usd == 0.805
    assert (copy.parent / "l4.yaml.bak").exists()


def test_save_refuses_invalid_text_and_keeps_a_backup_of_the_previous_version(store):
    copy = store.copy_to_user("t4")
    original = copy.read_text()
    with pytest.raises(engine.InputError, match="memory_bandwidth_gbps"):
        store.save_text(
            copy, original.replace("memory_bandwidth_gbps: 320", "memory_bandwidth_gbps: -1")
        )
    assert copy.read_text() == original  # nothing written
    store.save_text(copy, set_field(original, "tdp_w", 75))
    assert (copy.parent / "t4.yaml.bak").read_text() == original


def test_new_duplicate_rename_delete_and_import(store, tmp_path):
    new = store.new_from_template("lab-fpga")
    assert store.load()[0]["lab-fpga"].name == "New device lab-fpga"
    dup = store.duplicate(new, "lab-fpga-2")
    renamed = store.rename(dup, "lab-fpga-b")
    profiles = store.load()[0]
    assert "lab-fpga-b" in profiles and "lab-fpga-2" not in profiles
    assert not dup.exists() and (dup.parent / "lab-fpga-2.yaml.bak").exists()
    with pytest.raises(engine.InputError, match="exists already"):
        store.rename(renamed, "h100-sxm")
    with pytest.raises(engine.InputError, match="lower-case"):
        store.duplicate(new, "Bad Id!")
    store.delete(renamed)
    assert "lab-fpga-b" not in store.load()[0]
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(set_field((PROFILE_DIR / "a10g.yaml").read_text(), "id", "a10g-lab"))
    store.import_file(outside)
    assert "a10g-lab" in store.load()[0]
    with pytest.raises(engine.InputError, match="exists already"):
        store.import_file(outside)


KILLER = textwrap.dedent("""
    import sys
    from whatif.engine.atomic_write import atomic_write_text
    path, size = sys.argv[1], int(sys.argv[2])
    n = 0
    while True:  # rewrite forever, alternating two large versions, until killed
        n += 1
        atomic_write_text(path, (("A" if n % 2 else "B") * 99 + "\\n") * size)
        print("written", flush=True)  # one whole version is on disk
""")


@pytest.mark.parametrize("writes", [1, 2, 3])
def test_a_save_killed_half_way_leaves_a_whole_file(tmp_path, writes):
    path = tmp_path / "profile.yaml"
    old = ("O" * 99 + "\n") * 20000
    path.write_text(old)
    process = start_writer(KILLER, path, 20000)
    kill_after_writes(process, writes)  # killed during write number writes + 1
    assert path.exists()
    text = path.read_text()
    assert len(text) == len(old)  # never torn: every version has the same size
    assert len(set(text.replace("\n", ""))) == 1  # and is one version, whole
    assert text[0] in "AB"  # a new version replaced the original: a write really happened
    profiles = [p for p in tmp_path.iterdir() if p.suffix == ".yaml"]
    assert profiles == [path]  # a temp file a kill left behind is not a .yaml a loader reads
