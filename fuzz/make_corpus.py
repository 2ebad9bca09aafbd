#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ (small, deterministic; run from anywhere).
Inputs the fuzzers found are kept beside them as found-*, and are not touched here.
Images are built byte by byte here: tiny PNG (every filter, interlaced, colour, 16-bit, chunks),
baseline and progressive JPEG headers and one whole 8x8 JPEG, BMP, TIFF (both byte orders), PGM."""
import pathlib
import struct
import zlib

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"


def write(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)


# ---- images -------------------------------------------------------------------------------------

def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width, height, rows, depth=8, colour=0, interlace=0, extra=b"", split_idat=False, palette=None):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    stream = zlib.compress(b"".join(rows))
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra
    if palette:
        out += png_chunk(b"PLTE", palette)
    if split_idat:
        half = len(stream) // 2
        out += png_chunk(b"IDAT", stream[:half]) + png_chunk(b"IDAT", stream[half:])
    else:
        out += png_chunk(b"IDAT", stream)
    return out + png_chunk(b"IEND", b"")


def gray_rows(width, height, filt):
    return [bytes([filt]) + bytes((x * 37 + y * 11) & 0xFF for x in range(width)) for y in range(height)]


def jpeg_8x8_gray():
    # One component, every coefficient zero: a DC and an AC Huffman table with a single 1-bit code,
    # so each block is the bits "0" (DC difference 0) and "0" (end of block).
    soi, eoi = b"\xff\xd8", b"\xff\xd9"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8, 1) + b"\x01\x11\x00"
    counts = bytes([1] + [0] * 15)
    dht = b"\xff\xc4" + struct.pack(">H", 2 + 2 * 18) + b"\x00" + counts + b"\x00" + b"\x10" + counts + b"\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    return soi, dqt, sof, dht, sos, b"\x3f", eoi


def bmp(width, height, bpp, pixels, palette=b"", core=False):
    if core:
        dib = struct.pack("<IHHHH", 12, width, height, 1, bpp)
    else:
        dib = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bpp, 0, len(pixels), 2835, 2835,
                          len(palette) // 4, 0)
    offset = 14 + len(dib) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + dib + palette + pixels


def tiff(width, height, little=True):
    e = "<" if little else ">"
    pixels = bytes((x * 29 + y * 7) & 0xFF for y in range(height) for x in range(width))
    entries = [(256, 3, 1, width), (257, 3, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, height), (279, 4, 1, len(pixels))]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    ifd = struct.pack(e + "H", len(entries))
    for tag, kind, count, value in entries:
        if tag == 273:
            value = data_offset
        if kind == 3:
            ifd += struct.pack(e + "HHIHH", tag, kind, count, value, 0)
        else:
            ifd += struct.pack(e + "HHII", tag, kind, count, value)
    magic = b"II*\x00" if little else b"MM\x00*"
    return magic + struct.pack(e + "I", ifd_offset) + ifd + b"\x00\x00\x00\x00" + pixels


def images():
    t = "image_decode"
    for f in range(5):
        write(t, f"png_gray_filter{f}.png", png(12, 6, gray_rows(12, 6, f)))
    write(t, "png_gray_split_idat.png", png(16, 8, gray_rows(16, 8, 4), split_idat=True))
    write(t, "png_gray_text.png", png(8, 4, gray_rows(8, 4, 1), extra=png_chunk(b"tEXt", b"Software\x00octgate")))
    write(t, "png_gray_gamma.png", png(8, 4, gray_rows(8, 4, 0), extra=png_chunk(b"gAMA", struct.pack(">I", 45455))))
    adam7 = [(1, 1), (1, 1), (2, 1), (2, 2), (4, 2), (4, 4), (8, 4)]  # pass sizes of an 8x8 image
    write(t, "png_gray_interlaced.png", png(8, 8, [r for w, h in adam7 for r in gray_rows(w, h, 0)], interlace=1))
    write(t, "png_rgb.png", png(4, 4, [b"\x00" + bytes(range(y, y + 12)) for y in range(4)], colour=2))
    write(t, "png_palette.png", png(4, 2, [b"\x00\x00\x01\x02\x00"] * 2, colour=3, palette=b"\x00\x00\x00\x80\x80\x80\xff\xff\xff"))
    write(t, "png_gray16.png", png(4, 2, [b"\x00" + bytes(8)] * 2, depth=16))
    write(t, "png_truncated.png", png(12, 6, gray_rows(12, 6, 0))[:40])
    write(t, "png_header_huge.png", png(1, 1, [b"\x00\x00"])[:16] + struct.pack(">II", 100000, 100000))

    soi, dqt, sof, dht, sos, scan, eoi = jpeg_8x8_gray()
    write(t, "jpeg_8x8.jpg", soi + dqt + sof + dht + sos + scan + eoi)
    write(t, "jpeg_8x8_trailing.jpg", soi + dqt + sof + dht + sos + scan + eoi + b"device trailer")
    write(t, "jpeg_no_eoi.jpg", soi + dqt + sof + dht + sos + scan)
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 6 + 6) + b"Exif\x00\x00" + b"\xff\xd8\x00\x00\xff\xd9"
    write(t, "jpeg_exif_thumbnail.jpg", soi + exif + dqt + sof + dht + sos + scan + eoi)
    write(t, "jpeg_progressive_header.jpg", soi + b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, 496, 768, 1) + b"\x01\x11\x00")
    write(t, "jpeg_fill_bytes.jpg", soi + b"\xff\xff\xff" + dqt[1:] + sof + dht + sos + scan + eoi)

    write(t, "bmp_gray8.bmp", bmp(4, 2, 8, bytes(range(8)), palette=b"".join(bytes([i, i, i, 0]) for i in range(256))))
    write(t, "bmp_rgb24_topdown.bmp", bmp(4, -2, 24, bytes(range(24))))
    write(t, "bmp_core.bmp", bmp(4, 2, 24, bytes(range(24)), core=True))
    write(t, "tiff_le.tif", tiff(6, 4, little=True))
    write(t, "tiff_be.tif", tiff(6, 4, little=False))
    write(t, "pgm.pgm", b"P5\n4 2\n255\n" + bytes(range(0, 256, 32)))


# ---- multipart --------------------------------------------------------------------------------

def multipart():
    t = "multipart"
    image = png(4, 2, gray_rows(4, 2, 0))
    b = "----octgateBoundary7MA4YWxkTrZu0gW"
    def part(headers, data):
        return ("--" + b + "\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + data + b"\r\n"
    ct = ("multipart/form-data; boundary=" + b + "\n").encode()
    end = ("--" + b + "--\r\n").encode()
    write(t, "image.txt", ct + part(['Content-Disposition: form-data; name="image"; filename="scan.png"',
                                     "Content-Type: image/png"], image) + end)
    write(t, "two_parts.txt", ct + part(['Content-Disposition: form-data; name="note"'], b"hello") +
          part(['content-disposition: form-data; name="image"; filename="b.bmp"', "content-type: image/bmp"],
               b"BM\x00\x00") + end)
    write(t, "filename_star.txt", ct + part(["Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"; "
                                             "filename*=UTF-8''scan%20%C3%A9.png", "Content-Type: image/png"], b"x") + end)
    write(t, "latin1.txt", ct + part(["Content-Disposition: form-data; name=image; filename*=iso-8859-1''%E9t%E9.png"], b"x") + end)
    write(t, "escaped_quotes.txt", ct + part(['Content-Disposition: form-data; name="image"; filename="C:\\\\scans\\\\a \\"1\\".png"'], b"x") + end)
    write(t, "quoted_boundary.txt", b'multipart/form-data; charset=utf-8; boundary="a;b c"\n' +
          b'--a;b c\r\nContent-Disposition: form-data; name="image"; filename="x.tif"\r\n\r\nII*\x00\r\n--a;b c--\r\n')
    write(t, "preamble.txt", ct + b"preamble text\r\n" + part(['Content-Disposition: form-data; name="image"; filename="a"'], b"") + end)
    write(t, "truncated.txt", ct + part(['Content-Disposition: form-data; name="image"; filename="scan.png"'], image)[:-20])
    write(t, "no_disposition.txt", ct + part(["Content-Type: image/png"], b"x") + end)
    write(t, "not_multipart.txt", b"application/json\n{}")


# ---- Inference-Parameters ----------------------------------------------------------------------

def parameters():
    t = "inference_parameters"
    for i, text in enumerate(["{\"threshold\": 0.25}", "{'threshold': 0.5, 'slice_idx': [0, 1, 2]}",
                              "{\"threshold\": 1e0, \"slice_idx\": [3.0, 999999]}", "{\"threshold\": \"0.3\"}",
                              "{\"threshold\": 1.5}", "{\"slice_idx\": [-1]}", "{\"model\": {\"a\": [[[1]]]}, \"x\": null}",
                              "[1, 2]", "{\"threshold\": 0.25", "{}", "{\"slice_idx\": [1.5]}",
                              "{\"threshold\": -0.0, \"extra\": \"\\u00e9\"}", "[" * 20 + "]" * 20]):
        write(t, f"params_{i:02}.json", text)


# ---- webhook URLs ------------------------------------------------------------------------------

def urls():
    t = "webhook_url"
    for i, url in enumerate(["http://127.0.0.1:9000/hook", "https://hooks.example.com/a/b?c=d#e", "http://[::1]:8080/",
                             "http://[::ffff:10.0.0.1]/x", "https://[fe80::1%25eth0]/", "http://169.254.169.254/latest",
                             "http://[v1.fe]/", "ftp://example.com/", "http://user:pw@8.8.8.8:80/", "http:///nohost",
                             "https://100.64.0.1/", "http://[2001:db8::1]/", "http://0x7f.1/", "webhook", "HTTPS://EXAMPLE.com"]):
        write(t, f"url_{i:02}.txt", url)


# ---- Azure List Blobs XML ----------------------------------------------------------------------

def azure():
    t = "azure_list_xml"
    head = '<?xml version="1.0" encoding="utf-8"?>'
    write(t, "list.xml", head + '<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/" '
          'ContainerName="scans"><Prefix>vol1/</Prefix><Blobs><Blob><Name>vol1/file.000</Name><Properties>'
          '<Content-Length>1024</Content-Length><Content-Type>image/png</Content-Type></Properties></Blob>'
          '<Blob><Name>vol1/file.001</Name><Properties><Content-Length>2048</Content-Length></Properties></Blob>'
          '</Blobs><NextMarker>2!80!MDAwMDE2IXZvbDEvZmlsZS4wMDEh</NextMarker></EnumerationResults>')
    write(t, "encoded.xml", head + '<EnumerationResults><Blobs><Blob><Name Encoded="true">a%20b%2Fc</Name></Blob>'
          '<Blob><Name>x &amp; y &lt;z&gt; &#233; &#x1F600; &bogus;</Name></Blob></Blobs><NextMarker/></EnumerationResults>')
    write(t, "empty.xml", head + "<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>")
    write(t, "no_name.xml", "<EnumerationResults><Blobs><Blob><Properties/></Blob></Blobs></EnumerationResults>")
    write(t, "error.xml", head + "<Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.\n"
          "RequestId:1\nTime:2026-01-01T00:00:00Z</Message></Error>")
    write(t, "marker_name.xml", "<EnumerationResults><Blobs><Blob><Name>&lt;NextMarker&gt;</Name></Blob></Blobs>"
          "<NextMarker>tok</NextMarker></EnumerationResults>")


# ---- HTTP requests (first byte: read size - 1) -------------------------------------------------

def http():
    t = "http_request"
    body = b'--b\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nxx\r\n--b--\r\n'
    post = (b"POST /invocations HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            b"Webhook-Url: http://127.0.0.1:9000/hook\r\nExamination-ID: exam-1\r\n"
            b"Inference-Parameters: {'threshold': 0.3}\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    write(t, "post_whole.bin", b"\xff" + post)
    write(t, "post_bytewise.bin", b"\x00" + post)
    write(t, "ping.bin", b"\x07GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    write(t, "results_query.bin", b"\x20GET /results/abc?x=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    write(t, "chunked.bin", b"\x05POST /invocations HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
          b"4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\nTrailer: t\r\n\r\n")
    write(t, "too_long.bin", b"\xffPOST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n")


def main():
    images(); multipart(); parameters(); urls(); azure(); http()


if __name__ == "__main__":
    main()
