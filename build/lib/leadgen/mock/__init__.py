"""`leadgen mock`: an HTTP server that answers as a spec documents (examples, validation, auth).

`MockServer` (leadgen.mock.server) serves it in-process; `MockApp`
(leadgen.mock.app) is the same logic without a socket.
"""

from __future__ import annotations

from .app import MockApp
from .server import MockServer

__all__ = ["MockApp", "MockServer"]
