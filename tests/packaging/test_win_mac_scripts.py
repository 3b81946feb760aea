"""What can be checked on Linux of the Windows and macOS packaging.

ISCC, signtool, codesign, hdiutil and notarytool do not exist here, so these tests read the
scripts (the Inno Setup file, the entitlements, the workflow) and run the pure parts of the
Python helpers. The scripts themselves only run on the GitHub runners.
"""

from __future__ import annotations

import base64
import importlib.util
import plistlib
import re
import stat
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ISS = PACKAGING / "windows" / "apimodels-uploader.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"


def _load(name: str, path: Path) -> ModuleType:
    # By path: the folder is called "packaging", like the PyPI library the tests also use.
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


installer = _load("apimodels_pkg_installer", PACKAGING / "windows" / "installer.py")
dmg = _load("apimodels_pkg_dmg", PACKAGING / "macos" / "dmg.py")
plist = _load("apimodels_pkg_info_plist", PACKAGING / "macos" / "info_plist.py")


# --- The Inno Setup script, read the way ISCC reads it (the parts we use) -----------------

ISCC_DEFINES = {
    "AppVersion": "9.8.7",
    "SourceDir": r"C:\b\dist\apimodels-uploader",
    "IconFile": r"C:\b\build\icons\apimodels-uploader.ico",
    "OutputDir": r"C:\b\dist",
}


def _iss_text() -> str:
    """The script with its own #defines and ISCC's /D defines expanded, directives dropped."""
    raw = ISS.read_text(encoding="utf-8")
    defines = dict(ISCC_DEFINES)
    defines.update(re.findall(r'^#define (\w+) "([^"]*)"$', raw, flags=re.MULTILINE))
    # An unsigned build: an #ifdef block whose name is not defined is left out, as ISCC does.
    raw = re.sub(
        r"^#ifdef (\w+)\n(.*?)^#endif\n",
        lambda m: m.group(2) if m.group(1) in defines else "",
        raw,
        flags=re.MULTILINE | re.DOTALL,
    )
    lines = [line for line in raw.splitlines() if not line.lstrip().startswith("#")]
    text = "\n".join(lines)
    unknown = set(re.findall(r"\{#(\w+)\}", text)) - set(defines)
    assert not unknown, f"undefined preprocessor names: {unknown}"
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], text)


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped)
    return sections


def _entry(line: str) -> dict[str, str]:
    """One [Files]/[Icons]/[Registry] line: ``Name: value; ...``, a quote doubled inside quotes."""
    params: dict[str, str] = {}
    for part in _split_params(line):
        name, _, value = part.partition(":")
        value = value.strip()
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1].replace('""', '"')
        params[name.strip()] = value
    return params


def _split_params(line: str) -> list[str]:
    parts, buf, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        if ch == ";" and not quoted:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


def _setup() -> dict[str, str]:
    pairs = (line.partition("=") for line in _sections(_iss_text())["Setup"])
    return {k.strip(): v.strip() for k, _, v in pairs}


def test_iss_installs_per_user_without_admin_and_offers_all_users() -> None:
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert setup["DefaultDirName"].startswith("{autopf}\\")


def test_iss_setup_directives() -> None:
    setup = _setup()
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["AppName"] == "APIModels Uploader"
    assert setup["AppPublisher"] == "APIModels"
    assert setup["AppVersion"] == "9.8.7"
    assert setup["Compression"] == "lzma2"
    assert setup["WizardStyle"] == "modern"
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["CloseApplications"] == "yes"
    assert setup["SetupIconFile"] == ISCC_DEFINES["IconFile"]
    assert setup["OutputDir"] == ISCC_DEFINES["OutputDir"]


def test_iss_output_name_matches_what_installer_py_looks_for() -> None:
    assert _setup()["OutputBaseFilename"] + ".exe" == installer.setup_name("9.8.7")
    assert installer.setup_name("9.8.7") == "apimodels-uploader-9.8.7-windows-x64-setup.exe"


def test_iss_stops_when_a_define_is_missing() -> None:
    raw = ISS.read_text(encoding="utf-8")
    for name in ISCC_DEFINES:
        assert re.search(rf"#ifndef {name}\n\s*#error ", raw), name


def test_iss_installs_the_whole_bundle_and_its_shortcuts() -> None:
    sections = _sections(_iss_text())
    files = [_entry(line) for line in sections["Files"]]
    assert files == [
        {
            "Source": ISCC_DEFINES["SourceDir"] + "\\*",
            "DestDir": "{app}",
            "Flags": "ignoreversion recursesubdirs createallsubdirs",
        }
    ]
    icons = {e["Name"]: e for e in map(_entry, sections["Icons"])}
    assert (
        icons["{autoprograms}\\APIModels Uploader"]["Filename"] == "{app}\\apimodels-uploader.exe"
    )
    assert icons["{usersendto}\\APIModels Uploader"]["Filename"] == "{app}\\apimodels-uploader.exe"
    assert icons["{autodesktop}\\APIModels Uploader"]["Tasks"] == "desktopicon"
    tasks = [_entry(line) for line in sections["Tasks"]]
    assert [t["Name"] for t in tasks] == ["desktopicon"]


@pytest.mark.parametrize("kind", ["image", "video", "audio"])
def test_iss_right_click_verb_per_perceived_type(kind: str) -> None:
    entries = [_entry(line) for line in _sections(_iss_text())["Registry"]]
    key = f"Software\\Classes\\SystemFileAssociations\\{kind}\\shell\\APIModelsUploader.Upload"
    mine = [e for e in entries if e["Subkey"] in (key, key + "\\command")]
    assert mine, f"no verb for {kind}"
    for e in mine:
        assert e["Root"] == "HKA"
        assert "uninsdeletekey" in e["Flags"].split()
    values = {(e["Subkey"], e.get("ValueName", "")): e.get("ValueData") for e in mine}
    assert values[(key, "")] == "Upload with APIModels Uploader"
    assert values[(key, "MultiSelectModel")] == "Player"
    assert values[(key + "\\command", "")] == '"{app}\\apimodels-uploader.exe" "%1"'


def test_iss_registry_writes_nothing_but_the_verbs() -> None:
    entries = [_entry(line) for line in _sections(_iss_text())["Registry"]]
    values = [e for e in entries if "ValueType" in e]
    assert len(values) == 12
    assert all(e["Root"] == "HKA" and e["Flags"].split() == ["uninsdeletekey"] for e in values)
    assert not any("Environment" in e["Subkey"] or e.get("ValueName") == "Path" for e in entries)
    # The keys above the verbs, removed only when empty; uninstall goes through the entries in
    # reverse, so they come first (tests/packaging/test_windows_installer_wine.py runs it).
    parents = entries[: len(entries) - len(values)]
    assert all("ValueType" not in e and e["Flags"] == "uninsdeletekeyifempty" for e in parents)
    base = "Software\\Classes\\SystemFileAssociations"
    assert [e["Subkey"] for e in parents] == [base] + [
        f"{base}\\{kind}{shell}"
        for kind in ("image", "video", "audio")
        for shell in ("", "\\shell")
    ]


# --- installer.py --------------------------------------------------------------------------


def _bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "dist" / "apimodels-uploader"
    (bundle / "_internal").mkdir(parents=True)
    for name in installer.EXES:
        (bundle / name).write_bytes(b"MZ")
    return bundle


def test_build_installer_without_iscc_says_so_and_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    icon = tmp_path / "icon.ico"
    icon.write_bytes(b"\0")
    result = installer.build_installer(_bundle(tmp_path), "1.0.0", icon, tmp_path / "out")
    assert result is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "ISCC" in out and "skipping" in out
    assert not (tmp_path / "out").exists()


def _fake_iscc(bin_dir: Path, log: Path) -> None:
    """A stand-in for ISCC.exe: records its arguments and writes the setup file it was asked for."""
    bin_dir.mkdir()
    script = bin_dir / "ISCC"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import sys
            from pathlib import Path
            args = sys.argv[1:]
            Path({str(log)!r}).write_text("\\n".join(args))
            d = dict(a[2:].split("=", 1) for a in args if a.startswith("/D"))
            name = "apimodels-uploader-" + d["AppVersion"] + "-windows-x64-setup.exe"
            Path(d["OutputDir"], name).write_bytes(b"MZ")
            """
        )
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_build_installer_passes_the_defines_and_returns_the_setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "iscc-args.txt"
    _fake_iscc(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    for var in ("WINDOWS_CERT_PFX", "WINDOWS_CERT_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    icon = tmp_path / "icon.ico"
    icon.write_bytes(b"\0")
    bundle = _bundle(tmp_path)
    result = installer.build_installer(bundle, "2.3.4", icon, tmp_path / "out")
    assert result == tmp_path / "out" / "apimodels-uploader-2.3.4-windows-x64-setup.exe"
    assert result.is_file()
    args = log.read_text().splitlines()
    assert args[-1] == str(ISS)
    assert "/DAppVersion=2.3.4" in args
    assert f"/DSourceDir={bundle.resolve()}" in args
    assert f"/DIconFile={icon.resolve()}" in args
    assert f"/DOutputDir={(tmp_path / 'out').resolve()}" in args


def test_build_installer_refuses_a_bundle_without_the_cli_exe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_iscc(tmp_path / "bin", tmp_path / "log")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    bundle = _bundle(tmp_path)
    (bundle / "apimodels-uploader-cli.exe").unlink()
    icon = tmp_path / "icon.ico"
    icon.write_bytes(b"\0")
    with pytest.raises(installer.InstallerError, match=r"apimodels-uploader-cli\.exe"):
        installer.build_installer(bundle, "1.0.0", icon, tmp_path / "out")


def test_windows_signing_only_with_both_secrets() -> None:
    pfx = base64.b64encode(b"pfx-bytes").decode()
    assert installer.signing_secrets({}) is None
    assert installer.signing_secrets({"WINDOWS_CERT_PFX": "", "WINDOWS_CERT_PASSWORD": ""}) is None
    got = installer.signing_secrets({"WINDOWS_CERT_PFX": pfx, "WINDOWS_CERT_PASSWORD": "pw"})
    assert got is not None
    assert (got.pfx, got.password) == (b"pfx-bytes", "pw")
    assert got.timestamp_url == installer.DEFAULT_TIMESTAMP_URL
    with pytest.raises(installer.InstallerError, match="set both"):
        installer.signing_secrets({"WINDOWS_CERT_PFX": pfx})
    with pytest.raises(installer.InstallerError, match="not valid base64"):
        installer.signing_secrets({"WINDOWS_CERT_PFX": "%%%", "WINDOWS_CERT_PASSWORD": "pw"})


# --- macOS: Info.plist, entitlements, dmg.py -----------------------------------------------


def test_info_plist_declares_media_document_types_and_the_version() -> None:
    info: dict[str, Any] = plist.info_plist("4.5.6")
    assert info["CFBundleIdentifier"] == "app.apimodels.uploader"
    assert info["CFBundleShortVersionString"] == "4.5.6"
    assert info["CFBundleVersion"] == "4.5.6"
    assert info["NSHighResolutionCapable"] is True
    assert info["NSRequiresAquaSystemAppearance"] is False
    types = info["CFBundleDocumentTypes"]
    assert sorted(t["LSItemContentTypes"][0] for t in types) == [
        "public.audio",
        "public.image",
        "public.movie",
    ]
    assert all(t["CFBundleTypeRole"] == "Viewer" for t in types)
    assert all(t["LSHandlerRank"] == "Alternate" for t in types)
    plistlib.dumps(info)  # PyInstaller writes it with plistlib: only plist types allowed


def test_info_plist_minimum_macos() -> None:
    # Off macOS the installed PySide6 wheel has no macosx tag: the fallback applies.
    minimum = plist.info_plist("1.0")["LSMinimumSystemVersion"]
    assert tuple(int(p) for p in minimum.split(".")) >= (12, 0)
    assert plist.info_plist("1.0", minimum_macos="14.0")["LSMinimumSystemVersion"] == "14.0"
    wheel = "Wheel-Version: 1.0\nTag: cp310-abi3-macosx_13_0_universal2\n"
    assert plist.minimum_macos_from_wheel_tags(wheel) == "13.0"
    two = "Tag: cp39-abi3-macosx_12_0_x86_64\nTag: cp39-abi3-macosx_11_0_arm64\n"
    assert plist.minimum_macos_from_wheel_tags(two) == "11.0"
    assert plist.minimum_macos_from_wheel_tags("Tag: cp39-abi3-manylinux_2_28_x86_64\n") is None


def test_entitlements_are_the_one_exception_we_justify() -> None:
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    assert dmg.ENTITLEMENTS == PACKAGING / "macos" / "entitlements.plist"


def test_dmg_name_carries_version_and_arch() -> None:
    assert dmg.dmg_name("1.2.3", "arm64") == "apimodels-uploader-1.2.3-macos-arm64.dmg"
    assert dmg.dmg_name("1.2.3", "x86_64") == "apimodels-uploader-1.2.3-macos-x86_64.dmg"


def test_macos_secrets_all_or_none() -> None:
    p12 = base64.b64encode(b"p12").decode()
    full = {"MACOS_CERT_P12": p12, "MACOS_CERT_PASSWORD": "pw", "MACOS_SIGN_IDENTITY": "Dev ID"}
    assert dmg.signing_from_env({}) is None
    assert dmg.signing_from_env({k: "" for k in full}) is None
    signing = dmg.signing_from_env(full)
    assert signing is not None
    assert (signing.p12, signing.password, signing.identity) == (b"p12", "pw", "Dev ID")
    with pytest.raises(dmg.DmgError, match="MACOS_SIGN_IDENTITY missing"):
        dmg.signing_from_env({k: v for k, v in full.items() if k != "MACOS_SIGN_IDENTITY"})


def test_notary_credentials_apple_id_or_api_key() -> None:
    assert dmg.notary_from_env({}) is None
    by_id = dmg.notary_from_env(
        {"APPLE_ID": "a@b.c", "APPLE_TEAM_ID": "TEAM", "APPLE_APP_PASSWORD": "secret"}
    )
    assert by_id is not None
    assert by_id.args == ("--apple-id", "a@b.c", "--team-id", "TEAM", "--password", "secret")
    assert by_id.secret == "secret"
    key = base64.b64encode(b"-----BEGIN PRIVATE KEY-----").decode()
    by_key = dmg.notary_from_env(
        {"APPLE_API_KEY_P8": key, "APPLE_API_KEY_ID": "KID", "APPLE_API_ISSUER": "ISS"}
    )
    assert by_key is not None
    assert by_key.args == ("--key-id", "KID", "--issuer", "ISS")
    assert by_key.api_key_p8 == b"-----BEGIN PRIVATE KEY-----"
    with pytest.raises(dmg.DmgError, match="APPLE_APP_PASSWORD missing"):
        dmg.notary_from_env({"APPLE_ID": "a@b.c", "APPLE_TEAM_ID": "TEAM"})


def test_signing_order_is_inside_out(tmp_path: Path) -> None:
    app = tmp_path / "APIModels Uploader.app"
    macho = bytes.fromhex("cffaedfe") + b"\0" * 12
    framework = app / "Contents" / "Frameworks" / "QtCore.framework"
    files = {
        "exe": app / "Contents" / "MacOS" / "apimodels-uploader",
        "lib": app / "Contents" / "Frameworks" / "libpython3.11.dylib",
        "qt": framework / "Versions" / "A" / "QtCore",
        "plugin": app / "Contents" / "Frameworks" / "PySide6" / "Qt" / "plugins" / "p.dylib",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(macho)
    (app / "Contents" / "Resources").mkdir(parents=True)
    (app / "Contents" / "Resources" / "app.svg").write_bytes(b"<svg/>")
    (app / "Contents" / "Resources" / "libpython3.11.dylib").symlink_to(files["lib"])
    order = dmg.signing_order(app)
    assert order[-1] == app
    assert set(order) == {*files.values(), framework, app}  # no data file, no symlink
    assert order.index(files["qt"]) < order.index(framework)
    assert order.index(files["plugin"]) < order.index(files["exe"])  # deeper first
    assert all(order.index(f) < order.index(framework) for f in files.values())


def _flaky(tmp_path: Path, failures: int) -> list[str]:
    """A real command that fails ``failures`` times, then succeeds, like hdiutil on CI."""
    counter = tmp_path / "count"
    code = (
        "import pathlib, sys; p = pathlib.Path(sys.argv[1]); "
        "n = int(p.read_text()) if p.exists() else 0; p.write_text(str(n + 1)); "
        f"sys.exit(0 if n >= {failures} else 16)"
    )
    return [sys.executable, "-c", code, str(counter)]


def test_hdiutil_step_is_retried_until_it_succeeds(tmp_path: Path) -> None:
    dmg.run_with_retries(_flaky(tmp_path, 2), "flaky", attempts=5, pause_s=0)
    assert (tmp_path / "count").read_text() == "3"


def test_hdiutil_step_gives_up_after_five_attempts(tmp_path: Path) -> None:
    with pytest.raises(dmg.DmgError, match="gave up after 5 attempts"):
        dmg.run_with_retries(_flaky(tmp_path, 99), "flaky", attempts=5, pause_s=0)
    assert (tmp_path / "count").read_text() == "5"
    assert dmg.HDIUTIL_ATTEMPTS == 5


def test_run_masks_secrets_in_the_echoed_command(capsys: pytest.CaptureFixture[str]) -> None:
    dmg.run([sys.executable, "-c", "pass", "hunter2"], "echo", hide=["hunter2"])
    out = capsys.readouterr().out
    assert "hunter2" not in out and "***" in out


# --- The workflow --------------------------------------------------------------------------


def _steps_of(text: str) -> list[str]:
    """The workflow split into step blocks (each starts at a "- name:" or "- uses:" line)."""
    return re.split(r"\n(?=\s+- (?:name|uses): )", text)


def test_workflow_builds_on_the_four_runners() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    oses = re.findall(r"^\s+- os: (\S+)$", text, flags=re.MULTILINE)
    assert oses == ["ubuntu-22.04", "windows-2022", "macos-15", "macos-15-intel"]
    assert "python packaging/build.py" in text
    assert 'python-version: "3.11"' in text
    if importlib.util.find_spec("yaml") is not None:
        import yaml  # type: ignore[import-untyped]

        doc = yaml.safe_load(text)
        build = doc["jobs"]["build"]
        assert [m["os"] for m in build["strategy"]["matrix"]["include"]] == oses
        assert doc["permissions"] == {"contents": "read"}
        assert doc["jobs"]["release"]["permissions"] == {"contents": "write"}


def test_workflow_gives_secrets_to_the_build_step_only() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    with_secrets = [s for s in _steps_of(text) if "secrets." in s]
    assert len(with_secrets) == 1
    assert with_secrets[0].lstrip().startswith("- name: Build\n")
    for name in (
        "WINDOWS_CERT_PFX",
        "WINDOWS_CERT_PASSWORD",
        "MACOS_CERT_P12",
        "MACOS_CERT_PASSWORD",
        "MACOS_SIGN_IDENTITY",
        "APPLE_ID",
        "APPLE_TEAM_ID",
        "APPLE_APP_PASSWORD",
    ):
        assert f"{name}: ${{{{ secrets.{name} }}}}" in with_secrets[0]


def test_workflow_permissions_and_release() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"^permissions:\n  contents: read$", text, flags=re.MULTILINE)
    release = text[text.index("\n  release:") :]
    assert "if: startsWith(github.ref, 'refs/tags/v')" in release
    assert "permissions:\n      contents: write" in release
    assert "SHA256SUMS" in release
    assert text.count("contents: write") == 1
    assert re.search(r'tags: \["v\*"\]', text)
    # Every action pinned to a major version.
    uses = re.findall(r"uses: (\S+)", text)
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", u) for u in uses), uses


def test_workflow_uploads_the_files_not_the_bundle_folder() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    upload = next(s for s in _steps_of(text) if "upload-artifact" in s)
    paths = re.findall(r"^\s+(dist/\S+)$", upload, flags=re.MULTILINE)
    assert paths == ["dist/*.tar.gz", "dist/*.deb", "dist/*.zip", "dist/*setup.exe", "dist/*.dmg"]
    assert "dist/apimodels-uploader\n" not in upload
    assert "if-no-files-found: error" in upload


def test_a_signed_build_signs_the_uninstaller_too(tmp_path: Path) -> None:
    """Inno Setup writes the uninstaller itself: only its SignTool can sign it."""
    text = (PACKAGING / "windows" / "apimodels-uploader.iss").read_text(encoding="utf-8")
    block = text.split("#ifdef SignToolName", 1)[1].split("#endif", 1)[0]
    assert "SignTool={#SignToolName}" in block and "SignedUninstaller=yes" in block
    secrets = installer.SigningSecrets(b"pfx", "pa ss", "http://ts")
    signer = installer.sign_command(Path("signtool.exe"), secrets, tmp_path / "c.pfx")
    cmd = installer.iscc_command(Path("ISCC"), tmp_path, "1.0", tmp_path / "i.ico", tmp_path,
                                 signer)  # fmt: skip
    tool = next(a for a in cmd if a.startswith("/S"))
    assert tool.startswith(f"/S{installer.SIGN_TOOL_NAME}=signtool.exe sign ")
    assert tool.endswith(" $f") and '"pa ss"' in tool
    assert f"/DSignToolName={installer.SIGN_TOOL_NAME}" in cmd
    unsigned = installer.iscc_command(Path("ISCC"), tmp_path, "1.0", tmp_path / "i.ico", tmp_path)
    assert not any(a.startswith(("/S", "/DSignToolName")) for a in unsigned)


def test_the_windows_exes_get_a_version_resource() -> None:
    version_info = _load("apimodels_pkg_version_info", PACKAGING / "windows" / "version_info.py")
    assert version_info.numbers("1.2.3") == (1, 2, 3, 0)
    assert version_info.numbers("2.0.0rc1") == (2, 0, 0, 0)
    text = version_info.version_file("1.2.3", "apimodels-uploader.exe", "APIModels Uploader")
    assert "filevers=(1, 2, 3, 0)" in text and "StringStruct('ProductVersion', '1.2.3')" in text
    spec = (PACKAGING / "apimodels-uploader.spec").read_text(encoding="utf-8")
    assert spec.count("version=version_files.get(") == 2


def test_the_release_workflow_runs_the_install_test() -> None:
    text = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert "bash packaging/install_test.sh" in text
    assert "MIRROR: http://deb.debian.org/debian" in text
