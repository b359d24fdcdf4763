#!/usr/bin/env python3
"""HTTP clients for the server tests, well-behaved and hostile, on raw sockets where curl cannot
do it (idle connections, a body that never ends, concurrent requests). Every socket has a timeout
and every loop a bound; each command prints one line and exits non-zero on failure."""
import json
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HOST = "127.0.0.1"


def get(port, path, timeout=10):
    """(status, parsed JSON body) of GET path."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def timed_search(port, query="hà nội"):
    start = time.monotonic()
    status, body = get(port, "/api/search?q=" + urllib.parse.quote(query), timeout=5)
    return status, body, time.monotonic() - start


def connect(port, timeout=10):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.settimeout(timeout)
    return s


def closed_within(sock, seconds):
    """True if the server closes `sock` within `seconds` (reads and drops what it sends)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            if sock.recv(65536) == b"":
                return True
        except socket.timeout:
            return False
        except OSError:
            return True
    return False


def slowloris(port, count, hold_seconds):
    """`count` connections that send part of a request line and headers, then nothing, while a
    normal search must still answer within a second."""
    socks = []
    try:
        for i in range(count):
            s = connect(port)
            s.sendall(b"GET /api/search?q=ha HTTP/1.1\r\nHost: x\r\nX-Slow-" + str(i).encode())
            socks.append(s)
        worst = 0.0
        deadline = time.monotonic() + hold_seconds
        checks = 0
        while time.monotonic() < deadline and checks < 50:
            status, body, took = timed_search(port)
            if status != 200 or not body["hits"]:
                print(f"search failed under slowloris: {status} {body}")
                return 1
            worst = max(worst, took)
            checks += 1
            time.sleep(0.2)
        if worst >= 1.0:
            print(f"a search took {worst:.3f}s with {count} idle connections")
            return 1
        print(f"ok: {count} idle connections, {checks} searches, slowest {worst * 1000:.0f}ms")
        return 0
    finally:
        for s in socks:
            s.close()


def idle_closed(port, seconds):
    """A connection that sends half a request is closed by the server's timeout."""
    s = connect(port)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    ok = closed_within(s, seconds)
    s.close()
    print("ok: closed" if ok else f"still open after {seconds}s")
    return 0 if ok else 1


def read_answer_while_sending(s, pending, seconds):
    """Sends `pending` on the non-blocking socket `s` while reading what the server answers, until
    the server closes or `seconds` pass. Returns (answer bytes, bytes left unsent, closed)."""
    answer = b""
    deadline = time.monotonic() + seconds
    closed = False
    while time.monotonic() < deadline and not closed:
        readable, writable, _ = select.select([s], [s] if pending else [], [], 0.2)
        if readable:
            try:
                piece = s.recv(65536)
            except OSError:
                piece = b""
            answer += piece
            closed = not piece
        if writable and not closed:
            try:
                pending = pending[s.send(pending[:65536]):]
            except OSError:
                pending = b""
    return answer, pending, closed


def chunked_post(port, token, first_chunks, seconds):
    """A chunked POST to the write endpoint: prints the status line the server answers and
    whether it closed the connection; the whole body is never sent if the server closes."""
    s = connect(port)
    s.sendall(
        b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() +
        b"\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-ndjson\r\n\r\n")
    s.setblocking(False)
    answer, left, closed = read_answer_while_sending(s, first_chunks, seconds)
    s.close()
    return answer.split(b"\r\n", 1)[0].decode("latin-1"), left, closed


def chunked_forever(port, token, seconds):
    """A chunked POST that never sends its last chunk: answered 411 at once (bodies must
    announce their size) and closed, while other clients are served."""
    status, _, closed = chunked_post(port, token, b"10\r\n{\"id\": \"stall\", \r\n", seconds)
    if not status.startswith("HTTP/1.1 411") or not closed:
        print(f"stalled chunked body: {status or 'no answer'}, closed: {closed}")
        return 1
    status, body, took = timed_search(port)
    if status != 200 or took >= 1.0:
        print(f"search after a stalled body: {status} in {took:.3f}s")
        return 1
    print("ok: stalled chunked body answered 411 and closed")
    return 0


def chunked_flood(port, token, megabytes):
    """A chunked body that keeps coming, past the body limit: answered 411 before it is read,
    and closed long before the whole flood is sent."""
    flood = (b"4000\r\n" + b"x" * 0x4000 + b"\r\n") * (megabytes * 64)
    status, left, closed = chunked_post(port, token, flood, 10)
    if not status.startswith("HTTP/1.1 411") or not closed or not left:
        print(f"flood: {status or 'no answer'}, closed: {closed}, unsent bytes: {len(left)}")
        return 1
    print("ok: flood answered 411 and closed")
    return 0


def raw(port, request_bytes):
    """Sends bytes as they are; prints the status line of the answer (or 'closed')."""
    s = connect(port)
    try:
        s.sendall(request_bytes)
    except OSError:
        pass
    data = b""
    try:
        while b"\r\n" not in data and len(data) < 65536:
            piece = s.recv(4096)
            if not piece:
                break
            data += piece
    except OSError:
        pass
    s.close()
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    print(line if line else "closed")
    return 0


def big_header(port, kilobytes):
    header = b"X-Big: " + b"a" * (kilobytes * 1024) + b"\r\n"
    return raw(port, b"GET /api/search?q=ha HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n")


def hold_idle(port, count, seconds):
    """Holds `count` connected sockets that send nothing, then asks once: prints the status."""
    socks = [connect(port) for _ in range(count)]
    time.sleep(0.3)
    status, body = get(port, "/api/search?q=ha")
    time.sleep(min(seconds, 5))
    for s in socks:
        s.close()
    print(status, body.get("error", {}).get("message", ""))
    return 0


def silent_shard(port_file, seconds):
    """A remote shard that never answers: listens on a free loopback port (written to
    `port_file`), accepts connections and says nothing, for `seconds` or until terminated."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(64)
    listener.settimeout(0.2)
    with open(port_file, "w") as f:
        f.write(str(listener.getsockname()[1]))
    held = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            held.append(listener.accept()[0])
        except TimeoutError:
            pass
    for s in held:
        s.close()
    listener.close()
    return 0


def queue_full(port, count):
    """`count` searches at once, each held up by a silent shard: with one searcher and a queue of
    one, one is answered, one waits and is answered, the rest get 503 with Retry-After at once."""
    results = []

    def ask():
        url = f"http://{HOST}:{port}/api/search?q=" + urllib.parse.quote("hà nội")
        start = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                body = json.loads(r.read())
                results.append((r.status, None, body.get("missing_shards"), 0))
        except urllib.error.HTTPError as e:
            results.append((e.code, e.headers.get("Retry-After"), None,
                            time.monotonic() - start))

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answered = [r for r in results if r[0] == 200]
    busy = [r for r in results if r[0] == 503]
    print(f"{len(answered)} answered, {len(busy)} busy, statuses {sorted(r[0] for r in results)}")
    if len(answered) + len(busy) != count or not answered or not busy:
        return 1
    if any(not r[2] for r in answered):
        print("an answer without missing_shards")
        return 1
    if any(r[1] != "1" or r[3] >= 1.0 for r in busy):
        print(f"a 503 without Retry-After or not at once: {busy}")
        return 1
    return 0


def expected(vnsearch, db, query, extra):
    out = subprocess.run([vnsearch, "search", "--db", db, "--format", "json", "--threads", "1",
                          *extra, "--", query], check=True, capture_output=True, timeout=60)
    return json.loads(out.stdout)


def concurrent(port, vnsearch, db, threads, rounds):
    """Many searches at once, each answer equal to the command line's for the same query."""
    cases = [("hà nội", []), ("ha noi", []), ("giao thông", ["--sort", "date"]),
             ("du lịch", ["--limit", "1", "--offset", "1"]), ("kinh te", []),
             ("xe", ["--snippet-length", "40"]), ("source:\"Báo Thủ Đô\"", []), ("lũ", [])]
    params = {"--sort": "sort", "--limit": "limit", "--offset": "offset",
              "--snippet-length": "snippet_length"}
    want = {}
    urls = []
    for query, extra in cases:
        want[query] = expected(vnsearch, db, query, extra)
        args = {"q": query}
        for flag, value in zip(extra[::2], extra[1::2]):
            args[params[flag]] = value
        urls.append((query, "/api/search?" + urllib.parse.urlencode(args)))
    failures = []

    def run(worker):
        for r in range(rounds):
            query, url = urls[(worker + r) % len(urls)]
            status, body = get(port, url)
            body.pop("took_ms", None)
            if status != 200 or body != want[query]:
                failures.append((query, status, body))

    pool = [threading.Thread(target=run, args=(w,)) for w in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)
    if failures or any(t.is_alive() for t in pool):
        print(f"{len(failures)} answers differ; first: {failures[:1]}")
        return 1
    print(f"ok: {threads * rounds} answers equal to the command line's")
    return 0


def drain(port, token, pid):
    """A POST whose body is half sent when SIGTERM arrives still gets its answer."""
    import os
    import signal
    body = '{"id": "drain", "title": "Bài gửi lúc tắt máy", "body": "Nội dung."}\n'.encode()
    s = connect(port)
    s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
              token.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" +
              body[:20])
    time.sleep(0.3)
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.3)
    s.sendall(body[20:])
    data = b""
    while len(data) < 65536:
        piece = s.recv(4096)
        if not piece:
            break
        data += piece
    s.close()
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    print(line, data.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace"))
    return 0


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:]
    if cmd == "slowloris":
        return slowloris(port, int(args[0]), float(args[1]))
    if cmd == "idle-closed":
        return idle_closed(port, float(args[0]))
    if cmd == "chunked-forever":
        return chunked_forever(port, args[0], float(args[1]))
    if cmd == "chunked-flood":
        return chunked_flood(port, args[0], int(args[1]))
    if cmd == "big-header":
        return big_header(port, int(args[0]))
    if cmd == "raw":
        return raw(port, args[0].encode("latin-1").decode("unicode_escape").encode("latin-1"))
    if cmd == "silent-shard":
        return silent_shard(args[0], float(args[1]))
    if cmd == "queue-full":
        return queue_full(port, int(args[0]))
    if cmd == "hold-idle":
        return hold_idle(port, int(args[0]), float(args[1]))
    if cmd == "concurrent":
        return concurrent(port, args[0], args[1], int(args[2]), int(args[3]))
    if cmd == "drain":
        return drain(port, args[0], int(args[1]))
    print(f"unknown command {cmd}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
