"""microcred desktop: issue and verify EU micro-credentials offline."""

__version__ = "0.1.0"
APP_NAME = "microcred"
