"""The port network: ports, crossing classes, capacities, demand profiles, policies.

Public API::

    from borderlever.network import build_network, load_network, build_schedule, DriverReactions
    from borderlever.network.policies import Closure, LaneCut, HoursCut, OfficerReassignment, EnhancedInspection

See ``docs/sim.md``.
"""

from borderlever.network.classes import (
    CLASS_GROUPS,
    FLOW_CLASSES,
    QUEUE_CLASSES,
    VEHICLE_CLASSES,
    expand_classes,
)
from borderlever.network.loader import load_network
from borderlever.network.model import PortNetwork, build_network
from borderlever.network.schedule import DriverReactions, Schedule, build_schedule

__all__ = [
    "CLASS_GROUPS",
    "FLOW_CLASSES",
    "QUEUE_CLASSES",
    "VEHICLE_CLASSES",
    "DriverReactions",
    "PortNetwork",
    "Schedule",
    "build_network",
    "build_schedule",
    "expand_classes",
    "load_network",
]
