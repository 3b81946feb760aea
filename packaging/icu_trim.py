"""Qt's ICU data, cut to what this app can use: about 32 MB down to about 3 MB (Linux).

PySide6's Linux wheels link QtCore against ICU, and ICU's data library carries every locale,
legacy converter, transliterator and word dictionary. Qt uses ICU for collation, locale-aware
case mapping, time zones and non-Unicode text codecs; the app shows English and Chinese and
reads only UTF-8. So the data keeps: root, English and Chinese locales (every category), all
shared tables (time zones, plurals, likely subtags, normalisation, UCA collation), and the
break-iterator rules; it drops the ~230 legacy converters, the word dictionaries, the
transliterators, and the other ~800 locales (ICU falls back to root for them, which is what a
missing locale always does).

How: take the data blob out of ``libicudata.so.NN`` (it is the ``icudtNN_dat`` symbol), remove
items with ICU's own ``icupkg``, and link the smaller blob back into a library of the same
name and symbol. Needs ``icupkg`` (Debian: icu-devtools) and a C compiler; without them the
bundle keeps the full data and the build says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

KEEP_LOCALES = ("root", "en", "zh", "yue", "pool", "res_index")  # yue: zh_Hant_HK refers to it
LOCALE_FOLDERS = ("", "coll", "curr", "lang", "region", "unit", "zone", "rbnf", "brkitr")
_LOCALE_RES = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")


def droppable(item: str) -> bool:
    """Whether an item of the ICU package (``coll/de.res``, ``ibm-37_P100-1995.cnv``) can go."""
    folder, _, name = item.rpartition("/")
    if folder == "" and name.endswith(".cnv"):
        return True  # legacy codecs: the app reads and writes UTF-8 only
    if folder == "translit":
        return True
    if folder == "brkitr" and name.endswith(".dict"):
        return True  # Thai/Lao/Khmer/Burmese/CJK word dictionaries; Qt breaks text itself
    if folder in LOCALE_FOLDERS and _LOCALE_RES.match(name):
        return not name.startswith(KEEP_LOCALES)
    return False


def _readelf(option: str, lib: Path) -> str:
    tool = shutil.which("readelf") or "readelf"
    return subprocess.run(  # noqa: S603 - binutils on our own file
        [tool, option, str(lib)], capture_output=True, text=True, check=True
    ).stdout


def _symbol(lib: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat data symbol."""
    symbols = _readelf("-sW", lib)
    found = re.search(
        r"\s([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)",
        symbols,
    )
    if not found:
        raise RuntimeError(f"no icudt*_dat symbol in {lib.name}")
    address, size_text, section, name = found.groups()
    size = int(size_text, 16) if size_text.startswith("0x") else int(size_text)
    sections = _readelf("-SW", lib)
    row = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if not row:
        raise RuntimeError(f"section {section} not found in {lib.name}")
    section_address, section_offset = int(row.group(1), 16), int(row.group(2), 16)
    return name, int(address, 16) - section_address + section_offset, size


def trim(lib: Path) -> tuple[int, int] | None:
    """Replace ``lib`` with a trimmed copy; (old size, new size), or None when tools are absent."""
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if not (icupkg and cc and shutil.which("readelf")):
        return None
    name, offset, size = _symbol(lib)
    before = lib.stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # icupkg names the package after the file: icudt73l ("l": little-endian) inside and out.
        package = name.removesuffix("_dat") + "l.dat"
        (work / "out").mkdir()
        data = work / package
        with lib.open("rb") as f:
            f.seek(offset)
            data.write_bytes(f.read(size))
        listing = subprocess.run(  # noqa: S603
            [icupkg, "-l", str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = [item for item in listing if droppable(item)]
        (work / "drop.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
        small = work / "out" / package
        command = [icupkg, "-r", str(work / "drop.txt"), str(data), str(small)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            # brkitr/root.res names the word dictionaries; ICU's break iterators do without them
            # (rules only), and Qt breaks text with its own tables. Anything else is an error.
            missing = set(re.findall(r"depends on missing item (\S+)", done.stderr))
            if not missing or any(not m.endswith(".dict") for m in missing):
                raise RuntimeError("icupkg refused the cut:\n" + done.stderr[-2000:])
            subprocess.run([*command[:1], "--ignore-deps", *command[1:]], check=True)  # noqa: S603
        asm = work / "data.S"
        asm.write_text(
            ".section .rodata\n"
            f".globl {name}\n"
            f".type {name}, @object\n"
            ".balign 16\n"
            f"{name}:\n"
            f'.incbin "{small}"\n'
            f".size {name}, .-{name}\n"
            '.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        out = work / lib.name
        subprocess.run(  # noqa: S603
            [cc, "-shared", "-nostdlib", "-o", str(out), f"-Wl,-soname,{lib.name}",
             "-Wl,-z,noexecstack", "-Wl,--build-id", str(asm)],
            check=True,
        )  # fmt: skip
        subprocess.run(["strip", "--strip-unneeded", str(out)], check=False)  # noqa: S603, S607
        shutil.copyfile(out, lib)
        lib.chmod(0o644)
    return before, lib.stat().st_size
