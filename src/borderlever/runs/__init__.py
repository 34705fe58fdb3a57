"""Runs: a resolved scenario through the network, the simulation and the economics, and its outputs.

``pipeline`` reads the store and calls the model packages (an edge); ``summary`` builds the JSON
summary; ``outputs`` writes a run folder; ``compare`` diffs two scenarios or two run folders.
"""

from borderlever.runs.result import EconomicsFigures, RunOutput

__all__ = ["EconomicsFigures", "RunOutput"]
