"""Archive Viewer: read and annotate archived newspaper articles."""

__version__ = "0.1.0"
