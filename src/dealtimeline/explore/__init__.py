"""`dealtimeline explore`: the timeline as an interactive terminal app (Textual).

Imported only by the `explore` command: the other commands never load Textual.
`rows.py` lays out the timeline's lines (no Textual), `timeline.py` is the virtualised
list, `filtering.py` the filter bar, `panes.py` what the detail pane shows, `app.py` the
app and its keys, `help.py` the help screen.
"""
