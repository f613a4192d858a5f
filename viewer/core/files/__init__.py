"""Files the program writes: atomic writes, its own folders, file names as text."""
