"""Engines beyond one process: the same per-document analyses as `Pipeline.analyze`, computed
elsewhere. `ray_engine` spreads them over a pool of Ray workers (the `sitrep[ray]` extra); the
store and the exports stay in the driver, so every engine stores and prints through the same code.
"""
