"""The .deb: the bundle under /opt/apimodels-uploader, a launcher on PATH, the menu entry, icons.

Depends are what a clean ``debootstrap --variant=minbase`` root lacks for the bundle to start,
proven by packaging/install_test.sh; everything else the bundle carries itself.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import re
import shutil
import subprocess
import tarfile
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "apimodels-uploader"
MAINTAINER = "APIModels Uploader maintainers <uploader@apimodels.app>"
HOMEPAGE = "https://github.com/apimodels/apimodels-uploader"
# Read by the app at start (app/core/updates.py): a distribution package is updated by apt, so
# the app's own update check stays off.
DISTRO_MARKER = "distribution-package"

# Libraries PyInstaller leaves to the system on purpose (they must match the system's drivers and
# display server), and fontconfig's configuration, without which every glyph is a box.
DEPENDS = (
    "libgl1",
    "libegl1",
    "libxcb1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "fontconfig-config",
    # TLS through the system's trust store (the bundled certifi bundle is only a fallback).
    "ca-certificates",
)
RECOMMENDS = (
    "fonts-noto-cjk | fonts-wqy-microhei",  # the Chinese interface
    "gnome-keyring | kwalletmanager | keepassxc",  # a Secret Service, so the key can be saved
    "xdg-utils",  # open a URL in the browser, show a file in its folder
)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def elf_files(folder: Path) -> list[Path]:
    """The ELF binaries in a folder (links not followed)."""
    found = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as f:
            if f.read(4) == b"\x7fELF":
                found.append(path)
    return found


def glibc_floor(bundle: Path) -> str | None:
    """The newest GLIBC_x.y symbol version any binary in the bundle asks for."""
    objdump = shutil.which("objdump")
    if objdump is None:
        return None
    newest = (0, 0)
    for path in elf_files(bundle):
        out = subprocess.run(  # noqa: S603 - binutils on our own files
            [objdump, "-T", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", out):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}" if newest != (0, 0) else None


def _write(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    path.chmod(mode)


def _gzip(data: bytes) -> bytes:
    # mtime=0: the same input gives the same bytes (lintian wants no timestamps in .gz)
    return gzip.compress(data, compresslevel=9, mtime=0)


def _desktop_entry() -> str:
    text = (ROOT / "resources" / f"{NAME}.desktop").read_text(encoding="utf-8")
    return text


def _tree(root: Path, bundle: Path, icons: Path, version: str, copyright_text: str) -> None:
    shutil.copytree(bundle, root / "opt" / NAME, symlinks=True)
    launcher = root / "usr" / "bin" / NAME
    launcher.parent.mkdir(parents=True)
    launcher.symlink_to(f"/opt/{NAME}/{NAME}")
    share = root / "usr" / "share"
    _write(share / "applications" / f"{NAME}.desktop", _desktop_entry())
    svg = (ROOT / "resources" / f"{NAME}.svg").read_bytes()
    _write(share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg", svg)
    for size in ICON_SIZES:
        png = (icons / f"{NAME}-{size}.png").read_bytes()
        _write(share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png", png)
    metainfo = (HERE / "linux" / "app.apimodels.uploader.metainfo.xml").read_text(encoding="utf-8")
    day = time.strftime("%Y-%m-%d", time.gmtime(int(_source_date())))
    metainfo = metainfo.replace("@VERSION@", version).replace("@DATE@", day)
    _write(share / "metainfo" / "app.apimodels.uploader.metainfo.xml", metainfo)
    _write(root / "opt" / NAME / DISTRO_MARKER, "deb\n")
    doc = share / "doc" / NAME
    _write(doc / "copyright", copyright_text)
    changelog = (
        f"{NAME} ({version}-1) stable; urgency=medium\n\n"
        f"  * Release {version}; see the project's README for what changed.\n\n"
        f" -- {MAINTAINER}  {formatdate(usegmt=False, localtime=False)}\n"
    )
    _write(doc / "changelog.Debian.gz", _gzip(changelog.encode()))
    man = (HERE / "linux" / f"{NAME}.1").read_bytes()
    _write(share / "man" / "man1" / f"{NAME}.1.gz", _gzip(man))
    overrides = (HERE / "linux" / "lintian-overrides").read_text(encoding="utf-8")
    _write(share / "lintian" / "overrides" / NAME, overrides)


def _installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1024
        elif path.is_file():
            total += -(-path.stat().st_size // 1024) * 1024
    return total // 1024


def _control(root: Path, version: str, arch: str, glibc: str | None) -> str:
    depends = [f"libc6 (>= {glibc})" if glibc else "libc6", *DEPENDS]
    return (
        f"Package: {NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {_installed_size_kib(root)}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: net\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        "Description: upload images, video and audio; get public URLs\n"
        " Drop media files on the window and get back public URLs that work for\n"
        " 7 days, each with a live countdown, ready to paste into APIModels\n"
        " generation calls (image-to-image, video reference, dubbing, lipsync).\n"
        " Also a command line for scripts, and a demo mode that needs no account.\n"
    )


def copyright_file(components: list[Any] | None) -> str:
    """debian/copyright from the build's licence list (packaging/licences.py); without one (a
    stand-in bundle), the list this environment's own distributions and host libraries give."""
    import licences

    if components is None:
        components = licences.collect([]).components
    return licences.debian_copyright(components, f"opt/{NAME}", HOMEPAGE)


def build_deb(
    bundle: Path,
    icons: Path,
    version: str,
    out_dir: Path,
    work: Path,
    *,
    components: list[Any] | None = None,
) -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"],  # noqa: S607 - dpkg's own answer
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    _tree(root, bundle, icons, version, copyright_file(components))
    debian = root / "DEBIAN"
    debian.mkdir()
    # A packaging revision: the project's version is upstream's, this .deb is its first packaging.
    deb_version = f"{version}-1"
    _write(debian / "control", _control(root, deb_version, arch, glibc_floor(bundle)))
    for script in ("postinst", "postrm"):
        _write(debian / script, (HERE / "linux" / script).read_text(encoding="utf-8"), 0o755)
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    out = out_dir / f"{NAME}_{deb_version}_{arch}.deb"
    subprocess.run(  # noqa: S603
        # Barely compressed here (xz -0): the data is rewritten below and compressed well there.
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z0", "--build", str(root), str(out)],  # noqa: S607
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": _source_date()},
    )  # fmt: skip
    drop_directory_entries(out, {"./opt/"})
    return out


def drop_directory_entries(deb: Path, dirs: set[str]) -> None:
    """Take directory entries out of the package's data: a package that ships /opt makes
    ``apt remove`` delete /opt when it is left empty. dpkg-deb lists every folder of the tree,
    so its data.tar is rewritten without them (the files below keep their own entries)."""
    members = _ar_members(deb.read_bytes())
    out = [b"!<arch>\n"]
    for header, data in members:
        name = header[:16].decode().strip().rstrip("/")
        if name.startswith("data.tar"):
            data = _tar_without(data, name, dirs)
            header = (
                b"data.tar.xz/".ljust(16) + header[16:48] + str(len(data)).ljust(10).encode()
                + header[58:]
            )  # fmt: skip
        out.append(header + data + (b"\n" if len(data) % 2 else b""))
    deb.write_bytes(b"".join(out))


def _ar_members(raw: bytes) -> list[tuple[bytes, bytes]]:
    if not raw.startswith(b"!<arch>\n"):
        raise ValueError("not an ar archive")
    pos, found = 8, []
    while pos + 60 <= len(raw):
        header = raw[pos : pos + 60]
        size = int(header[48:58].decode().strip())
        found.append((header, raw[pos + 60 : pos + 60 + size]))
        pos += 60 + size + (size % 2)
    return found


def _tar_without(data: bytes, name: str, dirs: set[str]) -> bytes:
    """The data without ``dirs``, compressed with xz (once: dpkg-deb wrote it at xz -0, as
    compressing it twice at xz's highest setting took minutes of a build)."""
    if name.endswith(".xz"):
        data = lzma.decompress(data)
    elif name != "data.tar":
        raise ValueError(f"{name}: only plain or xz data is rewritten")
    buffer = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(data), mode="r:") as source,
        tarfile.open(fileobj=buffer, mode="w:", format=tarfile.GNU_FORMAT) as target,
    ):
        for member in source:
            if member.isdir() and member.name.rstrip("/") + "/" in dirs:
                continue
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
    return lzma.compress(buffer.getvalue(), preset=9)


def _source_date() -> str:
    """File times in the .deb: the last commit's (reproducible), else now; never 1970."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],  # noqa: S607
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    stamp = done.stdout.strip()
    return stamp if stamp.isdigit() else str(int(time.time()))
