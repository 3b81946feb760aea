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
        # Debian's copyright files point to common-licenses (lintian rejects full GPL-2 and
        # Apache-2.0 texts there); the bundle's licenses/ folder has them in full.
        assert "TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION" not in (
            copyright_file
        )
        assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" not in copyright_file
        for common in ("GPL-2", "GPL-3", "LGPL-2.1", "LGPL-3", "Apache-2.0"):
            assert f"/usr/share/common-licenses/{common};" in copyright_file
        assert "/opt/x/licenses/x264/GPL-2.0.txt" in copyright_file
        # Each paragraph's holders are the project's, not the Free Software Foundation of the
        # GPL's own text.
        x264 = next(p for p in copyright_file.split("\n\n") if "licenses/x264/*" in p)
        holders = x264.split("\nCopyright: ", 1)[1].split("\n", 1)[0]
        assert "x264" in holders.lower() and "Free Software Foundation" not in holders


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


# The libraries in av 18.1.0's Windows (delvewheel) and macOS (delocate) wheels, as listed in
# the wheels: the Windows and macOS builds must find each one's project as the Linux one does.
_AV_WINDOWS = """avcodec-62-984de33114b7fa384296817dec999c9d.dll
avdevice-62-bf7a3ffbb6a4b577f24a39ea98a958d5.dll
avfilter-11-aef80fc767dc77e0319469b5bdcdf998.dll
avformat-62-b6d6bb16ff0b7753371e2d0b285c9dc0.dll
avutil-60-cc1777f859dcfd98b8019bdf459e774e.dll
libdav1d-959ebc1340f7dfcbcf8e299a26281738.dll
libgcc_s_seh-1-4c0a762e4178b574f72d1ef1f8bb5fc9.dll
libiconv-2-6ce5f4ff92ada49d6f23a8e413455502.dll
libmp3lame-0-da02696cc34a9bbc1d1d4f67a85cfbef.dll
libopencore-amrnb-0-b8933128305cd084d40426d0d2c0d9ef.dll
libopencore-amrwb-0-49da3acfc50704f92538d74aca03c3b8.dll
libopus-0-4369edc456631a3cc933d7918747e5d2.dll
libsharpyuv-8b869e30854bf3db317a2a93d0782c3d.dll
libstdc++-6-2d5c346d47ad531ef9f5185db0e8cef3.dll
libSvtAv1Enc-c4dd99c98ddcdb013e820dbd68a30e26.dll
libvpl-969a52d626b0390fc34f6a4fb0b08d7e.dll
libvpx-1-d869f8b2cb42d58b35545ffbfb0f7509.dll
libwebp-4bf4e57964c7a01c09ce39470d6b67ca.dll
libwebpmux-9cf6581f8709616d9591befbb1a2264b.dll
libwinpthread-1-02332fab016bf884a2a7a7b2ece22ffe.dll
libx264-165-f3a909470ddc2d85ed21eda3d0fb7954.dll
libx265-efe48a158520a59ef99c0a0b3eb835ae.dll
swresample-6-0158536d5c4197d7d623445553ce9472.dll
swscale-9-0c9886c118598c54e159ef2267ff99f3.dll
zlib1-79e0c4f9db71cb511398c504b832d395.dll"""
_AV_MACOS = """libavutil.60.26.102.dylib libavfilter.11.14.102.dylib libswresample.6.3.102.dylib
libwebp.7.2.0.dylib libavcodec.62.28.102.dylib libdav1d.7.dylib libavdevice.62.3.102.dylib
libx264.165.dylib libmp3lame.0.dylib libswscale.9.5.102.dylib libavformat.62.12.102.dylib
libSvtAv1Enc.4.1.0.dylib libopencore-amrnb.0.dylib libopencore-amrwb.0.dylib
libwebpmux.3.1.2.dylib libvpx.12.dylib libx265.216.dylib libopus.0.dylib
libsharpyuv.0.1.2.dylib"""


@pytest.mark.parametrize(
    ("folder", "names"), [("av.libs", _AV_WINDOWS.split()), ("av/.dylibs", _AV_MACOS.split())]
)
def test_av_on_windows_and_macos_is_covered_too(
    tmp_path: Path, folder: str, names: list[str]
) -> None:
    site = tmp_path / "site"
    info = site / "av-18.1.0.dist-info"
    (site / folder).mkdir(parents=True)
    info.mkdir()
    for name in names:
        (site / folder / name).write_bytes(b"MZ")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: av\nVersion: 18.1.0\n")
    (info / "LICENSE.txt").write_text("BSD-3-Clause: PyAV's own code.\n")
    rows = [f"{folder}/{name},," for name in names] + ["av-18.1.0.dist-info/LICENSE.txt,,"]
    (info / "RECORD").write_text("\n".join(rows) + "\n")
    index = licences.distribution_index([md.PathDistribution(info)])
    bundled = [(f"{folder}/{name}", str(site / folder / name)) for name in names]
    collected = licences.collect(bundled, index=index, always=(),
                                 host_libraries=lambda stems: {})  # fmt: skip
    assert collected.problems == []
    av = next(c for c in collected.components if c.name == "av")
    assert av.files == set()  # PyAV's BSD text covers none of them
    owner = {f: c for c in collected.components for f in c.files}
    assert all(owner[dest].origin == "vendored" for dest, _src in bundled)
    assert {"FFmpeg", "x264", "x265"} <= {c.name for c in owner.values()}


def test_the_apps_own_metadata_in_the_checkout_is_the_apps(tmp_path: Path) -> None:
    """``pip install -e .`` writes apimodels_uploader.egg-info into the checkout, and the spec's
    copy_metadata takes it from there."""
    info = ROOT / "apimodels_uploader.egg-info"
    made = not info.exists()
    info.mkdir(exist_ok=True)
    try:
        if made:
            (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: apimodels-uploader\n")
        pkg_info = info / "PKG-INFO"
        dest = "apimodels_uploader.egg-info/PKG-INFO"
        # As the build sees it: the checkout is not on its sys.path, so no distribution owns it.
        collected = licences.collect([(dest, str(pkg_info))], index={}, always=())
        assert collected.problems == []
        app = next(c for c in collected.components if c.origin == "this app")
        assert dest in app.files
    finally:
        if made:
            shutil.rmtree(info)
