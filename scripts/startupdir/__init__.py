"""startupdir: validate startup profiles kept in Git and publish them as a static directory.

Rooms, in the order data flows: ``content`` (files → frozen Directory), ``images``,
``site`` (views, pages, MkDocs plugin, templates), ``staff``; ``cli`` on top.
"""

__version__ = "0.1.0"
