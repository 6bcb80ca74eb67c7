"""Errors the command line turns into a one-line message and exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: reported as one line, never as a traceback."""

    exit_code = 2
