"""``kczg samples``: filled application forms with ground truth, for tests and benchmarks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

#: Exit code for arguments the generator cannot work with.
EXIT_USAGE = 2


def samples(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the samples into.")],
    count: Annotated[int, typer.Option("--count", help="How many samples to write.")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same samples.")] = 0,
    formats: Annotated[
        str,
        typer.Option("--formats", help="Comma-separated: docx; pdf, doc (via LibreOffice); scan."),
    ] = "docx",
) -> None:
    """Write filled forms of every list and edition, each with a <id>.truth.json."""
    from samples.generate import BadSampleRequest, check_request, generate

    kinds = tuple(part.strip() for part in formats.split(",") if part.strip())
    try:
        check_request(count, kinds)
        infos = generate(out, count, seed, kinds)
    except BadSampleRequest as err:
        typer.echo(f"kczg samples: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except ImportError as err:
        typer.echo(f"kczg samples: format not available here ({err})", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except RuntimeError as err:
        typer.echo(f"kczg samples: rendering failed: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as err:
        typer.echo(f"kczg samples: cannot write to {out}: {err.strerror or err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    layouts = Counter(info.layout for info in infos)
    defective = sum(1 for info in infos if info.defects)
    typer.echo(
        f"wrote {len(infos)} samples ({', '.join(kinds)}) to {out}: "
        f"{len({(i.form, i.edition) for i in infos})} forms, "
        f"{layouts['faithful']} faithful + {len(infos) - layouts['faithful']} variant layouts, "
        f"{defective} with defects; manifest.csv lists them"
    )
