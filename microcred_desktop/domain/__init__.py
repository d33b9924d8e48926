"""Plain data and rules of the field. Imports nothing of the project (enforced by import-linter)."""
