"""Importers: ledgers written from other data sets (snapshots of the world, disputed areas, ...).

Each importer reads one data set, maps its states to polities and its polygons to places (the
common refinement of every polygon, see :mod:`.refine`), dates what changed between two observations
honestly, and writes a ledger folder of the ordinary format that validates clean.
"""
