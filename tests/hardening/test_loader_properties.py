"""Any document, any bytes: the loaders give a valid object or the project's own error
naming file, line and key; never another exception. The default run checks a few hundred
examples; ``make fuzz`` checks 10,000 per property."""

import math
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import PROFILE_DIR, shipped_profiles
from whatif import engine
from whatif.engine.profiles import profile_from_document
from whatif.engine.scenario import SECTIONS, scenario_from_document
from whatif.engine.yaml_source import parse_yaml_text, read_yaml_file

KEYS = sorted(
    {
        *SECTIONS,
        "schema_version",
        "name",
        "description",
        "sources",
        "id",
        "kind",
        "peak_tflops",
        "price",
        "memory_gb",
        "hourly_usd",
        "params",
        "ratio",
        "queries_per_day",
        "hardware",
        "fp32",
        "bf16",
    }
    | {k for cls in SECTIONS.values() for k in cls.__dataclass_fields__}
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(string.printable, max_size=12),
    st.sampled_from(["auto", "h100-sxm", "2:4", "llm", "cloud", "-1", "1e400", ".nan"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=6
        ),
    ),
    max_leaves=30,
)


def check_error(exc: engine.InputError, file: str) -> None:
    assert exc.errors
    for error in exc.errors:
        assert error.file == file and error.line >= 0 and isinstance(error.key, str)
        assert error.message and str(error).startswith(file)


def load_both(text: str, file: str) -> None:
    """Parse ``text`` as a scenario and as a profile; only InputError may come out."""
    try:
        doc = parse_yaml_text(text, file)
    except engine.InputError as exc:
        check_error(exc, file)
        return
    for build in (lambda d: scenario_from_document(d, shipped_profiles()), profile_from_document):
        try:
            result = build(doc)
        except engine.InputError as exc:
            check_error(exc, file)
        else:
            assert result is not None


def properties(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.parametrize(
    "examples",
    [pytest.param(300, id="default"), pytest.param(10_000, id="fuzz", marks=pytest.mark.fuzz)],
)
def test_any_document(examples):
    @properties(examples)
    @given(documents)
    def run(document):
        try:
            text = yaml.safe_dump(document, allow_unicode=True)
        except (yaml.YAMLError, ValueError):
            return
        load_both(text, "doc.yaml")

    run()


@pytest.mark.parametrize(
    "examples",
    [pytest.param(300, id="default"), pytest.param(10_000, id="fuzz", marks=pytest.mark.fuzz)],
)
def test_any_bytes(examples, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "x.yaml"

    @properties(examples)
    @given(st.binary(max_size=300))
    def run(data):
        path.write_bytes(data)
        try:
            doc = read_yaml_file(path)
        except engine.InputError as exc:
            check_error(exc, str(path))
            return
        load_both("" if doc.data is None else yaml.safe_dump(doc.data), str(path))

    run()


@pytest.mark.parametrize(
    "examples",
    [pytest.param(200, id="default"), pytest.param(10_000, id="fuzz", marks=pytest.mark.fuzz)],
)
def test_mutated_real_profile(examples):
    """Real profile text with one line mangled: errors point at the mangled line or a key."""
    lines = (PROFILE_DIR / "t4.yaml").read_text().splitlines()

    @properties(examples)
    @given(st.integers(0, len(lines) - 1), st.text(string.printable, max_size=20))
    def run(index, junk):
        mangled = lines.copy()
        mangled[index] = mangled[index][: len(mangled[index]) // 2] + junk
        load_both("\n".join(mangled), "t4.yaml")

    run()


def test_values_are_finite_after_loading():
    """Whatever loads, loads finite: NaN and infinities are refused, not carried."""
    for text in (
        "economics:\n  pue: .inf\n",
        "economics:\n  pue: .nan\n",
        "model:\n  params: 1e400\n",
    ):
        with pytest.raises(engine.InputError, match="finite"):
            scenario_from_document(parse_yaml_text(text, "s.yaml"), shipped_profiles())
    assert math.isfinite(engine.default_scenario(shipped_profiles()).economics.pue)
    assert Path(PROFILE_DIR).is_dir()
