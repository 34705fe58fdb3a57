"""Counter-free random streams for the numba engine: xoshiro256+ seeded by splitmix64.

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
def _rotl(x, k):  # type: ignore[no-untyped-def]
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True)
def splitmix64(x):  # type: ignore[no-untyped-def]
    """One splitmix64 step: returns (new state, output) as uint64."""
    x = x + _GOLDEN
    z = x
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return x, z ^ (z >> np.uint64(31))


@njit(cache=True)
def seed_stream(state, base, q, stream):  # type: ignore[no-untyped-def]
    """Fill ``state[0:4]`` from (base seed, queue, stream id)."""
    x = base ^ (np.uint64(q) * np.uint64(0xD1B54A32D192ED03)) ^ (np.uint64(stream + 1) * np.uint64(0x8CB92BA72F3D8DD7))
    for i in range(4):
        x, z = splitmix64(x)
        state[i] = z


@njit(cache=True, inline="always")
def next_u64(s):  # type: ignore[no-untyped-def]
    """xoshiro256+ output (upper bits are the good ones)."""
    result = s[0] + s[3]
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = _rotl(s[3], 45)
    return result


@njit(cache=True, inline="always")
def uniform(s):  # type: ignore[no-untyped-def]
    """Uniform on the open interval (0, 1)."""
    return (float(next_u64(s) >> np.uint64(11)) + 0.5) * _INV53


@njit(cache=True, inline="always")
def exponential(s):  # type: ignore[no-untyped-def]
    """Standard exponential (mean 1)."""
    return -np.log(uniform(s))


@njit(cache=True, inline="always")
def normal(s):  # type: ignore[no-untyped-def]
    """Standard normal by the Box-Muller transform (one of the pair; branch-free and stateless)."""
    return np.sqrt(-2.0 * np.log(uniform(s))) * np.cos(2.0 * np.pi * uniform(s))


@njit(cache=True, inline="always")
def lognormal(s, mu, sigma):  # type: ignore[no-untyped-def]
    """exp(mu + sigma Z); ``sigma == 0`` returns exp(mu); ``sigma < 0``: exponential, mean exp(mu)."""
    if sigma < 0.0:
        return np.exp(mu) * exponential(s)
    if sigma == 0.0:
        return np.exp(mu)
    return np.exp(mu + sigma * normal(s))


def lognormal_params(mean: np.ndarray | float, cv: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(mu, sigma) of a lognormal with the given mean and coefficient of variation.

    Examples
    --------
    >>> mu, sigma = lognormal_params(2.0, 0.5)
    >>> round(float(np.exp(mu + sigma**2 / 2)), 6), round(float(sigma), 4)
    (2.0, 0.4724)
    """
    mean_a, cv_a = np.asarray(mean, float), np.asarray(cv, float)
    sigma2 = np.log1p(cv_a**2)
    return np.log(np.maximum(mean_a, 1e-300)) - sigma2 / 2, np.sqrt(sigma2)
