"""generator.assets: vendor files copied from node_modules, only when their bytes change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.assets import NODE_MODULES, VENDOR_FILES, VendorAssetError, copy_vendor_assets


def test_copies_vendor_files_and_keeps_mtimes(tmp_path: Path) -> None:
    # never skipped: `make test` installs node_modules (npm ci) before running the tests
    assert (NODE_MODULES / "echarts").is_dir(), f"{NODE_MODULES} missing: run make install"
    written = copy_vendor_assets(tmp_path)
    vendor = tmp_path / "assets" / "vendor"
    assert [p.name for p in written] == [name for _, name in VENDOR_FILES]
    assert {p.name for p in vendor.iterdir()} >= {
        "echarts.min.js",
        "echarts.LICENSE.txt",
        "echarts.NOTICE.txt",
        "tablesort.min.js",
        "tablesort.LICENSE.txt",
    }
    assert not (vendor / "axe.min.js").exists()
    for (rel, _), path in zip(VENDOR_FILES, written, strict=True):
        assert path.read_bytes() == (NODE_MODULES / rel).read_bytes()

    old = 1_000_000_000
    for path in written:
        os.utime(path, (old, old))
    (vendor / "tablesort.min.js").write_text("changed", encoding="utf-8")
    os.utime(vendor / "tablesort.min.js", (old, old))

    copy_vendor_assets(tmp_path)
    for path in written:
        if path.name == "tablesort.min.js":
            assert path.stat().st_mtime != old
            source = NODE_MODULES / "tablesort/dist/tablesort.min.js"
            assert path.read_bytes() == source.read_bytes()
        else:
            assert path.stat().st_mtime == old


def test_missing_node_modules_gives_chinese_hint(tmp_path: Path) -> None:
    with pytest.raises(VendorAssetError, match="请先运行 make install") as info:
        copy_vendor_assets(tmp_path / "out", node_modules=tmp_path / "nothing")
    assert "缺少 node_modules/echarts/dist/echarts.min.js" in str(info.value)
    assert not (tmp_path / "out").exists()
