"""The published site: view models, generated pages, exports, statistics, feed, the
MkDocs plugin and its templates. Built on ``content`` and ``images``."""
