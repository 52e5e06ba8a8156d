"""Reading and writing terrachron data in other formats (exports now, importers later)."""
