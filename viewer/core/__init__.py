"""The Qt-free core: records, decoding, parsing, loading.

Nothing in this package imports Qt; plain pytest tests it and the CLI and
the GUI are both thin layers over it.
"""
