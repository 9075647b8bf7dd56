"""The plumbing every layer shares, below the domain: the one worker pool (``parallel``), the
one writer (``writer``), records written whole or not at all (``records``), the one time
policy (``reproducible``), the garbage collector's policy (``heap``) and the switch between
the POSIX ways and the ways that work everywhere (``portable``). It imports nothing else of
the package, so content, site, downloads and intake use it without reaching up into
``publish`` (issue 36: layers held by contract)."""
