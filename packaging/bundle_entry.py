"""The bundle's program: the ``whatif`` command (with no arguments, the window)."""

import sys

from whatif.gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
