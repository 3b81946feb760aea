"""The desktop around the window: single instance, crash dialog, theme, icons, opener."""
