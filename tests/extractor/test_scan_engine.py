"""The OCR runtime: OpenVINO where it loads, onnxruntime as the fallback; same text from both
in full precision, and the record says which one read the scan and in what precision."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.layout import Layout
from extractor.scan import engine as ocr_engine
from extractor.scan import read_scan
from samples.render_scan import to_images, to_scan
from service.cli import app


def _texts(layout: Layout) -> list[str]:
    return [cell.text for table in layout.tables() for cell in table.cells] + [
        p.text for p in layout.paragraphs()
    ]


@pytest.fixture(scope="module")
def scan_pdf(box_form_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return to_scan(box_form_pdf, tmp_path_factory.mktemp("engine") / "form.scan.pdf", seed=3)


def test_openvino_is_chosen_where_it_loads(
    scan_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ocr_engine.ENGINE_ENV, raising=False)
    layout = read_scan(scan_pdf)
    assert layout.ocr_engine == "openvino"


def test_both_runtimes_read_the_same_text(
    scan_pdf: Path, box_form_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (turned,) = to_images(box_form_pdf, tmp_path, seed=4, fmt="jpeg", turn=2)
    monkeypatch.setenv(ocr_engine.PRECISION_ENV, "f32")
    for page in (scan_pdf, turned):
        read: dict[str, list[str]] = {}
        for runtime in ocr_engine.RUNTIMES:
            monkeypatch.setenv(ocr_engine.ENGINE_ENV, runtime)
            layout = read_scan(page)
            assert (layout.ocr_engine, layout.ocr_precision) == (runtime, "f32")
            read[runtime] = _texts(layout)
        assert read["openvino"] == read["onnxruntime"]
        assert any("李四" in text for text in read["openvino"])


def test_without_openvino_onnxruntime_reads(
    scan_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ocr_engine.ENGINE_ENV, raising=False)
    # An import of a module set to None fails, as on a platform without an OpenVINO wheel.
    monkeypatch.setitem(sys.modules, "openvino", None)
    ocr_engine._engine.cache_clear()
    try:
        assert ocr_engine.engine().name == "onnxruntime"
        assert any("李四" in text for text in _texts(read_scan(scan_pdf)))
    finally:
        ocr_engine._engine.cache_clear()


def test_extract_json_names_the_engine_and_flat_keeps_its_shape(
    scan_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The box form is no application form: a generated one is, scanned.
    from samples.generate import generate

    (info,) = generate(tmp_path, 1, 41, formats=("docx", "scan"))
    runner = CliRunner()
    for runtime in ocr_engine.RUNTIMES:
        monkeypatch.setenv(ocr_engine.ENGINE_ENV, runtime)
        full = runner.invoke(app, ["extract", str(info.files["scan"]), "--json"])
        assert full.exit_code == 0, full.output
        assert json.loads(full.stdout)["ocr_engine"] == runtime
        assert json.loads(full.stdout)["ocr_precision"] in ocr_engine.PRECISIONS
    flat = runner.invoke(app, ["extract", str(info.files["scan"]), "--flat"])
    assert set(json.loads(flat.stdout)) == {"form", "edition", "values", "flags", "unread_text"}


def test_openvino_computes_in_the_precision_asked(
    scan_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ocr_engine.ENGINE_ENV, raising=False)
    for precision in ocr_engine.PRECISIONS:
        monkeypatch.setenv(ocr_engine.PRECISION_ENV, precision)
        layout = read_scan(scan_pdf)
        assert (layout.ocr_engine, layout.ocr_precision) == ("openvino", precision)
        assert any("李四" in text for text in _texts(layout))


def test_the_default_precision_is_the_cpu_s_native_one(
    scan_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openvino

    monkeypatch.delenv(ocr_engine.ENGINE_ENV, raising=False)
    monkeypatch.delenv(ocr_engine.PRECISION_ENV, raising=False)
    native = "BF16" in openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    assert read_scan(scan_pdf).ocr_precision == ("bf16" if native else "f32")


@pytest.mark.parametrize(
    ("variable", "value", "choices"),
    [
        (ocr_engine.ENGINE_ENV, "tensorflow", "openvino, onnxruntime"),
        (ocr_engine.PRECISION_ENV, "int4", "f32, bf16"),
    ],
)
def test_an_unknown_runtime_or_precision_is_a_clear_error(
    scan_pdf: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, choices: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(app, ["extract", str(scan_pdf)])
    assert result.exit_code == 8
    assert value in result.stderr and choices in result.stderr
    assert "Traceback" not in result.output


def test_one_runtime_s_sessions_are_built_once(scan_pdf: Path) -> None:
    # A fresh process, as a worker starts: reading a scan opens OpenVINO's networks and not
    # one onnxruntime session beside them (each is memory held for nothing), and the default
    # engine is the one named openvino, not a second set.
    code = (
        "import sys; from pathlib import Path; import onnxruntime; opened = []; "
        "init = onnxruntime.InferenceSession.__init__; "
        "onnxruntime.InferenceSession.__init__ = "
        "lambda self, *a, **k: (opened.append(a[:1]), init(self, *a, **k))[1]; "
        "from extractor.scan import engine, read_scan; "
        "read_scan(Path(sys.argv[1])); "
        "print(engine.engine() is engine.engine('openvino'), len(opened))"
    )
    env = {k: v for k, v in os.environ.items() if k != ocr_engine.ENGINE_ENV}
    out = subprocess.run(
        [sys.executable, "-c", code, str(scan_pdf)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert out.stdout.split() == ["True", "0"]
