"""Reading, checking, caching and writing store files."""
