"""Publishing: from checked content to the site on disk, and the staff commands around it.

Named for its job (it was ``generator/build/``, a name every tool takes for output and skips).
The map, in the order a build runs (``pipeline.py``):

- **Run and guard**: ``pipeline`` (check → generate → MkDocs → Pagefind → swap ``site/``),
  ``lock`` (one build per build folder), ``portable`` (the POSIX or the everywhere ways),
  ``parallel`` (the one worker pool), ``heap`` (the garbage collector's policy).
- **Write and remember**: ``writer`` (the one writer, refuses a path twice), ``records``,
  ``cache`` and ``state`` (what the build folder keeps so no work is done twice),
  ``stamp`` (what a site depends on), ``reproducible`` (the one time policy).
- **MkDocs**: ``mkdocs`` (config and runs), ``mkdocs_warm`` (a process with MkDocs already
  imported), ``partitions`` (bounded runs), ``shells`` (project pages filled outside MkDocs),
  ``assets`` (ECharts and Tablesort from node_modules or the wheel), ``paths``.
- **Pagefind**: ``pagefind`` (shards), ``pagefind_input`` and ``pagefind_cut`` (what it is
  given), ``pagefind_bigrams`` (Chinese cut alike in index and query), ``pagefind_route``
  (which shards hold a word; each bundle's filters for a listing by filters alone),
  ``pagefind_stable`` (reproducible filters).
- **Put in place**: ``files`` (links, the atomic swap), ``spare`` (the replaced site as the
  next build's start).
- **Staff commands**: ``serve`` and ``serve_page`` (the preview), ``package`` (the offline
  zip), ``starter`` (``jxgk init``).

Each module's docstring says which measured cost it removes; the figures are in
docs/dev/performance.md.
"""
