"""The packaging helpers that can be checked without a build: what is cut, the icon containers,
the ICU item filter, the desktop entry and the .deb's control data."""

from __future__ import annotations

import configparser
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import cuts  # noqa: E402
import deb  # noqa: E402
import icons  # noqa: E402
import icu_trim  # noqa: E402


@pytest.mark.parametrize(
    ("name", "cut"),
    [
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtga.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("botocore/data/s3/2006-03-01/service-2.json.gz", True),
        # What must stay: see the module's docstring.
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/lib/libicudata.so.73", False),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", False),
        ("botocore/auth.py", False),
    ],
)
def test_what_the_bundle_leaves_out(name: str, cut: bool) -> None:
    assert (cuts.reason_for(name) is not None) is cut


def test_host_libraries_only_a_cut_plugin_needed_go_too() -> None:
    kept = [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/gui", "BINARY"),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
    ]
    cut = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/gtk3", "BINARY")]
    needs = {
        "/src/gui": ["libfontconfig.so.1"],
        "/src/gtk3": ["libgtk-3.so.0", "libcairo.so.2", "libfontconfig.so.1"],
        # A host library needing another must not keep it alive on its own.
        "/usr/lib/libgtk-3.so.0": ["libcairo.so.2"],
    }
    assert cuts.orphans(kept, cut, lambda src: needs.get(src, [])) == {
        "libgtk-3.so.0",
        "libcairo.so.2",
    }


def test_icons_are_drawn_from_the_svg_into_ico_and_icns(tmp_path: Path, qapp: object) -> None:
    # qapp: the test session's QApplication; icons.py would otherwise make a QGuiApplication
    made = icons.build_icons(ROOT / "resources" / "apimodels-uploader.svg", tmp_path)
    png = made["256"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (256, 256)

    ico = made["ico"].read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sides = []
    for i in range(count):
        side, _, _, _, _, bits, size, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]
        )
        assert bits == 32 and ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(ico)
        sides.append(side or 256)
    assert sides == list(icons.ICO_SIZES)

    icns = made["icns"].read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, at = [], 8
    while at < len(icns):
        kind, length = icns[at : at + 4], struct.unpack(">I", icns[at + 4 : at + 8])[0]
        assert icns[at + 8 : at + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        at += length
    assert at == len(icns)
    assert kinds == [k for k, _ in icons.ICNS_TYPES]


@pytest.mark.parametrize(
    ("item", "dropped"),
    [
        ("ibm-37_P100-1995.cnv", True),
        ("translit/Latin_ASCII.res", True),
        ("brkitr/cjdict.dict", True),
        ("coll/de.res", True),
        ("coll/de_.res", True),
        ("de_AT.res", True),
        ("lang/fr.res", True),
        ("zone/ja.res", True),
        # Kept: our languages, root, and every shared table.
        ("root.res", False),
        ("en_GB.res", False),
        ("zh_Hans_CN.res", False),
        ("coll/zh.res", False),
        ("coll/root.res", False),
        ("coll/ucadata.icu", False),
        ("yue.res", False),
        ("pool.res", False),
        ("lang/pool.res", False),
        ("res_index.res", False),
        ("zoneinfo64.res", False),
        ("metaZones.res", False),
        ("likelySubtags.res", False),
        ("supplementalData.res", False),
        ("nfkc.nrm", False),
        ("cnvalias.icu", False),
        ("brkitr/root.res", False),
        ("brkitr/line.brk", False),
    ],
)
def test_icu_items_cut_and_kept(item: str, dropped: bool) -> None:
    assert icu_trim.droppable(item) is dropped


def test_the_desktop_entry_opens_files_with_the_app() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "resources" / "apimodels-uploader.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "apimodels-uploader"
    assert "%F" in desktop["Exec"].split()
    assert desktop["Categories"] == "Network;FileTransfer;"
    mimes = set(filter(None, desktop["MimeType"].split(";")))
    assert {
        "image/png",
        "image/jpeg",
        "video/mp4",
        "video/webm",
        "audio/mpeg",
        "audio/wav",
    } <= mimes
    assert {m.split("/")[0] for m in mimes} == {"image", "video", "audio"}


def test_control_names_the_proven_depends(tmp_path: Path) -> None:
    (tmp_path / "opt").mkdir()
    (tmp_path / "opt" / "x").write_bytes(b"x" * 5000)
    control = deb._control(tmp_path, "1.2.3-1", "amd64", "2.34")
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line)
    assert fields["Version"] == "1.2.3-1"
    depends = fields["Depends"].split(", ")
    assert depends[0] == "libc6 (>= 2.34)"
    for name in ("libgl1", "libegl1", "libxcb1", "libwayland-client0", "fontconfig-config"):
        assert name in depends
    assert "fonts-noto-cjk | fonts-wqy-microhei" in fields["Recommends"]
    assert int(fields["Installed-Size"]) >= 5


def test_glibc_floor_reads_the_binaries(tmp_path: Path) -> None:
    exe = tmp_path / "python"
    exe.write_bytes(Path(sys.executable).resolve().read_bytes())
    floor = deb.glibc_floor(tmp_path)
    assert floor is not None
    major, minor = map(int, floor.split("."))
    host = (
        subprocess.run(["ldd", "--version"], capture_output=True, text=True, check=True)
        .stdout.splitlines()[0]
        .split()[-1]
    )
    assert (2, 2) <= (major, minor) <= tuple(map(int, host.split(".")))


def test_the_deb_layout(tmp_path: Path, qapp: object) -> None:
    """A .deb around a stand-in bundle: where every file goes, its modes, and its control data."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "apimodels-uploader").write_text("#!/bin/sh\necho hi\n")
    (bundle / "apimodels-uploader").chmod(0o755)
    (bundle / "_internal" / "libx.so").write_bytes(b"not really a library")
    icon_dir = tmp_path / "icons"
    icons.build_icons(ROOT / "resources" / "apimodels-uploader.svg", icon_dir)
    out = deb.build_deb(bundle, icon_dir, "9.8.7", tmp_path, tmp_path / "work")
    assert out.name.startswith("apimodels-uploader_9.8.7-1_")
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(out)], capture_output=True, text=True, check=True
    ).stdout
    entries = {line.split()[5].lstrip("."): line.split()[0] for line in listing.splitlines()}
    assert entries["/opt/apimodels-uploader/apimodels-uploader"] == "-rwxr-xr-x"
    assert entries["/opt/apimodels-uploader/_internal/libx.so"] == "-rw-r--r--"
    assert "/usr/bin/apimodels-uploader" in entries
    for path in (
        "/usr/share/applications/apimodels-uploader.desktop",
        "/usr/share/icons/hicolor/scalable/apps/apimodels-uploader.svg",
        "/usr/share/icons/hicolor/48x48/apps/apimodels-uploader.png",
        "/usr/share/icons/hicolor/512x512/apps/apimodels-uploader.png",
        "/usr/share/metainfo/app.apimodels.uploader.metainfo.xml",
        "/usr/share/man/man1/apimodels-uploader.1.gz",
        "/usr/share/doc/apimodels-uploader/copyright",
        "/usr/share/doc/apimodels-uploader/changelog.Debian.gz",
        "/usr/share/lintian/overrides/apimodels-uploader",
    ):
        assert entries.get(path) == "-rw-r--r--", path
    assert "/usr/bin/apimodels-uploader -> /opt/apimodels-uploader/apimodels-uploader" in listing
    # /opt itself is not the package's: apt remove would delete it when it is left empty.
    assert "/opt/" not in entries and "/opt" not in entries
    assert entries["/opt/apimodels-uploader/"] == "drwxr-xr-x"
    # The marker that turns the app's own update check off: apt updates a distribution package.
    assert entries["/opt/apimodels-uploader/distribution-package"] == "-rw-r--r--"
    extracted = tmp_path / "x"
    subprocess.run(["dpkg-deb", "-x", str(out), str(extracted)], check=True)
    copyright_text = (extracted / "usr/share/doc/apimodels-uploader/copyright").read_text()
    assert copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/")
    assert "Permission is hereby granted" in copyright_text
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(out), "Version", "Depends"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    assert "Version: 9.8.7-1" in fields and "fontconfig-config" in fields
    scripts = subprocess.run(
        ["dpkg-deb", "-I", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "postinst" in scripts and "postrm" in scripts
