"""Is the process that holds a lock or a job still alive? Answerable for this host only."""

from __future__ import annotations

import os
import secrets
import socket


def process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. PermissionError: it exists, under another user
        return False
    return False


def owner_token() -> str:
    """A lock value naming its holder: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(6)}"


def owner_is_gone(token: str) -> bool:
    """True only when the holder ran on this host and its process no longer exists."""
    parts = token.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid, _ = parts
    return host == socket.gethostname() and process_is_gone(int(pid))
