class ApplicationError(Exception):
    """A domain error whose message is fit to show the user; views render it, never a 500."""

    def __init__(self, message: str, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
