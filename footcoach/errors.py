"""Errors that reach the person as one clear line rather than a traceback."""


class FootCoachError(Exception):
    """A runtime failure caused by the environment or the person's files (exit code 1)."""


class UsageError(FootCoachError):
    """The command line asks for something invalid (exit code 2)."""
