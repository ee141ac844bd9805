"""Files in, frozen ``Directory`` out: reading (hardened YAML), the one schema declaration,
validation and its reports, news posts, removed profiles, and the text rules they share.

The lowest room: it uses ``images`` only to check logos, and nothing above it.
"""
