"""The CLI with its MD5 replaced by a no-op: a diagnosis of what the ETag check costs, never a mode.

Run as the CLI would be: python benchmarks/without_md5.py upload ... (the sink sends no ETag, so
nothing is compared). benchmarks/run.py uses it for the "without the MD5" line of the table.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class _Nothing:
    def update(self, data: bytes, /) -> None:
        return None

    def hexdigest(self) -> str:
        return ""


def main() -> int:
    import app.core.api as api
    from app.cli import main as cli

    api.hashlib = types.SimpleNamespace(md5=lambda **_: _Nothing())  # type: ignore[assignment]
    return cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
