"""Progress on the terminal (tqdm), silent when output is not a terminal or with --quiet."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    def __init__(self, enabled: bool | None = None, label: str = ""):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.label = label  # whose stages these are (a catalogue names the script)
        self.bar = None

    def of(self, label: str) -> Progress:
        """The same terminal, its stages named after `label` (one script of a catalogue)."""
        return Progress(self.enabled, label)

    def start(self, stage: str, total: int, unit: str = "clip"):
        if self.enabled and total:
            self.bar = tqdm(total=total, desc=f"{self.label}{' ' * bool(self.label)}{stage:>10}", unit=unit, leave=False, file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)

    def advance(self, amount: int = 1):
        if self.bar:
            self.bar.update(amount)

    def finish(self):
        if self.bar:
            self.bar.close()
            self.bar = None
