"""Capture Desktop: a desktop tool for the Capture (Janrain / Akamai Identity Cloud) REST API."""

__version__ = "0.1.0"
APP_NAME = "Capture Desktop"
APP_ID = "capture-desktop"
