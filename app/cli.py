"""The command line: ``upload`` for scripts, and ``--demo`` which runs the local service.

stdout carries only results: one URL per line in the order the files were given, or with ``--json``
one object per argument (its path, its URL or error) the moment that file is settled. Everything
meant for a person goes to stderr.
Exit status: 0 every file uploaded, 1 any file refused or failed, 2 bad usage or no API key,
128 + the signal's number when stopped by SIGINT (Ctrl+C), SIGTERM or SIGHUP.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import APP_NAME
from .core.settings import (
    ENV_API_KEY,
    ENV_BASE_URL,
    AppPaths,
    KeySource,
    KeyStore,
    SettingsError,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEMO_API_KEY = "demo-key"
CLI_BASE_URL_HINT = (
    f"Check the address given with --base-url or {ENV_BASE_URL} "
    "(or the one saved in the app's Settings)."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apimodels-uploader",
        description=f"{APP_NAME}: upload images, video and audio, get public URLs (7 days).",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="print the version")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen (upload, types, translations, icons, TLS, keyring)",
    )
    parser.add_argument(
        "--data-dir", help="keep history and settings here (also APIMODELS_DATA_DIR)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="run against a local copy of the service"
    )
    parser.add_argument("--quit-after", type=float, help=argparse.SUPPRESS)  # smoke tests
    parser.add_argument(
        "--headless",
        action="store_true",
        help="with --demo: only run the local service and print how to upload to it",
    )
    sub = parser.add_subparsers(dest="command")
    up = sub.add_parser(
        "upload",
        help="upload files or folders and print their public URLs",
        description="Upload files (folders are walked for media) and print one URL per line. "
        f"The API key comes from {ENV_API_KEY} or the key saved in the app.",
    )
    up.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    up.add_argument("--base-url", help="the Files API host (default: settings, then apimodels.app)")
    up.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
    up.add_argument(
        "--direct", action="store_true", help="send files of 4 MB or less through the API host"
    )
    up.add_argument("--concurrency", type=int, help="uploads at the same time (1-16, default 3)")
    up.add_argument(
        "--fit",
        action="store_true",
        help="re-encode files over the size limit so that they fit (without it they are refused)",
    )
    up.add_argument(
        "--keep-metadata",
        action="store_true",
        help="send files as they are, with their location and camera details "
        "(by default these are removed first)",
    )
    up.add_argument("--data-dir", dest="sub_data_dir", help=argparse.SUPPRESS)
    add_history_commands(sub)
    key = sub.add_parser(
        "key",
        help="save, check or forget the API key in the system keyring",
        description="The key is read from the terminal (or stdin), never from the command line, "
        "and stored only in the system keyring.",
    )
    key.add_argument("action", choices=("set", "status", "forget"))
    return parser


def add_history_commands(sub: Any) -> None:
    """``history`` and ``renew``: the contract is in the README ("The history for scripts")."""
    hist = sub.add_parser(
        "history",
        help="list the upload history, newest first",
        description="One line per upload: URL, expiry and name; with --json one object per line.",
    )
    hist.add_argument("--json", action="store_true", help="one JSON object per row on stdout")
    hist.add_argument("--expiring", metavar="DURATION", help="only links that expire within it")
    hist.add_argument("--search", metavar="TEXT", help="only rows whose name or URL contains it")
    hist.add_argument("--data-dir", dest="sub_data_dir", help=argparse.SUPPRESS)
    renew = sub.add_parser(
        "renew",
        help="renew the links that expire soon and print the new URLs",
        description="Upload again the files of links that expire within DURATION (default 1d), "
        "after checking that they are unchanged; each row takes the new URL for 7 more days.",
    )
    renew.add_argument("--within", metavar="DURATION", help="30m, 12h, 2d... (default 1d)")
    renew.add_argument("--id", type=int, help="renew this row (its id in 'history --json')")
    renew.add_argument(
        "--from", dest="from_path", metavar="PATH", help="with --id: the file where it is now"
    )
    renew.add_argument("--json", action="store_true", help="one JSON object per row on stdout")
    renew.add_argument("--base-url", help="the Files API host (default: settings)")
    renew.add_argument("--concurrency", type=int, help="uploads at the same time (1-16)")
    renew.add_argument("--data-dir", dest="sub_data_dir", help=argparse.SUPPRESS)


class _VersionAction(argparse.Action):
    """``--version`` that reads the version only when asked (package metadata costs start-up)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from . import __version__

        print(f"{parser.prog} {__version__}", flush=True)
        parser.exit()


COMMANDS = ("upload", "key", "history", "renew")
_OPTIONS_WITH_VALUE = ("--data-dir", "--quit-after")


def split_window_files(argv: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``apimodels-uploader photo.png clip.mp4`` opens the window with those files queued.

    That is how files arrive from the desktop: "Open with", a .desktop file's ``%F``, Windows'
    "Send to" and right-click verb, and a drop on the app's icon. Returns (options, files), or None
    when the first word is a command (or there are no files) and argparse should parse as usual.
    """
    options: list[str] = []
    files: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            files.extend(words)
            break
        if word.startswith("-psn_"):  # macOS Finder's process serial number on old launches
            continue
        if word.startswith("-") and word != "-":
            options.append(word)
            if word in _OPTIONS_WITH_VALUE:
                value = next(words, None)
                if value is not None:
                    options.append(value)
            continue
        if not files and word in COMMANDS:
            return None
        files.append(word)
    return (options, files) if files else None


def run_key(action: str, out: TextIO, err: TextIO) -> int:
    store = KeyStore()
    if action == "forget":
        store.forget()
        print("The saved API key was removed from the keyring.", file=err)
        return EXIT_OK
    if action == "status":
        where = {
            KeySource.ENV: f"from the environment ({ENV_API_KEY})",
            KeySource.KEYRING: "saved in the system keyring",
            KeySource.SESSION: "kept for this session only",
            KeySource.NONE: "not set",
        }[store.source]
        print(f"API key: {where}.", file=out)
        return EXIT_OK if store.source is not KeySource.NONE else EXIT_FAILED
    if not KeyStore.secure_storage_available():
        print(
            "error: this system has no secure keyring, and the key is never written to a file. "
            f"Set {ENV_API_KEY} in the environment of the programs that upload instead.",
            file=err,
        )
        return EXIT_FAILED
    if sys.stdin.isatty():
        import getpass

        secret = getpass.getpass("API key (input hidden): ")
    else:
        secret = sys.stdin.readline()
    try:
        where_saved = store.save(secret)
    except SettingsError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    if where_saved is KeySource.KEYRING:
        print("The API key is saved in the system keyring.", file=err)
        return EXIT_OK
    print("error: the keyring refused the key; it was not saved.", file=err)
    return EXIT_FAILED


def _how_to_run_me() -> str:
    """This very program as a command a person can paste, from the folder they are in."""
    if Path(sys.argv[0]).name != "main.py":
        return "apimodels-uploader"
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):
        python = python.relative_to(Path.cwd())
    script = Path(sys.argv[0])
    return f"{python} {script}"


def run_demo(args: argparse.Namespace, err: TextIO) -> int:
    try:
        from .localserver import LocalServer
    except ImportError:
        print(
            "error: demo mode needs the local server's packages: "
            "pip install 'apimodels-uploader[server]'",
            file=err,
        )
        return EXIT_USAGE
    paths = AppPaths.resolve(args.data_dir)
    server = LocalServer(api_key=DEMO_API_KEY, data_dir=paths.data / "demo-server")
    server.start()
    me = _how_to_run_me()
    print(
        f"Demo mode: a local copy of the Files API is running at {server.base_url}\n"
        "Files stay on this computer. Upload from another terminal with:\n\n"
        f"  {ENV_API_KEY}={DEMO_API_KEY} {me} upload --base-url {server.base_url} FILE...\n\n"
        "Press Ctrl+C to stop.",
        file=err,
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = sys.stderr
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    window_files = split_window_files(words)
    if window_files is not None:
        options, files = window_files
        args = parser.parse_args(options)
        if args.command is None and not args.self_test and not args.headless:
            return run_window(args, err, files=files)
        parser.error("files go after 'upload', or alone to open them in the window")
    args = parser.parse_args(words)
    if getattr(args, "sub_data_dir", None):
        args.data_dir = args.sub_data_dir
    if args.self_test:
        from .selftest import run_self_test

        return run_self_test(out)
    if args.demo and args.headless and args.command is None:
        return run_demo(args, err)
    if args.command == "upload":
        # Its own module: asyncio, httpx, the engine and the history, which the window (started
        # from here too) must not wait for before its first paint.
        from .upload_command import run_upload

        return run_upload(args, out, err)
    if args.command == "key":
        return run_key(args.action, out, err)
    if args.command == "history":
        from .history_command import run_history

        return run_history(args, out, err)
    if args.command == "renew":
        from .renew_command import run_renew

        return run_renew(args, out, err)
    return run_window(args, err)


def run_window(args: argparse.Namespace, err: TextIO, files: Sequence[str] = ()) -> int:
    env = os.environ
    headless = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")
    )
    if headless:  # Qt would abort with a message about plugins that helps nobody
        print(
            "error: no display to open the window on (DISPLAY is not set). Run it from a desktop "
            f"session, or use 'upload' here; '{_how_to_run_me()} --help' lists the commands.",
            file=err,
        )
        return EXIT_USAGE
    try:
        from .ui.app import run_window as start
    except ImportError as exc:  # a server install without Qt's libraries
        print(f"error: the window cannot start ({exc}). 'upload' works without it.", file=err)
        return EXIT_USAGE
    # Absolute now: a running window that takes them over has another working folder.
    absolute = [os.path.abspath(f) for f in files]
    return start(
        AppPaths.resolve(args.data_dir), demo=args.demo, files=absolute, quit_after=args.quit_after
    )


if __name__ == "__main__":
    sys.exit(main())
