"""generator.publish.assets: the vendored files from node_modules, exactly as installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.assets import NODE_MODULES, VENDOR_FILES, VendorAssetError, vendor_files


def test_vendor_files_are_the_installed_bytes() -> None:
    files = vendor_files()
    assert list(files) == [f"assets/vendor/{name}" for _, name in VENDOR_FILES]
    assert {"assets/vendor/echarts.min.js", "assets/vendor/echarts.LICENSE.txt",
            "assets/vendor/echarts.NOTICE.txt", "assets/vendor/tablesort.min.js",
            "assets/vendor/tablesort.LICENSE.txt"} <= set(files)
    assert "assets/vendor/axe.min.js" not in files  # a test library, never published
    for rel, name in VENDOR_FILES:
        assert files[f"assets/vendor/{name}"] == (NODE_MODULES / rel).read_bytes()


def test_missing_node_modules_gives_chinese_hint(tmp_path: Path) -> None:
    with pytest.raises(VendorAssetError, match="请先运行 make install") as info:
        vendor_files(node_modules=tmp_path / "nothing")
    assert "缺少 node_modules/echarts/dist/echarts.min.js" in str(info.value)
