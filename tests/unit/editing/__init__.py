"""Pure-logic tests of the Records view (filters, validation, diff, drafts, backups)."""
