"""The IO code against Miller & Blair (2009), Input-Output Analysis, 2nd ed.

Source: R. E. Miller and P. D. Blair, *Input-Output Analysis: Foundations and Extensions*, 2nd
ed., Cambridge University Press, 2009.  Chapter 2, section 2.3 (the two-sector numerical
example): Z = [[150, 500], [200, 100]], f = (350, 1700), x = (1000, 2000); printed
A = [[.15, .25], [.20, .05]], (I - A)^-1 = [[1.2541, .3300], [.2640, 1.1221]] (four decimals),
and for new final demand f = (600, 1500) the printed outputs x = (1247.52, 1841.58) (two decimals).
(The printed digits were transcribed from the text, pp. 21-24; the book's table of contents,
section 2.3.1 "Numerical Example: Hypothetical Figures - Approach I" at p. 21, was checked here,
the page itself was not at hand: a reviewer with the book should confirm the digits.)

Chapter 12, section 12.1 (the supply-side model) defines B = x̂^-1 Z and G = (I - B)^-1 and
shows G = x̂^-1 L x̂.  For the same two-sector data this gives B = [[.15, .50], [.10, .05]] and
G = [[1.2541, .6601], [.1320, 1.1221]]; these digits are computed here from the chapter-2 data
through that identity (the printed chapter-12 example was not available to check digit by
digit).  Tolerance: half a unit of the last printed digit.
"""

from __future__ import annotations

import numpy as np

from borderlever.economics.inputoutput import IOTable, ghosh_shock, leontief_shock

Z = np.array([[150.0, 500.0], [200.0, 100.0]])
F = np.array([[350.0], [1700.0]])
X = np.array([1000.0, 2000.0])


def _io() -> IOTable:
    return IOTable(Z, F, X, ("R_1", "R_2"))


def test_leontief_against_miller_blair_ch2() -> None:
    io = _io()
    assert np.allclose(io.A, [[0.15, 0.25], [0.20, 0.05]], atol=0.005)
    assert np.allclose(io.L, [[1.2541, 0.3300], [0.2640, 1.1221]], atol=0.00005)
    new_x = io.x + leontief_shock(io, np.array([600.0, 1500.0]) - F[:, 0])
    assert np.allclose(new_x, [1247.52, 1841.58], atol=0.005)


def test_ghosh_against_miller_blair_ch12() -> None:
    io = _io()
    assert np.allclose(io.B, [[0.15, 0.50], [0.10, 0.05]], atol=0.005)
    assert np.allclose(io.G, [[1.2541, 0.6601], [0.1320, 1.1221]], atol=0.00005)
    v = X - Z.sum(axis=0)  # primary inputs (650, 1400)
    assert np.allclose(v, [650.0, 1400.0])
    assert np.allclose(v @ io.G, X)
    # a 10 % cut in sector 1's primary inputs: Δx' = Δv' G
    dx = ghosh_shock(io, np.array([-65.0, 0.0]))
    assert np.allclose(dx, [-65.0 * 1.2541, -65.0 * 0.6601], atol=0.005)
