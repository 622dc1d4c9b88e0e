"""Validation: the JSON Schemas, the integrity rules (each written once, in
:mod:`.integrity`), problems and reports, record files (:mod:`.validate`) and JSON Lines
(:mod:`.bulk`, the same checks line by line). Builds on loading, queries and the model.
"""
