"""Queries: the :class:`Dataset` and its collections, indexes, name resolution and graph
navigation. Builds on :mod:`.._model` only.
"""
