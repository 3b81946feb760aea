"""The upload list: rows, the model and its proxy, delegates, thumbnails, the view."""
