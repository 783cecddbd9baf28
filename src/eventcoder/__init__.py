"""eventcoder: news text in, PLOVER political events out, each traceable to its sentence."""

from .coder import Coder, code_batch, code_text
from .errors import EventcoderError, InputError
from .records import Actor, Amount, Article, CodedArticle, Event, Evidence, Flags
from .settings import CoderOptions

__all__ = ["Actor", "Amount", "Article", "CodedArticle", "Coder", "CoderOptions", "Event",
           "EventcoderError", "Evidence", "Flags", "InputError", "code_batch", "code_text"]
__version__ = "0.1.0"
