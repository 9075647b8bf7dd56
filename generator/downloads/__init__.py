"""Open data out: the files under ``data/`` (CSV, XLSX, JSON). Their columns are
:mod:`generator.core.fields`, which the data dictionary page reads too."""
