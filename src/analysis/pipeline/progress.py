"""Progress bars for long steps, seen in the terminal that runs ``dvc repro``, never in a
notebook, a log file, CI or the tests.

A stage runs its notebook in a Jupyter kernel (papermill), whose ``sys.stderr`` goes into the
executed notebook; its ``fileno()`` is a copy of the stderr the kernel inherited from
``dvc repro`` (ipykernel ``OutStream.fileno``). Bars are drawn there, and only when it is a
terminal and ``CI`` is not set, so executed notebooks stay byte-identical between runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
"""An element of the iterable a progress bar wraps (passed through unchanged)."""
QUIET_CI_VALUES = ("", "0", "false", "no")
"""Values of the ``CI`` environment variable that do not mean "running in CI"."""


def terminal_stream() -> TextIO | None:
    """A text stream on the terminal behind ``sys.stderr``, or None when there is none
    (captured, piped to a file, or ``CI`` set as CI services do, e.g. ``CI=true``)."""
    if os.environ.get("CI", "").strip().lower() not in QUIET_CI_VALUES:
        return None
    try:
        descriptor = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation: a capturing stream
        return None
    if not os.isatty(descriptor):
        return None
    return open(descriptor, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (closed by progress)


def progress(
    items: Iterable[Item], description: str, total: int | None = None, unit: str = "article", quiet: bool = False
) -> Iterator[Item]:
    """Yield ``items`` unchanged, drawing a progress bar on the terminal when there is one.

    Parameters
    ----------
    items: what the step works through.
    description: what the step does, e.g. ``"cleaning articles"``.
    total: how many items there are, when known (the bar then shows a percentage).
    unit: what one item is.
    quiet: never draw (a step inside a task whose caller shows the progress).
    """
    stream = None if quiet else terminal_stream()
    if stream is None:
        yield from items
        return
    with stream, tqdm(items, desc=description, total=total, unit=unit, file=stream, mininterval=0.5) as bar:
        yield from bar
