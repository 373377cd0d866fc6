"""Drives `ft-tidy lsp` as an editor would and prints what it answered.

    lsp_client.py [--init-args JSON] [--apply FILE] [--garbage] -- SERVER...

Starts SERVER (a command), sends initialize and initialized, then for each
FILE given with --open a didOpen, and waits for its diagnostics; prints them
(0-based protocol positions), asks for the code actions over each
diagnostic's range and prints their titles. With --apply, the edits of the
first quick fix offered for that file are applied to it on disk. With
--garbage, a message that is not JSON is sent first (the server must go on).
With --show FILE, the diagnostics last published for FILE (opened or not)
are printed after shutdown.
Ends with shutdown and exit and prints the server's exit status. Every read
has a time limit: a server that does not answer fails the test."""

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.parse

TIMEOUT = 120


def uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Client:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.next_id = 0
        self.last = {}  # uri -> the diagnostics it was last published with
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length).decode("utf-8")))

    def raw(self, body):
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, method, params=None, request=False):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        self.raw(json.dumps(msg).encode("utf-8"))
        return msg.get("id")

    def wait(self, test, what):
        """The first message test accepts; logs met on the way are printed."""
        while True:
            try:
                msg = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                sys.exit(f"lsp_client: no {what} within {TIMEOUT} s")
            if msg is None:
                sys.exit(f"lsp_client: the server closed its output while waiting for {what}")
            if msg.get("method") == "window/logMessage":
                print(f"log {msg['params']['type']}: {msg['params']['message']}")
            if msg.get("method") == "textDocument/publishDiagnostics":
                self.last[msg["params"]["uri"]] = msg["params"]["diagnostics"]
            if test(msg):
                return msg

    def request(self, method, params=None):
        ident = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == ident and "method" not in m, f"answer to {method}")


def show_range(r):
    s, e = r["start"], r["end"]
    return f"{s['line']}:{s['character']}-{e['line']}:{e['character']}"


def apply_edits(path, edits):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")

    def offset(pos):  # UTF-16 units to str index (the inputs are in the BMP)
        return sum(len(l) + 1 for l in lines[:pos["line"]]) + pos["character"]

    text = "\n".join(lines)
    for e in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[:offset(e["range"]["start"])] + e["newText"] + text[offset(e["range"]["end"]):]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--open", action="append", default=[])
    ap.add_argument("--init-args", default=None)
    ap.add_argument("--apply", default=None)
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--garbage", action="store_true")
    ap.add_argument("server", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    client = Client([a for a in args.server if a != "--"])
    if args.garbage:
        client.raw(b"this is not json")
    init = {"processId": os.getpid(), "rootUri": uri(os.getcwd()), "capabilities": {}}
    if args.init_args:
        init["initializationOptions"] = {"args": json.loads(args.init_args)}
    caps = client.request("initialize", init)["result"]
    print(f"initialize: {caps['serverInfo']['name']}, code actions "
          f"{caps['capabilities']['codeActionProvider']['codeActionKinds']}, sync "
          f"{json.dumps(caps['capabilities']['textDocumentSync'], sort_keys=True)}")
    client.send("initialized", {})
    for path in args.open:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        client.send("textDocument/didOpen", {"textDocument": {
            "uri": uri(path), "languageId": "c", "version": 1, "text": text}})
        msg = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri(path), f"diagnostics of {path}")
        diags = msg["params"]["diagnostics"]
        print(f"diagnostics of {os.path.basename(path)}: {len(diags)}")
        applied = False
        for d in diags:
            print(f"  {show_range(d['range'])} severity {d['severity']} "
                  f"{d.get('code', '-')}: {d['message']}")
            for r in d.get("relatedInformation", []):
                print(f"    related {os.path.basename(urllib.parse.urlparse(r['location']['uri']).path)} "
                      f"{show_range(r['location']['range'])}: {r['message']}")
            actions = client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri(path)}, "range": d["range"],
                "context": {"diagnostics": [d]}})["result"]
            for a in actions:
                n = sum(len(v) for v in a["edit"]["changes"].values())
                print(f"    action {a['kind']}: {a['title']} ({n} edits)")
                if args.apply == path and not applied:
                    for u, edits in a["edit"]["changes"].items():
                        apply_edits(urllib.parse.unquote(urllib.parse.urlparse(u).path), edits)
                    applied = True
    unknown = client.request("textDocument/hover", {"textDocument": {"uri": uri("x.c")},
                                                   "position": {"line": 0, "character": 0}})
    print(f"hover: error {unknown['error']['code']}")
    print(f"shutdown: {client.request('shutdown').get('result', 'error')}")
    for path in args.show:
        diags = client.last.get(uri(path), [])
        print(f"last diagnostics of {os.path.basename(path)}: {len(diags)}")
        for d in diags:
            print(f"  {show_range(d['range'])} {d.get('code', '-')}")
    client.send("exit")
    print(f"exit status: {client.proc.wait(timeout=TIMEOUT)}")


if __name__ == "__main__":
    main()
