"""The cost, latency and quality engine: pure numpy + pyyaml, no Qt.

Public API::

    profiles, errors = engine.load_profiles(*dirs)
    scenario = engine.load_scenario(path)          # -> Scenario
    scenario = scenario.override({"inference.queries_per_day": np.logspace(2, 10, 400)})
    results = engine.evaluate(scenario)             # -> Results (arrays, broadcast)
    results.to_dict()
"""

from .errors import InputError, LoadError
from .evaluate import evaluate
from .lifecycle import cumulative_costs
from .profiles import Profile, load_profiles, user_profile_dir
from .results import RESULT_FIELDS, Results
from .scenario import SCHEMA_VERSION, Scenario, default_scenario, load_scenario, scenario_from_text

__all__ = [
    "RESULT_FIELDS",
    "SCHEMA_VERSION",
    "InputError",
    "LoadError",
    "Profile",
    "Results",
    "Scenario",
    "cumulative_costs",
    "default_scenario",
    "evaluate",
    "load_profiles",
    "load_scenario",
    "scenario_from_text",
    "user_profile_dir",
]
