"""Records view: entity browser, record viewer/editor, create and delete."""
