"""Placeholder until this plugin lands: registers nothing."""


def register() -> None:
    pass
