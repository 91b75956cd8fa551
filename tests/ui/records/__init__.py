"""Records view tests: pytest-qt against the sandbox on a real port."""
