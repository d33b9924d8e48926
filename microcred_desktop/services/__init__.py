"""Orchestration used by both the GUI and the CLI: long work with progress and cancel, no Qt."""
