"""Open data out: the files under ``data/`` (CSV, XLSX, JSON) and their dictionary."""
