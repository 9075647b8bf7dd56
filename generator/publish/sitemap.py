"""The site's ``sitemap.xml`` (sitemaps.org protocol 0.9): every page once, at its address
under site.yml's ``base_url``, so that search engines (Baidu, Bing) find every result.

MkDocs lists pages only with a ``site_url``, which the build never gives it: a page's HTML
would then depend on the others and the pages could not be rendered in partitions
(:mod:`.partitions`). So the sitemap is written here, at the end of the build, from the
page list the build already has (its Markdown files), not by walking the new site, and
placed over the (empty) one MkDocs wrote. Without ``base_url`` no page can be listed (a
sitemap's URLs are absolute): the file stays, an empty ``urlset`` as it always was (an
intranet site's; written here too, so that one published with a base_url before does
not keep its list).

- Order: by address, so the same pages give the same bytes, whatever built them (a clean
  build or an edit's). No ``lastmod``: the build knows no page's modification date but
  the epoch it gives every page (a ``lastmod`` equal on every page tells a crawler
  nothing, and one that moves on every build makes it fetch every page again).
- ``sitemap.xml.gz`` is the same bytes gzipped with mtime 0, as MkDocs writes both (its
  gzip has the build's date).
- ``sitemap.xml`` is a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``, … each
  within :data:`MAX_URLS` addresses and :data:`MAX_BYTES` (the protocol's limits per
  file; a site of 100,000 projects has well over 50,000 pages), even when one file would
  hold them all. Why: Material's script fetches ``sitemap.xml`` beside every
  ``<link rel="alternate">`` of a page (``setupAlternate``, for language versions; feature
  flags do not turn it off), and every page has one, the Atom feed's. So every reader's
  page load downloaded and parsed the whole list: 75 bytes a page, 1.6 MB at 10,000
  projects, 3.7 MB at 50,000 pages. An index is a few hundred bytes, and crawlers follow
  it (tests/browser/test_sitemap_browser.py).
- ``robots.txt`` with a ``Sitemap:`` line (how crawlers find a sitemap without a webmaster
  tool) when ``base_url`` is the root of its host: crawlers read robots.txt only there.
  A site published under a path leaves the host's robots.txt to whoever runs the host
  (docs/guide/publish.md).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from generator.base.stages import stage
from generator.base.writer import Writer
from generator.base.xml_text import escape
from generator.core.model import SiteConfig
from generator.publish.partitions import page_address
from generator.publish.spare import listing

SITEMAP = "sitemap.xml"
SITEMAP_GZ = SITEMAP + ".gz"
ROBOTS = "robots.txt"
SITEMAP_DIR = "sitemap"  # in the build folder: the files, placed into the new site
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"  # a namespace name, not a link
MAX_URLS = 50_000  # addresses in one sitemap file at most (sitemaps.org)
MAX_BYTES = 50 * 1024 * 1024  # bytes of one sitemap file at most, uncompressed (sitemaps.org)

_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_ENTITIES = {'"': "&quot;", "'": "&apos;"}  # besides & < > (sitemaps.org: entity escaping)
_SAFE = "/:@!$&'()*+,;=-._~"  # RFC 3986 reserved and unreserved: kept as they are
_PLAIN = re.compile(r"[A-Za-z0-9._~/-]*")  # needs neither percent-encoding nor escaping


def _prefix(base_url: str) -> str:
    """``base_url`` percent-encoded (sitemaps.org wants RFC 3986 URLs: a Chinese host in
    IDNA, other characters as UTF-8 %XX; what is encoded already stays)."""
    parts = urlsplit(base_url)
    host = parts.netloc
    if not host.isascii():
        name, colon, port = host.rpartition(":")
        if not (colon and port.isdigit()):
            name, colon, port = host, "", ""
        try:
            host = name.encode("idna").decode("ascii") + colon + port
        except UnicodeError:
            host = quote(host, safe=_SAFE)
    return urlunsplit((parts.scheme, host, quote(parts.path, safe=_SAFE + "%"), "", ""))


def absolute(base_url: str, address: str, prefix: str | None = None) -> str:
    """``address`` under ``base_url``, percent-encoded and XML-escaped. ``prefix``: the
    base's :func:`_prefix`, XML-escaped, when known (a site's pages share it)."""
    if prefix is None:
        prefix = escape(_prefix(base_url), _ENTITIES)
    if _PLAIN.fullmatch(address):  # every address the site makes: nothing to encode
        return prefix + address
    return prefix + escape(quote(address, safe=_SAFE), _ENTITIES)


def _entries(tag: str, locs: Iterable[str]) -> Iterator[bytes]:
    for loc in locs:
        yield f"<{tag}><loc>{loc}</loc></{tag}>\n".encode()


def _document(root: str, entries: Iterable[bytes]) -> bytes:
    return b"".join([_HEAD, f'<{root} xmlns="{SITEMAP_NS}">\n'.encode(), *entries,
                     f"</{root}>\n".encode()])


def _split(entries: Iterable[bytes], max_urls: int, max_bytes: int) -> list[list[bytes]]:
    """The entries in files of at most ``max_urls`` entries and ``max_bytes`` bytes each."""
    room = max_bytes - len(_document("urlset", []))
    files: list[list[bytes]] = [[]]
    size = 0
    for entry in entries:
        if files[-1] and (len(files[-1]) >= max_urls or size + len(entry) > room):
            files.append([])
            size = 0
        files[-1].append(entry)
        size += len(entry)
    return files


def sitemap_files(base_url: str, addresses: Iterable[str], max_urls: int = MAX_URLS,
                  max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """Every file the sitemap takes (site-relative path → bytes): ``sitemap.xml``, an index
    of the numbered files that list the addresses, ``sitemap.xml.gz`` and ``robots.txt``.
    Without ``base_url``: an empty ``urlset`` and its gzip."""
    prefix = escape(_prefix(base_url), _ENTITIES)
    locs = [absolute(base_url, a, prefix) for a in sorted(set(addresses))] if base_url else []
    parts = _split(_entries("url", locs), max_urls, max_bytes)
    files: dict[str, bytes] = {}
    if not base_url:
        files[SITEMAP] = _document("urlset", parts[0])
    else:
        names = [f"sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
        for name, part in zip(names, parts, strict=True):
            files[name] = _document("urlset", part)
        files[SITEMAP] = _document(
            "sitemapindex", _entries("sitemap", (absolute(base_url, n) for n in names)))
    files[SITEMAP_GZ] = gzip.compress(files[SITEMAP], mtime=0)
    if base_url and urlsplit(base_url).path == "/":
        # plain text: the address as it is, not XML-escaped
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {_prefix(base_url)}{SITEMAP}\n"
        files[ROBOTS] = robots.encode()
    return files


def write_sitemap(build_dir: Path, config: SiteConfig, pages: Iterable[str],
                  directory_urls: bool, offline: bool
                  ) -> tuple[dict[str, str], dict[str, int], int | None]:
    """The sitemap of the site whose Markdown files are ``pages``, written into the build
    folder's :data:`SITEMAP_DIR` (a file whose bytes did not change is left as it is; none
    is written in place: the published site holds hard links to them), and listed as
    :meth:`.spare.Tree.place` takes it. The offline package (opened from disk, its pages
    ``….html``) keeps MkDocs' empty one."""
    if offline:
        return {}, {}, None
    folder = build_dir / SITEMAP_DIR
    with stage("assemble.sitemap"):
        writer = Writer(folder)
        files = sitemap_files(config.base_url,
                              (page_address(src, directory_urls) for src in pages), MAX_URLS)
        for path, data in files.items():
            writer.write(path, data)
        writer.remove_stale()
        return listing(folder)
