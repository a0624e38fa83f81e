"""Worker processes that run SPARQL queries with a hard time limit.

pyoxigraph evaluates a query in native code that Python cannot interrupt, so each query runs in a worker process
(:mod:`kg.serve.worker`) holding its own copy of the visible dataset. The server waits for the answer until the
deadline; a worker that misses it is killed (SIGKILL) and a fresh one is started in the background, so a runaway
query costs one process, never the server, and the client gets 503 — never a partial answer. The same holds for
memory: a worker's address space is capped (``max_memory`` beyond its dataset), and a query that needs more ends its
worker with a 503.
"""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kg.serve.worker import _LENGTH

__all__ = ["WorkerPool", "QueryAnswer", "DEFAULT_MAX_MEMORY"]

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
#: Memory a worker may take for one query beyond its copy of the dataset (address space, bytes).
DEFAULT_MAX_MEMORY = 1024 * 2**20


@dataclass
class QueryAnswer:
    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    message: str = ""


class _WorkerDied(Exception):
    pass


class _Worker:
    def __init__(self, dataset_path: Path, start_timeout: float, max_memory: int):
        self.process = subprocess.Popen([sys.executable, "-I", str(WORKER_SCRIPT), str(dataset_path), str(max_memory)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._buffer = b""
        try:
            ready = json.loads(self.read_frame(time.monotonic() + start_timeout))
        except BaseException:
            self.kill()
            raise
        self.quads = int(ready["quads"])

    def send(self, payload: bytes) -> None:
        try:
            self.process.stdin.write(_LENGTH.pack(len(payload)) + payload)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerDied("the worker is gone") from exc

    def _read_exact(self, size: int, deadline: float) -> bytes:
        fd = self.process.stdout.fileno()
        while len(self._buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                raise TimeoutError
            chunk = os.read(fd, max(65536, size - len(self._buffer)))
            if not chunk:
                raise _WorkerDied("the worker closed its output")
            self._buffer += chunk
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def read_frame(self, deadline: float) -> bytes:
        (size,) = _LENGTH.unpack(self._read_exact(_LENGTH.size, deadline))
        return self._read_exact(size, deadline)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` workers over the N-Quads file ``dataset_path``; :meth:`run` answers one query within ``timeout``, and
    within ``max_memory`` bytes of memory beyond the loaded dataset."""

    def __init__(self, dataset_path: Path, size: int = 2, timeout: float = 10.0, start_timeout: float = 300.0,
                 max_memory: int = DEFAULT_MAX_MEMORY):
        self.dataset_path = dataset_path
        self.max_memory = max_memory
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.restarts = 0
        self._wanted: queue.Queue[int] = queue.Queue()
        threading.Thread(target=self._spawner, name="sparql-worker-spawner", daemon=True).start()
        for _ in range(size):
            self._add(_Worker(dataset_path, start_timeout, max_memory))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1
            if self._closed:
                return

        self._wanted.put(1)

    def _spawner(self) -> None:
        """Starts replacement workers. One long-lived thread: a worker's parent-death signal (Linux) follows the
        thread that started it, so replacements must not come from short-lived threads."""
        while True:
            self._wanted.get()
            while not self._closed:
                try:
                    self._add(_Worker(self.dataset_path, self.start_timeout, self.max_memory))
                    break
                except Exception:  # a worker that fails to start is retried after a pause
                    time.sleep(1.0)
            if self._closed:
                return

    def run(self, request: dict) -> QueryAnswer:
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return QueryAnswer(503, message="the endpoint is busy; try again later")
        try:
            worker.send(json.dumps(request).encode("utf-8"))
            header = json.loads(worker.read_frame(deadline))
            body = worker.read_frame(deadline)
        except TimeoutError:
            self._replace(worker)
            return QueryAnswer(503, message=f"the query did not finish within the time limit of {self.timeout:g} s")
        except (_WorkerDied, ValueError, OSError):
            self._replace(worker)
            return QueryAnswer(503, message=f"the query ended its worker: it may have needed more than the "
                                            f"{self.max_memory // 2**20} MiB this endpoint allows a query")
        if header.get("fatal"):
            self._replace(worker)
        else:
            self._idle.put(worker)
        if header["status"] != 200:
            return QueryAnswer(int(header["status"]), message=str(header.get("message", "")))
        return QueryAnswer(200, media_type=header["type"], body=body)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
