"""Sample .docx -> PDF (or Word 97 .doc) with LibreOffice headless, as a user's "save as"
would make it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: Seconds one conversion run may take before it is killed.
TIME_LIMIT = 180


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed or timed out."""


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert one document; returns ``out_dir/<stem>.pdf``."""
    return to_pdfs([docx], out_dir)[0]


#: Output suffix -> LibreOffice's filter for it.
FILTERS = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97"}


def to_pdfs(docxs: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert several documents in one LibreOffice run (its start-up is the slow part)."""
    return convert(docxs, out_dir, "pdf")


def to_docs(docxs: Sequence[Path], out_dir: Path) -> list[Path]:
    """Save several documents as legacy Word 97 .doc files, in one LibreOffice run."""
    return convert(docxs, out_dir, "doc")


def convert(docxs: Sequence[Path], out_dir: Path, suffix: str) -> list[Path]:
    """``out_dir/<stem>.<suffix>`` for each document, made by one LibreOffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [out_dir / f"{p.stem}.{suffix}" for p in docxs]
    for stale in outputs:
        stale.unlink(missing_ok=True)
    # A private profile lets conversions run beside each other and beside a user's session.
    with tempfile.TemporaryDirectory(prefix="kczg-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTERS[suffix],
            "--outdir",
            str(out_dir),
            *(str(p) for p in docxs),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIME_LIMIT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice took over {TIME_LIMIT} s") from exc
    missing = [p.name for p in outputs if not p.exists()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit code {done.returncode}"
        raise ConversionError(f"LibreOffice did not convert {', '.join(missing)}: {reason}")
    return outputs
