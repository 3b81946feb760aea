"""The Windows installer: Inno Setup around the one-folder bundle, signed when secrets allow.

``packaging/build.py`` calls :func:`build_installer` on Windows. Without ``ISCC`` on PATH it
prints one line and returns None, so a developer machine without Inno Setup still gets the
bundle and the zip. Signing happens only when both secrets are set in the environment:

- ``WINDOWS_CERT_PFX``: the code-signing certificate, a .pfx file encoded as base64;
- ``WINDOWS_CERT_PASSWORD``: its password.

Optional: ``WINDOWS_TIMESTAMP_URL`` (an RFC 3161 time-stamp server, DigiCert's by default).
The two exes are signed before ISCC packs them, the setup exe after.
"""

from __future__ import annotations

import base64
import binascii
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "apimodels-uploader.iss"
EXES = ("apimodels-uploader.exe", "apimodels-uploader-cli.exe")
DEFAULT_TIMESTAMP_URL = "http://timestamp.digicert.com"
# Where the Windows SDK puts signtool.exe; GitHub's windows-2022 image has several versions.
SDK_BIN = Path(r"C:\Program Files (x86)\Windows Kits\10\bin")


class InstallerError(RuntimeError):
    """A step of the installer build failed; the message says which and what to do."""


@dataclass(frozen=True)
class SigningSecrets:
    pfx: bytes
    password: str
    timestamp_url: str


def setup_name(version: str) -> str:
    return f"apimodels-uploader-{version}-windows-x64-setup.exe"


def signing_secrets(env: Mapping[str, str]) -> SigningSecrets | None:
    """The certificate from the environment, or None when signing is not configured.

    GitHub passes an unset secret as an empty string, so empty counts as absent. One secret
    without the other is a configuration mistake and stops the build rather than shipping an
    unsigned installer by accident.
    """
    pfx_b64 = env.get("WINDOWS_CERT_PFX", "").strip()
    password = env.get("WINDOWS_CERT_PASSWORD", "")
    if not pfx_b64 and not password:
        return None
    if not pfx_b64 or not password:
        raise InstallerError(
            "Only one of WINDOWS_CERT_PFX and WINDOWS_CERT_PASSWORD is set: set both to sign, "
            "or neither to build unsigned."
        )
    try:
        pfx = base64.b64decode(pfx_b64, validate=True)
    except binascii.Error as exc:
        raise InstallerError(
            "WINDOWS_CERT_PFX is not valid base64: encode the .pfx file with base64."
        ) from exc
    url = env.get("WINDOWS_TIMESTAMP_URL", "").strip() or DEFAULT_TIMESTAMP_URL
    return SigningSecrets(pfx=pfx, password=password, timestamp_url=url)


SIGN_TOOL_NAME = "apimodelssign"


def iscc_command(
    iscc: Path,
    bundle: Path,
    version: str,
    icon: Path,
    out_dir: Path,
    sign_command: Sequence[str] | None = None,
) -> list[str]:
    """ISCC's arguments; with ``sign_command`` (signtool's, without the file) Inno Setup signs
    the uninstaller it writes, which no later step could reach."""
    signing = []
    if sign_command:
        quoted = " ".join(f'"{arg}"' if " " in arg else arg for arg in sign_command)
        signing = [f"/S{SIGN_TOOL_NAME}={quoted} $f", f"/DSignToolName={SIGN_TOOL_NAME}"]
    return [
        str(iscc),
        "/Qp",  # quiet apart from progress and errors: CI logs stay readable
        f"/DAppVersion={version}",
        f"/DSourceDir={bundle.resolve()}",
        f"/DIconFile={icon.resolve()}",
        f"/DOutputDir={out_dir.resolve()}",
        *signing,
        str(SCRIPT),
    ]


def sign_command(signtool: Path, secrets: SigningSecrets, pfx_file: Path) -> list[str]:
    return [
        str(signtool), "sign", "/f", str(pfx_file), "/p", secrets.password, "/fd", "SHA256",
        "/tr", secrets.timestamp_url, "/td", "SHA256", "/d", "APIModels Uploader",
    ]  # fmt: skip


def find_signtool() -> Path | None:
    on_path = shutil.which("signtool")
    if on_path:
        return Path(on_path)
    # Newest SDK first; the directory names are versions such as 10.0.22621.0.
    candidates = sorted(SDK_BIN.glob("10.*/x64/signtool.exe"), key=_sdk_version, reverse=True)
    return candidates[0] if candidates else None


def _sdk_version(path: Path) -> tuple[int, ...]:
    parts = path.parent.parent.name.split(".")
    return tuple(int(p) for p in parts if p.isdigit())


def _run(cmd: Sequence[str], what: str, *, secret: str | None = None) -> None:
    """Run a tool; on failure say which step failed without echoing the password."""
    shown = [arg.replace(secret, "***") if secret else arg for arg in cmd]
    print("+", " ".join(shown), flush=True)
    result = subprocess.run(list(cmd), check=False)  # noqa: S603 - our own tool paths and args
    if result.returncode != 0:
        raise InstallerError(
            f"{what} failed with exit code {result.returncode}: see the log above."
        )


def _sign(signtool: Path, secrets: SigningSecrets, pfx_file: Path, files: Sequence[Path]) -> None:
    cmd = [*sign_command(signtool, secrets, pfx_file), *[str(f) for f in files]]
    _run(cmd, "signtool sign", secret=secrets.password)
    _run([str(signtool), "verify", "/pa", *[str(f) for f in files]], "signtool verify")


def build_installer(bundle: Path, version: str, icon: Path, out_dir: Path) -> Path | None:
    """Compile the Inno Setup installer; None when ISCC is not installed."""
    iscc = shutil.which("ISCC")
    if iscc is None:
        print("ISCC (Inno Setup 6) is not on PATH: skipping the Windows installer.")
        return None
    exes = [bundle / name for name in EXES]
    missing = [exe.name for exe in exes if not exe.is_file()]
    if missing:
        raise InstallerError(
            f"The bundle {bundle} lacks {', '.join(missing)}: build it with the spec first."
        )
    if not icon.is_file():
        raise InstallerError(f"The icon {icon} is missing: generate the icons first.")
    secrets = signing_secrets(os.environ)
    signtool = None
    if secrets is not None:
        signtool = find_signtool()
        if signtool is None:
            raise InstallerError(
                "Signing secrets are set but signtool.exe was not found: install the "
                "Windows SDK or put signtool on PATH."
            )
    else:
        print("No WINDOWS_CERT_PFX/WINDOWS_CERT_PASSWORD: the installer will be unsigned.")

    out_dir.mkdir(parents=True, exist_ok=True)
    setup = out_dir / setup_name(version)
    setup.unlink(missing_ok=True)  # a file from an earlier run must not pass for this one
    with tempfile.TemporaryDirectory(prefix="apimodels-sign-") as tmp:
        pfx_file = Path(tmp) / "cert.pfx"
        if secrets is not None and signtool is not None:
            pfx_file.write_bytes(secrets.pfx)
            _sign(signtool, secrets, pfx_file, exes)
        signer = (
            sign_command(signtool, secrets, pfx_file)
            if secrets is not None and signtool is not None
            else None
        )
        _run(
            iscc_command(Path(iscc), bundle, version, icon, out_dir, signer),
            "ISCC",
            secret=secrets.password if secrets is not None else None,
        )
        if not setup.is_file():
            raise InstallerError(f"ISCC finished but {setup} is missing: check OutputBaseFilename.")
        if secrets is not None and signtool is not None:
            _sign(signtool, secrets, pfx_file, [setup])
    print(f"Windows installer: {setup}")
    return setup
