"""The hardware-profile manager: list, form and YAML editing, live validation, safe saves."""
