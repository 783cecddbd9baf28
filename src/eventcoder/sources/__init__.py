"""Where articles come from: input readers (files, folders, stdin) and mirror detection."""

from .readers import DEFAULT_OPTIONS, ReaderOptions, ReadItem, read_inputs

__all__ = ["DEFAULT_OPTIONS", "ReadItem", "ReaderOptions", "read_inputs"]
