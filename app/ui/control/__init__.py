"""The controller and its parts: engine bridge, events in, files in, URLs out."""
