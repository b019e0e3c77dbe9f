"""Sample .docx -> PDF with LibreOffice headless, as a user's "save as PDF" would make it."""

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


def to_pdfs(docxs: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert several documents in one LibreOffice run (its start-up is the slow part)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [out_dir / f"{p.stem}.pdf" for p in docxs]
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
            "pdf:writer_pdf_Export",
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
