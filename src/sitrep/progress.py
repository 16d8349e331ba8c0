"""Progress bars on stderr for the long first-run steps (building the gazetteer, training the
event classifier), or nothing: when the caller asks for quiet or standard error is closed."""

from __future__ import annotations

import sys
from typing import Any


class ProgressBars:
    """One rich progress display; each step of the work a task on it, named after `prefix`. A
    `counted` display shows items done of the total and the time left (documents of a run), else
    the share done and the time spent (the steps of a build)."""

    def __init__(self, enabled: bool, prefix: str, counted: bool = False) -> None:
        self.bar: Any = None
        if enabled and sys.stderr is not None:
            from rich import progress
            from rich.console import Console

            columns = (
                progress.TextColumn(f"{prefix}: {{task.description}}"),
                progress.BarColumn(),
                progress.MofNCompleteColumn() if counted else progress.TaskProgressColumn(),
                progress.TimeRemainingColumn() if counted else progress.TimeElapsedColumn(),
            )
            self.bar = progress.Progress(*columns, console=Console(stderr=True), transient=True)

    def __enter__(self) -> ProgressBars:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def task(self, description: str, total: float | None) -> Any:
        """A new bar; its handle for `update` (None when nothing is shown)."""
        return self.bar.add_task(description, total=total) if self.bar is not None else None

    def update(
        self,
        task: Any,
        *,
        completed: float | None = None,
        advance: float | None = None,
        description: str | None = None,
    ) -> None:
        if self.bar is not None:
            self.bar.update(task, completed=completed, advance=advance, description=description)
