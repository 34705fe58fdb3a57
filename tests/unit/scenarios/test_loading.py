"""Reading, inheritance and validation messages of scenario files."""

from __future__ import annotations

import pytest

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.scenarios import deep_merge, library_files, load_spec

from .conftest import minimal


def test_minimal_loads(write):
    spec = load_spec(write(minimal()))
    assert spec.name == "tiny"
    assert spec.policies[0].kind == "closure"
    assert spec.reactions.max_wait_h == 12.0  # default


def test_unknown_top_key_names_path_and_did_you_mean(write):
    with pytest.raises(ConfigError) as exc:
        load_spec(write(minimal(replicatons=3)))
    msg = str(exc.value)
    assert "tiny.yaml" in msg
    assert "replicatons: unknown key; did you mean 'replications'" in msg
    assert "Allowed keys here:" in msg


def test_unknown_nested_key_in_policy_parameters(write):
    pol = {"kind": "lane_cut", "parameters": {"lanes_removed_shar": 0.5}}
    with pytest.raises(ConfigError) as exc:
        load_spec(write(minimal(policies=[pol])))
    msg = str(exc.value)
    assert "policies[0].parameters.lanes_removed_shar: unknown key" in msg
    assert "did you mean 'lanes_removed_share'" in msg


def test_unknown_policy_kind_lists_allowed(write):
    with pytest.raises(ConfigError) as exc:
        load_spec(write(minimal(policies=[{"kind": "closur"}])))
    msg = str(exc.value)
    assert "policies[0].kind" in msg and "did you mean 'closure'" in msg
    assert "enhanced_inspection" in msg


def test_unknown_class_lists_allowed(write):
    pol = {"kind": "closure", "classes": ["truck"]}
    with pytest.raises(ConfigError, match=r"policies\[0\]\.classes\[0\].*'trucks'"):
        load_spec(write(minimal(policies=[pol])))


@pytest.mark.parametrize("reps", [0, -1, 100_000])
def test_zero_or_absurd_replications(write, reps):
    with pytest.raises(ConfigError, match="replications"):
        load_spec(write(minimal(replications=reps)))


def test_end_before_start(write):
    pol = {"kind": "closure", "window": {"start_day": 5, "end_day": 2}}
    with pytest.raises(ConfigError, match=r"policies\[0\]\.window.*not after"):
        load_spec(write(minimal(policies=[pol])))


def test_calendar_end_before_start(write):
    win = {"start": "2025-03-05T00:00:00", "end": "2025-03-04T00:00:00"}
    with pytest.raises(ConfigError, match="not after start"):
        load_spec(write(minimal(policies=[{"kind": "closure", "window": win}])))


def test_yaml_syntax_error_names_file_and_line(write):
    path = write("name: x\npolicies: [\n  - kind: closure\n", name="broken")
    with pytest.raises(ConfigError) as exc:
        load_spec(path)
    msg = str(exc.value)
    assert "broken.yaml" in msg and "YAML syntax error" in msg and "line" in msg


def test_duplicate_key_is_an_error(write):
    path = write("name: a\nname: b\n", name="dup")
    with pytest.raises(ConfigError, match="appears twice"):
        load_spec(path)


def test_top_level_must_be_mapping(write):
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_spec(write("- 1\n- 2\n", name="list"))


def test_missing_required_key(write):
    doc = minimal()
    del doc["start"]
    with pytest.raises(ConfigError, match="start: required key is missing"):
        load_spec(write(doc))


def test_base_inherits_and_overrides(write):
    write(minimal(name="parent", reactions={"max_wait_h": 3, "diversion": False}), name="parent")
    child = write(
        {"name": "child", "base": "parent", "horizon_days": 9, "reactions": {"max_wait_h": 5}},
        name="child",
    )
    spec = load_spec(child)
    assert spec.name == "child"
    assert spec.horizon_days == 9  # overridden
    assert spec.replications == 2  # inherited
    assert spec.reactions.max_wait_h == 5  # nested override
    assert spec.reactions.diversion is False  # nested key kept
    assert spec.description == "a test scenario"  # inherited
    assert spec.base is None


def test_base_lists_replace_and_null_resets(write):
    write(minimal(name="parent", seed=99), name="parent")
    child = write({"name": "child", "base": "parent", "policies": [], "seed": None}, name="child")
    spec = load_spec(child)
    assert spec.policies == []
    assert spec.seed == 20250101  # default again


def test_base_chain(write):
    write(minimal(name="a", seed=7), name="a")
    write({"name": "b", "base": "a", "horizon_days": 8}, name="b")
    spec = load_spec(write({"name": "c", "base": "b", "replications": 3}, name="c"))
    assert (spec.seed, spec.horizon_days, spec.replications) == (7, 8, 3)


def test_missing_base(write):
    with pytest.raises(ConfigError, match="base: unknown scenario 'nope'"):
        load_spec(write(minimal(base="nope")))


def test_base_cycle(write):
    write(minimal(name="a", base="b"), name="a")
    path = write(minimal(name="b", base="a"), name="b")
    with pytest.raises(ConfigError, match=r"cycle \(b -> a -> b\)"):
        load_spec(path)


def test_unknown_library_name_did_you_mean():
    with pytest.raises(UnknownCodeError, match="did you mean 'seed-14-day-closure'"):
        load_spec("seed-14-day-closur")


def test_deep_merge_does_not_mutate():
    base = {"a": {"x": 1}}
    deep_merge(base, {"a": {"x": 2}})
    assert base == {"a": {"x": 1}}


@pytest.mark.parametrize("name", sorted(library_files()))
def test_library_scenarios_validate_and_cite_sources(name):
    spec = load_spec(name)
    assert spec.name == name
    assert "http" in spec.description or spec.base is not None
