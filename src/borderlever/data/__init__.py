"""Data layer: readers of the official files, declared schemas, the DuckDB store, bundled tables."""
