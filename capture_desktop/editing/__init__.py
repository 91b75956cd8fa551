"""Record editing without Qt: the edit model, diff, filters, passwords, schema, validation.

The Records view renders what these modules decide; they import nothing from PySide6, so
they are tested without a display.
"""
