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
import vendored  # noqa: E402

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


def _av_libraries(bundle_like: list[tuple[str, str]]) -> list[str]:
    return [dest for dest, _src in bundle_like if dest.startswith("av.libs/")]


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="host libraries are traced with dpkg")
def test_every_library_in_av_libs_has_its_own_projects_licence(
    bundle_like: list[tuple[str, str]],
) -> None:
    """PyAV's wheel says BSD-3-Clause, which is its own code only: each FFmpeg, codec and TLS
    library it carries is its own component with its project's text, and the bundle as a whole
    is GPL (x264 and x265 are)."""
    md.distribution("av")  # a dependency of the app: the bundle carries it
    libs = _av_libraries(bundle_like)
    if sys.platform.startswith("linux"):  # the manylinux wheel: FFmpeg and ~25 others
        assert len(libs) > 20 and any("libavcodec" in d for d in libs)
    collected = licences.collect(bundle_like, always=())
    assert collected.problems == []
    owner = {f: c for c in collected.components for f in c.files}
    for dest in libs:
        comp = owner[dest]
        assert comp.origin == "vendored" and comp.name != "av", dest
        project = vendored.project_of(Path(dest).name)
        assert project is not None and comp.name == project.name, dest
        # That project's copyright file, with the full standard texts it points to.
        kept = vendored.TEXTS / "vendored" / project.copyright
        assert comp.texts["copyright"] == kept.read_text(encoding="utf-8"), dest
        assert set(project.standard) <= set(comp.texts), dest
    names = {owner[d].name for d in libs}
    if sys.platform.startswith("linux"):
        assert {"FFmpeg", "x264", "x265", "GnuTLS", "dav1d", "libvpx", "Opus", "LAME"} <= names
        index = licences.write_licences(collected.components, Path(sys.prefix) / "_unused")
        text = index.read_text(encoding="utf-8")
        shutil.rmtree(index.parent)
        assert "GNU General Public License version 3 or later" in " ".join(text.split())
        copyright_file = licences.debian_copyright(collected.components, "opt/x", "https://x")
        assert "version 3 or later" in " ".join(copyright_file.split())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the manylinux wheel's .so")
def test_the_readmes_licence_matches_how_ffmpeg_was_built(
    bundle_like: list[tuple[str, str]],
) -> None:
    """The README says the binaries are GPL-3.0-or-later: FFmpeg links x264/x265 (GPL) and was
    configured as version 3. A PyAV release built otherwise fails here, and the README, the
    whole-bundle note (vendored.WHOLE_BUNDLE) and the gpl_only flags must change with it."""
    import ctypes

    avcodec = next(src for dest, src in bundle_like if Path(dest).name.startswith("libavcodec"))
    lib = ctypes.CDLL(avcodec)
    lib.avcodec_configuration.restype = ctypes.c_char_p
    config = lib.avcodec_configuration().decode().split()
    assert "--enable-libx264" in config and "--enable-libx265" in config
    assert "--enable-version3" in config
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "distributed under the GNU General Public License, version 3 or later" in readme
    gpl = {p.name for p in vendored.PROJECTS if p.gpl_only}
    assert gpl == {"x264", "x265"}


@pytest.mark.parametrize(
    ("file_name", "project"),
    [
        ("libavcodec-5e6b81c2.so.62.28.102", "FFmpeg"),  # auditwheel (Linux)
        ("libavcodec.62.dylib", "FFmpeg"),  # delocate (macOS)
        ("avcodec-62.dll", "FFmpeg"),  # delvewheel (Windows), no "lib"
        ("libopencore-amrnb-d72c52e2.so.0.0.5", "opencore-amr"),
        ("libzzcodec-0123abcd.so.61", None),
        ("zzcodec-61.dll", None),
    ],
)
def test_a_library_in_a_wheels_vendor_folder_is_covered_only_by_its_project(
    tmp_path: Path, file_name: str, project: str | None
) -> None:
    """Known libraries get their project's texts on every platform (no host package needed);
    one nobody knows stops the build, a Windows DLL without "lib" included."""
    site = tmp_path / "site"
    info = site / "wrapper-2.0.dist-info"
    (site / "wrapper.libs").mkdir(parents=True)
    info.mkdir()
    dest = f"wrapper.libs/{file_name}"
    (site / dest).write_bytes(b"\x7fELF")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wrapper\nVersion: 2.0\n")
    (info / "LICENSE").write_text("BSD: the wrapper's own code.\n")
    (info / "RECORD").write_text(f"{dest},,\nwrapper-2.0.dist-info/LICENSE,,\n")
    index = licences.distribution_index([md.PathDistribution(info)])
    collected = licences.collect([(dest, str(site / dest))], index=index, always=(),
                                 host_libraries=lambda stems: {})  # fmt: skip
    if project is None:
        assert len(collected.problems) == 1 and "zzcodec" in collected.problems[0]
        return
    assert collected.problems == []
    comp = next(c for c in collected.components if dest in c.files)
    assert comp.name == project and comp.origin == "vendored"
    assert comp.texts["copyright"].strip()


def test_every_vendored_projects_texts_are_in_the_tree() -> None:
    for project in vendored.PROJECTS:
        texts = vendored.texts(project)
        assert texts.get("copyright", "").strip(), project.name
        assert all(texts[name].strip() for name in project.standard), project.name


def test_a_vendored_library_the_bundle_moves_out_of_its_folder_is_still_its_projects(
    tmp_path: Path,
) -> None:
    """PyInstaller may put av.libs/libx264-....so at the bundle's top: where the wheel has it
    decides, or x264 would pass for PyAV's own BSD code."""
    site = tmp_path / "site"
    info = site / "wrapper-2.0.dist-info"
    (site / "wrapper.libs").mkdir(parents=True)
    info.mkdir()
    rel = "wrapper.libs/libx264-d6533a8d.so.165"
    (site / rel).write_bytes(b"\x7fELF")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wrapper\nVersion: 2.0\n")
    (info / "LICENSE").write_text("BSD: the wrapper's own code.\n")
    (info / "RECORD").write_text(f"{rel},,\nwrapper-2.0.dist-info/LICENSE,,\n")
    index = licences.distribution_index([md.PathDistribution(info)])
    dest = "libx264-d6533a8d.so.165"
    collected = licences.collect([(dest, str(site / rel))], index=index, always=(),
                                 host_libraries=lambda stems: {})  # fmt: skip
    assert collected.problems == []
    comp = next(c for c in collected.components if dest in c.files)
    assert comp.name == "x264" and comp.gpl_only
