"""Importers on files in the tools' real formats (figures: fixtures/README.md), the CSV, and
the exact messages of bad or partial files."""

from pathlib import Path

import pytest

from whatif.engine.errors import InputError
from whatif.engine.measurement_formats import read_measurement_file

FIXTURES = Path(__file__).parent / "fixtures"


def test_vllm_bench_serve_json():
    [run], kind = read_measurement_file(FIXTURES / "vllm_bench_serve.json")
    assert kind == "vLLM bench serve"
    assert run.prompt_tokens == 2048 and run.output_tokens == 2048  # 65,536 / 32
    assert run.concurrency == 32 and run.request_rate is None  # "inf": closed loop
    assert run.output_tokens_per_s == pytest.approx(434.40)
    assert run.ttft_ms == pytest.approx(7099.88)  # the median, as the engine's p50
    assert run.tpot_ms == pytest.approx(70.14)
    assert run.measured() == {"output_tokens_per_s": 434.40, "ttft_ms": 7099.88, "tpot_ms": 70.14}


def test_vllm_append_result_holds_one_run_per_line():
    runs, _ = read_measurement_file(FIXTURES / "vllm_append.jsonl")
    assert [r.concurrency for r in runs] == [32, None]
    assert runs[1].prompt_tokens == pytest.approx(4401.2)
    assert runs[1].source.endswith("vllm_append.jsonl:2")
    assert runs[1].label == "qwen2_5_vl_72B_quant max load"


def test_genai_perf_export():
    [run], kind = read_measurement_file(FIXTURES / "genai_perf_export.json")
    assert kind == "GenAI-Perf"
    assert run.ttft_ms == pytest.approx(71.66)  # no p50 in the file: the average
    assert run.tpot_ms == pytest.approx(18.47)
    assert run.e2e_ms == pytest.approx(348.0)
    assert run.output_tokens_per_s == pytest.approx(45.84)
    assert (run.prompt_tokens, run.output_tokens, run.concurrency) == (549.66, 15.96, 1)
    assert run.label == "llama-3.1-8b-instruct c=1"


def test_aiperf_export_reads_loadgen_and_time_units(tmp_path):
    [run], kind = read_measurement_file(FIXTURES / "aiperf_export.json")
    assert kind == "AIPerf"
    assert (run.concurrency, run.ttft_ms, run.output_tokens_per_s) == (1, 13.68, 504.02)
    seconds = tmp_path / "s.json"
    text = (FIXTURES / "aiperf_export.json").read_text()
    seconds.write_text(
        text.replace('"unit": "ms",\n    "avg": 13.68', '"unit": "s",\n    "avg": 0.01368')
    )
    assert read_measurement_file(seconds)[0][0].ttft_ms == pytest.approx(13.68)


def test_csv_in_any_column_order_with_empty_cells_and_comments(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text(
        "# measured on our cluster\n"
        "tpot_ms,hardware,devices,params,precision,prompt_tokens,output_tokens,concurrency,"
        "request_rate,output_tokens_per_s,ttft_ms,active_params\n"
        "20,h100-sxm,1,8e9,fp8,1000,200,16,,3000,,\n"
        ",h100-sxm,1,8e9,fp8,1000,200,,2.5,,150,\n"
    )
    first, second = read_measurement_file(path)[0]
    assert first.source == f"{path}:3"
    assert first.measured() == {"output_tokens_per_s": 3000, "tpot_ms": 20}
    assert second.request_rate == 2.5 and second.concurrency is None
    assert second.measured() == {"ttft_ms": 150}


def test_training_rows(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(
        "hardware,devices,params,precision,training_tokens_per_s\nh100-sxm,8,7e9,bf16,9e4\n"
    )
    [run] = read_measurement_file(path)[0]
    assert run.is_training and run.training_tokens_per_s == 9e4


@pytest.mark.parametrize(
    "text, message",
    [
        ("hardware,concurency\nh100-sxm,4\n", ":1: concurency: unknown column (known: hardware,"),
        ("hardware,devices\nh100-sxm,four\n", ":2: devices: expected a number (got 'four')"),
        ("hardware,devices\nh100-sxm,-2\n", ":2: devices: must be positive (got -2)"),
        ("precision\nfp9\n", ":2: precision: unknown precision 'fp9' (known: fp32,"),
        ("devices,devices\n1,2\n", ":1: devices: column given twice"),
        ("devices\n", ": no rows under the header"),
        ("", ": empty file: expected a header row"),
        ("devices\n1,2\n", ":2: 2 cells for 1 columns"),
    ],
)
def test_bad_csv_says_file_line_column_problem(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_measurement_file(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"completed": 10, "total_input_tokens": 100}', "total_output_tokens: missing"),
        (
            '{"completed": 0, "total_input_tokens": 1, "total_output_tokens": 1, '
            '"output_throughput": 5}',
            "completed: must be positive (got 0)",
        ),
        ('{"time_to_first_token": {"unit": "fortnights", "avg": 1}}', "unknown time unit"),
        ('{"time_to_first_token": 3}', "time_to_first_token: expected an object"),
        ('{"hello": 1}', "not a benchmark result this tool reads"),
        ('{"completed": 1,', "not valid JSON: Expecting property name"),
        ("[1, 2]", "expected a JSON object per run"),
    ],
)
def test_bad_json_says_file_field_problem(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError) as info:
        read_measurement_file(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "x.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_measurement_file(binary)
    with pytest.raises(InputError, match="No such file"):
        read_measurement_file(tmp_path / "nope.csv")
