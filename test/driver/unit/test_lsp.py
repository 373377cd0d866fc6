import io
import os
import tempfile
import threading
import unittest

import ftpath  # noqa: F401
from ft_tidy.fixes import exported_edits
from ft_tidy.lsp import FileText, overlaps, path_of, read_message, uri_of, write_message

EXPORT = """\
---
MainSourceFile:  '/p/a.c'
Diagnostics:
  - DiagnosticName:  freethreading-critical-section-exit
    DiagnosticMessage:
      Message:         '''return'' leaves the section'
      FilePath:        '/p/a.c'
      FileOffset:      40
      Replacements:
        - FilePath:        '/p/a.c'
          Offset:          40
          Length:          6
          ReplacementText: 'result ='
        - FilePath:        '/p/a.c'
          Offset:          60
          Length:          0
          ReplacementText: "\\n  return result;"
    Notes:
      - Message:         'critical section begins here'
        FilePath:        '/p/a.c'
        FileOffset:      10
        Replacements:
          - FilePath:        '/p/a.c'
            Offset:          1
            Length:          1
            ReplacementText: 'not the main message'
    Level:           Warning
  - DiagnosticName:  freethreading-borrowed-reference
    DiagnosticMessage:
      Message:         'no fix here'
      FilePath:        '/p/a.c'
      FileOffset:      70
      Replacements:    []
    Level:           Warning
...
"""


class ExportedEditsTest(unittest.TestCase):
    def test_main_message_replacements_only(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.yaml")
            with open(path, "w") as f:
                f.write(EXPORT)
            edits = exported_edits(path)
        self.assertEqual(edits, {
            ("/p/a.c", 40, "freethreading-critical-section-exit", "'return' leaves the section"):
                [("/p/a.c", 40, 6, "result ="), ("/p/a.c", 60, 0, "\n  return result;")]})

    def test_missing_file(self):
        self.assertEqual(exported_edits("/nonexistent/f.yaml"), {})


class FileTextTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".c")
        # Line 2: 'é' is 2 bytes and 1 UTF-16 unit; U+1F600 is 4 bytes and 2 units.
        with os.fdopen(fd, "wb") as f:
            f.write("int a;\n/* é \U0001F600 */ x = 1;\nlast".encode("utf-8"))

    def tearDown(self):
        os.unlink(self.path)

    def test_positions_in_utf16_units(self):
        t = FileText(self.path)
        self.assertEqual(t.position(1, 5), {"line": 0, "character": 4})
        # 'x' is at byte column 15 of line 2 (1-based); before it, 11 UTF-16
        # units: '/* ' 3, 'é' 1, ' ' 1, U+1F600 2, ' */ ' 4.
        self.assertEqual(t.position(2, 15), {"line": 1, "character": 11})
        self.assertEqual(t.word_end(2, 15), {"line": 1, "character": 12})
        self.assertEqual(t.offset_position(7 + 14), {"line": 1, "character": 11})
        self.assertEqual(t.offset_position(len("int a;\n/* é \U0001F600 */ x = 1;\n".encode())),
                         {"line": 2, "character": 0})

    def test_past_the_end(self):
        t = FileText(self.path)
        self.assertEqual(t.position(9, 1), {"line": 8, "character": 0})


class FramingTest(unittest.TestCase):
    def test_round_trip(self):
        out = io.BytesIO()
        write_message(out, {"jsonrpc": "2.0", "id": 1, "result": "größe"}, threading.Lock())
        data = out.getvalue()
        self.assertTrue(data.startswith(b"Content-Length: %d\r\n\r\n" % (len(data) - data.index(b"{"))))
        self.assertEqual(read_message(io.BytesIO(data + data))["result"], "größe")

    def test_end_of_input(self):
        self.assertIsNone(read_message(io.BytesIO(b"")))
        self.assertIsNone(read_message(io.BytesIO(b"Content-Length: 10\r\n\r\n{}")))


class UriTest(unittest.TestCase):
    def test_paths(self):
        self.assertEqual(path_of(uri_of("/tmp/a b/é.c")), "/tmp/a b/é.c")
        self.assertIsNone(path_of("untitled:Untitled-1"))

    def test_overlaps(self):
        r = {"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 8}}
        self.assertTrue(overlaps(r, {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 5}}))
        self.assertFalse(overlaps(r, {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 1}}))
        self.assertTrue(overlaps(r, {}))


if __name__ == "__main__":
    unittest.main()
