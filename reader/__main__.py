"""``python -m reader``: the same command as the ``reader`` script."""

from reader.cli import main

if __name__ == "__main__":
    main()
