"""The model: the typed records, their dates, names, text rules and tombstones.

The lowest layer: it imports nothing else of the package but :mod:`libya_conflict.exceptions`.
"""
