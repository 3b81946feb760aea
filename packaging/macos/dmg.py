"""The macOS disk image: sign the .app, wrap it in a .dmg, notarize and staple when secrets allow.

``packaging/build.py`` calls :func:`build_dmg` on macOS. Secrets come from the environment;
GitHub passes an unset secret as an empty string, so empty counts as absent.

Signing (all three, or none):
- ``MACOS_CERT_P12``: the "Developer ID Application" certificate and key, a .p12 as base64;
- ``MACOS_CERT_PASSWORD``: its password;
- ``MACOS_SIGN_IDENTITY``: the identity, e.g. ``Developer ID Application: Name (TEAMID)``.

Notarizing (needs signing too), either an Apple ID with an app-specific password:
- ``APPLE_ID``, ``APPLE_TEAM_ID``, ``APPLE_APP_PASSWORD``;
or an App Store Connect API key:
- ``APPLE_API_KEY_P8`` (the .p8 file as base64), ``APPLE_API_KEY_ID``, ``APPLE_API_ISSUER``.

Without signing secrets the result is an unsigned .dmg, and the build says so.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import platform
import secrets
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTITLEMENTS = HERE / "entitlements.plist"
VOLUME_NAME = "APIModels Uploader"
# Absolute paths: the tools that ship with macOS, never whatever is first on PATH.
SECURITY = "/usr/bin/security"
CODESIGN = "/usr/bin/codesign"
HDIUTIL = "/usr/bin/hdiutil"
DITTO = "/usr/bin/ditto"
XCRUN = "/usr/bin/xcrun"
XATTR = "/usr/bin/xattr"
HDIUTIL_ATTEMPTS = 5
HDIUTIL_PAUSE_S = 10.0
# Mach-O and universal-binary magic numbers, both byte orders.
_MACHO_MAGIC = {
    bytes.fromhex(m)
    for m in ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe", "bebafeca")
}


class DmgError(RuntimeError):
    """A step of the disk image build failed; the message says which and what to do."""


@dataclass(frozen=True)
class Signing:
    p12: bytes
    password: str
    identity: str


@dataclass(frozen=True)
class Notary:
    # notarytool's credential options; the .p8 key, if any, is written to a temporary file.
    args: tuple[str, ...]
    secret: str = ""
    api_key_p8: bytes | None = None


def dmg_name(version: str, arch: str | None = None) -> str:
    return f"apimodels-uploader-{version}-macos-{arch or platform.machine()}.dmg"


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _all_or_none(env: Mapping[str, str], names: Sequence[str]) -> bool:
    """True when all are set, False when none are; a partial set stops the build."""
    present = [n for n in names if _get(env, n)]
    if present and len(present) != len(names):
        missing = [n for n in names if n not in present]
        raise DmgError(
            f"{', '.join(present)} set but {', '.join(missing)} missing: "
            "set all of them, or none to skip this step."
        )
    return bool(present)


def _b64(env: Mapping[str, str], name: str) -> bytes:
    try:
        return base64.b64decode(_get(env, name), validate=True)
    except binascii.Error as exc:
        raise DmgError(f"{name} is not valid base64: encode the file with base64.") from exc


def signing_from_env(env: Mapping[str, str]) -> Signing | None:
    names = ("MACOS_CERT_P12", "MACOS_CERT_PASSWORD", "MACOS_SIGN_IDENTITY")
    if not _all_or_none(env, names):
        return None
    return Signing(
        p12=_b64(env, "MACOS_CERT_P12"),
        password=_get(env, "MACOS_CERT_PASSWORD"),
        identity=_get(env, "MACOS_SIGN_IDENTITY"),
    )


def notary_from_env(env: Mapping[str, str]) -> Notary | None:
    if _all_or_none(env, ("APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD")):
        return Notary(
            args=(
                "--apple-id",
                _get(env, "APPLE_ID"),
                "--team-id",
                _get(env, "APPLE_TEAM_ID"),
                "--password",
                _get(env, "APPLE_APP_PASSWORD"),
            ),
            secret=_get(env, "APPLE_APP_PASSWORD"),
        )
    if _all_or_none(env, ("APPLE_API_KEY_P8", "APPLE_API_KEY_ID", "APPLE_API_ISSUER")):
        return Notary(
            args=(
                "--key-id",
                _get(env, "APPLE_API_KEY_ID"),
                "--issuer",
                _get(env, "APPLE_API_ISSUER"),
            ),
            api_key_p8=_b64(env, "APPLE_API_KEY_P8"),
        )
    return None


def is_macho(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) in _MACHO_MAGIC


def signing_order(app: Path) -> list[Path]:
    """Everything codesign must sign, innermost first, ending with the .app itself.

    Apple wants nested code signed before its container (``--deep`` is not for signing):
    first every Mach-O file, deepest first, then each nested bundle (Qt's .framework folders),
    deepest first, then the app. Symlinks are skipped; their targets are signed where they live.
    """
    files = [p for p in app.rglob("*") if is_macho(p)]
    bundles = [
        p
        for p in app.rglob("*")
        if p.is_dir() and not p.is_symlink() and p.suffix in {".framework", ".app", ".bundle"}
    ]

    def deepest_first(paths: list[Path]) -> list[Path]:
        return sorted(paths, key=lambda p: (-len(p.parts), str(p)))

    return [*deepest_first(files), *deepest_first(bundles), app]


def run(cmd: Sequence[str], what: str, *, hide: Sequence[str] = ()) -> str:
    """Run a tool and return its stdout; on failure say which step failed, secrets masked."""
    shown = ["***" if arg in hide else arg for arg in cmd]
    print("+", " ".join(shown), flush=True)
    result = subprocess.run(  # noqa: S603 - fixed tools, arguments built here
        list(cmd), check=False, capture_output=True, text=True
    )
    if result.stdout:
        print(result.stdout, end="", flush=True)
    if result.returncode != 0:
        raise DmgError(f"{what} failed with exit code {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def run_with_retries(
    cmd: Sequence[str],
    what: str,
    *,
    attempts: int = HDIUTIL_ATTEMPTS,
    pause_s: float = HDIUTIL_PAUSE_S,
) -> None:
    """hdiutil fails now and then on CI runners ("Resource busy"); a pause and a retry cure it."""
    for attempt in range(1, attempts + 1):
        try:
            run(cmd, what)
            return
        except DmgError as exc:
            if attempt == attempts:
                raise DmgError(f"{exc} (gave up after {attempts} attempts)") from exc
            print(f"{what} failed (attempt {attempt}/{attempts}); retrying in {pause_s:g} s")
            time.sleep(pause_s)


@contextmanager
def temporary_keychain(signing: Signing, workdir: Path) -> Iterator[Path]:
    """Import the certificate into a throwaway keychain that codesign can use unattended."""
    keychain = workdir / "signing.keychain-db"
    password = secrets.token_urlsafe(24)
    p12 = workdir / "cert.p12"
    p12.write_bytes(signing.p12)
    before = run([SECURITY, "list-keychains", "-d", "user"], "security list-keychains")
    previous = [line.strip().strip('"') for line in before.splitlines() if line.strip()]
    hide = (password, signing.password)
    try:
        run(
            [SECURITY, "create-keychain", "-p", password, str(keychain)],
            "create-keychain",
            hide=hide,
        )
        # No auto-lock during a long notarization wait.
        run(
            [SECURITY, "set-keychain-settings", "-lut", "21600", str(keychain)],
            "keychain settings",
        )
        run(
            [SECURITY, "unlock-keychain", "-p", password, str(keychain)],
            "unlock-keychain",
            hide=hide,
        )
        run(
            [
                SECURITY,
                "import",
                str(p12),
                "-k",
                str(keychain),
                "-P",
                signing.password,
                "-T",
                "/usr/bin/codesign",
            ],
            "security import",
            hide=hide,
        )
        # Lets codesign use the key without a GUI prompt.
        run(
            [
                SECURITY,
                "set-key-partition-list",
                "-S",
                "apple-tool:,apple:,codesign:",
                "-s",
                "-k",
                password,
                str(keychain),
            ],
            "set-key-partition-list",
            hide=hide,
        )
        # codesign finds identities through the search list; keep the user's keychains in it.
        run(
            [SECURITY, "list-keychains", "-d", "user", "-s", str(keychain), *previous],
            "list-keychains",
        )
        yield keychain
    finally:
        p12.unlink(missing_ok=True)
        subprocess.run(  # noqa: S603 - restore the search list even if signing failed
            [SECURITY, "list-keychains", "-d", "user", "-s", *previous], check=False
        )
        subprocess.run([SECURITY, "delete-keychain", str(keychain)], check=False)  # noqa: S603


def codesign_app(app: Path, identity: str, keychain: Path) -> None:
    # Finder info and resource forks make codesign refuse with "detritus not allowed".
    run([XATTR, "-cr", str(app)], "xattr -cr")
    base = [
        CODESIGN,
        "--force",
        "--timestamp",
        "--options",
        "runtime",
        "--keychain",
        str(keychain),
        "--sign",
        identity,
    ]
    for path in signing_order(app):
        extra = ["--entitlements", str(ENTITLEMENTS)] if path == app else []
        run([*base, *extra, str(path)], f"codesign {path.name}")
    run([CODESIGN, "--verify", "--deep", "--strict", "--verbose=2", str(app)], "codesign --verify")


def make_dmg(app: Path, dmg: Path, version: str, workdir: Path) -> None:
    staging = workdir / "staging"
    staging.mkdir()
    # ditto keeps symlinks, extended attributes and signatures exactly as they are.
    run([DITTO, str(app), str(staging / app.name)], "ditto")
    (staging / "Applications").symlink_to("/Applications")
    dmg.unlink(missing_ok=True)
    run_with_retries(
        [
            HDIUTIL,
            "create",
            "-volname",
            f"{VOLUME_NAME} {version}",
            "-srcfolder",
            str(staging),
            "-ov",
            "-format",
            "UDZO",
            str(dmg),
        ],
        "hdiutil create",
    )


def notarize(dmg: Path, notary: Notary, workdir: Path) -> None:
    args = list(notary.args)
    if notary.api_key_p8 is not None:
        key = workdir / "notary-key.p8"
        key.write_bytes(notary.api_key_p8)
        args += ["--key", str(key)]
    cmd = [
        XCRUN,
        "notarytool",
        "submit",
        str(dmg),
        *args,
        "--wait",
        "--timeout",
        "1h",
        "--output-format",
        "json",
    ]
    print("+", " ".join("***" if a == notary.secret else a for a in cmd), flush=True)
    # Read the verdict from the JSON rather than the exit code, so a rejection still gets its log.
    result = subprocess.run(cmd, check=False, capture_output=True, text=True)  # noqa: S603
    try:
        answer = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        answer = {}
    status = answer.get("status")
    if status != "Accepted":
        print(result.stdout, result.stderr, sep="\n")
        submission = str(answer.get("id", ""))
        if submission:
            # The log names every file Apple rejected and why.
            subprocess.run([XCRUN, "notarytool", "log", submission, *args], check=False)  # noqa: S603
        raise DmgError(f"Notarization ended with status {status!r}: see the log above.")
    run([XCRUN, "stapler", "staple", str(dmg)], "stapler staple")
    run([XCRUN, "stapler", "validate", str(dmg)], "stapler validate")


def build_dmg(app: Path, version: str, out_dir: Path) -> Path:
    """Sign (when possible) and package ``app`` as ``apimodels-uploader-<v>-macos-<arch>.dmg``."""
    if not app.is_dir():
        raise DmgError(f"{app} is missing: build the app bundle with the spec first.")
    signing = signing_from_env(os.environ)
    notary = notary_from_env(os.environ)
    if notary is not None and signing is None:
        raise DmgError(
            "Notarization secrets are set without signing secrets: Apple only "
            "notarizes signed apps, so set MACOS_CERT_P12 and friends too."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    dmg = out_dir / dmg_name(version)
    with tempfile.TemporaryDirectory(prefix="apimodels-dmg-") as tmp:
        workdir = Path(tmp)
        if signing is None:
            print(
                "No MACOS_CERT_P12/MACOS_CERT_PASSWORD/MACOS_SIGN_IDENTITY: "
                "building an UNSIGNED .dmg (Gatekeeper will warn on first open)."
            )
            make_dmg(app, dmg, version, workdir)
        else:
            with temporary_keychain(signing, workdir) as keychain:
                codesign_app(app, signing.identity, keychain)
                make_dmg(app, dmg, version, workdir)
                run(
                    [
                        CODESIGN,
                        "--force",
                        "--timestamp",
                        "--keychain",
                        str(keychain),
                        "--sign",
                        signing.identity,
                        str(dmg),
                    ],
                    "codesign dmg",
                )
            if notary is None:
                print("No notarization secrets: the .dmg is signed but NOT notarized.")
            else:
                notarize(dmg, notary, workdir)
                # The ticket Apple issued for the .dmg covers the app inside it: staple it to
                # the .app too, since the portable zip is made from this very folder next.
                run([XCRUN, "stapler", "staple", str(app)], "stapler staple app")
                run([XCRUN, "stapler", "validate", str(app)], "stapler validate app")
    print(f"macOS disk image: {dmg}")
    return dmg
