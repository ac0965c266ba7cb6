"""Re-executing a notebook whose numbers did not move leaves no diff (tools/execute_notebooks.py ``normalise``).

No kernel is started: the normaliser is run on notebook dicts shaped like what nbconvert saves.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _load_tool():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


normalise = _load_tool().normalise


def executed_notebook(run: int) -> dict:
    """One notebook as saved after run number ``run``: same sources and outputs, run-specific ids and times."""
    model = f"{run:032x}"
    stamp = f"2026-11-{run:02d}T13:12:58.859862Z"
    timing = {"iopub.execute_input": stamp, "iopub.status.busy": stamp, "iopub.status.idle": stamp,
              "shell.execute_reply": stamp}
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python", "version": "3.11.2"},
                     "widgets": {WIDGET_STATE: {"state": {model: {"model_name": "VBoxModel", "state": {}}},
                                                "version_major": 2, "version_minor": 0}}},
        "cells": [
            {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# Title"},
            {"cell_type": "code", "id": "c1", "execution_count": 1, "metadata": {"execution": timing, "tags": ["keep"]},
             "source": "print(2 + 2)", "outputs": [{"output_type": "stream", "name": "stdout", "text": "4\n"}]},
            {"cell_type": "code", "id": "c2", "execution_count": 2, "metadata": {"execution": timing},
             "source": "Panel()", "outputs": [{"output_type": "execute_result", "execution_count": 2, "metadata": {},
                                               "data": {"text/plain": "VBox(children=(...))",
                                                        WIDGET_VIEW: {"model_id": model, "version_major": 2,
                                                                      "version_minor": 0}}}]},
        ],
    }


def test_timestamps_and_widget_state_are_stripped() -> None:
    nb = normalise(executed_notebook(1))
    assert "widgets" not in nb["metadata"]
    assert all("execution" not in c["metadata"] for c in nb["cells"])
    assert nb["cells"][2]["outputs"][0]["data"][WIDGET_VIEW]["model_id"] == ""


def test_content_is_kept() -> None:
    before = executed_notebook(1)
    nb = normalise(copy.deepcopy(before))
    assert nb["metadata"]["kernelspec"] == before["metadata"]["kernelspec"]
    assert nb["metadata"]["language_info"] == before["metadata"]["language_info"]
    assert nb["cells"][1]["metadata"] == {"tags": ["keep"]}
    for new, old in zip(nb["cells"], before["cells"], strict=True):
        assert (new["id"], new["source"], new.get("execution_count")) == (old["id"], old["source"],
                                                                           old.get("execution_count"))
    assert nb["cells"][1]["outputs"] == before["cells"][1]["outputs"]
    assert nb["cells"][2]["outputs"][0]["data"]["text/plain"] == "VBox(children=(...))"


def test_two_runs_with_the_same_content_compare_equal() -> None:
    first, second = executed_notebook(1), executed_notebook(2)
    assert first != second
    assert normalise(first) == normalise(second)
    assert json.dumps(normalise(first), sort_keys=True) == json.dumps(normalise(second), sort_keys=True)


def test_a_changed_number_still_shows() -> None:
    first, second = executed_notebook(1), executed_notebook(2)
    second["cells"][1]["outputs"][0]["text"] = "5\n"
    assert normalise(first) != normalise(second)


def test_normalise_is_idempotent() -> None:
    once = normalise(executed_notebook(3))
    assert normalise(copy.deepcopy(once)) == once


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_are_normalised(path: Path) -> None:
    """Re-save with tools/execute_notebooks.py (or --normalise-only) if this fails."""
    nb = json.loads(path.read_text())
    assert normalise(copy.deepcopy(nb)) == nb, f"{path.name}: run python tools/execute_notebooks.py --normalise-only"
