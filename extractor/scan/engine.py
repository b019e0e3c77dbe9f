"""The OCR engine: RapidOCR's PP-OCR models from its wheel, run on the fastest runtime here.

RapidOCR's own pre- and post-processing (resizing, box finding, CTC decoding) is kept; the
sessions that run the three networks are the chosen runtime's, and only its. OpenVINO reads
the same .onnx files and runs them about four times faster on a CPU than onnxruntime;
onnxruntime stays the fallback where OpenVINO is not installed or cannot compile the models.
Nothing is downloaded.

OpenVINO computes in bfloat16 where the CPU does so natively (AVX-512 BF16, AMX): the same
networks, about twice as fast, reading the same fields as well as in full precision, though
not always the same characters where the image is poor. ``KCZG_OCR_PRECISION=f32`` asks for
full precision, which reads what onnxruntime reads, character for character.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from extractor.errors import OcrModelsMissing
from extractor.scan.decode import CtcDecoder

__all__ = ["ENGINE_ENV", "PRECISIONS", "PRECISION_ENV", "RUNTIMES", "OcrEngine", "engine"]

#: Environment variable that pins the runtime (``openvino`` or ``onnxruntime``).
ENGINE_ENV = "KCZG_OCR_ENGINE"
#: Runtimes in the order they are tried.
RUNTIMES = ("openvino", "onnxruntime")
_MODELS = {
    "det_model_path": "ch_PP-OCRv4_det_infer.onnx",
    "cls_model_path": "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    "rec_model_path": "ch_PP-OCRv4_rec_infer.onnx",
}

#: Environment variable that pins OpenVINO's precision (``f32`` or ``bf16``).
PRECISION_ENV = "KCZG_OCR_PRECISION"
PRECISIONS = ("f32", "bf16")


@dataclass(frozen=True)
class OcrEngine:
    """RapidOCR with its networks on one runtime; ``name`` says which, ``precision`` in
    what it computes (``f32`` or ``bf16``)."""

    name: str
    precision: str
    ocr: Any


def _threads() -> int:
    # Two cores on the target machine; more threads than cores only adds contention.
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _model_paths() -> dict[str, Path]:
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    paths = {key: models / name for key, name in _MODELS.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrModelsMissing(
            f"OCR models missing from the wheel: {', '.join(missing)}; "
            "reinstall rapidocr-onnxruntime"
        )
    return paths


#: RapidOCR's modules that open a session for their network when built.
_SESSION_MODULES = (
    "rapidocr_onnxruntime.ch_ppocr_det.text_detect",
    "rapidocr_onnxruntime.ch_ppocr_cls.text_cls",
    "rapidocr_onnxruntime.ch_ppocr_rec.text_recognize",
)
#: The name those modules open a session by.
_SESSION_CLASS = "OrtInferSession"
_BUILDING = threading.RLock()


@contextlib.contextmanager
def _sessions_from(make: Callable[[dict[str, Any]], Any] | None) -> Iterator[None]:
    """RapidOCR built with ``make(config)`` opening each network's session instead of
    onnxruntime: the other runtime's sessions are never opened, so never held in memory."""
    if make is None:
        yield
        return
    modules = [importlib.import_module(name) for name in _SESSION_MODULES]
    originals = [getattr(module, _SESSION_CLASS) for module in modules]
    for module in modules:
        setattr(module, _SESSION_CLASS, make)
    try:
        yield
    finally:
        for module, original in zip(modules, originals, strict=True):
            setattr(module, _SESSION_CLASS, original)


def _rapidocr(
    paths: dict[str, Path], threads: int, make: Callable[[dict[str, Any]], Any] | None
) -> Any:
    import rapidocr_onnxruntime

    with _sessions_from(make):
        return rapidocr_onnxruntime.RapidOCR(
            **{key: str(path) for key, path in paths.items()},
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
            # Short crops (a number, a two-character name) are padded to this width, not 320:
            # form cells are mostly short, and the padding was most of the recognition time.
            rec_img_shape=[3, 48, 96],
            # Detection on the page scaled to 1280 px at most: a 150 dpi A4 page is 1754 px,
            # and form text is large enough that the smaller image finds the same lines.
            det_limit_side_len=1280,
            det_limit_type="max",
        )


class _OpenVinoSession:
    """One compiled network, called as RapidOCR calls an onnxruntime session; it also
    gives the recogniser its character list from the model's metadata, as onnxruntime's
    session does."""

    def __init__(self, core: Any, model: Path, threads: int, precision: str) -> None:
        network = core.read_model(str(model))
        self._metadata = {
            key: str(network.get_rt_info(["framework", key]).astype(str))
            for key in ("character",)
            if network.has_rt_info(["framework", key])
        }
        compiled = core.compile_model(
            network,
            "CPU",
            {
                "INFERENCE_NUM_THREADS": threads,
                "PERFORMANCE_HINT": "LATENCY",
                "INFERENCE_PRECISION_HINT": precision,
            },
        )
        self._request = compiled.create_infer_request()

    def __call__(self, batch: NDArray[np.float32]) -> list[NDArray[np.float32]]:
        self._request.infer([np.ascontiguousarray(batch)])
        # The output buffer is reused by the next call: keep a copy.
        return [np.array(self._request.get_output_tensor(0).data)]

    def have_key(self, key: str = "character") -> bool:
        return key in self._metadata

    def get_character_list(self, key: str = "character") -> list[str]:
        return self._metadata[key].splitlines()


def _native_precision(core: Any) -> str:
    """bf16 where the CPU computes it natively, else f32."""
    capabilities = core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    return "bf16" if "BF16" in capabilities else "f32"


def _build(runtime: str, precision: str | None) -> OcrEngine:
    paths = _model_paths()
    threads = _threads()
    make = None
    used = "f32"
    if runtime == "openvino":
        import openvino

        core = openvino.Core()
        used = precision or _native_precision(core)
        make = functools.partial(_openvino_session, core, threads, used)
    ocr = _rapidocr(paths, threads, make)
    ocr.text_rec.postprocess_op = CtcDecoder(ocr.text_rec.postprocess_op)
    return OcrEngine(runtime, used, ocr)


def _openvino_session(
    core: Any, threads: int, precision: str, config: dict[str, Any]
) -> _OpenVinoSession:
    return _OpenVinoSession(core, Path(config["model_path"]), threads, precision)


@functools.cache
def _engine(wanted: str | None, precision: str | None) -> OcrEngine:
    if wanted is None:
        # The default is the same engine as the runtime asked by name: one set of sessions.
        try:
            return _engine("openvino", precision)
        except (OcrModelsMissing, RuntimeError):
            # No OpenVINO wheel for this platform, or it cannot compile the models here.
            return _engine("onnxruntime", None)
    try:
        return _build(wanted, precision if wanted == "openvino" else None)
    except ImportError as exc:
        raise OcrModelsMissing(f"OCR runtime {wanted} is not installed: {exc}") from exc


def _chosen(value: str | None, env: str, allowed: tuple[str, ...], what: str) -> str | None:
    wanted = value or os.environ.get(env) or None
    if wanted is not None and wanted not in allowed:
        raise OcrModelsMissing(
            f"unknown OCR {what} {wanted!r} in {env}; choose from {', '.join(allowed)}"
        )
    return wanted


def engine(runtime: str | None = None) -> OcrEngine:
    """The process's engine: ``runtime`` if given, else the one ``KCZG_OCR_ENGINE`` names,
    else OpenVINO where it loads and onnxruntime otherwise; OpenVINO in the precision
    ``KCZG_OCR_PRECISION`` names, else the CPU's native one. Built once per runtime and
    process, opening only that runtime's sessions."""
    wanted = _chosen(runtime, ENGINE_ENV, RUNTIMES, "runtime")
    precision = _chosen(None, PRECISION_ENV, PRECISIONS, "precision")
    with _BUILDING:
        return _engine(wanted, precision)
