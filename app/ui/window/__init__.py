"""The window and what hangs off it: main window, actions, drop zone, panels, dialogs."""
