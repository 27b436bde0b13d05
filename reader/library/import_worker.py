"""A worker process of a large import (``importer._Worker``): reads the chunks of files to
read and parse from stdin, answers ``importer._examine_all`` of each on stdout, in order."""

from __future__ import annotations

import os
import pickle
import signal
import sys


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the importing process
    from reader.library.importer import _examine_all

    chunks, marks = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for chunk in chunks:
        pickle.dump(_examine_all(chunk, marks), out, pickle.HIGHEST_PROTOCOL)
        out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # the importing process is gone: nothing to flush or say
        os._exit(0)
