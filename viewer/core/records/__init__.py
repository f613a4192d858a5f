"""Records: the archive's format, reading files of any encoding, parsing,
finding files, loading in parallel, the column store, the persistent cache."""
