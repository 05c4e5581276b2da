"""The shipped hardware profiles, one YAML file per device.

A package (installed as ``whatif.hardware_profiles``) only so that ``importlib.resources``
finds the folder in a wheel, an editable install and the bundle alike; the loader reads
``*.yaml`` and ``*.yml`` files and nothing else here.
"""
