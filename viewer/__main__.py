"""``python -m viewer``: the same entry as the ``archive-viewer`` command."""

import sys

from viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
