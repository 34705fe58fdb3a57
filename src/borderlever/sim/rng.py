"""Counter-free random streams for the numba engine: xoshiro256+ seeded by splitmix64.

Variates (exponential, normal, lognormal) built on these streams are in
:mod:`borderlever.sim.variates`.

Each (replication, queue, purpose) gets its own 256-bit state, so arrivals, service, referral,
patience and diversion draws are separate streams and a policy that changes one queue's behaviour
does not shift another queue's numbers (common random numbers).  Pure integer arithmetic: the same
seed gives the same numbers on every platform.

References
----------
Blackman, D. & Vigna, S. (2021). Scrambled linear pseudorandom number generators. ACM TOMS 47(4).
Steele, G., Lea, D. & Flood, C. (2014). Fast splittable pseudorandom number generators (splitmix64).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_INV53 = 1.0 / 9007199254740992.0


@njit(cache=True, inline="always")
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True)
def splitmix64(x):
    """One splitmix64 step: returns (new state, output) as uint64."""
    x = x + _GOLDEN
    z = x
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return x, z ^ (z >> np.uint64(31))


@njit(cache=True)
def seed_stream(state, base, q, stream):
    """Fill ``state[0:4]`` from (base seed, queue, stream id)."""
    x = (
        base
        ^ (np.uint64(q) * np.uint64(0xD1B54A32D192ED03))
        ^ (np.uint64(stream + 1) * np.uint64(0x8CB92BA72F3D8DD7))
    )
    for i in range(4):
        x, z = splitmix64(x)
        state[i] = z


_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


@njit(cache=True, inline="always")
def norm_ppf(p):
    """Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).

    A rational function in the central 95 % (no transcendental call), a log and a sqrt in the tails.

    References
    ----------
    Acklam, P. J. (2003). An algorithm for computing the inverse normal cumulative distribution
    function. (Widely reproduced; e.g. Wichura 1988, AS 241, for a comparison.)
    """
    if p < 0.02425:
        q = np.sqrt(-2.0 * np.log(p))
        return (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0
        )
    if p > 1.0 - 0.02425:
        q = np.sqrt(-2.0 * np.log(1.0 - p))
        return -(((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0
        )
    q = p - 0.5
    r = q * q
    return (
        (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
        * q
        / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
    )


@njit(cache=True, inline="always")
def hashed_u64(key, n):
    """Counter-based 64-bit word for item ``n`` of stream ``key`` (splitmix64 of key + n).

    Lets a draw be made only when needed (a patience only for a vehicle that has to wait) while
    item ``n`` keeps the same number in every run: common random numbers stay exact.
    """
    x, z = splitmix64(key + np.uint64(n) * _GOLDEN)
    return z


@njit(cache=True, inline="always")
def u64_uniform(z):
    """Uniform on (0, 1) from the top 53 bits of ``z``: ``((z >> 11) + 0.5) / 2**53``."""
    return (float(z >> np.uint64(11)) + 0.5) * _INV53


@njit(cache=True, inline="always")
def u64_uniform_bin(z, bits):
    """``int(u64_uniform(z) * 2**bits)`` (``bits`` <= 52) in integer arithmetic, without the
    float conversions: ``m + 0.5`` (``m = z >> 11``) is exact below 2**52 and from there rounds
    half to even, up to ``m + 1`` for odd ``m``; the product by a power of two is exact."""
    m = z >> np.uint64(11)
    m += (z >> np.uint64(63)) & m & np.uint64(1)
    return int(m >> np.uint64(53 - bits))


# Indexed variants: operate on ``st[q, k, 0:4]`` in place without creating an array view per draw
# (a view costs a reference-count update, which is most of a draw's time in the hot loop).


@njit(cache=True, inline="always")
def next_u64_at(st, q, k):
    """xoshiro256+ step on ``st[q, k]``."""
    s0, s1, s2, s3 = st[q, k, 0], st[q, k, 1], st[q, k, 2], st[q, k, 3]
    result = s0 + s3
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    st[q, k, 0], st[q, k, 1], st[q, k, 2], st[q, k, 3] = s0, s1, s2, s3
    return result


@njit(cache=True, inline="always")
def uniform_at(st, q, k):
    """Uniform on (0, 1) from stream ``st[q, k]``."""
    return u64_uniform(next_u64_at(st, q, k))
