"""The build glue: the pipeline, the one writer, MkDocs, Pagefind, packaging and preview."""
