"""The Qt-free core.

Nothing in this package imports Qt; plain pytest tests it, and the CLI and
the GUI are both thin layers over it. Its layers, top to bottom (each may
use only those below it; ``pyproject.toml`` holds the contracts):

* :mod:`viewer.core.session` (and :mod:`viewer.core.record_export`): one
  open archive with its annotations and search;
* :mod:`viewer.core.search` and :mod:`viewer.core.annotations`, side by side;
* :mod:`viewer.core.records`: reading and loading record files;
* :mod:`viewer.core.files`: writing files safely, the program's folders.
"""
