"""Pages out: the one site context, templates, charts and the MkDocs hook (the URLs are
:mod:`generator.core.urls`, shared with the downloads)."""
