"""Keep the translations in step with the code.

    python scripts/translations.py update   # lupdate: new strings into the .ts files
    python scripts/translations.py build    # lrelease: .ts -> .qm, which the app loads
    python scripts/translations.py update OTHER.ts...  # also keep OTHER's translations (a merge)

The .qm files are build outputs (not committed); run.sh and the packaging build them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
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
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").rglob("*.py"))


def ts_path(language: str) -> Path:
    return FOLDER / f"apimodels_uploader_{language}.ts"


def _lupdate(language: str) -> None:
    extra = ["-pluralonly"] if language in PLURALS_ONLY else []
    subprocess.run(  # noqa: S603 (our own tool, fixed arguments)
        [_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none", *extra, *sources(),
         "-target-language", language, "-ts", str(ts_path(language))],
        cwd=ROOT, check=True,
    )  # fmt: skip


def _parse(ts: Path) -> ET.ElementTree:
    return ET.parse(ts)  # noqa: S314 (the project's own .ts files, not outside input)


def _key(message: ET.Element) -> tuple[str, bool]:
    return message.findtext("source") or "", message.get("numerus") == "yes"


def _finished(ts: Path) -> dict[tuple[str, bool], ET.Element]:
    """Every translated message by its English text, whatever class it was in."""
    if not ts.exists():
        return {}
    found = {}
    for message in _parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") is None:
            found[_key(message)] = translation
    return found


def _carry_over(ts: Path, known: dict[tuple[str, bool], ET.Element]) -> int:
    """Fill new entries whose English is already translated elsewhere: code that moves to another
    class changes the string's context, not its words."""
    tree = _parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        old = known.get(_key(message))
        if old is not None:
            message.remove(translation)
            message.append(old)
            filled += 1
    if filled:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def unfinished(language: str) -> list[str]:
    """English texts without a translation in the language's .ts file."""
    root = _parse(ts_path(language)).getroot()
    return [
        _key(m)[0]
        for m in root.iter("message")
        if (t := m.find("translation")) is not None and t.get("type") == "unfinished"
    ]


def update(*others: str) -> None:
    """Others are .ts files from another branch: their translations are kept too, so that a merge
    that took one side's file loses none of the other's work."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES + PLURALS_ONLY:
        known = _finished(ts_path(language))
        for other in others:
            if Path(other).name == ts_path(language).name:
                known = {**_finished(Path(other)), **known}
        _lupdate(language)
        if _carry_over(ts_path(language), known):
            _lupdate(language)  # back to lupdate's own layout
        for text in unfinished(language) if language in LANGUAGES else []:
            print(f"{language}: not translated yet: {text}")


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
    if command == "update":
        update(*sys.argv[2:])
    else:
        build()
