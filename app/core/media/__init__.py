"""Media before the upload: what a file is and whether it may go (check), what it carries about
where and by whom it was made (clean), and making it fit its cap (fit).

``from app.core.media import ...`` keeps giving what app/core/media.py gave before it grew into a
package.
"""

from app.core.media.check import (
    HEAD_BYTES,
    OPEN_FLAGS,
    Caps,
    Collected,
    Kind,
    Media,
    MiB,
    Origin,
    Refusal,
    Stamp,
    collect,
    describe,
    file_sha256,
    human_size,
    inspect,
    sniff,
    sniff_open,
    wire_name,
)

__all__ = [
    "HEAD_BYTES",
    "OPEN_FLAGS",
    "Caps",
    "Collected",
    "Kind",
    "Media",
    "MiB",
    "Origin",
    "Refusal",
    "Stamp",
    "collect",
    "describe",
    "file_sha256",
    "human_size",
    "inspect",
    "sniff",
    "sniff_open",
    "wire_name",
]
