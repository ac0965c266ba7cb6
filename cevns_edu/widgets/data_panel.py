"""The data panel: for each release, one line saying what the analyses will read, and a Download button.

Each line is :func:`cevns_edu.data.availability.data_status` — the same :func:`~cevns_edu.data.availability.find`
call the notebooks' ``release_or_replica`` make, so it cannot disagree with them. **Download** runs
:func:`cevns_edu.data.download.download` (all files checked against Zenodo's checksums, all or nothing) in a
background thread, so the progress bar moves and **Cancel** is heard; offline or on any failure the panel
says so in one line and what to do, and nothing is kept.

No kernel restart is needed afterwards: every notebook calls ``release_or_replica()`` when its cells run, so
running the cells again (or opening the next notebook) picks up the real data.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as W

from ..data.availability import FETCH_COMMANDS, DataStatus, data_status
from ..data.cenns10 import ArgonRelease
from ..data.download import DownloadCancelled, download
from ..data.release import Release
from ..data.sources import RELEASE_NAMES, check_release
from ..experiment.replica import fallback_problem
from ..plotting.style import WARNING_TEXT

#: Which notebooks read each release.
USED_BY = {"csi": "notebooks 05–08", "argon": "notebook 08"}
_COLOURS = {"verified": "#009E73", "local": "#009E73", "replica": "#D55E00", "broken": "#D55E00"}
AFTER_DOWNLOAD = ("No kernel restart is needed: the notebooks read the data when their cells run. In a notebook "
                  "that is already open, run its cells again (Run → Run All Cells).")


def fallback_html(release: Release | ArgonRelease) -> str:
    """Return an HTML paragraph saying why the real data could not be used and what to do ("" if that is not so).

    Parameters
    ----------
    release : Release or ArgonRelease
        What a notebook loaded (``release_or_replica``).

    Returns
    -------
    str
        HTML, or "" for real data and for a replica used because no data are on this computer.
    """
    problem = fallback_problem(release)
    if not problem:
        return ""
    return ("<div style='margin-top:4px'><b>The real data could not be used:</b> " + html.escape(problem)
            + "<br>This notebook goes on with the seeded replica. Fix the folder (or unset the environment "
            "variable that points to it), or download a verified copy with the Download button or "
            "<code>cevns-edu data fetch</code>, then run the cells again.</div>")


class WidgetProgress:
    """pooch's progress-bar protocol (``total``, ``update``, ``reset``, ``close``) on an ipywidgets ``IntProgress``.

    Parameters
    ----------
    bar : ipywidgets.IntProgress
        The bar to drive; its ``max`` follows ``total`` (bytes of the file being downloaded).
    """

    def __init__(self, bar: W.IntProgress) -> None:
        self.bar = bar
        self.n = 0

    @property
    def total(self) -> int:
        """Bytes expected for the current file (0 when the server does not say)."""
        return int(self.bar.max)

    @total.setter
    def total(self, value: int | None) -> None:
        self.bar.max = max(int(value or 0), 1)
        self.reset()

    def update(self, n: int) -> None:
        """Add ``n`` bytes."""
        self.n += int(n)
        self.bar.value = min(self.n, self.bar.max)

    def reset(self) -> None:
        """Back to zero bytes."""
        self.n = 0
        self.bar.value = 0

    def close(self) -> None:
        """Show a full bar (the file is complete)."""
        self.bar.value = self.bar.max


class DataPanel:
    """One status line per release, a Download button with a progress bar, and Cancel.

    Parameters
    ----------
    releases : sequence of str
        Which releases to show: "csi" (COHERENT 2017) and/or "argon" (CENNS-10).
    downloader, registries
        For tests only: a pooch downloader and, per release, a ``{name: "md5:…"}`` registry (see
        :func:`cevns_edu.data.download.download`).
    """

    def __init__(self, releases: Sequence[str] = ("csi", "argon"), *, downloader: Callable | None = None,
                 registries: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.releases = tuple(check_release(r) for r in releases)
        if not self.releases:
            raise ValueError("releases must name at least one release ('csi', 'argon')")
        self._downloader = downloader
        self._registries = dict(registries or {})
        self.lines = {r: W.HTML() for r in self.releases}
        self.download_button = W.Button(description="Download the real data", button_style="primary",
                                        tooltip="Download from Zenodo into the course's cache (checksums verified)",
                                        layout=W.Layout(width="220px"))
        self.cancel_button = W.Button(description="Cancel", disabled=True, layout=W.Layout(width="90px"))
        self.progress = W.IntProgress(value=0, min=0, max=1, layout=W.Layout(width="300px", visibility="hidden"))
        self.file_label = W.HTML()
        self.message = W.HTML()
        self.download_button.on_click(lambda _b: self.download())
        self.cancel_button.on_click(lambda _b: self.cancel())
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.widget = W.VBox([W.HTML("<b>Where the data come from</b>"), *self.lines.values(),
                              W.HBox([self.download_button, self.cancel_button, self.progress, self.file_label]),
                              self.message])
        self.statuses: dict[str, DataStatus] = {}
        self.refresh()

    def refresh(self) -> dict[str, DataStatus]:
        """Re-read what the loaders would use and redraw the lines; returns the statuses by release."""
        self.statuses = {r: data_status(r) for r in self.releases}
        for r, st in self.statuses.items():
            text = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(st.line))
            self.lines[r].value = (f"<span style='color:{_COLOURS[st.kind]}'>●</span> {text} "
                                   f"<i>(used by {USED_BY[r]})</i>")
        todo = self.to_download()
        busy = self._thread is not None and self._thread.is_alive()
        self.download_button.disabled = busy or not todo
        return self.statuses

    def to_download(self) -> list[str]:
        """Releases the button would fetch: those read from the cache that are not there verified."""
        return [r for r, st in self.statuses.items() if st.location.where == "cache" and st.kind != "verified"]

    def download(self, wait: bool = False) -> None:
        """Start downloading what :meth:`to_download` lists, in a background thread (``wait``: join it)."""
        if self._thread is not None and self._thread.is_alive():
            return
        todo = self.to_download()
        if not todo:
            self.message.value = "Nothing to download: every release shown is already on this computer."
            return
        self._cancel.clear()
        self.download_button.disabled, self.cancel_button.disabled = True, False
        self.progress.layout.visibility = "visible"
        self.message.value = "Downloading from Zenodo …"
        self._thread = threading.Thread(target=self._run, args=(todo,), daemon=True)
        self._thread.start()
        if wait:
            self._thread.join()

    def cancel(self) -> None:
        """Ask the running download to stop (it removes what it had fetched)."""
        self._cancel.set()
        self.message.value = "Cancelling …"

    def _run(self, todo: list[str]) -> None:
        bar = WidgetProgress(self.progress)
        done: list[str] = []
        try:
            for r in todo:
                def on_file(name: str, r: str = r) -> None:
                    self.file_label.value = f"{RELEASE_NAMES[r]}: {html.escape(name)}"
                download(r, progressbar=bar, cancel=self._cancel, on_file=on_file, downloader=self._downloader,
                         registry_md5=self._registries.get(r))
                done.append(r)
            self.message.value = f"✔ Downloaded and verified. {AFTER_DOWNLOAD}"
        except DownloadCancelled:
            self.message.value = self._partial_text(done, "Cancelled: the interrupted download was removed.")
        except Exception as exc:  # offline, server error, checksum mismatch: one clear line
            first = html.escape(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            what = "; ".join(f"<code>{FETCH_COMMANDS[r]}</code>" for r in todo if r not in done)
            self.message.value = self._partial_text(
                done, f"<span style='color:{WARNING_TEXT}'>✘ Download failed</span> — {first}. Nothing partial was kept; "
                      f"the notebooks keep using what the lines above say. Check the internet connection and press "
                      f"Download again, or run {what} in a terminal.")
        finally:
            self.cancel_button.disabled = True
            self.progress.layout.visibility = "hidden"
            self.file_label.value = ""
            self.refresh()

    @staticmethod
    def _partial_text(done: list[str], text: str) -> str:
        if not done:
            return text
        names = ", ".join(RELEASE_NAMES[r] for r in done)
        return f"{text} (Completed before that, and kept verified: {names}. {AFTER_DOWNLOAD})"

    def _ipython_display_(self) -> None:  # display(panel) shows the widget
        from IPython.display import display  # deferred: only when shown in a notebook

        display(self.widget)

    def __repr__(self) -> str:
        """One line per release, as the panel shows them."""
        return "DataPanel(" + "; ".join(st.line for st in self.statuses.values()) + ")"


def data_panel(releases: Sequence[str] = ("csi", "argon"), **kwargs: Any) -> DataPanel:
    """Build a :class:`DataPanel` (the notebooks' one-liner)."""
    return DataPanel(releases, **kwargs)
