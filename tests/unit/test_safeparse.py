"""Limits on untrusted YAML and JSON (borderlever.safeparse): refused by a limit, with the limit named."""

from __future__ import annotations

import pytest

from borderlever.errors import ConfigError
from borderlever.safeparse import DEFAULT_LIMITS, Limits, load_json, load_yaml


def _laughs(levels: int, width: int = 9) -> str:
    text = "l0: &l0 [" + ", ".join(['"lol"'] * width) + "]\n"
    for i in range(1, levels + 1):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]\n"
    return text


BAD_YAML = {
    "billion laughs": (_laughs(9), "once aliases are expanded"),
    "many aliases": ("a: &a 1\nb: [" + ", ".join(["*a"] * 500) + "]\n", "more than 200 aliases"),
    "deep flow": ("a: " + "[" * 100_000 + "]" * 100_000, "deeper than 64 levels"),
    "deep block": ("".join(" " * i + "k:\n" for i in range(200)), "deeper than 64|nesting"),
    "self-reference": ("a: &a [1, *a]\n", "contains it"),
    "too big": ("a: '" + "x" * 300_000 + "'\n", "larger than the 262,144 bytes"),
    "many values": ("a: [" + ", ".join(["1"] * 120_000) + "]\n", "100000 values|262,144"),
}


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_hostile_yaml_refused(name):
    """Each hostile document is refused by a limit, not parsed; the time it takes is measured in
    ``benchmarks/safeparse_bench.py`` (speed targets live in benchmarks, not unit tests)."""
    text, match = BAD_YAML[name]
    with pytest.raises(ConfigError, match=match):
        load_yaml(text, "x.yaml")


def test_ordinary_anchors_still_work():
    doc = load_yaml("w: &w {start_day: 0, end_day: 2}\np: [{window: *w}, {window: *w}]\n")
    assert doc["p"][0]["window"] == doc["p"][1]["window"] == {"start_day": 0, "end_day": 2}


def test_every_library_scenario_is_far_inside_the_limits():
    from borderlever.scenarios import library_files

    for path in library_files().values():
        assert path.stat().st_size < DEFAULT_LIMITS.max_bytes / 20
        load_yaml(path.read_text(), str(path), Limits(max_bytes=20_000, max_depth=12))


@pytest.mark.parametrize(
    "body, match",
    [
        (b"[" * 10_000 + b"]" * 10_000, "deeper than 64 levels"),
        (b'{"a": "' + b"x" * 300_000 + b'"}', "larger than"),
        (b'{"name": "caf\xe9"}', "not UTF-8"),
        (b'{"name": ', "JSON syntax error"),
        (b"[" + b"0," * 120_000 + b"0]", "100000 values|larger than"),
    ],
)
def test_hostile_json_bodies_refused(body, match):
    with pytest.raises(ConfigError, match=match):
        load_json(body)


def test_json_within_limits_parses():
    assert load_json('{"name": "x", "ports": {"codes": ["2304"]}}')["ports"]["codes"] == ["2304"]
