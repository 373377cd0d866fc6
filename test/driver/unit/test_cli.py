import unittest

import ftpath  # noqa: F401
from ft_tidy.cli import DEFAULT_CHECKS, launcher_root, parse_args
from ft_tidy.common import FtError


class ParseArgsTest(unittest.TestCase):
    def test_defaults(self):
        o = parse_args([], environ={})
        self.assertEqual(o.paths, [])
        self.assertEqual(o.checks, DEFAULT_CHECKS)
        self.assertEqual(o.format, "text")
        self.assertEqual(o.jobs, 1)
        self.assertFalse(o.fix or o.declare_anyway or o.quiet)
        self.assertIsNone(o.docs_url)

    def test_repeatable_and_values(self):
        o = parse_args(["-I", "inc", "-Dx=1", "-DY", "--extra-arg=-std=c11", "--extra-arg=-w",
                        "-j", "3", "--format", "sarif", "-o", "out", "--fix", "--declare-anyway",
                        "-p", "db", "--compat-header", "pythoncapi_compat.h", "a", "b"], environ={})
        self.assertEqual(o.include_dirs, ["inc"])
        self.assertEqual(o.defines, ["x=1", "Y"])
        self.assertEqual(o.extra_args, ["-std=c11", "-w"])
        self.assertEqual((o.jobs, o.format, o.output, o.compile_db), (3, "sarif", "out", "db"))
        self.assertEqual(o.compat_header, "pythoncapi_compat.h")
        self.assertEqual(o.paths, ["a", "b"])
        self.assertTrue(o.fix and o.declare_anyway)

    def test_docs_url_from_environment(self):
        self.assertEqual(parse_args([], environ={"FT_TIDY_DOCS_URL": "https://x/"}).docs_url,
                         "https://x/")
        self.assertEqual(parse_args(["--docs-url", "u"], environ={"FT_TIDY_DOCS_URL": "e"}).docs_url, "u")

    def test_usage_errors(self):
        cases = {("--declare-anyway",): "--declare-anyway applies to --fix only (see ft-tidy --help)",
                 ("-j", "0"): "-j must be at least 1 (see ft-tidy --help)",
                 ("--bogus",): "unrecognized arguments: --bogus (see ft-tidy --help)"}
        for argv, message in cases.items():
            with self.subTest(argv=argv):
                with self.assertRaises(FtError) as e:
                    parse_args(list(argv), environ={})
                self.assertEqual(str(e.exception), message)

    def test_bad_format(self):
        with self.assertRaises(FtError) as e:
            parse_args(["--format", "xml"], environ={})
        self.assertIn("invalid choice: 'xml'", str(e.exception))

    def test_launcher_root(self):
        self.assertEqual(launcher_root("/opt/ft/bin/ft-tidy"), "/opt/ft")


if __name__ == "__main__":
    unittest.main()
