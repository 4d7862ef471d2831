"""LIPanel Desktop: the Learning and Improvement Panel's offline, encrypted case-review system."""

__version__ = "0.1.0"
