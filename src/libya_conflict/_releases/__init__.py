"""Releases: the manifest, the standalone data bundle, ``verify``, ``diff`` and the installed
versions. Builds on loading and validation (problems and reports).
"""
