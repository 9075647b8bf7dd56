"""How staff run the generator, for the messages that name the next thing to type.

In a checkout the command is ``python -m generator`` and the pinned packages come with
``make install``; from the installed wheel (which has ``generator/bundled/``, see
``hatch_build.py``) the command is ``jxgk`` and the packages come with the wheel.
"""

from __future__ import annotations

from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[1] / "bundled"
INSTALLED = BUNDLED.is_dir()
COMMAND = "jxgk" if INSTALLED else "python -m generator"
INSTALL = "重新安装 jxgk（pip install jxgk-….whl）" if INSTALLED else "运行 make install"
REBUILD = "jxgk build" if INSTALLED else "make build"
