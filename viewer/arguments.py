"""Command-line texts and parsing shared by the CLI and the window's start."""

from __future__ import annotations

import argparse
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """argparse with a one-line error: the mistake and where help is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


TOP_USAGE = """archive-viewer [--settings INI] [--no-cache] [PATH ...]
       archive-viewer COMMAND [OPTIONS] ...  (COMMAND --help for its options)"""

TOP_EPILOG = """the window:
  archive-viewer PATH...        open the window on record files and folders
  archive-viewer                open the last archive again (or the bundled seeds)
  --settings INI                keep the window's settings in this INI file
  --no-cache                    read every file, without the index in the user cache

A first argument that is neither a command nor an existing file or folder
is a usage error (exit 2), so a mistyped command never opens a window.

exit status: 0 success; 1 problems found (check), nothing matched (search),
or some file or sidecar could not be read (list, annotations); 2 a usage
error, a bad query, or a PATH that does not exist or cannot be read."""
