"""Importers: turn external datasets into ledger folders of the same model."""
