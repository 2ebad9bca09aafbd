#!/usr/bin/env python3
"""Helpers for run.sh: a synthetic 512x496 B-scan PNG, and a counting webhook receiver."""
import http.server
import math
import struct
import sys
import threading
import zlib


def write_scan_png(path, width=512, height=496):
    """A dark vitreous over a bright band with a smooth top edge, plus texture (PNG, 8-bit gray)."""
    rows = []
    seed = 12345
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            top = int(height / 3.0 + height / 12.0 * math.sin(x * 6.28 / width))
            base = 20 if y < top else (200 if y < top + height // 3 else 90)
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            row.append(max(0, min(255, base + (seed >> 16) % 31 - 15)))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", raw))
        f.write(chunk(b"IEND", b""))


class Receiver(http.server.BaseHTTPRequestHandler):
    count = 0
    failed = 0
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Receiver.lock:
            Receiver.count += 1
            if b'"FAILED"' in body:
                Receiver.failed += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # /count -> "<received> <failed>"
        with Receiver.lock:
            text = f"{Receiver.count} {Receiver.failed}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if sys.argv[1] == "png":
        write_scan_png(sys.argv[2])
    elif sys.argv[1] == "receiver":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        with open(sys.argv[2], "w") as f:
            f.write(str(server.server_address[1]))
        server.serve_forever()
