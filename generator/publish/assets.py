"""The vendored front-end libraries (ECharts, Tablesort) from node_modules, for the site.

The files come from the npm packages pinned in ``package.json`` / ``package-lock.json``
(installed by ``make install``; an installed wheel carries copies, see ``paths``). Nothing
is fetched from the network: the built site serves these copies itself, so it works on an
intranet with no internet access.
"""

from __future__ import annotations

from pathlib import Path

from generator.publish.paths import INSTALLED, NODE_MODULES

#: (source relative to node_modules, file name under ``assets/vendor/``), in load order.
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("echarts/dist/echarts.min.js", "echarts.min.js"),
    ("echarts/LICENSE", "echarts.LICENSE.txt"),
    ("echarts/NOTICE", "echarts.NOTICE.txt"),
    ("tablesort/dist/tablesort.min.js", "tablesort.min.js"),
    ("tablesort/dist/sorts/tablesort.number.min.js", "tablesort.number.min.js"),
    ("tablesort/LICENCE", "tablesort.LICENSE.txt"),
    ("iframe-worker/shim/index.js", "iframe-worker-shim.js"),
    ("iframe-worker/LICENSE", "iframe-worker.LICENSE.txt"),
)

#: The polyfill Material's offline plugin needs for search from ``file://``; served locally
#: instead of the plugin's default address on another host.
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker-shim.js"

#: Site-relative URLs of the scripts, in the order ``mkdocs.yml`` loads them.
VENDOR_SCRIPTS: tuple[str, ...] = tuple(
    f"assets/vendor/{name}" for _, name in VENDOR_FILES
    if name.endswith(".js") and f"assets/vendor/{name}" != IFRAME_WORKER_SHIM
)


class VendorAssetError(FileNotFoundError):
    """A vendored file is missing: ``make install`` was not run, or the wheel was built
    without them."""


def vendor_files(node_modules: Path | None = None) -> dict[str, bytes]:
    """The vendored files as site-relative paths and bytes, for the build's single writer."""
    src_root = Path(node_modules) if node_modules is not None else NODE_MODULES
    missing = [rel for rel, _ in VENDOR_FILES if not (src_root / rel).is_file()]
    if missing:
        bundled = INSTALLED and node_modules is None
        listed = "、".join(f"{'vendor' if bundled else 'node_modules'}/{rel}" for rel in missing)
        if bundled:
            raise VendorAssetError(f"安装不完整，缺少 {listed}：请重新安装 jxgk 的 wheel 文件")
        raise VendorAssetError(f"缺少 {listed}，请先运行 make install")
    return {f"assets/vendor/{name}": (src_root / rel).read_bytes() for rel, name in VENDOR_FILES}
