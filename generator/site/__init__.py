"""Pages out: the one site context, URLs, templates, charts and the MkDocs hook."""
