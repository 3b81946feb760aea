"""The desktop entry's ``MimeType=`` line, generated from the app's type table.

    python packaging/desktop_mime.py           # print the line
    python packaging/desktop_mime.py --write   # put it into resources/apimodels-uploader.desktop

A file manager looks a file's type up in shared-mime-info and offers the applications whose
``MimeType=`` names that type or one of its aliases. So each type the app accepts
(app/core/mediatypes.py) is listed under the names shared-mime-info gives it: its canonical type
and every alias of the same top-level type. A type shared-mime-info does not know (image/apng,
audio/x-caf in Debian 12's 2.2) is left out: no file is ever given that type, so listing it would
only be noise. The
oracle is ``/usr/share/mime/packages/freedesktop.org.xml``; tests/packaging/test_desktop_mime.py
checks the committed line against it.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DESKTOP = ROOT / "resources" / "apimodels-uploader.desktop"
DATABASE = Path("/usr/share/mime/packages/freedesktop.org.xml")
_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


@dataclass
class MimeDatabase:
    """shared-mime-info's types: canonical name -> aliases, and alias -> canonical name (MIME
    types are case-insensitive: keys are lower case, values keep the database's spelling)."""

    aliases: dict[str, list[str]] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path = DATABASE) -> MimeDatabase:
        db = cls()
        root = ET.parse(path).getroot()  # noqa: S314 - a trusted system file
        for node in root.iter(f"{_NS}mime-type"):
            name = node.get("type", "")
            names = [a.get("type", "") for a in node.iter(f"{_NS}alias")]
            db.aliases[name.lower()] = [name, *names]
            for known in (name, *names):
                db.canonical.setdefault(known.lower(), name)
        return db

    def names_of(self, mime: str) -> list[str]:
        """The canonical name and every alias of the type ``mime`` is (empty when unknown)."""
        canonical = self.canonical.get(mime.lower())
        return list(self.aliases[canonical.lower()]) if canonical else []


def desktop_types(db: MimeDatabase) -> tuple[list[str], list[str]]:
    """(names for MimeType=, accepted types shared-mime-info does not know), both sorted."""
    sys.path.insert(0, str(ROOT))
    from app.core.mediatypes import accepted_names

    listed: dict[str, str] = {}
    unknown = []
    for mime in sorted(accepted_names()):
        names = db.names_of(mime)
        if not names:
            unknown.append(mime)
        # Legacy aliases outside the media's own top-level type (application/ico, text/ico,
        # flv-application/octet-stream) are not what any file manager gives a file today.
        for name in names:
            if name.split("/")[0].lower() == mime.split("/")[0]:
                listed.setdefault(name.lower(), name)
    order = {"image": 0, "video": 1, "audio": 2}
    ordered = sorted(listed.values(), key=lambda m: (order.get(m.split("/")[0], 3), m.lower()))
    return ordered, unknown


def mime_line(db: MimeDatabase) -> str:
    return "MimeType=" + "".join(f"{name};" for name in desktop_types(db)[0])


def write(desktop: Path, line: str) -> bool:
    """Put ``line`` into the desktop entry; True when it changed."""
    text = desktop.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^MimeType=.*$", line, text)
    if new != text:
        desktop.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"update {DESKTOP.name}")
    parser.add_argument("--database", type=Path, default=DATABASE)
    args = parser.parse_args(argv)
    if not args.database.is_file():
        print(f"{args.database} is missing: install shared-mime-info", file=sys.stderr)
        return 1
    db = MimeDatabase.read(args.database)
    line = mime_line(db)
    _listed, unknown = desktop_types(db)
    if unknown:
        print("unknown to shared-mime-info, left out: " + ", ".join(unknown), file=sys.stderr)
    if args.write:
        print(f"{DESKTOP.name}: {'updated' if write(DESKTOP, line) else 'already current'}")
    else:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
