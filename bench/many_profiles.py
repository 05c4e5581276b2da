"""Write N user hardware profiles into a folder, for timing the app at scale (issue 16).

    python bench/many_profiles.py N CONFIG_DIR

writes ``CONFIG_DIR/hardware_profiles/user-0000.yaml`` ... (copies of the shipped profiles,
cycled, each with its own id, name and a slightly different hourly price), so
``WHATIF_CONFIG_DIR=CONFIG_DIR whatif ...`` sees the 15 shipped profiles plus N of its own.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "hardware_profiles").glob("*.yaml"))


def write_profiles(count: int, config_dir: Path) -> Path:
    """Write ``count`` profiles under ``config_dir/hardware_profiles``; return that folder."""
    folder = Path(config_dir) / "hardware_profiles"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = SHIPPED[i % len(SHIPPED)].read_text(encoding="utf-8")
        pid = f"user-{i:04d}"
        text = re.sub(r"(?m)^id: .*$", f"id: {pid}", text, count=1)
        text = re.sub(r"(?m)^name: .*$", f"name: User device {i}", text, count=1)
        (folder / f"{pid}.yaml").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    write_profiles(int(sys.argv[1]), Path(sys.argv[2]))
