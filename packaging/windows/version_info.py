"""The Windows exe's version resource (Properties -> Details), from pyproject's version.

PyInstaller's ``EXE(version=...)`` reads a file in this format; the spec writes it on Windows.
"""

from __future__ import annotations


def numbers(version: str) -> tuple[int, int, int, int]:
    """ "1.2.3" -> (1, 2, 3, 0); a pre-release suffix ("1.2.0rc1") is dropped."""
    parts: list[int] = []
    for piece in version.split(".")[:4]:
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        parts.append(int(digits or 0))
        if digits != piece:
            break
    return (*parts, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def version_file(version: str, exe_name: str, description: str) -> str:
    four = numbers(version)
    dotted = ".".join(map(str, four))
    strings = {
        "CompanyName": "APIModels",
        "FileDescription": description,
        "FileVersion": dotted,
        "InternalName": exe_name.removesuffix(".exe"),
        "LegalCopyright": "Copyright (c) 2026 APIModels Uploader authors. MIT licence.",
        "OriginalFilename": exe_name,
        "ProductName": "APIModels Uploader",
        "ProductVersion": version,
    }
    entries = ",\n".join(f"            StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
        StringTable('040904B0', [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
