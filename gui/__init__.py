"""The PySide6 + pyqtgraph application and the ``whatif`` command line.

Importing this package does not import Qt, so the command line's engine-only commands
(``evaluate``, ``profiles``) run on machines without a display or Qt libraries.
"""
