"""Every bundled component's licence, found by the build, never listed by hand.

PyInstaller copies three kinds of files into the bundle, and each has a place that knows its
licence:

- files of an installed Python distribution (PySide6, httpx, cryptography, PyInstaller's own
  bootloader and hooks...): the distribution's metadata, i.e. its ``License-File`` entries and any
  LICENSE/COPYING/NOTICE file in its ``.dist-info`` (``licenses/`` included). A distribution whose
  wheel carries no text but names its licence (PySide6 says ``LGPL-3.0-only OR ...``) gets the
  standard text for that identifier from ``packaging/licenses/``;
- Python's own standard library and ``libpython``: the interpreter's ``LICENSE.txt``;
- shared libraries copied from the build host (libssl, libstdc++, libxkbcommon...): on Debian and
  Ubuntu, the ``/usr/share/doc/<package>/copyright`` of the package owning them (``dpkg -S``).

A library a wheel carries from another project (ICU inside PySide6, FFmpeg inside ``av.libs/``)
is its own component: its licence is its project's texts in ``packaging/licenses/`` when
packaging/vendored.py knows the library, else the one its wheel's texts name, or, on Debian and
Ubuntu, that of the host package providing the same library. A file or a component without a
licence stops the build (:class:`LicenceError`), naming it and saying what to do.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import vendored

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STANDARD_TEXTS = HERE / "licenses"
APP = "apimodels-uploader"

# Names of licence files in a .dist-info folder (and auditwheel's vendored-library notices).
_TEXT_NAME = re.compile(r"(?i)^(licen[cs]e|copying|notice|copyright|authors|patents)")
# SPDX identifier -> the standard texts that must ship with it. The LGPL is a set of additional
# permissions on top of the GPL, so its text only makes sense with the GPL's beside it.
_SPDX_TEXTS: dict[str, tuple[str, ...]] = {
    "LGPL-3.0": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "LGPL-3.0-only": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "LGPL-3.0-or-later": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "GPL-3.0": ("GPL-3.0.txt",),
    "GPL-3.0-only": ("GPL-3.0.txt",),
    "GPL-3.0-or-later": ("GPL-3.0.txt",),
}
# Folders where auditwheel (Linux), delocate (macOS) and delvewheel (Windows) put the libraries
# a wheel vendors.
_VENDOR_DIRS = re.compile(r"(?i)(\.libs|\.dylibs)$")
_ANY_LIB = re.compile(r"(?i)\.(so|dylib|dll)(\.|$)")
_SHARED_LIB = re.compile(r"^lib(?P<stem>[A-Za-z][\w+.-]*?)(?:-[0-9a-f]{8})?\.(?:so|dylib)\b")


class LicenceError(RuntimeError):
    """A bundled file or component whose licence the build could not find."""


@dataclass
class Component:
    """One thing the bundle carries, and the texts of its licence."""

    name: str
    version: str
    origin: str  # "Python distribution", "Debian package", "Python", "this app", "vendored"
    licence: str  # the metadata's expression, or where the text came from
    texts: dict[str, str] = field(default_factory=dict)  # file name -> text
    files: set[str] = field(default_factory=set)  # paths inside the bundle
    gpl_only: bool = False  # makes the bundle as a whole GPL (x264 linked into FFmpeg)


# --- Where a file comes from ---------------------------------------------------------------------


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def _dist_name(dist: md.Distribution) -> str:
    return str(dist.metadata["Name"])


def distribution_index(
    dists: Iterable[md.Distribution] | None = None,
) -> dict[Path, md.Distribution]:
    """Every installed distribution's files by their real path (the first one listed wins)."""
    index: dict[Path, md.Distribution] = {}
    for dist in dists if dists is not None else md.distributions():
        for rel in dist.files or []:
            path = _resolved(Path(str(dist.locate_file(rel))))
            index.setdefault(path, dist)
    return index


def _python_dirs() -> list[Path]:
    paths = sysconfig.get_paths()
    dirs = {_resolved(paths[key]) for key in ("stdlib", "platstdlib") if key in paths}
    if sys.platform == "win32":  # python.org's DLLs folder: _ssl.pyd, libssl-3.dll, ...
        dirs.add(_resolved(Path(sys.base_prefix) / "DLLs"))
        dirs.add(_resolved(sys.base_prefix))
    libdir = sysconfig.get_config_var("LIBDIR")
    ldlib = sysconfig.get_config_var("LDLIBRARY")
    if libdir and ldlib:
        dirs.add(_resolved(Path(libdir) / ldlib))
    return sorted(dirs)


def _under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def python_licence() -> Component:
    version = ".".join(map(str, sys.version_info[:3]))
    text = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    texts = {"LICENSE.txt": text.read_text(encoding="utf-8")} if text.is_file() else {}
    if not texts:  # a distribution's Python without it: the package owning the stdlib says
        owner = dpkg_owners([Path(sysconfig.get_paths()["stdlib"]) / "os.py"])
        for pkg in owner.values():
            texts = debian_texts(pkg)
    return Component("Python", version, "Python", "PSF-2.0", texts)


# --- Debian packages -----------------------------------------------------------------------------


def _dpkg(args: list[str]) -> str:
    tool = shutil.which("dpkg-query") if args[0] != "-S" else shutil.which("dpkg")
    if tool is None:
        return ""
    done = subprocess.run(  # noqa: S603 - dpkg's own database
        [tool, *args], capture_output=True, text=True, check=False
    )
    return done.stdout


def _usr_twins(path: Path) -> list[str]:
    """The path as dpkg may have recorded it: with merged /usr, /lib and /usr/lib are one."""
    text = str(path)
    twins = [text]
    for short in ("/lib/", "/lib64/", "/bin/", "/sbin/"):
        if text.startswith(short):
            twins.append("/usr" + text)
        if text.startswith("/usr" + short):
            twins.append(text[len("/usr") :])
    return twins


def dpkg_owners(paths: Iterable[Path]) -> dict[Path, str]:
    """The Debian package owning each path (as copied, or its real file), where dpkg knows one."""
    asked: dict[str, Path] = {}
    for path in paths:
        for candidate in {path, _resolved(path)}:
            for twin in _usr_twins(candidate):
                asked.setdefault(twin, path)
    if not asked or shutil.which("dpkg") is None:
        return {}
    found: dict[Path, str] = {}
    # One dpkg call for all of them: it reads its whole file database each time.
    for line in _dpkg(["-S", *asked]).splitlines():
        pkgs, sep, where = line.partition(": ")
        if not sep or where not in asked or "diversion" in pkgs:
            continue
        found.setdefault(asked[where], pkgs.split(",")[0].strip().split(":")[0])
    return found


def debian_texts(package: str) -> dict[str, str]:
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    if not copyright_file.is_file():
        return {}
    return {"copyright": copyright_file.read_text(encoding="utf-8", errors="replace")}


def debian_version(package: str) -> str:
    return _dpkg(["-W", "-f=${Version}", package]).strip() or "?"


def host_library_owners(stems: Iterable[str]) -> dict[str, str]:
    """For library stems ("icuuc"), the Debian package giving the host its own copy."""
    wanted = sorted(set(stems))
    if not wanted or shutil.which("dpkg") is None:
        return {}
    found: dict[str, str] = {}
    for line in _dpkg(["-S", *(f"*/lib{stem}.so*" for stem in wanted)]).splitlines():
        pkgs, sep, where = line.partition(": ")
        if not sep:
            continue
        name = Path(where).name
        for stem in wanted:
            if stem not in found and re.match(rf"^lib{re.escape(stem)}\.so(\.|$)", name):
                pkg = pkgs.split(",")[0].strip().split(":")[0]
                if not pkg.endswith("-dev"):
                    found[stem] = pkg
    return found


# --- Python distributions ------------------------------------------------------------------------


def _field(meta: md.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def _expression(dist: md.Distribution) -> str:
    meta = dist.metadata
    expr = _field(meta, "License-Expression")
    if not expr:
        short = _field(meta, "License").strip()
        expr = short if short and "\n" not in short and len(short) < 80 else ""
    if not expr:
        classifiers = [
            c.rsplit("::", 1)[-1].strip()
            for c in meta.get_all("Classifier") or []
            if c.startswith("License ::")
        ]
        expr = " AND ".join(classifiers)
    return expr or "see its licence files"


def distribution_texts(dist: md.Distribution) -> dict[str, str]:
    """The licence texts a distribution's metadata carries: its License-File entries and the
    licence-like files of its .dist-info (with its licenses/ folder)."""
    texts: dict[str, str] = {}
    listed = dist.metadata.get_all("License-File") or []
    for name in listed:  # PEP 639 puts them in licenses/, older tools beside METADATA
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text is not None and text.strip():
            texts[name] = text
    for rel in dist.files or []:
        parts = Path(str(rel)).parts
        if not parts or not parts[0].endswith((".dist-info", ".egg-info")):
            continue
        inside = Path(*parts[1:]) if len(parts) > 1 else Path()
        name = inside.as_posix()
        is_listed = name in listed or name.removeprefix("licenses/") in listed
        if "__pycache__" in inside.parts:  # av lists licenses/AUTHORS.py, and so its .pyc
            continue
        if is_listed or _TEXT_NAME.match(inside.name):
            text = dist.read_text(name)
            if text is not None and text.strip():
                texts[name.removeprefix("licenses/")] = text
    if not texts and (text_file := _editable_licence(dist)) is not None:
        texts[text_file.name] = text_file.read_text(encoding="utf-8")
    if not texts:
        texts = standard_texts(_expression(dist))
    return texts


def _editable_licence(dist: md.Distribution) -> Path | None:
    """This project installed with ``pip install -e``: its LICENSE in the checkout."""
    if _dist_name(dist).lower() != APP:
        return None
    text_file = ROOT / "LICENSE"
    return text_file if text_file.is_file() else None


def standard_texts(expression: str) -> dict[str, str]:
    """The texts for an SPDX expression from packaging/licenses/; for "A OR B" the first choice
    we have a text for, for "A AND B" all of them (empty when one is missing)."""
    for choice in re.split(r"\s+OR\s+", expression.strip("() ")):
        texts: dict[str, str] = {}
        for ident in re.split(r"\s+AND\s+", choice.strip("() ")):
            names = _SPDX_TEXTS.get(ident.strip())
            if not names:
                texts = {}
                break
            for name in names:
                texts[name] = (STANDARD_TEXTS / name).read_text(encoding="utf-8")
        if texts:
            return texts
    return {}


def _vendored_stem(dest: str, dist: md.Distribution, src: Path | None = None) -> str | None:
    """The library name ("icuuc") when a bundled file is a library a wheel carries from another
    project: anything in auditwheel's/delocate's/delvewheel's ``<pkg>.libs`` folder (where the
    wheel has it, whatever folder the bundle puts it in), and a ``lib*.so`` in a ``lib`` folder
    whose name shares nothing with the folders above it (ICU in PySide6/Qt/lib, beside
    libQt6Core)."""
    path = Path(dest.replace("\\", "/"))
    if ".cpython-" in path.name or ".abi3." in path.name or ".pyd" in path.name:
        return None
    match = _SHARED_LIB.match(path.name)
    parents = [p.lower() for p in path.parent.parts]
    in_vendor_dir = any(
        bool(folder) and _VENDOR_DIRS.search(folder) is not None
        for folder in (parents[-1] if parents else "", src.parent.name if src else "")
    )
    if in_vendor_dir and _ANY_LIB.search(path.name):
        # delvewheel's DLLs ("avcodec-62.dll") have no "lib"
        return match.group("stem") if match else vendored.library_name(path.name)
    if match is None:
        return None
    stem = match.group("stem")
    if not parents or parents[-1] != "lib":
        return None
    words = {p for p in parents[:-1] if len(p) > 1} | {_dist_name(dist).lower()}
    own = any(word in stem.lower() or stem.lower() in word for word in words)
    return None if own else stem


# --- The whole bundle ----------------------------------------------------------------------------


@dataclass
class Collected:
    components: list[Component]
    problems: list[str]


def collect(
    bundled: Iterable[tuple[str, str]],
    *,
    index: dict[Path, md.Distribution] | None = None,
    always: Iterable[str] = ("pyinstaller",),
    owners: Callable[[Iterable[Path]], dict[Path, str]] = dpkg_owners,
    host_libraries: Callable[[Iterable[str]], dict[str, str]] = host_library_owners,
) -> Collected:
    """The components behind ``bundled``: (path inside the bundle, source path on this host).

    ``always`` names distributions in every bundle whatever the file list says (PyInstaller's
    bootloader is the executable itself).
    """
    index = distribution_index() if index is None else index
    by_name: dict[str, Component] = {}
    problems: list[str] = []
    python_dirs = _python_dirs()
    app_dirs = [ROOT / "app", ROOT / "resources", ROOT / "main.py", ROOT / "build"]
    # pip install -e leaves the app's metadata in the checkout, where copy_metadata finds it.
    app_dirs += sorted(ROOT.glob("*.egg-info"))
    unowned: list[tuple[str, Path]] = []
    libraries: dict[str, list[tuple[str, md.Distribution]]] = {}

    def component(key: str, make: Callable[[], Component]) -> Component:
        if key not in by_name:
            by_name[key] = make()
        return by_name[key]

    def of_dist(dist: md.Distribution) -> Component:
        name = _dist_name(dist)
        if name.lower() == APP:  # this project, installed (editable or not) to build it
            return component("app", _this_app)
        return component(
            f"py:{name.lower()}",
            lambda: Component(
                name,
                dist.version,
                "Python distribution",
                _expression(dist),
                distribution_texts(dist),
            ),
        )

    component("app", _this_app)
    for name in always:
        try:
            of_dist(md.distribution(name))
        except md.PackageNotFoundError:
            problems.append(f"{name} is not installed, yet every bundle carries it")

    for dest, src in bundled:
        path = _resolved(src)
        dist = index.get(path)
        if dist is not None:
            stem = _vendored_stem(dest, dist, path)
            if stem is not None:
                libraries.setdefault(stem, []).append((dest, dist))
            else:
                of_dist(dist).files.add(dest)
        elif _under(path, app_dirs):
            component("app", _this_app).files.add(dest)
        elif _under(path, python_dirs):
            component("python", python_licence).files.add(dest)
        else:
            unowned.append((dest, path))

    found = owners([path for _dest, path in unowned])
    for dest, path in unowned:
        pkg = found.get(path)
        if pkg is None:
            problems.append(f"{dest} (from {path}) belongs to no Python distribution and no "
                            "Debian package: nothing says its licence")  # fmt: skip
            continue
        component(
            f"deb:{pkg}",
            lambda pkg=pkg: Component(  # type: ignore[misc]
                pkg, debian_version(pkg), "Debian package", "see copyright", debian_texts(pkg)
            ),
        ).files.add(dest)

    _vendored(libraries, of_dist, component, host_libraries, problems)

    for comp in by_name.values():
        if not comp.texts:
            problems.append(
                f"{comp.name} {comp.version} ({comp.origin}, {comp.licence}) has no licence text"
                + (
                    ": add the standard text for its licence to packaging/licenses/"
                    if comp.origin == "Python distribution"
                    else ""
                )
            )
    order = {"this app": 0, "Python": 1, "Python distribution": 2, "vendored": 3}
    components = sorted(by_name.values(), key=lambda c: (order.get(c.origin, 4), c.name.lower()))
    return Collected(components, problems)


def _vendored(
    libraries: dict[str, list[tuple[str, md.Distribution]]],
    of_dist: Callable[[md.Distribution], Component],
    component: Callable[[str, Callable[[], Component]], Component],
    host_libraries: Callable[[Iterable[str]], dict[str, str]],
    problems: list[str],
) -> None:
    """Libraries a wheel carries from other projects: their project's texts (vendored.py),
    named in the wheel's own texts, or the host's own."""
    host: dict[str, str] | None = None
    for stem, places in sorted(libraries.items()):
        dist = places[0][1]
        carrier = of_dist(dist)
        project = vendored.project_of(Path(places[0][0].replace("\\", "/")).name)
        if project is not None:
            comp = component(
                f"vendored:{project.name}",
                lambda p=project, carrier=carrier: Component(  # type: ignore[misc]
                    p.name,
                    f"as in {carrier.name} {carrier.version}",
                    "vendored",
                    f"{p.licence} (texts: {p.source})",
                    vendored.texts(p),
                    gpl_only=p.gpl_only,
                ),
            )
            comp.files.update(dest for dest, _d in places)
            continue
        words = {stem.lower(), stem.lower().split("-")[0]}
        if any(w in text.lower() for text in carrier.texts.values() for w in words):
            carrier.files.update(dest for dest, _d in places)
            continue
        if host is None:
            host = host_libraries(libraries)
        pkg = host.get(stem)
        texts = debian_texts(pkg) if pkg else {}
        if not texts:
            problems.append(
                f"lib{stem} (vendored by {carrier.name} in {places[0][0]}) has no licence: its "
                "wheel's texts do not name it, packaging/vendored.py does not know it (add its "
                "project there, with the project's text), and no Debian package on this host "
                f"provides lib{stem}.so"
            )
            continue
        comp = component(
            f"vendored:{pkg}",
            lambda pkg=pkg, carrier=carrier, texts=texts: Component(  # type: ignore[misc]
                f"{pkg}-in-{carrier.name}",
                f"as in {carrier.name} {carrier.version}",
                "vendored",
                f"that of Debian's {pkg}, which provides the same libraries",
                texts,
            ),
        )
        comp.files.update(dest for dest, _d in places)


def _this_app() -> Component:
    text = ROOT / "LICENSE"
    texts = {"LICENSE": text.read_text(encoding="utf-8")} if text.is_file() else {}
    try:
        version = md.version(APP)
    except md.PackageNotFoundError:
        version = "?"
    return Component(APP, version, "this app", "MIT", texts)


# --- What goes into the bundle and the .deb ------------------------------------------------------


def _folder_name(comp: Component) -> str:
    return re.sub(r"[^A-Za-z0-9._+-]", "_", comp.name)


def write_licences(components: list[Component], folder: Path) -> Path:
    """``folder/<component>/<texts>`` and ``folder/README.txt``, the index; returns the index."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    lines = [
        "The licences of everything this bundle carries, one folder per component.",
        "Collected by the build from the installed distributions' metadata, Python's own",
        "LICENSE.txt, for libraries copied from the build host its Debian packages, and for",
        "libraries a wheel carries from other projects (PyAV's FFmpeg...) their projects' texts.",
        "",
    ]
    if any(c.gpl_only for c in components):
        lines += [*textwrap.wrap(vendored.WHOLE_BUNDLE, 96), ""]
    for comp in components:
        sub = folder / _folder_name(comp)
        sub.mkdir(exist_ok=True)
        for name, text in sorted(comp.texts.items()):
            target = sub / name.replace("/", "_")
            target.write_text(text, encoding="utf-8")
        lines.append(f"{comp.name} {comp.version} ({comp.origin}): {comp.licence}")
        lines.append(f"    texts: {', '.join(sorted(comp.texts))} in {sub.name}/")
    index = folder / "README.txt"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index


def _indent(text: str) -> str:
    """A text as a DEP-5 continuation: one leading space, blank lines as " ."."""
    out = []
    for line in text.replace("\t", "    ").replace("\f", "").splitlines():
        line = line.rstrip()
        out.append(" " + line if line else " .")
    while out and out[-1] == " .":
        out.pop()
    return "\n".join(out)


def _synopsis(comp: Component) -> str:
    # A short name per component: the same SPDX name ("MIT") carries different holders' texts.
    return f"{_folder_name(comp)}-licence"


def debian_copyright(components: list[Component], prefix: str, homepage: str) -> str:
    """debian/copyright (DEP-5) listing every component, each with its full licence text.

    ``prefix`` is where the bundle is installed, without the leading slash
    ("opt/apimodels-uploader"). Components whose code lives only inside the executable's archive
    (pure Python) are attached to their own licence folder, which the package ships.
    """
    app = next(c for c in components if c.origin == "this app")
    paragraphs = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {APP}\n"
        f"Source: {homepage}\n"
        "Comment: A PyInstaller bundle: the app with the Python interpreter, Qt for Python and\n"
        " the libraries they need. Each component's licence files are also installed in\n"
        f" /{prefix}/licenses/<component>/; the pure-Python components live inside\n"
        f" /{prefix}/{APP} (PyInstaller's archive) and are listed by their licence folder."
        + (
            "\n .\n" + _indent("\n".join(textwrap.wrap(vendored.WHOLE_BUNDLE, 90)))
            if any(c.gpl_only for c in components)
            else ""
        )
    ]
    used: set[str] = set()
    for comp in components:
        if comp is app:
            patterns = ["*"]
            holder = "2026 APIModels Uploader authors"
            licence = "Expat"
            body = _indent(next(iter(comp.texts.values())))
        else:
            patterns = _patterns(comp, prefix, used)
            holder = _holders(comp)
            licence = _synopsis(comp)
            body = _indent(
                "\n\n".join(
                    f"--- {name} ---\n{_deb_text(comp, name, text, prefix)}"
                    if len(comp.texts) > 1
                    else _deb_text(comp, name, text, prefix)
                    for name, text in sorted(comp.texts.items())
                )
            )
        comment = f"{comp.name} {comp.version} ({comp.origin}), licence: {comp.licence}"
        paragraphs.append(
            f"Files: {' '.join(patterns)}\n"
            f"Copyright: {holder}\n"
            f"License: {licence}\n{body}\n"
            f"Comment: {comment}"
        )
    return "\n\n".join(paragraphs) + "\n"


# Standard texts in packaging/licenses/ that every Debian system has in /usr/share/common-licenses:
# Debian's copyright files point there (lintian rejects a full GPL-2 or Apache-2.0 text in one).
_COMMON_LICENSES = {
    "GPL-2.0.txt": "GPL-2",
    "GPL-3.0.txt": "GPL-3",
    "LGPL-2.1.txt": "LGPL-2.1",
    "LGPL-3.0.txt": "LGPL-3",
    "Apache-2.0.txt": "Apache-2.0",
}


# The terms of a licence a distribution's own file carries in full (botocore's Apache-2.0), by
# their heading, and the licence's title before it.
_TERMS = re.compile(
    r"^[ \t]*TERMS AND CONDITIONS FOR (?:USE, REPRODUCTION, AND DISTRIBUTION|COPYING, "
    r"DISTRIBUTION AND MODIFICATION)\s*$.*?END OF TERMS AND CONDITIONS",
    re.M | re.S,
)
_TITLES = (
    ("Apache License", "Apache-2.0"),
    ("GNU LESSER GENERAL PUBLIC LICENSE", "LGPL-2.1"),
    ("GNU LIBRARY GENERAL PUBLIC LICENSE", "LGPL-2"),
    ("GNU GENERAL PUBLIC LICENSE", "GPL-2"),
)


def _deb_text(comp: Component, name: str, text: str, prefix: str) -> str:
    """A text as the .deb's copyright file gives it: a standard licence, or the terms of one
    inside a distribution's file, point to /usr/share/common-licenses (the bundle's own
    licenses/ folder keeps them in full)."""
    where = f"/{prefix}/licenses/{_folder_name(comp)}/{name.replace('/', '_')}"
    common = _COMMON_LICENSES.get(name)
    if common is not None and text == (STANDARD_TEXTS / name).read_text(encoding="utf-8"):
        return (
            f"On Debian systems the full text is in /usr/share/common-licenses/{common}; it is "
            f"also in {where}."
        )

    def pointer(match: re.Match[str]) -> str:
        before = text[: match.start()].upper()
        common = next((c for title, c in _TITLES if title.upper() in before), None)
        if common is None:
            return match.group(0)
        return (
            f"[The terms and conditions: on Debian systems in /usr/share/common-licenses/"
            f"{common}; in full in {where}.]"
        )

    return _TERMS.sub(pointer, text)


def _patterns(comp: Component, prefix: str, used: set[str]) -> list[str]:
    dests = sorted({f.replace("\\", "/") for f in comp.files})
    # Python modules ("httpx/_client.py") are in PyInstaller's archive, not on disk.
    on_disk = [d for d in dests if not d.endswith((".py", ".pyc"))]
    patterns: set[str] = set()
    for dest in on_disk:
        parts = dest.split("/")
        top = f"{parts[0]}/*" if len(parts) > 1 else parts[0]
        # A vendored library, or a folder an earlier paragraph already named (PySide6/*
        # holds ICU too): its files one by one; in DEP-5 the last matching paragraph wins.
        whole = comp.origin != "vendored" and (top not in used or top in patterns)
        patterns.add(top if whole else dest)
    used.update(patterns)
    found = [f"{prefix}/_internal/{p}" for p in sorted(patterns)]
    found.append(f"{prefix}/licenses/{_folder_name(comp)}/*")
    return found


def _holders(comp: Component) -> str:
    found: list[str] = []
    # Not from a standard text: its "Copyright (C) 2007 Free Software Foundation" is the
    # licence's own, not the component's.
    for _name, text in sorted(t for t in comp.texts.items() if t[0] not in _COMMON_LICENSES):
        for line in text.splitlines():
            line = line.strip()
            # "Copyright (c) 2010 ...", "Copyright 2010 ..." and DEP-5's "Copyright: 2010 ..."
            if re.match(r"(?i)^copyright\s*(\(c\)|©|:\s*\S|\d)", line) and len(line) < 120:
                holder = re.sub(r"(?i)^copyright\s*(\(c\)|©|:)?\s*", "", line)
                if holder and holder not in found:
                    found.append(holder)
            if len(found) >= 3:
                break
    return "; ".join(found) if found else f"the {comp.name} authors"


def check(collected: Collected) -> None:
    if collected.problems:
        raise LicenceError(
            "licences missing for bundled components:\n  " + "\n  ".join(collected.problems)
        )
