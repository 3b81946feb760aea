"""Start APIModels Uploader: ``python main.py --demo``, ``python main.py upload FILE...``."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
