"""Bad-input suite, area ``loaders``: hostile copies of the release files (issue 13, items 1 and 6).

Every case copies the CsI release (``../shared/coherent2017``, header-stripped form) or the argon release
(``../shared/cenns10``) into a temporary folder, spoils one file in one way, and loads it as a learner would:
through the folder loader (which must refuse anything that is not the official content) and, for a physical
bound, through the file's own loader as well (which must refuse a non-physical value whatever its origin).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import api_call

from cevns_edu.data import loaders
from cevns_edu.data.cenns10 import load_argon_folder
from cevns_edu.data.release import ReleaseNotFoundError, load_folder

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CSI = SHARED / "coherent2017"
ARGON = SHARED / "cenns10"

COUNT_FILES = ("data_coincidence_beamOn.txt", "data_anticoincidence_beamOn.txt",
               "data_coincidence_beamOff.txt", "data_anticoincidence_beamOff.txt")
TIME_PDFS = ("arrivalTimePDF_promptNeutrinos.txt", "arrivalTimePDF_delayedNeutrinos.txt",
             "arrivalTimePDF_promptNeutrons.txt")
PROMPT = "promptPDF.txt"
PARAMS = "coherent_parameters.yaml"

Edit = Callable[[Path], None]


#: The project's own errors a loader may raise besides ValueError/TypeError (a missing file or folder).
ALLOWED_ERRORS = (ValueError, TypeError, ReleaseNotFoundError)


def load(fn: Callable[..., object], *args: object, **kwargs: object):
    """``api_call`` with the loaders' own "not found" error counted as a clear refusal."""
    return api_call(fn, *args, allowed=ALLOWED_ERRORS, **kwargs)


@pytest.fixture
def tmp_path():  # noqa: F811 - a short folder (as a learner's would be), so messages are judged at a real length
    d = Path(tempfile.mkdtemp(prefix="bi", dir="/tmp"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _copy(src: Path, tmp_path: Path) -> Path:
    if not src.is_dir():
        pytest.skip(f"release files not found at {src}")
    d = tmp_path / src.name
    shutil.copytree(src, d)
    for p in d.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return d


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").splitlines()


def _data_rows(p: Path) -> list[int]:
    return [i for i, ln in enumerate(_lines(p)) if ln.strip() and not ln.lstrip().startswith("#")]


def set_column(col: int, value: str, row: int = 0) -> Edit:
    """Replace column ``col`` of the ``row``-th data row with ``value``."""
    def edit(p: Path) -> None:
        lines = _lines(p)
        i = _data_rows(p)[row]
        fields = [f.strip() for f in lines[i].split(",")]
        fields[col] = value
        lines[i] = ", ".join(fields)
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edit


def replace_line(row: int, text: str) -> Edit:
    def edit(p: Path) -> None:
        lines = _lines(p)
        lines[_data_rows(p)[row]] = text
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edit


def drop_last_row(p: Path) -> None:
    lines = _lines(p)
    del lines[_data_rows(p)[-1]]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def repeat_first_row(p: Path) -> None:
    lines = _lines(p)
    lines.append(lines[_data_rows(p)[0]])
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_column(p: Path) -> None:
    lines = _lines(p)
    i = _data_rows(p)[0]
    lines[i] = lines[i] + ", 7"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def empty(p: Path) -> None:
    p.write_bytes(b"")


def comments_only(p: Path) -> None:
    p.write_text("# nothing but a header\n# and another line\n", encoding="utf-8")


def binary(p: Path) -> None:
    p.write_bytes(b"\xff\xfe\x00\x01garbage\x80\x81\n")


def huge_line(p: Path) -> None:
    p.write_text("x" * 5000 + "\n" + p.read_text(encoding="utf-8"), encoding="utf-8")


def oversize(p: Path) -> None:
    with p.open("ab") as f:
        f.write(b"# padding\n" * 300_000)  # 3 MB: far larger than any release file


def to_folder(p: Path) -> None:
    p.unlink()
    p.mkdir()


def to_fifo(p: Path) -> None:
    p.unlink()
    os.mkfifo(p)


def to_dangling_link(p: Path) -> None:
    p.unlink()
    p.symlink_to(p.parent / "nowhere.txt")


def delete(p: Path) -> None:
    p.unlink()


def all_counts(value: int) -> Edit:
    def edit(p: Path) -> None:
        lines = _lines(p)
        for i in _data_rows(p):
            f = [x.strip() for x in lines[i].split(",")]
            lines[i] = f"{f[0]}, {f[1]}, {value}"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return edit


def bump_count(p: Path) -> None:
    """A legal-looking edit of one count (+1): header-stripped, so no MD5 can catch it, only the content digest."""
    lines = _lines(p)
    i = _data_rows(p)[5]
    f = [x.strip() for x in lines[i].split(",")]
    lines[i] = f"{f[0]}, {f[1]}, {int(float(f[2])) + 1}"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def swap_pdf_rows(p: Path) -> None:
    """Exchange the probabilities of two bins (still sums to 1): edited content."""
    lines = _lines(p)
    rows = _data_rows(p)
    a, b = ([x.strip() for x in lines[rows[k]].split(",")] for k in (0, 1))
    lines[rows[0]], lines[rows[1]] = f"{a[0]}, {b[1]}", f"{b[0]}, {a[1]}"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


def append_comment(p: Path) -> None:
    """A trailing comment line: same numbers, different bytes."""
    with p.open("a", encoding="utf-8") as f:
        f.write("# edited by a student\n")


def add_bom(p: Path) -> None:
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())


def crlf(p: Path) -> None:
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))


FILE_NAMES = r"(?:data_|arrivalTime|promptPDF|coherent_parameters|\.txt|\.yaml)"

# (label, edit, what the message must name) for every count file
COUNT_EDITS: list[tuple[str, Edit, str]] = [
    ("count-1e20", set_column(2, "1e20"), r"2\*\*53|integer|large"),
    ("count-2**63", set_column(2, "9223372036854775808"), r"2\*\*53|integer|large"),
    ("count-2**53", set_column(2, "9007199254740992"), r"2\*\*53|integer|large"),
    ("count-negative", set_column(2, "-1"), r"negative|integer"),
    ("count-fraction", set_column(2, "1.5"), r"integer"),
    ("count-nan", set_column(2, "nan"), r"finite|number"),
    ("count-inf", set_column(2, "inf"), r"finite|number"),
    ("count-text", set_column(2, "abc"), r"not a number"),
    ("count-empty-field", set_column(2, ""), r"not a number|column"),
    ("pe-off-grid", set_column(0, "2.0"), r"bin|centre"),
    ("time-off-grid", set_column(1, "0.3"), r"bin|centre"),
    ("missing-row", drop_last_row, r"incomplete|missing|rows"),
    ("duplicate-row", repeat_first_row, r"appears|repeat|twice|rows"),
    ("extra-column", add_column, r"column"),
    ("empty-file", empty, r"no data|empty"),
    ("comments-only", comments_only, r"no data|empty"),
    ("binary", binary, r"text|UTF-8|decode"),
    ("huge-line", huge_line, r"column|number"),
    ("oversize", oversize, r"bytes|large"),
    ("folder", to_folder, r"folder"),
    ("fifo", to_fifo, r"FIFO|regular"),
    ("dangling-link", to_dangling_link, r"not found|missing|lacks"),
    ("deleted", delete, r"missing|lacks|not found"),
    ("all-zero", all_counts(0), r"modified|official|differ"),
    ("all-ones", all_counts(1), r"modified|official|differ"),
    ("bump-one-count", bump_count, r"modified|official|differ"),
]

PDF_EDITS: list[tuple[str, Edit, str]] = [
    ("prob-negative", set_column(1, "-0.5"), r"negative|sum"),
    ("prob-nan", set_column(1, "nan"), r"finite|number"),
    ("prob-1e300", set_column(1, "1e300"), r"sum|large"),
    ("prob-text", set_column(1, "zero"), r"not a number"),
    ("time-off-grid", set_column(0, "0.3"), r"bin|centre"),
    ("missing-row", drop_last_row, r"rows|missing"),
    ("duplicate-row", repeat_first_row, r"rows|repeat"),
    ("empty-file", empty, r"no data|empty"),
    ("binary", binary, r"text|UTF-8|decode"),
    ("oversize", oversize, r"bytes|large"),
    ("folder", to_folder, r"folder"),
    ("fifo", to_fifo, r"FIFO|regular"),
    ("deleted", delete, r"missing|lacks|not found"),
    ("swapped-bins", swap_pdf_rows, r"modified|official|differ"),
]

PROMPT_EDITS: list[tuple[str, Edit, str]] = [
    ("rate-1e300", set_column(1, "1e300"), r"modified|official|differ|MD5|large"),
    ("rate-negative", set_column(1, "-1"), r"negative|modified|official"),
    ("rate-nan", set_column(1, "nan"), r"finite|number"),
    ("rate-inf", set_column(1, "inf"), r"finite|number"),
    ("rate-edited", set_column(1, "0.123"), r"modified|official|differ|MD5"),
    ("pe-off-grid", set_column(0, "0.7"), r"bin|centre"),
    ("missing-row", drop_last_row, r"rows|missing"),
    ("duplicate-row", repeat_first_row, r"rows|repeat"),
    ("trailing-comment", append_comment, r"modified|official|differ|MD5"),
    ("empty-file", empty, r"no data|empty"),
    ("oversize", oversize, r"bytes|large"),
    ("folder", to_folder, r"folder"),
    ("fifo", to_fifo, r"FIFO|regular"),
]


def yaml_sub(old: str, new: str, count: int = 1) -> Edit:
    def edit(p: Path) -> None:
        text = p.read_text(encoding="utf-8")
        assert old in text, old
        p.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def yaml_append(extra: str) -> Edit:
    def edit(p: Path) -> None:
        text = p.read_text(encoding="utf-8")
        p.write_text(text + ("" if text.endswith("\n") else "\n") + extra, encoding="utf-8")
    return edit


def yaml_replace(text: str) -> Edit:
    def edit(p: Path) -> None:
        p.write_text(text, encoding="utf-8")
    return edit


PARAM_EDITS: list[tuple[str, Edit, str]] = [
    ("a-negative", yaml_sub("value: 0.6655", "value: -0.6655"), r"\ba\b|acceptance"),
    ("a-above-1", yaml_sub("value: 0.6655", "value: 1.5"), r"\ba\b|acceptance"),
    ("a-zero", yaml_sub("value: 0.6655", "value: 0"), r"\ba\b|acceptance"),
    ("a-true", yaml_sub("value: 0.6655", "value: true"), r"\ba\b|acceptance"),
    ("a-text", yaml_sub("value: 0.6655", "value: high"), r"\ba\b|acceptance"),
    ("a-nan", yaml_sub("value: 0.6655", "value: .nan"), r"\ba\b|acceptance"),
    ("k-zero", yaml_sub("value: 0.4942", "value: 0"), r"\bk\b|acceptance"),
    ("k-negative", yaml_sub("value: 0.4942", "value: -0.4942"), r"\bk\b|acceptance"),
    ("k-inf", yaml_sub("value: 0.4942", "value: .inf"), r"\bk\b|acceptance"),
    ("x0-negative", yaml_sub("value: 10.8507", "value: -10"), r"x_0|acceptance"),
    ("x0-huge", yaml_sub("value: 10.8507", "value: 1e9"), r"x_0|acceptance"),
    ("qf-50", yaml_sub("value: 0.0878", "value: 50"), r"csiQF"),
    ("qf-zero", yaml_sub("value: 0.0878", "value: 0"), r"csiQF"),
    ("qf-negative", yaml_sub("value: 0.0878", "value: -0.0878"), r"csiQF"),
    ("qf-one", yaml_sub("value: 0.0878", "value: 1"), r"csiQF"),
    ("qf-true", yaml_sub("value: 0.0878", "value: true"), r"csiQF"),
    ("exposure-zero", yaml_sub("value: 7.47594", "value: 0"), r"beamExposure"),
    ("exposure-negative", yaml_sub("value: 7.47594", "value: -7.47594"), r"beamExposure"),
    ("exposure-true", yaml_sub("value: 7.47594", "value: true"), r"beamExposure"),
    ("exposure-inf", yaml_sub("value: 7.47594", "value: .inf"), r"beamExposure"),
    ("exposure-nan", yaml_sub("value: 7.47594", "value: .nan"), r"beamExposure"),
    ("exposure-string", yaml_sub("value: 7.47594", "value: '7.47594'"), r"beamExposure"),
    ("exposure-duplicate-key", yaml_append("beamExposure:\n  units: GW*hr\n  value: 700\n"),
     r"beamExposure|twice|duplicate"),
    ("distance-zero", yaml_sub("value: 19.3", "value: 0"), r"distanceToTarget"),
    ("distance-negative", yaml_sub("value: 19.3", "value: -19.3"), r"distanceToTarget"),
    ("lightyield-negative", yaml_sub("value: 13.348", "value: -13.348"), r"csiLightYield"),
    ("units-wrong", yaml_sub("units: GW*hr", "units: MW*hr"), r"beamExposure|units"),
    ("not-a-mapping", yaml_replace("- 1\n- 2\n"), r"mapping"),
    ("scalar", yaml_replace("42\n"), r"mapping"),
    ("invalid-yaml", yaml_replace("beamExposure: [unclosed\n"), r"YAML"),
    ("empty-file", empty, r"mapping|empty|YAML|missing"),
    ("binary", binary, r"text|UTF-8|decode|YAML"),
    ("oversize", oversize, r"bytes|large"),
    ("folder", to_folder, r"folder"),
    ("fifo", to_fifo, r"FIFO|regular"),
    ("deleted", delete, r"missing|lacks|not found"),
    ("trailing-comment", append_comment, r"modified|official|differ|MD5"),
    ("exposure-edited-legal", yaml_sub("value: 7.47594", "value: 7.5"), r"modified|official|differ|MD5"),
]

# single-file loader for a bound that holds whatever the file's origin
FILE_LOADERS: dict[str, Callable[[Path], object]] = {
    **dict.fromkeys(COUNT_FILES, loaders.load_counts),
    **dict.fromkeys(TIME_PDFS, loaders.load_time_pdf),
    PROMPT: loaders.load_prompt_pdf,
    PARAMS: loaders.load_parameters,
}
# edits whose problem is the provenance only (legal numbers): the single-file loader may accept them
PROVENANCE_ONLY = {"all-zero", "all-ones", "bump-one-count", "swapped-bins", "rate-edited", "trailing-comment",
                   "exposure-edited-legal", "rate-1e300", "deleted", "dangling-link"}


def _cases() -> list[tuple[str, str, Edit, str]]:
    out = []
    for name in COUNT_FILES:
        out += [(name, label, e, n) for label, e, n in COUNT_EDITS]
    for name in TIME_PDFS:
        out += [(name, label, e, n) for label, e, n in PDF_EDITS]
    out += [(PROMPT, label, e, n) for label, e, n in PROMPT_EDITS]
    out += [(PARAMS, label, e, n) for label, e, n in PARAM_EDITS]
    return out


CASES = _cases()


@pytest.mark.parametrize(("name", "label", "edit", "names"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_folder_refuses_spoiled_file(name, label, edit, names, tmp_path, record):
    d = _copy(CSI, tmp_path)
    edit(d / name)
    record("loaders", load(load_folder, d, names=names))


SINGLE = [c for c in CASES if c[1] not in PROVENANCE_ONLY]


@pytest.mark.parametrize(("name", "label", "edit", "names"), SINGLE, ids=[f"{c[0]}-{c[1]}" for c in SINGLE])
def test_file_loader_refuses_nonphysical(name, label, edit, names, tmp_path, record):
    d = _copy(CSI, tmp_path)
    edit(d / name)
    record("loaders", load(FILE_LOADERS[name], d / name, names=names))


# Odd but legal forms of the official content: must load, as REAL DATA, with the official numbers.
LEGAL_EDITS: list[tuple[str, str, Edit]] = [
    *((n, "bom", add_bom) for n in (*COUNT_FILES, *TIME_PDFS)),
    *((n, "crlf", crlf) for n in COUNT_FILES[:2]),
    *((n, "trailing-comment", append_comment) for n in (*COUNT_FILES, *TIME_PDFS)),
]


@pytest.mark.parametrize(("name", "label", "edit"), LEGAL_EDITS, ids=[f"{c[0]}-{c[1]}" for c in LEGAL_EDITS])
def test_folder_accepts_official_content_in_another_form(name, label, edit, tmp_path, record):
    d = _copy(CSI, tmp_path)
    reference = load_folder(CSI)
    edit(d / name)

    def same(rel) -> bool:
        return (rel.label == "REAL DATA" and "MODIFIED" not in rel.source
                and all((rel.counts[k] == reference.counts[k]).all() for k in reference.counts)
                and all((rel.time_pdfs[k] == reference.time_pdfs[k]).all() for k in reference.time_pdfs))

    record("loaders", load(load_folder, d, check=same))


def _modified_label_ok(rel) -> bool:
    return rel.label == "MODIFIED DATA" and "MODIFIED DATA" in rel.source and not rel.is_simulated


ALLOWED = [("data_coincidence_beamOn.txt", bump_count), (PROMPT, set_column(1, "0.123")),
           (PARAMS, yaml_sub("value: 7.47594", "value: 7.5")), ("arrivalTimePDF_promptNeutrons.txt", swap_pdf_rows)]


@pytest.mark.parametrize(("name", "edit"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_allow_modified_labels_modified_data(name, edit, tmp_path, record):
    d = _copy(CSI, tmp_path)
    edit(d / name)
    record("loaders", load(load_folder, d, allow_modified=True, check=_modified_label_ok))


@pytest.mark.parametrize("name", [*COUNT_FILES[:1], PARAMS])
def test_allow_modified_still_refuses_nonphysical(name, tmp_path, record):
    d = _copy(CSI, tmp_path)
    edit = set_column(2, "1e20") if name != PARAMS else yaml_sub("value: 0.6655", "value: -1")
    edit(d / name)
    record("loaders", load(load_folder, d, allow_modified=True, names=r"2\*\*53|integer|acceptance|\ba\b"))


def test_official_folder_is_real_data(record):
    if not CSI.is_dir():
        pytest.skip(f"release files not found at {CSI}")
    record("loaders", load(load_folder, CSI, check=lambda r: r.label == "REAL DATA"))


FOLDER_ARGS = [("empty-string", ""), ("a-file", CSI / PARAMS), ("missing", SHARED / "no-such-folder")]


@pytest.mark.parametrize(("label", "arg"), FOLDER_ARGS, ids=[a[0] for a in FOLDER_ARGS])
def test_folder_argument_refused(label, arg, record):
    names = {"empty-string": r"empty|''|\"\"", "a-file": r"is a file, not a folder",
             "missing": r"does not exist"}[label]
    record("loaders", load(load_folder, arg, names=names))


# ---- the argon release (CENNS-10 Analysis A) --------------------------------------------------------------

ARGON_FILES = ("datanobkgsub.txt", "cevnspdf.txt", "bkgpdf.txt", "brnpdf.txt", "delbrnpdf.txt",
               "CENNS10AnlAEfficiency.txt", "LArParametersAnlA.yaml")


def _argon_number_edit(p: Path, value: str) -> None:
    """Put ``value`` in the last column of the first data row (a count, a PDF value or an efficiency)."""
    lines = _lines(p)
    for i, ln in enumerate(lines):
        s = ln.strip()
        if s and not s.startswith("#") and s[0] in "0123456789-.":
            sep = "," if "," in ln else None
            fields = [f.strip() for f in (ln.split(sep) if sep else ln.split())]
            fields[-1] = value
            lines[i] = (", " if sep else " ").join(fields)
            break
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


ARGON_EDITS: list[tuple[str, Edit, str]] = [
    ("nan", lambda p: _argon_number_edit(p, "nan"), r"finite|number|modified|official"),
    ("negative", lambda p: _argon_number_edit(p, "-5"), r"negative|outside \[0, 1\]|modified|official"),
    ("huge", lambda p: _argon_number_edit(p, "1e20"), r"2\*\*53|large|outside \[0, 1\]|modified|official|sum"),
    ("edited", lambda p: _argon_number_edit(p, "3"), r"modified|official|differ|MD5|outside \[0, 1\]"),
    ("oversize", oversize, r"bytes|large"),
    ("folder", to_folder, r"folder"),
    ("fifo", to_fifo, r"FIFO|regular"),
    ("binary", binary, r"text|UTF-8|decode"),
    ("empty-file", empty, r"no data|empty|mapping|missing"),
]
ARGON_CASES = [(n, label, e, r) for n in ARGON_FILES for label, e, r in ARGON_EDITS
               if not (n.endswith(".yaml") and label in {"nan", "negative", "huge", "edited"})]
ARGON_YAML_EDITS: list[tuple[str, Edit, str]] = [
    ("duplicate-key", yaml_append("\nduplicated: 1\nduplicated: 2\n"), r"twice|duplicate|modified|official"),
    ("not-a-mapping", yaml_replace("- 1\n"), r"mapping|modified|official"),
    ("invalid-yaml", yaml_replace("a: [unclosed\n"), r"YAML"),
]
ARGON_CASES += [("LArParametersAnlA.yaml", label, e, r) for label, e, r in ARGON_YAML_EDITS]


@pytest.mark.parametrize(("name", "label", "edit", "names"), ARGON_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in ARGON_CASES])
def test_argon_folder_refuses_spoiled_file(name, label, edit, names, tmp_path, record):
    d = _copy(ARGON, tmp_path)
    if not (d / name).exists():
        pytest.skip(f"{name} not in the argon release copy")
    edit(d / name)
    record("loaders", load(load_argon_folder, d, names=names))


def test_argon_official_folder_is_real_data(record):
    if not ARGON.is_dir():
        pytest.skip(f"argon release files not found at {ARGON}")
    record("loaders", load(load_argon_folder, ARGON, check=lambda r: r.label == "REAL DATA"))
