"""The only importers of Rich: how each view is drawn in the terminal and as SVG."""
