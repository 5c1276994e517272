"""Progress of a run's extraction, as a user sees it: one bar on a terminal (rich), a line
every 10 seconds otherwise (CI, cron, a served run's log).

Progress counts input files *done* — read and, if they held new articles, extracted — not
files submitted, so it reaches 100 % exactly when the last chunk comes back.
"""
from __future__ import annotations

import sys
import time

from sitrep.common.settings import console_is_quiet, progress_seconds


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class ExtractionProgress:
    """Counts and the line that describes them; the sinks below draw it."""

    def __init__(self, total_inputs: int):
        self.total, self.inputs_done, self.articles = total_inputs, 0, 0
        self.t0 = time.perf_counter()

    def update(self, inputs_done: int, articles: int) -> None:
        self.inputs_done, self.articles = inputs_done, articles
        self.draw()

    def draw(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rate(self) -> float:
        return self.articles / max(time.perf_counter() - self.t0, 1e-9)

    def seconds_left(self) -> float | None:
        elapsed = time.perf_counter() - self.t0
        if not self.inputs_done:
            return None
        return (self.total - self.inputs_done) * elapsed / self.inputs_done

    def line(self) -> str:
        pct = 100 * self.inputs_done / max(self.total, 1)
        left = self.seconds_left()
        return (f"progress: {self.inputs_done} of {self.total} input files done ({pct:.0f}%), "
                f"{self.articles} articles extracted, {self.rate():.1f} articles/s"
                + (f", about {_duration(left)} left" if left is not None and self.inputs_done < self.total else ""))


class ProgressLines(ExtractionProgress):
    """A line every `every_s` seconds to the run's log (the Prefect UI), and to stderr when
    the console does not already show that log; a last line at the end of a long run."""

    def __init__(self, total_inputs: int, log=None, every_s: float | None = None, stream=None):
        super().__init__(total_inputs)
        self.log, self.every_s, self.stream = log, every_s or progress_seconds(), stream
        self.last = self.t0
        self.printed: tuple | None = None   # the state last written

    def draw(self, force: bool = False) -> None:
        now = time.perf_counter()
        state = (self.inputs_done, self.articles)
        if (not force and now - self.last < self.every_s) or state == self.printed:
            return
        self.last = now
        self.printed = state
        line = self.line()
        if self.log is not None:
            self.log.info(line)
        if self.stream is not None:
            print(f"sitrep: {line}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.printed:
            self.draw(force=True)


class ProgressBar(ProgressLines):
    """One rich progress bar on the terminal: files done, articles extracted, rate, time left
    (and the lines to the run's log, which the quiet console does not show)."""

    def __init__(self, total_inputs: int, log=None, stream=None):
        super().__init__(total_inputs, log)
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("extracting"), BarColumn(bar_width=24), TaskProgressColumn(),
            TextColumn("{task.completed}/{task.total} files · {task.fields[articles]} articles · {task.fields[rate]}/s ·"),
            TimeRemainingColumn(), TextColumn("left"),
            console=Console(file=stream or sys.stderr), transient=False, expand=False,
        )
        self.task = self.bar.add_task("extract", total=max(total_inputs, 1), articles=0, rate="0.0")
        self.bar.start()

    def draw(self, force: bool = False) -> None:
        self.bar.update(self.task, completed=self.inputs_done, articles=self.articles, rate=f"{self.rate():.1f}")
        super().draw(force)

    def close(self) -> None:
        self.draw(force=True)
        self.bar.stop()


def extraction_progress(total_inputs: int, log=None) -> ExtractionProgress:
    """The bar on a terminal, lines otherwise. Lines go to the run's log always (the UI
    shows them) and to stderr when Prefect's console hides INFO (sitrep's quiet default)."""
    quiet = console_is_quiet()
    if quiet and sys.stderr.isatty():
        return ProgressBar(total_inputs, log)
    return ProgressLines(total_inputs, log, stream=sys.stderr if quiet else None)
