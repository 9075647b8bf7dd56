"""Publishing: from checked content to the site on disk, and the staff commands around it.

Named for its job (it was ``generator/build/``, a name every tool takes for output and skips).
The shared plumbing (worker pool, writer, records, time and GC policy) is ``generator/base``.
The map, in the order a build runs (``pipeline.py``):

- **Run and guard**: ``pipeline`` (check → generate → MkDocs → Pagefind → swap ``site/``),
  ``lock`` (one build per build folder).
- **Remember**: ``cache`` (each file's checked result) and ``state`` (page fingerprints,
  what the published site was made from, its stamp): no work done twice.
- **MkDocs, behind one seam**: ``mkdocs`` is the only module that imports MkDocs (config,
  runs, the warm process, the preview's server; ``.importlinter`` holds it), and
  ``mkdocs_hooks`` the hook file MkDocs loads by path. ``partitions`` (bounded runs over
  the changed pages) and ``shells`` (project pages filled outside MkDocs) reach MkDocs
  through the seam. ``assets`` (ECharts, Tablesort), ``paths`` (where the repository's
  files are).
- **Pagefind**: ``pagefind`` (shards), ``pagefind_input`` and ``pagefind_cut`` (what it is
  given), ``pagefind_bigrams`` (Chinese cut alike in index and query), ``pagefind_route``
  (which shards hold a word; each bundle's filters for a listing by filters alone),
  ``pagefind_stable`` (reproducible filters), ``pagefind_reuse`` (a shard indexed again
  starts from its published bundle). Pagefind's shipped files are not patched.
- **Put in place**: ``files`` (links, the atomic swap), ``spare`` (the replaced site as the
  next build's start).
- **Staff commands**: ``serve`` (the preview and its error page), ``package`` (the offline
  zip), ``starter`` (``jxgk init``).

Size. The issue's budget is 2,500 lines; the step has ~4,100, and what is over it is the
mechanisms below, each kept for a cost it removes, measured at 10,000 projects (figures
and commands in each module's docstring and in docs/dev/performance.md; reproduce with
``.venv/bin/python -m tests.bench.bench --sizes 10000``, whose table gives each stage):
``cache`` + ``state`` (~620 lines: nothing changed 0.3 s, one edit ~5 s, against a clean
build's ~90 s), ``partitions`` (~240: an edit's MkDocs step a second, not a clean run's
~14 s), ``shells`` (~220: MkDocs 120 s → 36 s on a clean build), ``spare`` (~230: the
assembly 2.4–6.3 s → 0.5–1.1 s), the warm MkDocs process (~70 in ``mkdocs``: an edit's
MkDocs step 0.8–2.0 s → 0.7–1.0 s), ``mkdocs_hooks`` (~60: 148 s of a 175 s MkDocs run
was Python-Markdown parsing raw HTML) and the Pagefind modules (~1,050, counted as they
are; ``pagefind_reuse``, ~60: an edit's shard of 500 pages indexed in 1.8 s, not 3.8).
Without them the step would be ~1,500 lines and an edit at 10,000 projects would cost a
clean build.
"""
