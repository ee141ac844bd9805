"""startupdir: validate startup profiles kept in Git and publish them as a static directory."""

__version__ = "0.1.0"
