"""Build everything for this OS into dist/: ``python packaging/build.py``.

- the one-folder bundle (``dist/apimodels-uploader/``; on macOS ``dist/APIModels Uploader.app``),
  smoke-tested with its own ``--self-test`` before anything is packaged;
- a portable archive (``.tar.gz`` on Linux, ``.zip`` elsewhere);
- the installer: a ``.deb`` on Linux (checked with lintian when it is installed), the Inno Setup
  installer on Windows when ``ISCC`` is on PATH, a ``.dmg`` on macOS.

Run it with the Python (3.11+) of an environment that has the project and PyInstaller installed:
``python -m venv .venv && .venv/bin/pip install -e '.[package]'``, then
``.venv/bin/python packaging/build.py`` (``bash run.sh package`` does all of it on Debian/Ubuntu).
The version comes from pyproject.toml. PyInstaller copies the libraries it finds on the build host,
so on Linux the host needs Qt's X11/Wayland/fontconfig/D-Bus libraries; the build fails if one
is missing rather than shipping a bundle that cannot start. On Debian/Ubuntu:

    apt-get install libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 \
      libdbus-1-3 libglib2.0-0 fontconfig-config libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
      libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libwayland-client0 \
      libwayland-cursor0 libwayland-egl1 patchelf dpkg-dev lintian binutils gcc icu-devtools
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

NAME = "apimodels-uploader"
SPEC = HERE / f"{NAME}.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
ICONS = WORK / "icons"
LANGUAGES = ("zh_CN", "en")
IS_LINUX = sys.platform.startswith("linux")
IS_MAC = sys.platform == "darwin"
IS_WIN = sys.platform == "win32"


class BuildError(Exception):
    pass


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = str(project["version"])
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        have = installed(NAME)
    except PackageNotFoundError:
        raise BuildError(f"{NAME} is not installed here: pip install -e '.[package]'") from None
    if have != wanted:
        # The bundle reads its version from the installed metadata: it must be this one.
        raise BuildError(
            f"pyproject.toml says {wanted} but the installed metadata says {have}: "
            "run pip install -e '.[package]' again."
        )
    return wanted


def translations() -> None:
    subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "build"], check=True
    )
    folder = ROOT / "resources" / "translations"
    missing = [
        f"apimodels_uploader_{lang}.qm"
        for lang in LANGUAGES
        if not (folder / f"apimodels_uploader_{lang}.qm").is_file()
    ]
    if missing:
        raise BuildError("translations missing after lrelease: " + ", ".join(missing))


def icons() -> None:
    from icons import build_icons

    build_icons(ROOT / "resources" / f"{NAME}.svg", ICONS)


def _cut_names() -> list[str]:
    listing = WORK / "cuts.txt"
    if not listing.exists():
        return []
    return [line.split("\t", 1)[0] for line in listing.read_text(encoding="utf-8").splitlines()]


def pyinstaller() -> None:
    log_path = WORK / "pyinstaller.log"
    WORK.mkdir(exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        done = subprocess.run(  # noqa: S603 - PyInstaller on our spec
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
             "--distpath", str(DIST), "--workpath", str(WORK / "pyinstaller"), str(SPEC)],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, check=False,
            env={**os.environ, "APIMODELS_ICON_DIR": str(ICONS)},
        )  # fmt: skip
    text = log_path.read_text(encoding="utf-8", errors="replace")
    if done.returncode != 0:
        print(text[-4000:], file=sys.stderr)
        raise BuildError(f"PyInstaller failed (full log: {log_path})")
    # A library missing on the build host would be missing from the bundle, and the app would
    # not start on a machine without it. Only what the cut plugins alone wanted may be missing.
    cut = [Path(name).name for name in _cut_names()]
    missing = [
        line
        for line in text.splitlines()
        if "Library not found" in line and not any(name in line for name in cut)
    ]
    if missing:
        raise BuildError(
            "libraries missing on the build host (install them and build again):\n  "
            + "\n  ".join(missing)
        )


def fix_linux_bundle(bundle: Path) -> None:
    """What lintian and a careful packager ask of the files: libraries 0644, no build-host
    paths left in a RUNPATH (a pyenv or venv path would be searched on every user's machine)."""
    from deb import elf_files

    patchelf = shutil.which("patchelf")
    main = bundle / NAME
    for path in [bundle, *bundle.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path == main:
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    for path in elf_files(bundle):
        runpath = ""
        if patchelf:
            runpath = subprocess.run(  # noqa: S603
                [patchelf, "--print-rpath", str(path)], capture_output=True, text=True, check=False
            ).stdout.strip()
        foreign = [p for p in runpath.split(":") if p and not p.startswith("$ORIGIN")]
        if foreign and patchelf:
            kept = ":".join(p for p in runpath.split(":") if p.startswith("$ORIGIN"))
            args = ["--set-rpath", kept] if kept else ["--remove-rpath"]
            subprocess.run([patchelf, *args, str(path)], check=True)  # noqa: S603
    if not patchelf:
        say("patchelf is not installed: RUNPATHs were not checked")


def trim_icu(bundle: Path) -> None:
    from icu_trim import trim

    for lib in bundle.glob("_internal/PySide6/Qt/lib/libicudata.so.*"):
        if lib.is_symlink():
            continue
        result = trim(lib)
        if result is None:
            say("icupkg or a C compiler is missing: ICU data kept whole (about 27 MB more)")
            return
        say(f"ICU data: {result[0] / 1e6:.1f} MB -> {result[1] / 1e6:.1f} MB")


def licences_folder() -> Path:
    if IS_MAC:
        return DIST / "APIModels Uploader.app" / "Contents" / "Resources" / "licenses"
    return DIST / NAME / "licenses"


def collect_licences() -> list[Any]:
    """Every bundled component's licence into the bundle's licenses/ folder (the .deb's
    copyright is made from the same list); fails when one has none."""
    from licences import LicenceError, check, collect, write_licences

    listing = WORK / "bundled.tsv"
    if not listing.is_file():
        raise BuildError(f"{listing} is missing: the spec writes it (an older spec?)")
    bundled = [
        (dest, src)
        for dest, _tab, src in (
            line.partition("\t") for line in listing.read_text(encoding="utf-8").splitlines()
        )
        if src
    ]
    collected = collect(bundled)
    try:
        check(collected)
    except LicenceError as exc:
        raise BuildError(str(exc)) from exc
    write_licences(collected.components, licences_folder())
    say(f"licences: {len(collected.components)} components, texts in {licences_folder().name}/")
    return collected.components


def frozen_executable() -> Path:
    if IS_MAC:
        return DIST / "APIModels Uploader.app" / "Contents" / "MacOS" / NAME
    if IS_WIN:
        return DIST / NAME / f"{NAME}-cli.exe"
    return DIST / NAME / NAME


def self_test() -> None:
    exe = frozen_executable()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - the bundle we just built
        [str(exe), "--self-test"], capture_output=True, text=True, env=env, timeout=180,
        check=False,
    )  # fmt: skip
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        raise BuildError(f"the frozen self-test failed (exit {done.returncode})")
    say(f"frozen self-test passed in {time.monotonic() - started:.1f} s")


def _machine() -> str:
    machine = platform.machine().lower()
    names = {"amd64": "x64" if IS_WIN else "x86_64", "aarch64": "arm64"}
    return names.get(machine, "x64" if IS_WIN and machine == "x86_64" else machine)


def portable_archive(ver: str) -> Path:
    os_name = "linux" if IS_LINUX else "macos" if IS_MAC else "windows"
    stem = f"{NAME}-{ver}-{os_name}-{_machine()}"
    if IS_LINUX:
        out = DIST / f"{stem}.tar.gz"

        def reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            return info

        with tarfile.open(out, "w:gz", compresslevel=9) as tar:
            tar.add(DIST / NAME, arcname=f"{NAME}-{ver}", filter=reset)
            tar.add(ROOT / "resources" / f"{NAME}.desktop",
                    arcname=f"{NAME}-{ver}/share/{NAME}.desktop", filter=reset)  # fmt: skip
            tar.add(ROOT / "resources" / f"{NAME}.svg",
                    arcname=f"{NAME}-{ver}/share/{NAME}.svg", filter=reset)  # fmt: skip
        return out
    source = DIST / "APIModels Uploader.app" if IS_MAC else DIST / NAME
    out = DIST / f"{stem}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(source.rglob("*")):
            # One folder at the top: "apimodels-uploader-1.0/" holds the exes on Windows, the
            # .app on macOS (a folder named after the bundle inside it would be doubled).
            inner = Path(source.name) if IS_MAC else Path()
            arcname = Path(f"{NAME}-{ver}") / inner / path.relative_to(source)
            if path.is_symlink():  # the .app's framework links: keep them links
                info = zipfile.ZipInfo(str(arcname))
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_file():
                archive.write(path, arcname)
    return out


def lintian(deb: Path, *, strict: bool = True) -> None:
    tool = shutil.which("lintian")
    if tool is None:
        say("lintian is not installed: the .deb was not checked")
        return
    # Errors fail every build; warnings only a strict one (an older lintian names tags
    # differently, so the Ubuntu build reports its warnings without failing on them).
    fail_on = "error,warning" if strict else "error"
    done = subprocess.run(  # noqa: S603
        [tool, "--fail-on", fail_on, "--tag-display-limit", "0", str(deb)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        raise BuildError(
            "lintian found errors or warnings in the .deb" if strict else "lintian found errors"
        )
    say("lintian: clean (overrides are in packaging/linux/lintian-overrides, with reasons)")


def installers(ver: str, components: list[Any], *, strict_lintian: bool = True) -> list[Path]:
    if IS_LINUX:
        if not shutil.which("dpkg-deb"):
            say("dpkg-deb is not installed: no .deb")
            return []
        from deb import build_deb

        say(".deb")
        deb = build_deb(DIST / NAME, ICONS, ver, DIST, WORK, components=components)
        lintian(deb, strict=strict_lintian)
        return [deb]
    try:
        if IS_WIN:
            from windows.installer import build_installer

            setup = build_installer(DIST / NAME, ver, ICONS / f"{NAME}.ico", DIST)
            return [setup] if setup is not None else []
        if IS_MAC:
            from macos.dmg import build_dmg

            return [build_dmg(DIST / "APIModels Uploader.app", ver, DIST)]
    except Exception as exc:  # InstallerError, DmgError: their sentence, not a traceback
        raise BuildError(str(exc)) from exc
    return []


def cut_report() -> None:
    """What each cut saved (sizes before strip), from the list the spec wrote."""
    listing = WORK / "cuts.txt"
    if not listing.exists():
        return
    saved: dict[str, int] = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].isdigit():
            saved[parts[1]] = saved.get(parts[1], 0) + int(parts[2])
    say("left out of the bundle (build/cuts.txt lists each file):")
    for reason, size in sorted(saved.items(), key=lambda kv: -kv[1]):
        print(f"    {size / 1e6:8.1f} MB  {reason}")


def size_report(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir():
            size = sum(
                p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()
            )
        else:
            size = path.stat().st_size
        print(f"    {size / 1e6:8.1f} MB  {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-self-test", action="store_true", help="skip the frozen self-test")
    parser.add_argument("--bundle-only", action="store_true", help="stop after the bundle")
    parser.add_argument(
        "--lintian",
        choices=("strict", "report"),
        default="strict",
        help="fail the build on lintian warnings (strict, the default) or only on errors (report)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        ver = version()
        say(f"{NAME} {ver} for {sys.platform}/{_machine()}")
        say("translations")
        translations()
        say("icons from resources/apimodels-uploader.svg")
        icons()
        say("PyInstaller (one folder)")
        for old in (DIST / NAME, DIST / "APIModels Uploader.app"):
            if old.exists():
                shutil.rmtree(old)
        pyinstaller()
        say("licences of every bundled component")
        components = collect_licences()
        if IS_LINUX:
            trim_icu(DIST / NAME)
            fix_linux_bundle(DIST / NAME)
        if not args.no_self_test:
            say("frozen self-test")
            self_test()
        outputs = [DIST / "APIModels Uploader.app" if IS_MAC else DIST / NAME]
        if not args.bundle_only:
            # The installer step signs the executables where secrets allow it: archive after it,
            # so the portable archive carries the same signed files.
            outputs.extend(installers(ver, components, strict_lintian=args.lintian == "strict"))
            say("portable archive")
            outputs.append(portable_archive(ver))
    except (BuildError, subprocess.CalledProcessError, OSError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    cut_report()
    say(f"done in {time.monotonic() - started:.0f} s:")
    size_report(outputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
