"""Keep the translations in step with the code.

    python scripts/translations.py update   # lupdate: new strings into the .ts files
    python scripts/translations.py build    # lrelease: .ts -> .qm, which the app loads

The .qm files are build outputs (not committed); run.sh and the packaging build them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
PLURALS_ONLY = ("en",)  # English needs only the plural forms of "%n file(s)"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(here) if here.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install the project first (bash run.sh test)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").glob("*.py"))


def ts_path(language: str) -> Path:
    return FOLDER / f"apimodels_uploader_{language}.ts"


def update() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES + PLURALS_ONLY:
        extra = ["-pluralonly"] if language in PLURALS_ONLY else []
        subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
            [_tool("lupdate"), "-no-obsolete", "-locations", "none", *extra, *sources(),
             "-target-language", language, "-ts", str(ts_path(language))],
            cwd=ROOT, check=True,
        )  # fmt: skip


def build(quiet: bool = False) -> None:
    for language in LANGUAGES + PLURALS_ONLY:
        ts = ts_path(language)
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
            [_tool("lrelease"), *(["-silent"] if quiet else []), str(ts), "-qm", str(qm)],
            cwd=ROOT, check=True,
        )  # fmt: skip


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    {"update": update, "build": build}[command]()
