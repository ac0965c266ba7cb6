"""Panels and plotting objects of notebooks 00–02: they build, update artists in place, reject invalid input."""

from __future__ import annotations

import numpy as np
import pytest

from cevns_edu.plotting import coherence as pc  # noqa: E402
from cevns_edu.plotting import form_factors as pf  # noqa: E402
from cevns_edu.widgets.coherence import NSquaredPanel, NucleusCardPanel, ProcessComparisonPanel  # noqa: E402
from cevns_edu.widgets.form_factors import FormFactorPanel, NeutronRadiusPanel, RecoilSpectrumPanel  # noqa: E402


def _snapshot(fig) -> list[np.ndarray]:
    """Every line's and collection's data in the figure, to compare before/after an update."""
    out = []
    for ax in fig.axes:
        for line in ax.lines:
            out.append(np.asarray(line.get_xydata(), dtype=float).copy())
        for coll in ax.collections:
            out.append(np.asarray(coll.get_offsets(), dtype=float).copy())
        for patch in ax.patches:
            out.append(np.array([patch.get_width()], dtype=float))
    return out


def _changed(before, after) -> bool:
    return len(before) != len(after) or any(a.shape != b.shape or not np.allclose(a, b, equal_nan=True)
                                            for a, b in zip(before, after, strict=True))


def _contains(widget, target) -> bool:
    return widget is target or any(_contains(c, target) for c in getattr(widget, "children", ()))


def _artist_ids(fig) -> list[int]:
    return [id(a) for ax in fig.axes for a in (*ax.lines, *ax.collections, *ax.patches)]


# (panel class, constructor kwargs, an update that must change the figure, invalid updates)
CASES = [
    (NucleusCardPanel, {}, {"nucleus": "Ar40"}, [{"nucleus": "Kr84"}]),
    (NSquaredPanel, {}, {"enu_mev": 50.0, "form_factor": "helm"},
     [{"enu_mev": 100.0}, {"enu_mev": -1.0}, {"enu_mev": float("nan")}, {"form_factor": "gauss"},
      {"nucleus": "Unobtainium"}]),
    (ProcessComparisonPanel, {}, {"enu_mev": 40.0, "nucleus": "Ar40"},
     [{"enu_mev": 0.5}, {"enu_mev": 200.0}, {"nucleus": "Pb208"}]),
    (RecoilSpectrumPanel, {}, {"enu_mev": 15.0, "nucleus": "Ar40"}, [{"enu_mev": 0.0}, {"enu_mev": "fast"}]),
    (FormFactorPanel, {}, {"nucleus": "Pb208", "enu_mev": 45.0}, [{"nucleus": "H1"}, {"enu_mev": 61.0}]),
    (NeutronRadiusPanel, {}, {"rn_fm": 5.5}, [{"rn_fm": 3.0}, {"rn_fm": 7.0}]),
]
IDS = [c[0].__name__ for c in CASES]


@pytest.fixture(scope="module")
def panels():
    return {cls.__name__: cls(**kw) for cls, kw, *_ in CASES}


@pytest.mark.parametrize("cls, kwargs, change, invalid", CASES, ids=IDS)
def test_panel_builds_with_figure_and_readout(panels, cls, kwargs, change, invalid):
    p = panels[cls.__name__]
    assert hasattr(p.plot, "update") and callable(p.plot.update)
    assert _contains(p.widget, p.plot.fig.canvas), "the figure's canvas is part of the panel's widget"
    assert p.readout.value  # readout filled at construction
    axes = p.plot.fig.axes
    assert all(ax.get_xlabel() or not ax.axison for ax in axes), "every visible axis is labelled"


@pytest.mark.parametrize("cls, kwargs, change, invalid", CASES, ids=IDS)
def test_update_mutates_artists_in_place(panels, cls, kwargs, change, invalid):
    p = panels[cls.__name__]
    fig = p.plot.fig
    ids_before, data_before, readout_before = _artist_ids(fig), _snapshot(fig), p.readout.value
    p.update(**change)
    assert _artist_ids(fig) == ids_before, "update must mutate the existing artists, not rebuild them"
    assert _changed(data_before, _snapshot(fig)), "update with new parameters must change the plotted data"
    assert p.readout.value != readout_before
    for k, v in change.items():
        assert p.controls[k].value == v
    # back to the original state restores the original data
    p.update(**{k: type(p.controls[k].value)(v) for k, v in _defaults(cls, kwargs, change).items()})
    assert not _changed(data_before, _snapshot(fig))


def _defaults(cls, kwargs, change):
    fresh = cls(**kwargs)
    return {k: fresh.controls[k].value for k in change}


@pytest.mark.parametrize("cls, kwargs, change, invalid", CASES, ids=IDS)
def test_invalid_values_raise_value_error(panels, cls, kwargs, change, invalid):
    p = panels[cls.__name__]
    before = p.params
    for bad in invalid:
        with pytest.raises(ValueError, match=next(iter(bad))):
            p.update(**bad)
        assert p.params == before, "a rejected update must leave the controls unchanged"
    with pytest.raises(ValueError, match="unknown control"):
        p.update(not_a_control=1)


def test_controls_cannot_reach_invalid_states(panels):
    # slider ranges stay inside the physics' valid domain (E > 0; R_n > √3·s = 1.56 fm for Helm)
    for p in panels.values():
        for name, c in p.controls.items():
            if hasattr(c, "min"):
                assert c.min > 0, name
                assert c.min <= c.value <= c.max


def test_nsquared_points_follow_n_squared(panels):
    # point nuclei: σ/(N²E²) is flat to within the (Q_W/N)² spread of the catalogue (0.90–0.97)
    p = panels["NSquaredPanel"]
    r = p.update(form_factor="none", enu_mev=29.8)
    ratio = r["reduced"] / r["reduced_ref"]
    assert 0.88 < ratio.min() and ratio.max() < 1.0
    assert r["label"] == p.nuclei[r["index"]].label


def test_nsquared_energy_grid_hits_29_8(panels):
    p = panels["NSquaredPanel"]
    r = p.update(enu_mev=29.8, form_factor="helm", nucleus="Cs133")
    # σ(¹³³Cs, 29.8 MeV, Helm) = 1.70e-38 cm² (DESIGN.md §2, ±2%)
    assert r["sigma_cm2"][r["index"]] == pytest.approx(1.70e-38, rel=0.02)


def test_process_comparison_cevns_largest_in_supernova_band(panels):
    p = panels["ProcessComparisonPanel"]
    for e in (10.0, 15.0, 20.0):
        r = p.update(enu_mev=e, nucleus="Cs133")
        cevns, ibd, nue = r["sigma_at_e"]
        assert cevns > 10 * ibd and cevns > 1000 * nue
        assert r["masses_kg"][0] == pytest.approx(14.57)


def test_recoil_panel_numbers(panels):
    p = panels["RecoilSpectrumPanel"]
    r = p.update(nucleus="Cs133", enu_mev=29.8)
    assert r["t_max_kev"] == pytest.approx(14.3, abs=0.05)  # DESIGN.md §2
    # trapezoid area vs Gauss–Legendre σ of the core: 0.5% (200 points)
    assert p._last["s_ff"] == pytest.approx(1.70e-38, rel=0.02)
    assert np.all(r["dsdt_ff"] <= r["dsdt_none"] + 1e-60)


def test_neutron_radius_panel_default_ratio_is_one(panels):
    p = panels["NeutronRadiusPanel"]
    r = p.update(rn_fm=4.8)
    assert r["ratios"] == pytest.approx((1.0, 1.0), abs=0.003)  # 4.80 vs 4.8045 fm on the 0.01 fm grid
    r = p.update(rn_fm=5.5)
    assert r["ratios"][1] < r["ratios"][0] < 1.0  # the higher energy is more sensitive


def test_neutron_radius_panel_rejects_light_nucleus():
    with pytest.raises(ValueError, match="outside the slider"):
        NeutronRadiusPanel("Ar40")


def test_plot_objects_standalone():
    sk = pc.NucleusSketch()
    sk.update(Z=6, N=6, title="C")
    assert len(sk._scatter.get_offsets()) == 12
    with pytest.raises(ValueError, match="Z \\+ N"):
        sk.update(Z=200, N=100)
    fig = pc.cevns_diagram()
    assert fig.axes
    for cls in (pf.RecoilSpectrumPlot, pf.FormFactorPlot, pf.NeutronRadiusPlot, pc.NSquaredPlot,
                pc.ProcessComparisonPlot, pc.NucleusSketch):
        assert callable(cls.update)
