"""Files the program ships besides its code: ``scenarios/`` (the demos), the application
icon, its Linux desktop entry and AppStream metainfo (named by the application id).

A package (installed as ``whatif.resources``) only so that ``importlib.resources`` finds the
folder in a wheel, an editable install and the bundle alike.
"""
