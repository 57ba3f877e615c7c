"""A whole session: many documents read, paired into chains, compared step by step, and summed up.

:mod:`diffcore.session.pairing` decides which documents form a series and in
which order; :func:`run_session` does the work; :mod:`diffcore.session.overview`
writes the overview (HTML, JSON, CSV) from its result.
"""

from .run import ChainResult, DocumentInfo, SessionOptions, SessionResult, StepResult, run_session

__all__ = ["ChainResult", "DocumentInfo", "SessionOptions", "SessionResult", "StepResult", "run_session"]
