"""Vehicle classes, their BTS measures, groups and the shares that split a measure into classes.

The class names are a contract between layers (see HELPERS.md): ``truck_standard``, ``truck_fast``,
``pov_standard``, ``pov_ready``, ``pov_sentri``, ``pedestrian`` are queues; ``bus`` and ``rail`` are
flows (modelled with the same engine but with ample capacity, see ``class_defaults.csv``).
"""

from __future__ import annotations

from collections.abc import Iterable

from borderlever.errors import UnknownCodeError

VEHICLE_CLASSES: tuple[str, ...] = (
    "truck_standard",
    "truck_fast",
    "pov_standard",
    "pov_ready",
    "pov_sentri",
    "pedestrian",
    "bus",
    "rail",
)
QUEUE_CLASSES: tuple[str, ...] = VEHICLE_CLASSES[:6]
FLOW_CLASSES: tuple[str, ...] = ("bus", "rail")

#: BTS "Border Crossing Entry Data" measure counted for each class (vehicles, not passengers).
CLASS_MEASURE: dict[str, str] = {
    "truck_standard": "Trucks",
    "truck_fast": "Trucks",
    "pov_standard": "Personal Vehicles",
    "pov_ready": "Personal Vehicles",
    "pov_sentri": "Personal Vehicles",
    "pedestrian": "Pedestrians",
    "bus": "Buses",
    "rail": "Trains",
}

#: Named groups usable wherever a list of classes is asked for.
CLASS_GROUPS: dict[str, tuple[str, ...]] = {
    "commercial": ("truck_standard", "truck_fast", "rail"),
    "trucks": ("truck_standard", "truck_fast"),
    "passenger": ("pov_standard", "pov_ready", "pov_sentri", "pedestrian", "bus"),
    "pov": ("pov_standard", "pov_ready", "pov_sentri"),
    "all": VEHICLE_CLASSES,
}

BORDERS: tuple[str, ...] = ("US-Mexico Border", "US-Canada Border")


def expand_classes(classes: Iterable[str] | str | None) -> tuple[str, ...]:
    """Resolve class names and group names to a tuple of classes in canonical order.

    Parameters
    ----------
    classes : iterable of str, str or None
        Class names (``truck_fast``) or group names (``commercial``); None means all classes.

    Returns
    -------
    tuple of str
        The classes, in the order of :data:`VEHICLE_CLASSES`, without duplicates.

    Raises
    ------
    UnknownCodeError
        For a name that is neither a class nor a group.

    Examples
    --------
    >>> expand_classes(["trucks", "pedestrian"])
    ('truck_standard', 'truck_fast', 'pedestrian')
    """
    if classes is None:
        return VEHICLE_CLASSES
    if isinstance(classes, str):
        classes = [classes]
    chosen: set[str] = set()
    for name in classes:
        if name in CLASS_GROUPS:
            chosen.update(CLASS_GROUPS[name])
        elif name in VEHICLE_CLASSES:
            chosen.add(name)
        else:
            raise UnknownCodeError(
                "vehicle class", name, list(VEHICLE_CLASSES) + list(CLASS_GROUPS)
            )
    return tuple(c for c in VEHICLE_CLASSES if c in chosen)
