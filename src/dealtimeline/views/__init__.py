"""One view per command: what it shows, as data and as renderables."""
