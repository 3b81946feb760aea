"""The Windows installer, compiled and run on Linux under Wine.

packaging/windows/apimodels-uploader.iss is compiled by the real Inno Setup compiler (ISCC.exe
from the npm registry's ``innosetup`` package, with the arguments packaging/windows/installer.py
gives it) around a stand-in bundle: two copies of a Wine program as the app's and the CLI's exes,
and a file in ``_internal``. The setup then installs silently for all users into a fresh Wine
prefix set to Windows 10 (the script needs 10.0.17763), and the test checks every file, the Start
menu and Send To links, the three right-click verbs and the uninstall key; ``unins000.exe
/VERYSILENT`` then removes it, and the prefix must hold nothing more than before the install.

Only ``/ALLUSERS`` is run. ``/CURRENTUSER`` cannot work under Wine 8: the per-user install goes
to ``{autopf}`` = ``%LOCALAPPDATA%\\Programs`` (FOLDERID_UserProgramFiles), which Wine does not
provide, so Setup stops on expanding ``{autopf}``. The per-user mode is only reached on Windows.

Wine, wine32 (ISCC and Setup's loader are 32-bit), Xvfb and Inno Setup come from
packaging/windows/wine_setup.sh, which CI (.ci/run) runs first; as root on Debian/Ubuntu the test
runs it itself (once: about 1.5-2.5 min and 1.2 GB for Wine). The test is skipped only where
they cannot be installed (not root, or no apt-get) and are not already there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "wine_setup.sh"
sys.path.insert(0, str(ROOT / "packaging" / "windows"))

import installer  # noqa: E402

INNO_VERSION = "6.4.1"
APP = "APIModels Uploader"
VERSION = "0.1.0"
APP_ID = "{455738C8-0557-42DC-9EC2-34008D8C6329}"
VERB = "APIModelsUploader.Upload"
BASE = r"Software\Classes\SystemFileAssociations"
UNINSTALL = rf"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\{APP_ID}_is1"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _iscc() -> Path:
    default = Path.home() / ".cache" / "apimodels-uploader" / f"innosetup-{INNO_VERSION}"
    return Path(os.environ.get("INNOSETUP_DIR", str(default))) / "bin" / "ISCC.exe"


def _present() -> bool:
    return all(shutil.which(t) for t in ("wine", "wineserver", "xvfb-run")) and _iscc().is_file()


@pytest.fixture(scope="module")
def iscc() -> Path:
    # As root only: sudo could stop the test at a password prompt.
    can_install = shutil.which("apt-get") is not None and os.geteuid() == 0
    if can_install:  # installs only what is missing; under a second when all is there
        done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
    elif not _present():
        pytest.skip(
            "Wine, Xvfb or Inno Setup is missing, and cannot be installed here (needs apt-get "
            f"and root): run {SCRIPT.relative_to(ROOT)} as root on Debian/Ubuntu"
        )
    assert _present(), "wine_setup.sh finished but Wine, xvfb-run or ISCC.exe is missing"
    return _iscc()


class Wine:
    """One fresh prefix with its own HOME: nothing reaches the user's real profile or menus."""

    def __init__(self, root: Path) -> None:
        self.prefix = root / "prefix"
        home = root / "home"
        home.mkdir()
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("WINE", "XDG_", "DISPLAY"))
        }
        self.env.update(
            WINEPREFIX=str(self.prefix),
            WINEARCH="win64",
            WINEDEBUG="-all",
            HOME=str(home),
            # No .desktop files for the links; no Mono or Gecko installer prompts at first boot.
            WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=;mshtml=",
        )

    def run(self, *cmd: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Under its own Xvfb; waits for every Wine process (and the registry's flush to disk)
        before the X server goes away."""
        script = '"$@"; rc=$?; wineserver -w; exit $rc'
        return subprocess.run(
            ["xvfb-run", "-a", "sh", "-c", script, "sh", *cmd],
            env=self.env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip

    def ok(self, *cmd: str) -> str:
        done = self.run(*cmd)
        assert done.returncode == 0, f"{cmd}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def reg(self, key: str) -> dict[str, dict[str, str]]:
        """The key and its subkeys (``reg query /s``), each with its values, in the 64-bit view
        (``wine reg`` alone runs the 32-bit reg.exe, which does not see the 64-bit Uninstall
        key); empty when the key does not exist. Keys are named from below the hive."""
        done = subprocess.run(
            ["wine", "reg", "query", key, "/s", "/reg:64"],
            env=self.env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        found: dict[str, dict[str, str]] = {}
        values: dict[str, str] = {}
        for line in done.stdout.splitlines() if done.returncode == 0 else []:
            value = re.match(r"^\s{4}(.+?)\s{4}REG_\w+\s{4}(.*)$", line)
            if value:
                values[value.group(1)] = value.group(2)
            elif line.startswith("HKEY_"):
                values = found.setdefault(line.split("\\", 1)[1], {})
        return found

    def snapshot(self) -> tuple[set[str], set[str]]:
        """Every path in the prefix, and every key Wine's registry files list."""
        files = {p.relative_to(self.prefix).as_posix() for p in self.prefix.rglob("*")}
        keys = set()
        for name in ("system.reg", "user.reg", "userdef.reg"):
            text = (self.prefix / name).read_text(encoding="utf-8", errors="replace")
            keys |= {f"{name}:{k}" for k in re.findall(r"^\[(.+?)\](?: \d+)?$", text, re.M)}
        return files, keys

    def c(self, windows_path: str) -> Path:
        assert windows_path.startswith("C:\\")
        return self.prefix / "drive_c" / windows_path[3:].replace("\\", "/")


def _windows(path: Path) -> str:
    """A Linux path as Wine's Z: drive shows it."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def _for_wine(args: list[str]) -> list[str]:
    """installer.py's ISCC arguments with their paths (the defines' and the script's) on Z:."""
    out = []
    for arg in args:
        define = re.match(r"^(/D\w+=)(/.*)$", arg)
        if define:
            arg = define.group(1) + _windows(Path(define.group(2)))
        elif arg.startswith("/") and Path(arg).exists():
            arg = _windows(Path(arg))
        out.append(arg)
    return out


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory, iscc: Path) -> Iterator[Wine]:
    box = Wine(tmp_path_factory.mktemp("wine"))
    box.ok("wineboot", "-i")
    box.ok("winecfg", "/v", "win10")
    yield box
    subprocess.run(["wineserver", "-k"], env=box.env, capture_output=True, check=False)


def _stand_in_bundle(wine: Wine, where: Path) -> Path:
    bundle = where / "apimodels-uploader"
    (bundle / "_internal").mkdir(parents=True)
    system32 = wine.prefix / "drive_c" / "windows" / "system32"
    shutil.copyfile(system32 / "hostname.exe", bundle / installer.EXES[0])
    shutil.copyfile(system32 / "whoami.exe", bundle / installer.EXES[1])
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return bundle


def _icon(where: Path) -> Path:
    # In a child process: the app's icon through Qt, without a QGuiApplication in this one.
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import icons; "
        "icons.build_icons(Path(sys.argv[2]), Path(sys.argv[3]))"
    )
    svg = ROOT / "resources" / "apimodels-uploader.svg"
    subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "packaging"), str(svg), str(where)],
        check=True, capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    return where / "apimodels-uploader.ico"


def _links_to(lnk: Path, exe: str) -> bool:
    data = lnk.read_bytes()
    return exe.encode() in data or exe.encode("utf-16-le") in data


def test_the_setup_installs_for_all_users_and_uninstalls_without_a_trace(
    wine: Wine, iscc: Path, tmp_path: Path
) -> None:
    bundle = _stand_in_bundle(wine, tmp_path / "dist")
    out = tmp_path / "out"
    out.mkdir()
    cmd = installer.iscc_command(iscc, bundle, VERSION, _icon(tmp_path / "icons"), out)
    wine.ok("wine", cmd[0], *_for_wine(cmd[1:]))
    setup = out / installer.setup_name(VERSION)
    assert setup.is_file()

    before = wine.snapshot()
    log = tmp_path / "setup.log"
    wine.ok("wine", str(setup), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/ALLUSERS", "/NORESTART",
            f"/LOG={_windows(log)}")  # fmt: skip
    assert "Installation process succeeded" in log.read_text(encoding="utf-8", errors="replace")

    # Every file of the bundle, byte for byte, and the uninstaller; nothing else.
    app = r"C:\Program Files" + "\\" + APP
    folder = wine.c(app)
    for path in bundle.rglob("*"):
        if path.is_file():
            there = folder / path.relative_to(bundle)
            assert there.read_bytes() == path.read_bytes(), there
    installed = {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
    assert installed == {
        *installer.EXES, "_internal", "_internal/base_library.zip", "unins000.exe", "unins000.dat"
    }  # fmt: skip

    # The Start menu link (all users) and the installing user's Send To link, both to the app.
    start = wine.c(rf"C:\ProgramData\Microsoft\Windows\Start Menu\Programs\{APP}.lnk")
    users = wine.prefix / "drive_c" / "users"
    send_to = list(users.glob(f"*/AppData/Roaming/Microsoft/Windows/SendTo/{APP}.lnk"))
    assert start.is_file() and len(send_to) == 1
    for lnk in (start, send_to[0]):
        assert _links_to(lnk, installer.EXES[0]) and not _links_to(lnk, installer.EXES[1]), lnk
    # No desktop icon: that task is unchecked by default.
    assert not list(users.glob(f"*/Desktop/{APP}.lnk"))

    after_install = wine.snapshot()
    added = after_install[0] - before[0]
    links = {
        start.relative_to(wine.prefix).as_posix(),
        send_to[0].relative_to(wine.prefix).as_posix(),
    }
    assert (
        added
        == {f"drive_c/Program Files/{APP}"}
        | {f"drive_c/Program Files/{APP}/{name}" for name in installed}
        | links
    )

    # The three right-click verbs in HKLM (an all-users install), each to the installed exe,
    # and nothing else under SystemFileAssociations (a fresh prefix has none); none in HKCU.
    exe = f"{app}\\{installer.EXES[0]}"
    verbs = {k: v for k, v in wine.reg(rf"HKLM\{BASE}").items() if v}
    expected: dict[str, dict[str, str]] = {}
    for kind in ("image", "video", "audio"):
        key = rf"{BASE}\{kind}\shell\{VERB}"
        expected[key] = {
            "(Default)": "Upload with APIModels Uploader",
            "Icon": f"{exe},0",
            "MultiSelectModel": "Player",
        }
        expected[key + r"\command"] = {"(Default)": f'"{exe}" "%1"'}
    assert verbs == expected
    assert wine.reg(rf"HKCU\{BASE}") == {}

    uninstall = wine.reg(UNINSTALL).get(UNINSTALL.split("\\", 1)[1], {})
    assert uninstall["DisplayName"] == APP
    assert uninstall["DisplayVersion"] == VERSION
    assert uninstall["Publisher"] == "APIModels"
    assert uninstall["DisplayIcon"] == exe
    assert uninstall["UninstallString"] == f'"{app}\\unins000.exe"'

    log = tmp_path / "uninstall.log"
    wine.ok("wine", f"{app}\\unins000.exe", "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
            f"/LOG={_windows(log)}")  # fmt: skip
    assert "Uninstallation process succeeded" in log.read_text(encoding="utf-8", errors="replace")
    assert wine.reg(UNINSTALL) == {}
    assert wine.reg(rf"HKLM\{BASE}") == {}

    files, keys = wine.snapshot()
    # What may differ, and why: the uninstaller runs from a copy of itself in the user's Temp
    # folder (iu-*.tmp), which Windows deletes after it exits and Wine leaves; taskkill (the
    # [UninstallRun] entries) is a console program, and Wine keeps console settings in HKCU.
    left = {
        f
        for f in files - before[0]
        if not re.fullmatch(r"drive_c/users/[^/]+/Temp/iu-[^/]+\.tmp(/_unins\.tmp)?", f)
    }
    assert left == set()
    assert {k for k in keys - before[1] if k != "user.reg:Console"} == set()
    assert before[0] <= files and before[1] <= keys  # and it took nothing of Wine's own
