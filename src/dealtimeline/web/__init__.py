"""Checking sources on the live web: fetching pages safely (`safety.py`, `fetch.py`,
`decode.py`), their visible text (`text.py`), a private cache of what was fetched
(`pages.py`), the verdict on each source (`check.py`), and the web archive's copies
(`wayback.py`). Imported only by `sources check` and `add-source --check`: httpx and the
HTML parser never load for the other commands."""
