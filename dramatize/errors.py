"""One exception for every mistake a user can make; the CLI prints it as one line."""

from contextlib import contextmanager


class DramatizeError(Exception):
    """A problem with the user's input or machine, reported without a traceback.

    `where` is a location such as "voices/cast.toml:12" or "script.txt:98".
    """

    def __init__(self, message: str, where: str | None = None):
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ConfigErrors(DramatizeError):
    """Several problems found at once in one file, all reported together."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@contextmanager
def writing(what: str, where: str):
    """An OSError while writing `what` (a full disk, a folder not ours) becomes one line."""
    try:
        yield
    except OSError as err:
        raise DramatizeError(f"cannot write {what}: {err.strerror}", where) from None
