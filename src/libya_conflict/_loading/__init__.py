"""Loading: reading files under the limits, strict JSON, the bundled release's location, the
one record-file walker, and structuring records into the model (:mod:`.converter`).

Builds on :mod:`.._model` and :mod:`.._queries` (a load returns a :class:`Dataset`).
"""
