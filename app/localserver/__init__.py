"""A working local copy of the hosted Files API: for `--demo` and for the tests."""

from .clock import Clock
from .faults import Faults
from .records import ApiRecord, PutRecord
from .server import LocalServer

__all__ = ["ApiRecord", "Clock", "Faults", "LocalServer", "PutRecord"]
