"""Request console: a live, bounded, redacted view of every API call the session makes."""
