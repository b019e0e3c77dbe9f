"""``kczg samples``: filled application forms with ground truth, for tests and benchmarks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

#: Exit codes: arguments the generator cannot work with; an output it cannot write;
#: LibreOffice missing or failing (as for ``kczg extract``).
EXIT_USAGE = 2
EXIT_WRITE = 3
EXIT_RENDER = 8


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"kczg samples: {message}", err=True)
    return typer.Exit(code)


def samples(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the samples into.")],
    count: Annotated[int, typer.Option("--count", help="How many samples to write.")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same samples.")] = 0,
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            help="Comma-separated: docx; pdf, doc (via LibreOffice); scan, photo, copy.",
        ),
    ] = "docx",
) -> None:
    """Write filled forms of every list and edition, each with a <id>.truth.json."""
    from samples.generate import BadSampleRequest, generate
    from samples.render_pdf import ConversionError

    kinds = tuple(part.strip() for part in formats.split(",") if part.strip())
    try:
        infos = generate(out, count, seed, kinds)
    except BadSampleRequest as err:
        raise _fail(str(err), EXIT_USAGE) from None
    except ConversionError as err:
        raise _fail(f"rendering failed: {err}", EXIT_RENDER) from None
    except OSError as err:
        raise _fail(f"cannot write to {out}: {err.strerror or err}", EXIT_WRITE) from None
    layouts = Counter(info.layout for info in infos)
    defective = sum(1 for info in infos if info.defects)
    typer.echo(
        f"wrote {len(infos)} samples ({', '.join(kinds)}) to {out}: "
        f"{len({(i.form, i.edition) for i in infos})} forms, "
        f"{layouts['faithful']} faithful + {len(infos) - layouts['faithful']} variant layouts, "
        f"{defective} with defects; manifest.csv lists them"
    )
