#!/usr/bin/env python3
"""Make the PDFs the document tests read, of known text and page count.

  mkpdf.py text OUT PAGE_TEXT...   one page per argument (lines split on |)
  mkpdf.py many OUT N              N pages, page K says "report page K zqKq"
  mkpdf.py bomb OUT MB             one page whose content stream inflates
                                   to MB MiB of spaces (a decompression bomb)

Pages use the standard Helvetica font, so any PDF reader extracts the text.
"""
import sys
import zlib


def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def content_for(text):
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    for line in text.split("|"):
        ops.append(pdf_string(line) + " Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def write_pdf(out, streams):
    """streams: list of (dict_extra, bytes), one page each."""
    n = len(streams)
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for i, (extra, data) in enumerate(streams):
        page, cont = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page)
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
                      b" /Resources << /Font << /F1 3 0 R >> >>"
                      b" /Contents %d 0 R >>" % cont)
        objs[cont] = (b"<< /Length %d%s >>\nstream\n" % (len(data), extra)
                      + data + b"\nendstream")
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = {}
    for k in sorted(objs):
        offs[k] = len(body)
        body += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(body)
    size = max(objs) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        body += b"%010d 00000 n \n" % offs[k]
    body += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
             % (size, xref))
    with open(out, "wb") as f:
        f.write(body)


def main(argv):
    mode, out = argv[1], argv[2]
    if mode == "text":
        write_pdf(out, [(b"", content_for(t)) for t in argv[3:]])
    elif mode == "many":
        n = int(argv[3])
        write_pdf(out, [(b"", content_for("report page %d zq%dq|%s" %
                                          (k, k, "the board noted the figures " * 3)))
                        for k in range(1, n + 1)])
    elif mode == "bomb":
        mb = int(argv[3])
        z = zlib.compressobj(9)
        chunk = b" " * (1 << 20)
        data = b"".join(z.compress(chunk) for _ in range(mb)) + z.flush()
        write_pdf(out, [(b" /Filter /FlateDecode", data)])
    else:
        sys.exit("mkpdf.py: unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
