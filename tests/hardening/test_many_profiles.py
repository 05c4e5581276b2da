"""Thousands of user profiles (issue 16, item 16): a reload parses only the files that
changed, and the hardware table draws them without per-row resizing."""

from pathlib import Path

from bench.many_profiles import write_profiles
from whatif import engine
from whatif.engine import yaml_source


def count_parses(monkeypatch) -> list[int]:
    """A one-element list counting every YAML document the safe loader composes."""
    calls = [0]
    original = yaml_source._Loader.get_single_node

    def counted(self):
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(yaml_source._Loader, "get_single_node", counted)
    return calls


def test_a_reload_parses_only_the_profiles_that_changed(tmp_path, monkeypatch):
    folder = write_profiles(60, tmp_path)
    first, errors = engine.load_profiles(folder)
    assert errors == [] and len(first) == 60
    parses = count_parses(monkeypatch)
    again, _ = engine.load_profiles(folder)
    assert again == first and parses[0] == 0
    # the same size, rewritten in place (same inode, perhaps the same mtime tick)
    path = Path(folder / "user-0007.yaml")
    text = path.read_text()
    path.write_text(text.replace("name: User device 7", "name: User device X"))
    changed, _ = engine.load_profiles(folder)
    assert parses[0] == 1 and changed["user-0007"].name == "User device X"
    # a file that turns bad reports its error on every load, not only the first
    path.write_text(text.replace("tdp_w:", "tdp_w: -1\nx_tdp_w:"))
    for _ in range(2):
        profiles, errors = engine.load_profiles(folder)
        assert "user-0007" not in profiles and errors
