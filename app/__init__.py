"""APIModels Uploader: drop media, get public URLs for the APIModels generation API."""

from __future__ import annotations

APP_NAME = "APIModels Uploader"
DIST_NAME = "apimodels-uploader"


def _version() -> str:
    # pyproject.toml is the one place the version is written: an installed (or editable) checkout
    # and a frozen bundle (the spec copies the metadata) both read it from the package metadata.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:  # a bare source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Looked up lazily: reading package metadata costs start-up time nobody needs for a drop.
    if name == "__version__":
        value = _version()
        globals()["__version__"] = value
        return value
    raise AttributeError(name)
