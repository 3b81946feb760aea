"""``python -m app`` and the ``apimodels-uploader`` command."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _ensure_std_streams() -> None:
    """A windowed Windows exe (and some launchers) start with no stdout/stderr/stdin at all: give
    them somewhere harmless to go, so no library writing to them can stop the app."""
    import os

    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--fit-worker"]:
        # The child that fits a file to its cap (app/core/media/fitter.py): no window, no CLI.
        from .core.media.fit_work import main as fit_main

        return fit_main(args[1:])
    _ensure_std_streams()
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
