"""What a file's first bytes say it is: the media type to send, or a phrase for a person.

The service trusts the Content-Type we send, and the generation endpoints later trip over a PDF
that was sent as image/jpeg, so the type comes from the content. `filetype` knows most magic
numbers; the containers where it is too coarse (ISO-BMFF brands, Matroska doctypes, Ogg codecs,
RIFF, MPEG audio) and the formats it does not know at all (SVG, MPEG-TS) are parsed here first.
"""

from __future__ import annotations

import codecs
import re
import struct
from collections.abc import Callable
from typing import Any, Literal

# No stubs: pyproject's mypy section lets filetype be Any (ignore_missing_imports).
from filetype.types import audio as ft_audio
from filetype.types import image as ft_image
from filetype.types import video as ft_video

__all__ = [
    "AFTER_ID3_BYTES",
    "HEAD_BYTES",
    "ID3_WITHOUT_AUDIO",
    "OTHER_NAMES",
    "after_id3",
    "describe",
    "id3_end",
    "id3_read_behind",
    "sniff",
]

#: Enough for every check below: ~87 MPEG-TS packets, the EBML header and usually the Tracks of
#: a Matroska file, an MP4 `moov` when it comes first, and an SVG's prologue.
HEAD_BYTES = 16 * 1024

# filetype's MP3, AAC and BMP matchers accept any buffer starting with two given bytes (a note
# starting "BMW ..." would be a bitmap); those formats are checked more closely below. DWG's magic
# ("AC10") is plain ASCII text and a CAD drawing is no picture, DICOM is application/dicom.
# Photoshop, GIMP (XCF), Canon raw (CR2) and JPEG XR files are left out on purpose: no generation
# endpoint reads them, so they are refused with a sentence (see `describe`) instead of failing
# later. JPEG 2000 and ASF (WMA/WMV) are parsed here, where filetype is too coarse.
_FILETYPE_MATCHERS: tuple[Any, ...] = (
    ft_image.Jpeg(),
    ft_image.Apng(),
    ft_image.Png(),
    ft_image.Gif(),
    ft_image.Webp(),
    ft_image.Tiff(),
    ft_image.Ico(),
    ft_image.Heic(),
    ft_image.Avif(),
    ft_video.M3gp(),
    ft_video.Mp4(),
    ft_video.M4v(),
    ft_video.Mkv(),
    ft_video.Mov(),
    ft_video.Avi(),
    ft_video.Mpeg(),
    ft_video.Webm(),
    ft_video.Flv(),
    ft_audio.Midi(),
    ft_audio.M4a(),
    ft_audio.Ogg(),
    ft_audio.Flac(),
    ft_audio.Wav(),
    ft_audio.Amr(),
    ft_audio.Aiff(),
)

# The names servers and browsers agree on; filetype reports some legacy x- spellings.
OTHER_NAMES = {
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/x-aiff": "audio/aiff",
    "audio/x-m4a": "audio/mp4",
    "video/x-m4v": "video/mp4",
    # APNG is a valid PNG to every decoder that does not animate; image/png is the type every
    # consumer of the uploaded URL accepts, image/apng only some.
    "image/apng": "image/png",
}
_NORMALISE = OTHER_NAMES


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot + 1 :].lower() if dot > 0 and dot < len(name) - 1 else ""


# --- ISO base media file format (MP4, MOV, M4A, HEIF, AVIF, 3GP) --------------------------------

_BMFF_BRANDS: dict[str, str] = {
    "avif": "image/avif",
    "avis": "image/avif",
    "heic": "image/heic",
    "heix": "image/heic",
    "heim": "image/heic",
    "heis": "image/heic",
    "hevc": "image/heic",
    "hevx": "image/heic",
    "mif1": "image/heif",
    "msf1": "image/heif",
    "jp2 ": "image/jp2",
    "jpx ": "image/jpx",
    "M4A ": "audio/mp4",
    "M4B ": "audio/mp4",
    "M4P ": "audio/mp4",
    "F4A ": "audio/mp4",
    "F4B ": "audio/mp4",
    "qt  ": "video/quicktime",
    "3gp4": "video/3gpp",
    "3gp5": "video/3gpp",
    "3gp6": "video/3gpp",
    "3gp7": "video/3gpp",
    "3gs7": "video/3gpp",
    "3ge6": "video/3gpp",
    "3ge7": "video/3gpp",
    "3gg6": "video/3gpp",
    "3g2a": "video/3gpp2",
    "3g2b": "video/3gpp2",
    "3g2c": "video/3gpp2",
}
# Brands that only say "some MP4": whether it holds video or only sound is read from the tracks.
_BMFF_GENERIC = frozenset(
    [
        "isom",
        "iso2",
        "iso3",
        "iso4",
        "iso5",
        "iso6",
        "iso7",
        "iso8",
        "iso9",
        "mp41",
        "mp42",
        "mp71",
        "avc1",
        "av01",
        "dash",
        "mmp4",
        "M4VH",
        "M4VP",
        "MSNV",
        "NDAS",
        "NDSC",
        "NDSH",
        "NDSM",
        "NDSP",
        "NDSS",
        "NDXC",
        "NDXH",
        "NDXM",
        "NDXP",
        "NDXS",
        "XAVC",
        "CAEP",
    ]
) | {"M4V ", "F4V ", "F4P "}
_AUDIO_MP4_EXTS = frozenset({"m4a", "m4b", "m4p", "m4r", "f4a", "f4b"})


def _bmff_boxes(head: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes between start and end that fit."""
    boxes = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", head, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                break
            size = struct.unpack_from(">Q", head, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            break
        boxes.append((kind, pos + header, min(pos + size, end)))
        pos += size
    return boxes


def _bmff_track_kinds(head: bytes) -> set[bytes]:
    """Handler types ('vide', 'soun', ...) of the tracks in a `moov` that fits in head."""
    kinds: set[bytes] = set()
    for kind, start, end in _bmff_boxes(head, 0, len(head)):
        if kind != b"moov":
            continue
        for trak, t_start, t_end in _bmff_boxes(head, start, end):
            if trak != b"trak":
                continue
            for mdia, m_start, m_end in _bmff_boxes(head, t_start, t_end):
                if mdia != b"mdia":
                    continue
                for hdlr, h_start, h_end in _bmff_boxes(head, m_start, m_end):
                    if hdlr == b"hdlr" and h_end - h_start >= 12:
                        kinds.add(head[h_start + 8 : h_start + 12])
    return kinds


def _sniff_bmff(head: bytes, name: str) -> str | None:
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = struct.unpack_from(">I", head, 0)[0]
    if size < 16 or size > 4096:
        return None
    end = min(size, len(head))
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, end - 3, 4)]
    names = [b.decode("latin-1") for b in brands]
    # The major brand speaks first; a compatible brand only when the major one is unknown here.
    # Among compatible brands the image ones win, because a HEIF/AVIF file also lists "iso8"/"mif1".
    major = names[0]
    if major in ("mif1", "msf1"):
        # The generic HEIF brands: the codec brand among the compatible ones says which image.
        for codec in ("avif", "avis", "heic", "heix", "heim", "heis", "hevc", "hevx"):
            if codec in names[1:]:
                return _BMFF_BRANDS[codec]
    if major in _BMFF_BRANDS:
        return _BMFF_BRANDS[major]
    for preferred in ("avif", "avis", "heic", "heix", "mif1", "msf1", "M4A ", "qt  "):
        if preferred in names[1:]:
            return _BMFF_BRANDS[preferred]
    if not any(b in _BMFF_GENERIC or b in _BMFF_BRANDS for b in names):
        return None
    tracks = _bmff_track_kinds(head)
    if b"vide" in tracks:
        return "video/mp4"
    if b"soun" in tracks:
        return "audio/mp4"
    # moov at the end of the file (the common non-"faststart" layout): the name is all we have.
    return "audio/mp4" if _ext(name) in _AUDIO_MP4_EXTS else "video/mp4"


# QuickTime files from before the ftyp box start straight with one of these atoms.
_QT_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"pnot", b"skip", b"free"})


def _sniff_old_quicktime(head: bytes) -> str | None:
    boxes = _bmff_boxes(head, 0, min(len(head), 64 * 1024))
    if not boxes or boxes[0][0] not in _QT_ATOMS:
        return None
    # Two well-formed atoms in a row, both from the QuickTime set or moov/mdat, is not chance.
    if len(boxes) >= 2 and all(k in _QT_ATOMS for k, _, _ in boxes[:2]):
        return "video/quicktime"
    return None


# --- Matroska / WebM -----------------------------------------------------------------------------


def _ebml_vint(head: bytes, pos: int) -> tuple[int, int] | None:
    """(value, length) of the EBML variable-size integer at pos (marker bit removed)."""
    if pos >= len(head) or head[pos] == 0:
        return None
    first = head[pos]
    length = 8 - first.bit_length() + 1
    if pos + length > len(head):
        return None
    value = first & (0xFF >> length)
    for b in head[pos + 1 : pos + length]:
        value = (value << 8) | b
    return value, length


def _ebml_id(head: bytes, pos: int) -> tuple[int, int] | None:
    """Element IDs keep their marker bits, unlike sizes."""
    if pos >= len(head) or head[pos] == 0:
        return None
    length = 8 - head[pos].bit_length() + 1
    if length > 4 or pos + length > len(head):
        return None
    return int.from_bytes(head[pos : pos + length], "big"), length


_CODEC_ID = re.compile(rb"\x86[\x81-\xa0]([VA])_")


def _sniff_matroska(head: bytes, name: str) -> str | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    size = _ebml_vint(head, 4)
    if size is None:
        return None
    pos, end = 4 + size[1], min(len(head), 4 + size[1] + size[0])
    doctype = None
    while pos < end:
        eid = _ebml_id(head, pos)
        if eid is None:
            break
        esize = _ebml_vint(head, pos + eid[1])
        if esize is None:
            break
        body = pos + eid[1] + esize[1]
        if eid[0] == 0x4282:
            doctype = head[body : body + esize[0]].rstrip(b"\x00")
            break
        pos = body + esize[0]
    if doctype not in (b"webm", b"matroska"):
        return None
    # Every track's CodecID starts with V_ or A_ (S_ for subtitles). The Tracks element sits near
    # the start in files from every muxer seen so far; when it is not in head, the name decides.
    codecs_seen = {m.group(1) for m in _CODEC_ID.finditer(head)}
    audio_only = codecs_seen == {b"A"} if codecs_seen else _ext(name) in ("weba", "mka")
    if doctype == b"webm":
        return "audio/webm" if audio_only else "video/webm"
    return "audio/x-matroska" if audio_only else "video/x-matroska"


# --- Ogg -----------------------------------------------------------------------------------------

# Ogg Opus is registered as audio/ogg (RFC 7845); audio/opus (RFC 7587) names bare RTP payloads,
# and common server type tables (Apache's mime.types, nginx) map .opus to audio/ogg. One type for
# every Ogg audio codec is what browsers and storage services accept most reliably.
_OGG_CODECS: tuple[tuple[bytes, str], ...] = (
    (b"\x80theora", "video/ogg"),
    (b"\x80daala", "video/ogg"),
    (b"BBCD\x00", "video/ogg"),  # Dirac
    (b"\x01video\x00", "video/ogg"),  # OGM
    (b"\x01vorbis", "audio/ogg"),
    (b"OpusHead", "audio/ogg"),
    (b"\x7fFLAC", "audio/ogg"),
    (b"Speex   ", "audio/ogg"),
)


def _sniff_ogg(head: bytes) -> str | None:
    if not head.startswith(b"OggS\x00"):
        return None
    found: set[str] = set()
    pos = 0
    # Every stream's first (BOS) page comes before any data page, so walking the leading pages
    # sees all the codecs of a multiplexed file.
    while pos + 27 <= len(head) and head[pos : pos + 4] == b"OggS":
        header_type = head[pos + 5]
        nsegs = head[pos + 26]
        if pos + 27 + nsegs > len(head):
            break
        body = pos + 27 + nsegs
        body_len = sum(head[pos + 27 : body])
        if header_type & 0x02:
            packet = head[body : body + 16]
            for magic, mime in _OGG_CODECS:
                if packet.startswith(magic):
                    found.add(mime)
        elif found:
            break
        pos = body + body_len
    if "video/ogg" in found:
        return "video/ogg"
    if "audio/ogg" in found:
        return "audio/ogg"
    return None


# --- RIFF, AIFF, FLAC ----------------------------------------------------------------------------


def _sniff_riff(head: bytes) -> str | None:
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64", b"BW64"):
        return None
    form = head[8:12]
    if form == b"WAVE":
        return "audio/wav"
    if form == b"AVI " and head[:4] == b"RIFF":
        return "video/x-msvideo"
    if form == b"WEBP" and head[:4] == b"RIFF":
        return "image/webp"
    return None


def _sniff_iff(head: bytes) -> str | None:
    if len(head) >= 12 and head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio/aiff"
    return None


def _sniff_au(head: bytes) -> str | None:
    # Sun/NeXT audio: ".snd", then a big-endian header size of at least 24 bytes.
    if len(head) >= 24 and head[:4] == b".snd" and struct.unpack_from(">I", head, 4)[0] >= 24:
        return "audio/basic"
    return None


def _sniff_caf(head: bytes) -> str | None:
    # Apple Core Audio Format: "caff", file version 1, flags 0, and the Audio Description chunk
    # the specification requires to come first.
    if head[:6] == b"caff\x00\x01" and head[8:12] == b"desc":
        return "audio/x-caf"
    return None


# --- ASF (WMA, WMV) -------------------------------------------------------------------------------

# GUIDs as they are stored: the first three fields little-endian (uuid.UUID(...).bytes_le).
_ASF_HEADER = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")  # 75B22630-668E-11CF-A6D9-...
_ASF_STREAM_PROPERTIES = bytes.fromhex("9107dcb7b7a9cf118ee600c00c205365")  # B7DC0791-A9B7-...
_ASF_AUDIO = bytes.fromhex("409e69f84d5bcf11a8fd00805f5c442b")  # F8699E40-5B4D-11CF-A8FD-...
_ASF_VIDEO = bytes.fromhex("c0ef19bc4d5bcf11a8fd00805f5c442b")  # BC19EFC0-5B4D-11CF-A8FD-...


def _sniff_asf(head: bytes, name: str) -> str | None:
    if len(head) < 30 or not head.startswith(_ASF_HEADER):
        return None
    # Every stream has a Stream Properties object in the Header object, some nested in the Header
    # Extension object; its first field is the stream type. Searching the header for the object's
    # GUID finds both.
    header_end = min(len(head), struct.unpack_from("<Q", head, 16)[0])
    kinds: set[bytes] = set()
    pos = head.find(_ASF_STREAM_PROPERTIES, 30, header_end)
    while pos != -1:
        kinds.add(head[pos + 24 : pos + 40])
        pos = head.find(_ASF_STREAM_PROPERTIES, pos + 16, header_end)
    if _ASF_VIDEO in kinds:
        return "video/x-ms-wmv"
    if _ASF_AUDIO in kinds:
        return "audio/x-ms-wma"
    # A header larger than head (cover art in the metadata): the name is all we have.
    return "audio/x-ms-wma" if _ext(name) == "wma" else "video/x-ms-wmv"


# --- JPEG 2000, JPEG XL --------------------------------------------------------------------------

_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_JXL_SIGNATURE = b"\x00\x00\x00\x0cJXL \r\n\x87\n"
_JP2_BRANDS = {b"jp2 ": "image/jp2", b"jpx ": "image/jpx"}


def _sniff_jpeg2000(head: bytes) -> str | None:
    # A 12-byte signature box, then an ftyp box whose brands say JP2 or its extension JPX.
    if not head.startswith(_JP2_SIGNATURE) or head[16:20] != b"ftyp" or len(head) < 24:
        return None
    end = min(len(head), 12 + struct.unpack_from(">I", head, 12)[0])
    brands = [head[20:24]] + [head[i : i + 4] for i in range(28, end - 3, 4)]
    for brand in brands:
        if brand in _JP2_BRANDS:
            return _JP2_BRANDS[brand]
    return None


def _sniff_jxl(head: bytes) -> str | None:
    # A bare codestream (FF 0A, which no MPEG or ADTS frame starts with) or the ISO-BMFF container.
    if (head[:2] == b"\xff\x0a" and len(head) > 2) or head.startswith(_JXL_SIGNATURE):
        return "image/jxl"
    return None


def _sniff_bmp(head: bytes) -> str | None:
    # "BM" alone is two letters; the DIB header's size field names one of the few known versions.
    if len(head) >= 18 and head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":
        dib_size = struct.unpack_from("<I", head, 14)[0]
        if dib_size in (12, 16, 40, 52, 56, 64, 108, 124):
            return "image/bmp"
    return None


# --- MPEG audio and AAC ADTS ---------------------------------------------------------------------

_MPEG_BITRATES = {
    # (version is MPEG-1, layer) -> kbit/s by index 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mpeg_frame_length(head: bytes, pos: int) -> int | None:
    """Length of the MPEG audio frame whose header is at pos, None if it is no valid header."""
    if pos + 4 > len(head):
        return None
    b1, b2, b3 = head[pos + 1], head[pos + 2], head[pos + 3]
    if head[pos] != 0xFF or b1 & 0xE0 != 0xE0:
        return None
    version = (b1 >> 3) & 3  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    layer = 4 - ((b1 >> 1) & 3)  # 4 means the reserved layer bits, which ADTS uses
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 3
    if version == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    if b3 & 3 == 2:  # reserved emphasis
        return None
    mpeg1 = version == 3
    bitrate = _MPEG_BITRATES[(mpeg1, layer)][bitrate_index - 1] * 1000
    rate = _MPEG_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if (layer == 2 or mpeg1) else 72
    return per_frame * bitrate // rate + padding


def _adts_frame_length(head: bytes, pos: int) -> int | None:
    if pos + 7 > len(head):
        return None
    if head[pos] != 0xFF or head[pos + 1] & 0xF6 != 0xF0:  # sync, layer 00
        return None
    if (head[pos + 2] >> 2) & 0xF > 12:  # sampling frequency index
        return None
    length = ((head[pos + 3] & 3) << 11) | (head[pos + 4] << 3) | (head[pos + 5] >> 5)
    header = 7 if head[pos + 1] & 1 else 9
    return length if length > header else None


# AC-3 (ATSC A/52) frame sizes in bytes by sample rate code (48, 44.1, 32 kHz) and frmsizecod.
_AC3_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640)


def _ac3_frame_length(head: bytes, pos: int) -> int | None:
    if pos + 6 > len(head) or head[pos : pos + 2] != b"\x0b\x77":
        return None
    fscod, frmsizecod, bsid = head[pos + 4] >> 6, head[pos + 4] & 0x3F, head[pos + 5] >> 3
    # bsid above 10 is E-AC-3 (another frame layout) or reserved.
    if fscod == 3 or frmsizecod >= 2 * len(_AC3_KBPS) or bsid > 10:
        return None
    kbps = _AC3_KBPS[frmsizecod >> 1]
    if fscod == 0:
        words = 2 * kbps
    elif fscod == 1:
        words = kbps * 320 // 147 + (frmsizecod & 1)
    else:
        words = 3 * kbps
    return 2 * words


_FrameLength = Callable[[bytes, int], int | None]
# How many bytes each parser needs to see a frame's header.
_HEADER_BYTES: dict[_FrameLength, int] = {
    _mpeg_frame_length: 4,
    _adts_frame_length: 7,
    _ac3_frame_length: 6,
}


def _chain(head: bytes, pos: int, frame_length: _FrameLength) -> bool | None:
    """Whether several frames follow each other back to back from pos; None if head ends first.

    Three in a row make chance negligible; two that end exactly where the data ends are accepted
    for files shorter than three frames. None means every frame so far was valid but the data
    ran out before the third: only more bytes can tell.
    """
    header = _HEADER_BYTES[frame_length]
    count = 0
    while count < 3:
        if pos + header > len(head):
            return True if count >= 2 and pos == len(head) else None
        length = frame_length(head, pos)
        if length is None:
            return False
        pos += length
        count += 1
    return True


def _frame_chain(head: bytes, pos: int, frame_length: _FrameLength) -> bool:
    return _chain(head, pos, frame_length) is True


def _id3_end(head: bytes) -> int | None:
    """Where the ID3v2 tag at the start of head ends (possibly beyond head), None if no tag."""
    if len(head) < 10 or head[:3] != b"ID3" or head[3] not in (2, 3, 4) or head[4] == 0xFF:
        return None
    size_bytes = head[6:10]
    if any(b & 0x80 for b in size_bytes):
        return None
    size = 0
    for b in size_bytes:
        size = (size << 7) | b
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


def id3_end(head: bytes) -> int | None:
    """Public for `inspect`, which reads past an ID3 tag larger than HEAD_BYTES (cover art)."""
    return _id3_end(head)


#: How much to read behind an ID3 tag to judge what it is in front of: three of the longest MPEG
#: frames (2,880 bytes) after up to _ID3_SLACK bytes of padding or junk.
AFTER_ID3_BYTES = 16 * 1024
# Taggers pad beyond the size they write, and some encoders leave a few stray bytes before the
# first frame; decoders skip both, so the first frame is looked for this far behind the tag.
_ID3_SLACK = 2048


_STREAMS_BEHIND_ID3: tuple[tuple[_FrameLength, str], ...] = (
    (_adts_frame_length, "audio/aac"),
    (_mpeg_frame_length, "audio/mpeg"),
)


def _behind_id3(data: bytes) -> str | Literal[False] | None:
    """The stream behind an ID3 tag: its type, None if it is no audio, False if data is too short.

    data starts where the tag ends. Only what an MP3 decoder plays after a tag counts: a chain of
    MPEG audio frames, and the ADTS and FLAC streams that now and then carry a tag in front.
    """
    start = len(data) - len(data.lstrip(b"\x00"))
    if data[start:].startswith(b"fLaC"):
        return "audio/flac"
    undecided = start == len(data)  # nothing but padding so far
    pos = data.find(b"\xff", start, start + _ID3_SLACK)
    while pos != -1:
        for frame_length, mime in _STREAMS_BEHIND_ID3:
            verdict = _chain(data, pos, frame_length)
            if verdict:
                return mime
            undecided = undecided or verdict is None
        pos = data.find(b"\xff", pos + 1, start + _ID3_SLACK)
    if len(data) - start < 4:
        undecided = True
    return False if undecided else None


def after_id3(data: bytes) -> str | None:
    """Type of the audio that starts where an ID3 tag ends, None if there is none to play.

    data: the bytes from where the tag ends, AFTER_ID3_BYTES of them or up to the end of the file.
    """
    found = _behind_id3(data)
    return found if isinstance(found, str) else None


def id3_read_behind(head: bytes) -> int | None:
    """Where to read on when head ends before it shows what its ID3 tag is in front of.

    Cover art makes tags far larger than HEAD_BYTES; `inspect` then reads AFTER_ID3_BYTES from
    the offset returned and lets `after_id3` decide. None when head decides alone.
    """
    end = _id3_end(head)
    if end is None or len(head) < HEAD_BYTES:  # no tag, or head is the whole file
        return None
    if end < len(head) and _behind_id3(head[end:]) is not False:
        return None
    return end


def _sniff_raw_audio(head: bytes) -> str | None:
    """MPEG audio, AAC ADTS or AC-3 frames starting at the beginning of head."""
    if _frame_chain(head, 0, _adts_frame_length):
        return "audio/aac"
    if _frame_chain(head, 0, _mpeg_frame_length):
        return "audio/mpeg"
    if _frame_chain(head, 0, _ac3_frame_length):
        return "audio/ac3"
    return None


def _sniff_id3(head: bytes, name: str) -> str | None:
    end = _id3_end(head)
    if end is None:
        return None
    found = _behind_id3(head[end:]) if end < len(head) else False
    if found is not False:
        return found
    # The tag, or the frames behind it, run past head. If head is the whole file nothing playable
    # follows; otherwise the tag is trusted here and `inspect` reads on (see id3_read_behind).
    if len(head) < HEAD_BYTES:
        return None
    return "audio/aac" if _ext(name) == "aac" else "audio/mpeg"


# --- MPEG transport stream -----------------------------------------------------------------------


def _sniff_mpeg_ts(head: bytes) -> str | None:
    # 188-byte packets (broadcast .ts) or 192 with a 4-byte timecode in front (Blu-ray .m2ts).
    for packet, offset in ((188, 0), (192, 4)):
        packets = (len(head) - offset) // packet
        if packets < 3:
            continue
        starts = [offset + i * packet for i in range(min(packets, 64))]
        # Besides the sync byte, no packet may use the reserved adaptation-field value 00, which
        # also keeps a text of repeated "G"s from passing for a transport stream.
        if all(head[p] == 0x47 and head[p + 3] & 0x30 for p in starts):
            return "video/mp2t"
    return None


# --- Text: SVG, and what other text is -----------------------------------------------------------


def _decode_text(head: bytes) -> str | None:
    """head as text if it reads as text (BOM-aware; tolerant of a sequence cut at the end)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        encoding, head = "utf-8", head[3:]
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError:
        if b"\x00" in head:
            return None
        # Text in a legacy 8-bit encoding: no control characters, mostly printable.
        text = head.decode("latin-1")
    if not text:
        return None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v\x1b")
    if controls > len(text) // 100:
        return None
    return text


_PROLOGUE = re.compile(
    r"""\s*(?:
        <\?.*?\?>                                   # XML declaration, processing instructions
      | <!--.*?-->                                  # comments
      | <!DOCTYPE(?:[^\[>]*)(?:\[.*?\])?\s*>        # DOCTYPE, with an internal subset or not
    )""",
    re.DOTALL | re.VERBOSE | re.IGNORECASE,
)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")


def _root_element(text: str) -> str | None:
    pos = 0
    while True:
        m = _PROLOGUE.match(text, pos)
        if not m:
            break
        pos = m.end()
    m = _ROOT.match(text, pos)
    return m.group(1) if m else None


def _sniff_svg(head: bytes) -> str | None:
    if head.lstrip()[:1] not in (b"<", b"\xef", b"\xff", b"\xfe"):
        return None
    text = _decode_text(head)
    if text is None:
        return None
    root = _root_element(text)
    if root is not None and (root == "svg" or root.endswith(":svg")):
        return "image/svg+xml"
    return None


# --- Public --------------------------------------------------------------------------------------


def sniff(head: bytes, name: str) -> str | None:
    """MIME type of image/video/audio content from its first bytes.

    The name's extension only breaks ties the bytes cannot (an audio-only Matroska or MP4 whose
    track list lies beyond head). None if the content is not media.
    """
    head = bytes(head)
    if not head:
        return None
    found = (
        _sniff_bmff(head, name)
        or _sniff_matroska(head, name)
        or _sniff_ogg(head)
        or _sniff_riff(head)
        or _sniff_iff(head)
        or _sniff_asf(head, name)
        or _sniff_jpeg2000(head)
        or _sniff_jxl(head)
        or _sniff_caf(head)
        or _sniff_bmp(head)
        or _sniff_au(head)
        or ("audio/flac" if head.startswith(b"fLaC") else None)
        or _sniff_id3(head, name)
        or _sniff_mpeg_ts(head)
    )
    if found:
        return found
    # What filetype.match does, minus its bytearray copy; its matchers look at 8 KiB at most.
    signature = head[:8192]
    for matcher in _FILETYPE_MATCHERS:
        if matcher.match(signature):
            mime = str(matcher.mime)
            mime = _NORMALISE.get(mime, mime)
            if mime.startswith(("image/", "video/", "audio/")):
                return mime
            break
    return _sniff_raw_audio(head) or _sniff_old_quicktime(head) or _sniff_svg(head)


_BINARY_KINDS: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "a PDF document"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an XZ archive"),
    (b"(\xb5/\xfd", 0, "a Zstandard archive"),
    (b"ustar", 257, "a tar archive"),
    (b"MZ", 0, "a Windows program"),
    (b"\x7fELF", 0, "a Linux program"),
    (b"\xcf\xfa\xed\xfe", 0, "a macOS program"),
    (b"\xca\xfe\xba\xbe", 0, "a macOS program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an older Microsoft Office document"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"{\\rtf", 0, "an RTF document"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
    (b"\x00\x01\x00\x00\x00", 0, "a font"),
    (b"OTTO", 0, "a font"),
    (b"OggS", 0, "an Ogg file with no audio or video stream this app knows"),
    (b"\x1a\x45\xdf\xa3", 0, "an EBML file that is not Matroska or WebM"),
    (b"8BPS", 0, "a Photoshop document"),
    (b"gimp xcf ", 0, "a GIMP document"),
    (b"II\xbc", 0, "a JPEG XR file"),
)

#: What a file that starts with an ID3 tag but has no audio behind it looks like.
ID3_WITHOUT_AUDIO = "an MP3 tag with no audio after it"


def _describe_zip(head: bytes) -> str:
    if b"mimetypeapplication/epub+zip" in head[:100]:
        return "an EPUB e-book"
    if b"[Content_Types].xml" in head or b"_rels/" in head:
        if b"word/" in head:
            return "a Word document"
        if b"xl/" in head:
            return "an Excel spreadsheet"
        if b"ppt/" in head:
            return "a PowerPoint presentation"
    if b"mimetypeapplication/vnd.oasis.opendocument" in head[:100]:
        return "an OpenDocument file"
    return "a ZIP archive"


def _describe_text(text: str) -> str:
    root = _root_element(text)
    stripped = text.lstrip("\ufeff \t\r\n")
    lowered = stripped[:512].lower()
    if lowered.startswith("<!doctype html") or (root is not None and root.lower() == "html"):
        return "an HTML page"
    if root is not None and lowered.startswith(("<?xml", "<!--", "<!doctype", "<")):
        return "an XML document"
    if re.match(r"\{\s*(\"|\}|$)|\[\s*(\{|\"|\d|\]|$)", stripped):
        return "JSON data"
    if stripped.startswith("#!"):
        return "a script"
    return "plain text"


def describe(head: bytes) -> str:
    """What content that is not media looks like, as a phrase to put in a sentence."""
    head = bytes(head)
    if not head:
        return "empty"
    mime = sniff(head, "")
    if mime is not None:
        return {"image": "an image", "video": "a video", "audio": "audio"}[mime.split("/")[0]]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _describe_zip(head)
    if _id3_end(head) is not None:
        return ID3_WITHOUT_AUDIO
    if head[:4] in (b"II*\x00", b"MM\x00*") and head[8:10] == b"CR":
        return "a Canon raw photo"
    for magic, offset, phrase in _BINARY_KINDS:
        if head[offset : offset + len(magic)] == magic:
            return phrase
    text = _decode_text(head)
    if text is not None:
        if not text.strip():
            return "blank text"
        return _describe_text(text)
    if not head.strip(b"\x00"):
        return "only zero bytes"
    return "unrecognised binary data"
