"""APIModels Uploader: drop media, get public URLs for the APIModels generation API."""

__version__ = "0.1.0"
APP_NAME = "APIModels Uploader"
