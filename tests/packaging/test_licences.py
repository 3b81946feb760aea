"""Every component the bundle carries has its licence, found by packaging/licences.py from the
installed distributions' metadata and, for host libraries, their Debian packages.

The collector runs against this environment (no PyInstaller needed): the distributions the app
installs with (its dependencies and the ``server`` extra, which the bundle carries for demo mode)
and the host libraries their binaries load, as PyInstaller would copy them.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import licences  # noqa: E402

# The system libraries PyInstaller never copies (its exclude list): the same on every Linux.
_SYSTEM = re.compile(
    r"^(ld-linux.*|libc\.so.*|libm\.so.*|libdl\.so.*|libpthread\.so.*|librt\.so.*|libutil\.so.*"
    r"|libGL.*|libEGL.*|libGLX.*|libGLdispatch.*|libOpenGL.*|libdrm.*|libxcb\.so.*"
    r"|libX11\.so.*|libwayland-.*|linux-vdso.*)$"
)


def _bundled_distributions() -> list[md.Distribution]:
    """apimodels-uploader[server] and everything it requires, as installed here."""
    found: dict[str, tuple[md.Distribution, frozenset[str]]] = {}
    todo: list[tuple[str, frozenset[str]]] = [("apimodels-uploader", frozenset({"server"}))]
    while todo:
        name, extras = todo.pop()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # a requirement for another platform
        key = re.sub(r"[-_.]+", "-", str(dist.metadata["Name"])).lower()
        if key in found and extras <= found[key][1]:
            continue
        extras = extras | (found[key][1] if key in found else frozenset())
        found[key] = (dist, extras)
        for line in dist.requires or []:
            req = Requirement(line)
            envs = [{"extra": e} for e in extras] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, frozenset(req.extras)))
    return [dist for dist, _extras in found.values()]


def _host_libraries(binaries: list[Path]) -> dict[str, Path]:
    """What ldd says the binaries load from the host, minus what PyInstaller leaves out."""
    found: dict[str, Path] = {}
    for chunk in range(0, len(binaries), 50):
        out = subprocess.run(
            ["ldd", *map(str, binaries[chunk : chunk + 50])], capture_output=True, text=True,
            check=False,
        ).stdout  # fmt: skip
        for name, path in re.findall(r"^\s+(\S+) => (/\S+)", out, re.M):
            if "site-packages" not in path and not _SYSTEM.match(name):
                found.setdefault(name, Path(path))
    return found


@pytest.fixture(scope="module")
def bundle_like() -> list[tuple[str, str]]:
    bundled: list[tuple[str, str]] = []
    binaries: list[Path] = []
    for dist in _bundled_distributions():
        for rel in dist.files or []:
            path = Path(str(dist.locate_file(rel)))
            bundled.append((rel.as_posix(), str(path)))
            if ".so" in path.name and path.is_file():
                binaries.append(path)
    for name in ("_ssl", "_hashlib", "_ctypes", "_sqlite3", "_lzma", "_bz2"):
        spec = __import__("importlib.util").util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith(".so"):
            bundled.append((f"lib-dynload/{Path(spec.origin).name}", spec.origin))
            binaries.append(Path(spec.origin))
    bundled.append(("os.py", str(Path(__import__("os").__file__))))
    if sys.platform.startswith("linux"):
        for name, path in _host_libraries(binaries).items():
            bundled.append((name, str(path)))
    return bundled


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="host libraries are traced with dpkg")
def test_every_bundled_component_has_its_licence(bundle_like: list[tuple[str, str]]) -> None:
    collected = licences.collect(bundle_like, always=())
    assert collected.problems == []
    by_name = {c.name: c for c in collected.components}
    # What the issue named: Qt's LGPL-3 (with the GPL-3 it builds on), ICU, OpenSSL (the host's
    # libssl for Python's _ssl), cryptography, libstdc++ (Qt's C++ runtime), Python itself.
    qt = by_name["PySide6_Essentials"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt.texts["LGPL-3.0.txt"]
    assert "GNU GENERAL PUBLIC LICENSE" in qt.texts["GPL-3.0.txt"]
    assert "Apache" in "".join(by_name["cryptography"].texts.values())
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in by_name["Python"].texts["LICENSE.txt"]
    assert by_name["apimodels-uploader"].texts["LICENSE"].startswith("MIT License")
    icu = [c for c in collected.components if c.origin == "vendored" and "icu" in c.name]
    assert icu and "Unicode" in icu[0].texts["copyright"]
    assert any(f.startswith("PySide6/Qt/lib/libicuuc") for f in icu[0].files)
    debian = {c.name for c in collected.components if c.origin == "Debian package"}
    assert "libssl3" in debian or any(n.startswith("libssl") for n in debian)
    assert any(n.startswith("libstdc++") for n in debian)
    for comp in collected.components:
        assert all(text.strip() for text in comp.texts.values()), comp.name


def test_a_file_nobody_owns_stops_the_build(tmp_path: Path) -> None:
    stray = tmp_path / "libmystery.so.1"
    stray.write_bytes(b"\x7fELF")
    collected = licences.collect([("libmystery.so.1", str(stray))], always=())
    assert len(collected.problems) == 1 and "libmystery.so.1" in collected.problems[0]
    with pytest.raises(licences.LicenceError, match="libmystery"):
        licences.check(collected)


def test_a_distribution_without_any_licence_text_stops_the_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = site / "nolicence-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nolicence\nVersion: 1.0\n")
    (site / "nolicence.py").write_text("x = 1\n")
    (info / "RECORD").write_text("nolicence.py,,\nnolicence-1.0.dist-info/METADATA,,\n")
    dist = md.PathDistribution(info)
    index = licences.distribution_index([dist])
    collected = licences.collect([("nolicence.py", str(site / "nolicence.py"))], index=index,
                                 always=())  # fmt: skip
    assert any("nolicence 1.0" in p and "no licence text" in p for p in collected.problems)
    # Its licence file in .dist-info/licenses/ (PEP 639) is enough.
    (info / "licenses").mkdir()
    (info / "licenses" / "LICENSE").write_text("Permission is granted.\n")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: nolicence\nVersion: 1.0\nLicense-File: LICENSE\n"
    )
    index = licences.distribution_index([md.PathDistribution(info)])
    collected = licences.collect([("nolicence.py", str(site / "nolicence.py"))], index=index,
                                 always=())  # fmt: skip
    assert collected.problems == []


def test_a_vendored_library_nothing_names_stops_the_build(tmp_path: Path) -> None:
    """av's wheel carries FFmpeg in av.libs/: its own BSD text does not cover it."""
    site = tmp_path / "site"
    info = site / "wrapper-2.0.dist-info"
    (site / "wrapper.libs").mkdir(parents=True)
    info.mkdir()
    lib = site / "wrapper.libs" / "libzzcodec-0123abcd.so.61"
    lib.write_bytes(b"\x7fELF")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wrapper\nVersion: 2.0\n")
    (info / "LICENSE").write_text("BSD: the wrapper's own code.\n")
    (info / "RECORD").write_text(
        "wrapper.libs/libzzcodec-0123abcd.so.61,,\nwrapper-2.0.dist-info/LICENSE,,\n"
    )
    index = licences.distribution_index([md.PathDistribution(info)])
    dest = "wrapper.libs/libzzcodec-0123abcd.so.61"
    collected = licences.collect([(dest, str(lib))], index=index, always=(),
                                 host_libraries=lambda stems: {})  # fmt: skip
    assert any("libzzcodec" in p and "wrapper" in p for p in collected.problems)
    # Named in the wheel's own texts: covered.
    (info / "LICENSE").write_text("BSD; the bundled zzcodec library is LGPL-2.1.\n")
    index = licences.distribution_index([md.PathDistribution(info)])
    collected = licences.collect([(dest, str(lib))], index=index, always=(),
                                 host_libraries=lambda stems: {})  # fmt: skip
    assert collected.problems == []


def test_the_bundle_folder_and_the_deb_copyright(tmp_path: Path) -> None:
    collected = licences.collect([], always=())
    licences.write_licences(collected.components, tmp_path / "licenses")
    index = (tmp_path / "licenses" / "README.txt").read_text(encoding="utf-8")
    assert "apimodels-uploader" in index
    assert (tmp_path / "licenses" / "apimodels-uploader" / "LICENSE").is_file()
    text = licences.debian_copyright(collected.components, "opt/x", "https://example.org/x")
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("Format: https://www.debian.org/doc/packaging-manuals/")
    assert paragraphs[1].startswith("Files: *\n")
    # DEP-5: every continuation line starts with a space, blank lines are " .".
    for line in text.splitlines():
        assert line == "" or not line[0].isspace() or line.startswith(" "), line
        assert line != " "
