"""Files from strangers: refused quickly with a clear message, nothing executed, memory
bounded."""

import resource
import time

import pytest

from tests.helpers import shipped_profiles
from whatif import engine


def refused(path, match: str, seconds: float = 2.0):
    start = time.perf_counter()
    with pytest.raises(engine.InputError, match=match) as info:
        engine.load_scenario(path, shipped_profiles())
    assert time.perf_counter() - start < seconds
    assert str(info.value).startswith(str(path))
    return info.value


def test_python_tags_are_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    refused(path, "could not determine a constructor")
    assert not marker.exists()


def test_billion_laughs_is_refused_before_it_grows(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    refused(path, "aliases are not supported")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 50


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    refused(path, "file too large", seconds=0.5)


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    refused(path, "nesting too deep|YAML")


def test_non_utf8_bytes_name_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: ok\ndescription: caf\xe9\n".encode("latin-1"))
    error = refused(path, "not valid UTF-8")
    assert error.errors[0].line == 2


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("economics:\n  pue: .nan\n", "finite"),
        ("economics:\n  pue: .inf\n", "finite"),
        ("model:\n  params: 1e400\n", "finite"),
        ("model:\n  params: -.inf\n", "finite"),
        ("\x00\x01binary", "YAML|UTF-8|special characters"),
    ],
)
def test_nan_infinity_and_binary_are_refused(tmp_path, body, match):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    refused(path, match)


def test_profiles_are_guarded_the_same_way(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "evil.yaml").write_text("id: !!python/name:os.system\n")
    (folder / "nan.yaml").write_text("id: x\nmemory_gb: .nan\n")
    profiles, errors = engine.load_profiles(folder)
    assert profiles == {}
    text = "\n".join(map(str, errors))
    assert "evil.yaml:1" in text and "nan.yaml:2: memory_gb: must be finite" in text
