#!/usr/bin/env python3
"""interrupt.py MARKER COMMAND...: start COMMAND, wait until the file MARKER
exists (the command has started its work), interrupt it with SIGINT as
Ctrl-C does, and print its exit status, what it wrote to stderr, and whether
it ended within 20 seconds of the interrupt."""
import os
import signal
import subprocess
import sys
import time

marker = sys.argv[1]
if os.path.exists(marker):
    os.remove(marker)
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.time() + 300
while not os.path.exists(marker) and proc.poll() is None and time.time() < deadline:
    time.sleep(0.1)
proc.send_signal(signal.SIGINT)
start = time.time()
_, err = proc.communicate()
quick = "quickly" if time.time() - start < 20 else "slowly"
print(f"exit {proc.returncode}, stderr {err.decode()!r}, {quick}")
