#!/usr/bin/env python3
"""Start a command, interrupt it (SIGINT, as Ctrl-C does) after 2 seconds,
and print its exit status, what it wrote to stderr, and whether it ended
within 20 seconds of the interrupt."""
import signal
import subprocess
import sys
import time

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(2)
proc.send_signal(signal.SIGINT)
start = time.time()
_, err = proc.communicate()
quick = "quickly" if time.time() - start < 20 else "slowly"
print(f"exit {proc.returncode}, stderr {err.decode()!r}, {quick}")
