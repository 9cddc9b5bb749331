from .wiring import register

__all__ = ["register"]
