"""The presenter's speaker notes (teacher's guide) say what the dashboard shows on the real data.

The numbers the notes quote for moments ③ and ④ are read from docs/guide_src/guide.md and compared with the
dashboard built on the two real releases (../shared/coherent2017, ../shared/cenns10), rounded as printed, so a
change of a fit cannot leave the presenter saying something the screen contradicts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cevns_edu.data import load_release
from cevns_edu.data.cenns10 import load_argon_folder
from cevns_edu.experiment.argon.fit import PUBLISHED as ARGON_PUBLISHED
from cevns_edu.widgets.presenter import Dashboard

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide_src" / "guide.md"


def _note(title: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"**{title} (about")
    end = text.find("\n\n", start)
    return " ".join(text[start:end].split())


@pytest.fixture(scope="module")
def real_dashboard(release_dir, argon_dir) -> Dashboard:
    return Dashboard(release=load_release(release_dir), argon=load_argon_folder(argon_dir), moment="twodetectors")


def test_fit_moment_note_states_the_fit_the_room_sees(real_dashboard):
    note = _note("③ The excess in the fit")
    m = re.search(r"the course's fit gives about (\d+) ± (\d+) CEvNS events and ([\d.]+)σ", note)
    assert m, note
    r = real_dashboard.result
    assert m.groups() == (f"{r.n_cevns:.0f}", f"{r.n_cevns_err:.0f}", f"{r.significance_sigma:.1f}")


def test_two_detectors_note_states_what_the_readout_shows(real_dashboard):
    note = _note("④ Two detectors")
    panel = real_dashboard.panels["twodetectors"]
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    m = re.search(r"⟨σ⟩_CsI ≈ ([\d.]+)×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+) cm², ⟨σ⟩_Ar ≈ ([\d.]+)×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+) cm², ratio ([\d.]+) ± ([\d.]+) "
                  r"against ([\d.]+) for N² alone and ([\d.]+) in the Standard Model", note)
    assert m, note
    csi, csi_exp, ar, ar_exp, ratio, err, n2, sm = m.groups()
    assert float(f"{csi}e{csi_exp.translate(sup)}") == float(f"{panel.meas['CsI'].sigma_cm2:.1e}")
    assert float(f"{ar}e{ar_exp.translate(sup)}") == float(f"{panel.meas['Ar'].sigma_cm2:.1e}")
    r = panel.ratio
    assert (ratio, err, n2, sm) == (f"{r.ratio:.2f}", f"{r.error:.2f}", f"{r.n2_ratio:.3f}", f"{r.sm_ratio:.3f}")
    assert "about one standard deviation apart" in note and round(abs(r.ratio - r.n2_ratio) / r.error) == 1
    pub = ARGON_PUBLISHED["n_cevns"], ARGON_PUBLISHED["n_cevns_err"]
    assert f"argon's count is known to ±{pub[1] / pub[0]:.0%}".replace("%", " %") in note
    assert f"{pub[0]:.0f} ± {pub[1]:.0f} events" in note
