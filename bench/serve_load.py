"""Load test of `accord serve` over loopback: N concurrent clients for S seconds against
/api/events (the query filters, several pages) and the stance matrix.

    .venv/bin/python bench/serve_load.py --db corpus.duckdb [--clients 200] [--seconds 30] [--no-cache]
    .venv/bin/python bench/serve_load.py --db corpus.duckdb --exports 10000 [--export-clients 4] [--baseline-src DIR]

Starts the server in a subprocess on a free loopback port, runs keep-alive HTTP/1.1
clients on one asyncio loop (raw sockets, so the client costs little CPU), and prints
requests/s, p50/p95/p99 latency and the error count as JSON. Traffic goes to 127.0.0.1
only; the run stops by itself after --seconds.

With --exports N it instead sends N distinct requests: whole exports of the store,
``/api/export?format=F&n=i`` (an unknown parameter each time, what once filled the
response cache with whole exports; F cycles through jsonl, csv, gdelt, stances and
parquet), alternating with event pages whose offset and limit both change, so that every
one is a new entry of the response cache and the cache's byte budget, not its entry
count, is what holds it. It reports the server's resident memory (VmRSS) as it goes and
its peak (VmHWM) at the end. ``--baseline-src`` first runs the same requests against a
server of another checkout's ``src`` (the one before a change), so both peaks come from
one run on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


SRC = str(Path(__file__).resolve().parents[1] / "src")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def target_paths(actors: list[str]) -> list[str]:
    """The mix every client cycles through: event pages with and without filters, the matrix."""
    paths = ["/api/events?limit=50", "/api/events?limit=50&offset=50", "/api/events?sort=confidence&order=desc",
             "/api/stances", "/api/stances?issue=ceasefire"]
    for actor in actors:
        paths += [f"/api/events?actor={actor}&limit=50", f"/api/events?country={actor}&limit=20"]
    return paths


async def fetch(reader, writer, path: str) -> int:
    """GET ``path``; its status, once the whole body (sized or chunked) is read."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    fields = dict(line.lower().split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    if fields.get(b"transfer-encoding", b"").strip() == b"chunked":  # a streamed export
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(fields[b"content-length"]))
    return status


async def client(port: int, paths: list[str], offset: int, deadline: float, latencies: list, errors: list) -> None:
    reader = writer = None
    i = offset
    while time.monotonic() < deadline:
        path = paths[i % len(paths)]
        i += 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            status = await fetch(reader, writer, path)
            if status != 200:
                errors.append(f"{status} {path}")
        except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as err:
            errors.append(f"{type(err).__name__} {path}")
            writer = None
            continue
        latencies.append(time.monotonic() - started)
    if writer is not None:
        writer.close()


async def warm_up(port: int, paths: list[str]) -> None:
    """One request per path first: the steady state of a dashboard is a warm cache."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for path in paths:
        await fetch(reader, writer, path)
    writer.close()


async def load(port: int, paths: list[str], clients: int, seconds: float, warm: bool) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    if warm:
        await warm_up(port, paths)
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(client(port, paths, n, deadline, latencies, errors) for n in range(clients)))
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:10]}


def server_memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in MB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return {key: int(value.split()[0]) // 1024 for key, value in fields.items()}


def distinct_page(k: int) -> str:
    """The k-th of 499 x 479 distinct (offset, limit) event pages (coprime cycles)."""
    return f"/api/events?offset={k % 499}&limit={20 + k % 479}"


EXPORT_FORMATS = ("jsonl", "csv", "gdelt", "stances", "parquet")


async def export_flood(port: int, pid: int, total: int, clients: int) -> dict:
    """``total`` distinct export and event requests from ``clients`` keep-alive clients;
    the server's memory sampled every 500 requests."""
    errors: list[str] = []
    samples = [server_memory(pid)["VmRSS"]]
    counter = iter(range(total))
    started = time.monotonic()

    async def one_client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for n in counter:
            path = (f"/api/export?format={EXPORT_FORMATS[n // 2 % len(EXPORT_FORMATS)]}&n={n}" if n % 2 == 0
                    else distinct_page(n // 2))
            try:
                status = await fetch(reader, writer, path)
                if status != 200:
                    errors.append(f"{status} {path}")
            except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as err:
                errors.append(f"{type(err).__name__} {path}")
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if n % 500 == 0:
                samples.append(server_memory(pid)["VmRSS"])
        writer.close()

    await asyncio.gather(*(one_client() for _ in range(clients)))
    memory = server_memory(pid)
    return {"requests": total, "seconds": round(time.monotonic() - started, 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))[:10], "rss_mb_start": samples[0], "rss_mb_samples": samples,
            "rss_mb_end": memory["VmRSS"], "rss_mb_peak": memory["VmHWM"]}


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--actors", default="RUS,UKR,USA,CHN,ISR", help="actor codes the event queries filter on")
    parser.add_argument("--no-cache", action="store_true", help="serve every request from the store")
    parser.add_argument("--exports", type=int, default=0, help="instead: this many distinct export requests")
    parser.add_argument("--export-clients", type=int, default=4)
    parser.add_argument("--src", default=SRC, help="the src/ whose server is measured (default: this checkout's)")
    parser.add_argument("--baseline-src", default=None, help="with --exports: first the same requests against "
                                                             "a server of this src/ (another checkout)")
    args = parser.parse_args()
    if args.exports and args.baseline_src:
        result = {"baseline": serve_and_measure(args, args.baseline_src), "this": serve_and_measure(args, args.src)}
    else:
        result = serve_and_measure(args, args.src)
    result["cache"] = "off" if args.no_cache else "on, warmed with one request per path"
    print(json.dumps(result, indent=1))


def serve_and_measure(args, src: str) -> dict:
    """Start a server of the accord in ``src`` and run the load or the export flood on it."""
    port = free_port()
    command = [sys.executable, "-m", "accord", "serve", "--db", args.db, "--port", str(port)]
    with tempfile.TemporaryDirectory() as folder:
        if args.no_cache:
            config = Path(folder) / "accord.toml"
            config.write_text("[accord.serve]\ncache_entries = 0\n", encoding="utf-8")
            command += ["--config", str(config)]
        env = dict(os.environ, ACCORD_TOKEN="", PYTHONPATH=src)
        server = subprocess.Popen(command, env=env)
        try:
            wait_ready(port, server)
            if args.exports:
                result = asyncio.run(export_flood(port, server.pid, args.exports, args.export_clients))
            else:
                result = asyncio.run(load(port, target_paths(args.actors.split(",")), args.clients, args.seconds,
                                           warm=not args.no_cache))
        finally:
            server.terminate()
            server.wait(timeout=30)
    result["src"] = src
    return result


if __name__ == "__main__":
    main()
