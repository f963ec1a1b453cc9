"""The core: data in, data out; no terminal, no sentences for the screen."""
