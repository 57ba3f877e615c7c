"""The ``resdiff`` command line: a thin typer adapter over :mod:`diffcore`."""
