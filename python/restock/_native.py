"""Loads libRestockC (the Swift library's C interface) and declares its functions.

Every function of the C interface returns a status (0 ok, 1 internal error, 2 bad input,
3 a policy callback failed) and writes its message into a caller-owned buffer; `check` turns a
non-zero status into a Python exception carrying the Swift message. No Swift error or trap
crosses the boundary: handles are checked on every call, so a closed handle is an error, not a crash.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path

__all__ = ["lib", "check", "RestockError", "RestockInputError", "RestockInternalError", "RestockCallbackError",
           "ERROR_CAPACITY", "library_path"]

ERROR_CAPACITY = 4096


class RestockError(Exception):
    """An error reported by Restock's Swift library."""


class RestockInputError(RestockError, ValueError):
    """Bad input (a configuration, scenario file, action or handle); the message says what and where."""


class RestockInternalError(RestockError, RuntimeError):
    """A bug in Restock; please report it with the message."""


class RestockCallbackError(RestockError, RuntimeError):
    """A Python policy raised or returned something invalid during `restock.run`."""


def library_path() -> Path:
    """The shared library: $RESTOCK_LIBRARY, else the copy installed with the package."""
    override = os.environ.get("RESTOCK_LIBRARY")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent / "_lib" / "libRestockC.so"


def _load() -> ctypes.CDLL:
    path = library_path()
    if not path.exists():
        raise ImportError(
            f"Restock's library is not at {path}. Install the package with `pip install ./python` from the "
            "repository (it builds the library with SwiftPM), or set RESTOCK_LIBRARY to a built libRestockC.so.")
    return ctypes.CDLL(str(path))


lib = _load()

_vp = ctypes.c_void_p
_i64 = ctypes.c_int64
_i32 = ctypes.c_int32
_u64 = ctypes.c_uint64
_str = ctypes.c_char_p
_size = ctypes.c_size_t

POLICY_CALLBACK = ctypes.CFUNCTYPE(_i32, _vp, _i32, _str, ctypes.POINTER(_i64), _i64,
                                   ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_uint8))

_signatures = {
    "restock_api_version": ([], _i32),
    "restock_destroy": ([_vp], _i32),
    "restock_stationary_create": ([_str, _i64, ctypes.POINTER(_vp), _vp, _size], _i32),
    "restock_scenario_create": ([_str, _str, _str, _str, _i64, _i64, ctypes.POINTER(_vp), _vp, _size], _i32),
    "restock_env_dimensions": ([_vp, _vp, _vp, _vp, _vp, _vp, _size], _i32),
    "restock_env_bounds": ([_vp, _vp, _vp, _vp, _size], _i32),
    "restock_env_names": ([_vp, _i32, _vp, _size, _vp, _size], _i32),
    "restock_env_reset": ([_vp, _u64, _i32, _vp, _vp, _size], _i32),
    "restock_env_step": ([_vp, _vp, _vp, _vp, _vp, _vp, _vp, _vp, _vp, _size], _i32),
    "restock_env_render": ([_vp, _vp, _size, _vp, _size], _i32),
    "restock_stationary_reference_trajectory": ([_str, _u64, _vp, _i64, _vp, _vp, _vp, _size], _i32),
    "restock_solve": ([_str, ctypes.POINTER(_vp), _vp, _size], _i32),
    "restock_solution_summary": ([_vp, _vp, _vp, _vp, _vp, _vp, _vp, _size], _i32),
    "restock_solution_table": ([_vp, _vp, _vp, _vp, _vp, _vp, _size], _i32),
    "restock_solution_action": ([_vp, _vp, _i64, _vp, _vp, _size], _i32),
    "restock_run": ([_str, _str, _str, _str, POLICY_CALLBACK, _vp, _vp, _size], _i32),
}
for _name, (_args, _result) in _signatures.items():
    _function = getattr(lib, _name)
    _function.argtypes = _args
    _function.restype = _result

API_VERSION = lib.restock_api_version()
if API_VERSION != 1:
    raise ImportError(f"libRestockC speaks C interface version {API_VERSION}; this package needs version 1.")


def check(status: int, error: ctypes.Array) -> None:
    """Raises the exception for a non-zero status, with the library's message."""
    if status == 0:
        return
    message = error.value.decode("utf-8", "replace")
    if status == 2:
        raise RestockInputError(message)
    if status == 3:
        raise RestockCallbackError(message)
    raise RestockInternalError(f"{message} (an internal error in Restock: please report it with this message)")


def error_buffer() -> ctypes.Array:
    return ctypes.create_string_buffer(ERROR_CAPACITY)


def encode(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")
