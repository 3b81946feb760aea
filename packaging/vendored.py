"""The projects behind the libraries a wheel carries (``av.libs/``: FFmpeg and what it links),
by library name, with their licence texts kept in ``packaging/licenses/``.

A wheel's own metadata covers only its own code: PyAV's says BSD-3-Clause, yet its wheel carries
FFmpeg, x264, x265, GnuTLS... (auditwheel/delocate/delvewheel copy them in). Each library here
is matched to its upstream project by its name (``libx264-d6533a8d.so.165`` -> x264), and gets
that project's Debian copyright file (``licenses/vendored/<project>.copyright``, copied verbatim
from the Debian package named below: the same upstream project, an older release under the same
licence; GNU libiconv, which Debian does not package, has its own notice instead) and the full
standard texts it refers to (Debian's point to /usr/share/common-licenses,
which a bundle does not have). A library no entry names is not covered: the build stops
(packaging/licences.py), and the fix is an entry here with the project's real text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "licenses"


@dataclass(frozen=True)
class Project:
    name: str
    libraries: tuple[str, ...]  # library names without "lib", hash and version, lower case
    licence: str  # SPDX, as the wheel's build uses it
    copyright: str  # file in licenses/vendored/
    source: str  # where that file comes from (a Debian package and version, mostly)
    standard: tuple[str, ...] = ()  # full texts in licenses/ the copyright file refers to
    gpl_only: bool = False  # linking it makes the whole program GPL


_GPL2 = ("GPL-2.0.txt",)
_LGPL21 = ("LGPL-2.1.txt", "GPL-2.0.txt")
_LGPL3_OR_GPL2 = ("LGPL-3.0.txt", "GPL-3.0.txt", "GPL-2.0.txt")

PROJECTS: tuple[Project, ...] = (
    Project(
        "FFmpeg",
        (
            "avcodec",
            "avdevice",
            "avfilter",
            "avformat",
            "avutil",
            "postproc",
            "swresample",
            "swscale",
        ),
        # PyAV's build passes --enable-version3 (opencore-amr is Apache-2.0) and links x264/x265.
        "LGPL-3.0-or-later, linked with GPL-2.0-or-later x264 and x265",
        "ffmpeg.copyright",
        "Debian's libavcodec59 7:5.1.9-0+deb12u1 copyright file",
        ("LGPL-3.0.txt", "GPL-3.0.txt", "LGPL-2.1.txt", "GPL-2.0.txt", "Apache-2.0.txt"),
    ),
    Project(
        "x264",
        ("x264",),
        "GPL-2.0-or-later",
        "x264.copyright",
        "Debian's libx264-164 2:0.164.3095+gitbaee400-3 copyright file",
        _GPL2,
        gpl_only=True,
    ),
    Project(
        "x265",
        ("x265",),
        "GPL-2.0-or-later",
        "x265.copyright",
        "Debian's libx265-199 3.5-2+b1 copyright file",
        _GPL2,
        gpl_only=True,
    ),
    Project(
        "SVT-AV1",
        ("svtav1enc", "svtav1dec"),
        "BSD-3-Clause-Clear",
        "svt-av1.copyright",
        "Debian's libsvtav1enc1 1.4.1+dfsg-1 copyright file",
    ),
    Project(
        "dav1d",
        ("dav1d",),
        "BSD-2-Clause",
        "dav1d.copyright",
        "Debian's libdav1d6 1.0.0-2+deb12u1 copyright file",
    ),
    Project(
        "libvpx",
        ("vpx",),
        "BSD-3-Clause",
        "libvpx.copyright",
        "Debian's libvpx7 1.12.0-1+deb12u5 copyright file",
    ),
    Project(
        "Opus",
        ("opus",),
        "BSD-3-Clause",
        "opus.copyright",
        "Debian's libopus0 1.3.1-3 copyright file",
    ),
    Project(
        "LAME",
        ("mp3lame",),
        "LGPL-2.0-or-later",
        "lame.copyright",
        "Debian's libmp3lame0 3.100-6 copyright file",
        ("LGPL-2.1.txt", "GPL-2.0.txt"),
    ),
    Project(
        "opencore-amr",
        ("opencore-amrnb", "opencore-amrwb"),
        "Apache-2.0",
        "opencore-amr.copyright",
        "Debian's libopencore-amrnb0 0.1.6-1 copyright file",
        ("Apache-2.0.txt",),
    ),
    Project(
        "libwebp",
        ("webp", "webpmux", "webpdemux", "sharpyuv"),
        "BSD-3-Clause",
        "libwebp.copyright",
        "Debian's libwebp7 1.2.4-0.2+deb12u1 copyright file",
    ),
    Project(
        "oneVPL", ("vpl",), "MIT", "libvpl.copyright", "Debian's libvpl2 2023.1.1-1 copyright file"
    ),
    Project(
        "GnuTLS",
        ("gnutls",),
        "LGPL-2.1-or-later",
        "gnutls.copyright",
        "Debian's libgnutls30 3.7.9-2+deb12u7 copyright file",
        ("LGPL-2.1.txt", "GPL-2.0.txt", "GPL-3.0.txt"),
    ),
    Project(
        "Nettle",
        ("nettle", "hogweed"),
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "nettle.copyright",
        "Debian's libnettle8 3.8.1-2 copyright file",
        _LGPL3_OR_GPL2,
    ),
    Project(
        "GMP",
        ("gmp",),
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "gmp.copyright",
        "Debian's libgmp10 2:6.2.1+dfsg1-1.1 copyright file",
        _LGPL3_OR_GPL2,
    ),
    Project(
        "libunistring",
        ("unistring",),
        "LGPL-3.0-or-later OR GPL-2.0-or-later",
        "libunistring.copyright",
        "Debian's libunistring2 1.0-2 copyright file",
        _LGPL3_OR_GPL2,
    ),
    Project(
        "alsa-lib",
        ("asound",),
        "LGPL-2.1-or-later",
        "alsa-lib.copyright",
        "Debian's libasound2 1.2.8-1+b1 copyright file",
        _LGPL21,
    ),
    Project(
        "libXau", ("xau",), "MIT", "libxau.copyright", "Debian's libxau6 1:1.0.9-1 copyright file"
    ),
    Project(
        "libdrm",
        ("drm",),
        "MIT",
        "libdrm.copyright",
        "Debian's libdrm2 2.4.114-1+b1 copyright file",
    ),
    # The Windows wheel's own runtime (MinGW-w64 build): GCC's runtime libraries, winpthreads,
    # zlib, GNU libiconv.
    Project(
        "GCC runtime",
        ("gcc_s_seh", "gcc_s_dw2", "gcc_s", "stdc++"),
        "GPL-3.0-or-later WITH GCC-exception-3.1",
        "gcc.copyright",
        "Debian's gcc-12-base 12.2.0-14+deb12u1 copyright file",
        ("GPL-3.0.txt",),
    ),
    Project(
        "mingw-w64 winpthreads",
        ("winpthread",),
        "MIT AND BSD-3-Clause",
        "mingw-w64.copyright",
        "Debian's mingw-w64-common 10.0.0-3 copyright file",
    ),
    Project(
        "zlib",
        ("zlib1", "z"),
        "Zlib",
        "zlib.copyright",
        "Debian's zlib1g 1:1.2.13.dfsg-1+deb12u1 copyright file",
    ),
    Project(
        "GNU libiconv",
        ("iconv",),
        "LGPL-2.1-or-later",
        "libiconv.notice",
        "GNU libiconv's own notice (Debian does not package it)",
        ("LGPL-2.1.txt", "GPL-2.0.txt"),
    ),
    Project(
        "libxcb",
        ("xcb", "xcb-shape", "xcb-shm", "xcb-xfixes"),
        "MIT",
        "libxcb.copyright",
        "Debian's libxcb1 1.15-1 copyright file",
    ),
)

# A library file in a vendor folder: "libx264-d6533a8d.so.165", "libavcodec.62.dylib",
# "avcodec-62.dll", "libopencore-amrnb-d72c52e2.so.0.0.5".
_HASH = re.compile(r"(?i)-[0-9a-f]{8,32}(?=\.)")  # auditwheel's and delvewheel's mangling
_NAME = re.compile(r"(?i)^(?:lib)?(?P<name>[a-z][a-z0-9_+]*(?:-[a-z][a-z0-9_+]*)*)")

WHOLE_BUNDLE = (
    "This bundle carries FFmpeg's libraries (through PyAV) linked with x264 and x265, which are "
    "licensed under the GNU GPL version 2 or later, and built as version 3 (for opencore-amr's "
    "Apache-2.0 licence). As a whole, the bundle's binaries are therefore distributed under the "
    "terms of the GNU General Public License version 3 or later (GPL-3.0.txt in the FFmpeg "
    "folder). The app's own code (apimodels-uploader/LICENSE) stays under the MIT licence, and "
    "each component keeps its own licence, listed below."
)


def library_name(file_name: str) -> str:
    """``libopencore-amrnb-d72c52e2.so.0.0.5`` -> ``opencore-amrnb`` (no lib, hash, version)."""
    match = _NAME.match(_HASH.sub("", file_name))
    return match.group("name").lower() if match else file_name.lower()


def project_of(file_name: str) -> Project | None:
    name = library_name(file_name)
    for project in PROJECTS:
        if name in project.libraries:
            return project
    return None


def texts(project: Project) -> dict[str, str]:
    """The project's copyright file and the standard texts it refers to (empty when the copyright
    file is missing, so that the build stops)."""
    found = TEXTS / "vendored" / project.copyright
    if not found.is_file():
        return {}
    out = {"copyright": found.read_text(encoding="utf-8")}
    for name in project.standard:
        out[name] = (TEXTS / name).read_text(encoding="utf-8")
    return out
