"""One exception root for eventcoder; input errors name the file and line."""

from __future__ import annotations


class EventcoderError(Exception):
    """Root of every error eventcoder raises on purpose."""


class OntologyError(EventcoderError, KeyError):
    """An unknown PLOVER type, mode, context or CAMEO code."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else ""


class InputError(EventcoderError, ValueError):
    """Bad user input. Carries where it came from so the message can name file and line, or
    the parameter it is about (`field`: "actor", "since", ...) so a form can show it there.
    The message itself names no command-line flag: the API and the UI show it too."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.path = path
        self.line = line
        self.field = field
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class DataFileError(EventcoderError):
    """A bundled or user-supplied knowledge/lexicon file does not match its schema."""


class ModelLoadError(EventcoderError):
    """The configured spaCy pipeline cannot be loaded."""


class StoreError(EventcoderError):
    """The event database could not complete a write (for instance, out of its memory limit)."""


class StoreUnavailable(EventcoderError):
    """The event database cannot be used right now: busy with a write, missing, or held by
    another process. Trying again later may work (the API answers 503)."""


class WorkerLost(EventcoderError):
    """A coding worker process kept dying (killed, or out of memory) on the same batches."""
