"""sitemap.xml: with site.yml's base_url an index of the files that list every page of the
site once, at its absolute address (percent-encoded, XML-escaped), valid against the
sitemaps.org 0.9 schema, the same bytes from every build of the same content; more files
past the per-file limit."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import etree

import generator.publish.sitemap
from generator.publish.partitions import page_address, page_output
from generator.publish.pipeline import build
from generator.publish.sitemap import absolute, sitemap_files
from tests.sitebuild import SEED_CONTENT, tmp_dir

pytestmark = pytest.mark.site

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# sitemaps.org's sitemap.xsd and siteindex.xsd (protocol 0.9), the parts a file must meet
_SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xsd:complexType name="tEntry"><xsd:sequence>
    <xsd:element name="loc" type="tLoc"/>
    <xsd:element name="lastmod" type="xsd:string" minOccurs="0"/>
  </xsd:sequence></xsd:complexType>
  <xsd:element name="urlset"><xsd:complexType><xsd:sequence>
    <xsd:element name="url" type="tEntry" maxOccurs="unbounded"/>
  </xsd:sequence></xsd:complexType></xsd:element>
  <xsd:element name="sitemapindex"><xsd:complexType><xsd:sequence>
    <xsd:element name="sitemap" type="tEntry" maxOccurs="unbounded"/>
  </xsd:sequence></xsd:complexType></xsd:element>
  <xsd:simpleType name="tLoc"><xsd:restriction base="xsd:anyURI">
    <xsd:minLength value="12"/><xsd:maxLength value="2048"/>
  </xsd:restriction></xsd:simpleType>
</xsd:schema>"""
SCHEMA = etree.XMLSchema(etree.fromstring(_SCHEMA.encode()))

HOST = "https://例子.中国"  # a Chinese domain (IDNA) and a path with & in it
PATH = "/绩效&公开/"
BASE = "https://xn--fsqu00a.xn--fiqs8s" + quote(PATH, safe="/&")  # as a sitemap has it


def _content(name: str, base_url: str) -> tuple[Path, Path]:
    work = tmp_dir(name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(SEED_CONTENT, work / "content")
    site_yml = work / "content" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(text.replace('base_url: ""', f'base_url: "{base_url}"'),
                        encoding="utf-8")
    return work, work / "content"


def locs(data: bytes) -> list[str]:
    """The addresses a sitemap file lists, after checking it against the schema."""
    tree = etree.fromstring(data)
    SCHEMA.assertValid(tree)
    return [loc.text or "" for loc in tree.iter(f"{NS}loc")]


def listed(site: Path, base: str) -> list[str]:
    """The addresses the site's sitemap lists: ``sitemap.xml`` an index, each file it names
    (under ``base``) read in turn."""
    index = (site / "sitemap.xml").read_bytes()
    assert etree.fromstring(index).tag == f"{NS}sitemapindex"
    out = []
    for part in locs(index):
        assert part.startswith(base) and "/" not in part.removeprefix(base)
        out += locs((site / part.removeprefix(base)).read_bytes())
    return out


def pages_of(site: Path, base: str) -> list[str]:
    """Every page of the built site (each folder's index.html but Pagefind's), as the
    site links it, under ``base``."""
    found = []
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        if not rel.startswith("pagefind"):
            found.append(base if rel == "." else f"{base}{rel}/")
    return sorted(found)


def test_the_sitemap_lists_every_page_once_at_its_address() -> None:
    work, content = _content("sitemap-path", HOST + PATH)
    site = build(content, work / "build", work / "site").site_dir
    assert site is not None
    data = (site / "sitemap-1.xml").read_bytes()
    assert b"&amp;" in data and "绩效".encode() not in data  # escaped, percent-encoded
    assert locs((site / "sitemap.xml").read_bytes()) == [BASE + "sitemap-1.xml"]
    pages = listed(site, BASE)
    assert pages == sorted(pages) and len(pages) == len(set(pages))
    assert pages == pages_of(site, BASE) and len(pages) > 30
    assert BASE + "projects/2017/video-conference/" in pages
    index = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == index
    assert not (site / "robots.txt").exists()  # under a path: the host's robots.txt
    # another clean build of the same content: the same bytes, the gzip's mtime 0
    again = build(content, work / "build-2", work / "site-2").site_dir
    assert again is not None
    for name in ("sitemap.xml", "sitemap-1.xml", "sitemap.xml.gz"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0"


def test_a_site_at_a_hosts_root_tells_crawlers_its_sitemap_in_robots_txt(monkeypatch
                                                                          ) -> None:
    """And past the per-file limit sitemap.xml is an index of numbered sitemaps."""
    monkeypatch.setattr(generator.publish.sitemap, "MAX_URLS", 10)
    work, content = _content("sitemap-root", "https://jxgk.example.gov.cn")
    base = "https://jxgk.example.gov.cn/"
    site = build(content, work / "build", work / "site").site_dir
    assert site is not None
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots == ["User-agent: *", "Allow: /", "", f"Sitemap: {base}sitemap.xml"]
    index = (site / "sitemap.xml").read_bytes()
    assert etree.fromstring(index).tag == f"{NS}sitemapindex"
    parts = locs(index)
    pages = pages_of(site, base)
    assert parts == [f"{base}sitemap-{n}.xml" for n in range(1, -(-len(pages) // 10) + 1)]
    listed = []
    for part in parts:
        chunk = locs((site / part.removeprefix(base)).read_bytes())
        assert 0 < len(chunk) <= 10
        listed += chunk
    assert listed == pages
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == index


def test_without_base_url_the_sitemap_is_empty_and_an_edit_gives_the_clean_build() -> None:
    """base_url set, then removed: the rebuilt site's sitemap (carried over from the
    published site by an edit that renders only changed pages) is a clean build's."""
    work, content = _content("sitemap-removed", "https://jxgk.example.gov.cn/gk/")
    site = work / "site"
    build(content, work / "build", site)
    assert len(listed(site, "https://jxgk.example.gov.cn/gk/")) > 30
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        'base_url: "https://jxgk.example.gov.cn/gk/"', 'base_url: ""'), encoding="utf-8")
    build(content, work / "build", site)
    clean = build(content, work / "clean-build", work / "clean-site").site_dir
    assert clean is not None
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (site / name).read_bytes() == (clean / name).read_bytes(), name
    tree = etree.fromstring((site / "sitemap.xml").read_bytes())
    assert tree.tag == f"{NS}urlset" and len(tree) == 0  # as MkDocs' (the schema wants a url)
    assert not (site / "robots.txt").exists() and not (clean / "robots.txt").exists()
    assert not (site / "sitemap-1.xml").exists()  # the list that base_url gave went


def test_the_index_splits_by_count_and_by_bytes() -> None:
    addresses = [f"projects/p{n:03d}/" for n in range(25)]
    files = sitemap_files("https://a.example/", addresses, max_urls=10)
    assert sorted(files) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml",
                             "sitemap.xml", "sitemap.xml.gz"]
    assert [len(locs(files[f"sitemap-{n}.xml"])) for n in (1, 2, 3)] == [10, 10, 5]
    empty = len(sitemap_files("https://a.example/", [])["sitemap-1.xml"])  # an empty urlset
    entry = len("<url><loc>https://a.example/projects/p000/</loc></url>\n")
    small = sitemap_files("https://a.example/", addresses, max_urls=50,
                          max_bytes=empty + 3 * entry)  # three entries a file
    numbered = [small[f"sitemap-{n}.xml"] for n in range(1, 10)]
    assert "sitemap-10.xml" not in small
    assert [len(locs(data)) for data in numbered] == [3] * 8 + [1]
    assert max(len(data) for data in numbered) == empty + 3 * entry
    # exactly at the limit: one file, still named by an index (Material fetches the index
    # on every page load: tests/browser/test_sitemap_browser.py)
    one = sitemap_files("https://a.example/", addresses[:10], max_urls=10)
    assert sorted(one) == ["robots.txt", "sitemap-1.xml", "sitemap.xml", "sitemap.xml.gz"]
    assert locs(one["sitemap.xml"]) == ["https://a.example/sitemap-1.xml"]
    assert len(locs(one["sitemap-1.xml"])) == 10


def test_addresses_are_percent_encoded_and_escaped() -> None:
    assert absolute("https://a.example/x&y/", "projects/p/") == \
        "https://a.example/x&amp;y/projects/p/"
    assert absolute("https://a.example/%E7%BB%A9/", "") == "https://a.example/%E7%BB%A9/"
    assert absolute(HOST + ":8443" + PATH, "") == \
        "https://xn--fsqu00a.xn--fiqs8s:8443" + quote(PATH, safe="/&").replace("&", "&amp;")


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_pages_address_is_where_mkdocs_writes_it(directory_urls: bool) -> None:
    wanted = {  # Markdown file: (address, HTML file) with directory URLs; without, the file
        "index.md": ("", "index.html"), "README.md": ("", "index.html"),
        "about.md": ("about/", "about.html"), "about/index.md": ("about/", "about/index.html"),
        "years/2017/index.md": ("years/2017/", "years/2017/index.html"),
        "projects/2017/video-conference.md": ("projects/2017/video-conference/",
                                              "projects/2017/video-conference.html"),
        "projects/a.b/c.d.md": ("projects/a.b/c.d/", "projects/a.b/c.d.html"),
        "x/README.md": ("x/", "x/index.html")}
    for src, (folder, file) in wanted.items():
        address = page_address(src, directory_urls)
        assert address == (folder if directory_urls else file), src
        assert page_output(src, directory_urls) == (folder + "index.html" if directory_urls
                                                    else file), src
