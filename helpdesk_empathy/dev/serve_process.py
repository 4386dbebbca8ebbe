"""Run `helpdesk-empathy serve` (real gunicorn) as a child process on a free port: for the
end-to-end tests and the benchmarks that need the production web server, not a thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import IO

import requests

from helpdesk_empathy.dev.embedded_redis import free_port


class ServeProcess:
    """`serve` with a clean environment plus `env`; ready (healthz answers) once built."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        workers: int = 2,
        output: IO[str] | int = subprocess.DEVNULL,
        start_timeout: float = 60.0,
    ) -> None:
        self.port = free_port()
        environ = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_EMPATHY_")}
        environ.pop("PROMETHEUS_MULTIPROC_DIR", None)  # serve makes its own
        environ.update(env, PORT=str(self.port))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpdesk_empathy.cli", "serve", "--workers", str(workers)],
            env=environ, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited with code {self.process.returncode}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("serve did not answer /healthz in time")

    def stop(self) -> None:
        """SIGTERM, as a platform stops a web process; gunicorn shuts its workers down."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
