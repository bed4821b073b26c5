"""Exact barbell, dumbbell and machine-stack loading.

Physical model (training-science reference, section "Plates"):

* A barbell total is ``bar + 2 x collar + 2 x (plates on one side)``. A bare bar
  holds no plates, so it needs no collars and its total is the bar alone; as soon as
  one plate is loaded both collars are counted.
* Inventory is counted in pairs: one pair puts one plate on each side.
* Plates are stacked from the bar outward, heaviest first. Changing an inner plate
  forces removing every plate outside it, so the work between two loadings is: the
  plates they share from the bar stay, everything after that is taken off and put on.

Masses are exact rationals of grams (1 lb is defined as exactly 453.59237 g), so kg
and lb items mix without drift: a 45 lb bar with four pairs of 45 lb plates is
exactly 225 lb. A kg plate and a lb plate almost never add up to a round target
exactly, so a total within a tolerance (default 5 g, far below the lightest plate)
counts as the target.

Search. Greedy fails with limited inventory (30 kg per side from one pair of 25 and
two pairs of 15 is 15 + 15, not 25 + nothing), so the solver is exact:

1. Plates are split by unit label. For each unit a bounded-knapsack DP maps every
   reachable per-side sum (an integer multiple of the unit's grid, the gcd of its
   plate masses) to its fewest-plate count; one table is kept for every suffix of
   the heaviest-first kind list, which later lets loadings be rebuilt exactly.
   Tables depend only on the inventory and are cached by its signature.
2. A query combines the (at most two) unit tables meet-in-the-middle: for each sum
   of the smaller table, a bisection in the larger one finds the partners that land
   in the tolerance window, or the nearest sums below and above the target.
3. Among the loadings with the fewest plates, the one sharing the longest stack
   prefix with ``previous`` (fewest changes) is rebuilt from the suffix tables, then
   the smallest error, then the "heaviest plates innermost" order breaks ties.

Cost: building a unit table is O(kinds x states x pairs per kind), states being the
reachable per-side sums (about 700 for a well stocked kg gym, under 100 for its lb
plates); a query is O(S_small x log S_large) plus a rebuild of a few candidate
loadings, each O(prefix x kinds x pairs). ``bounds`` counts the states of both groups
before anything is built and refuses an inventory whose tables, combined kg x lb state
space or (with several targets) total work is over its limits; a wall-clock budget
(``budget``, checked inside every loop) stops whatever the count misjudged.

Modules: ``mass`` (Mass, Plate, units), ``checks`` (input bounds and validation),
``bounds`` (work estimates and the deadline),
``tables`` (the DP tables and their caches), ``rebuild`` (loadings from the tables),
``solve`` (one barbell target), ``ladder`` (warm-up sequences), ``loads`` (every
achievable total in a range) and ``fixed`` (dumbbell racks and machine stacks).
Standard library only.
"""

from __future__ import annotations

from ironbase.gyms.plates.bounds import (
    MAX_BUILD_STEPS,
    MAX_COMBINED_STATES,
    MAX_GROUP_STATES,
    MAX_QUERY_STATES,
    MAX_TABLE_ENTRIES,
    SOLVE_BUDGET_SECONDS,
    SolverTimeout,
    Work,
    budget,
)
from ironbase.gyms.plates.checks import (
    DEFAULT_TOLERANCE,
    MAX_DUMBBELLS,
    MAX_MICRO_WEIGHTS,
    MAX_PAIRS_PER_KIND,
    MAX_PLATE_KINDS,
    MAX_TARGET,
    MAX_TOLERANCE,
    MAX_TOTAL_PAIRS,
)
from ironbase.gyms.plates.fixed import (
    DumbbellChoice,
    StackChoice,
    StackSetting,
    pick_dumbbell,
    snap_to_stack,
)
from ironbase.gyms.plates.ladder import (
    LADDER_EXTRA_PLATES,
    MAX_LADDER_CANDIDATES,
    warmup_ladder,
)
from ironbase.gyms.plates.loads import (
    LOADS_CACHE,
    achievable_loads,
    count_loads,
)
from ironbase.gyms.plates.mass import (
    ZERO,
    InventoryItem,
    Mass,
    Number,
    Plate,
    PlateInputError,
    Unit,
)
from ironbase.gyms.plates.rebuild import (
    changes_between,
)
from ironbase.gyms.plates.solve import (
    Loading,
    Solution,
    solve,
)
from ironbase.gyms.plates.tables import (
    TABLE_CACHE,
    clear_caches,
    inventory_work,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "LADDER_EXTRA_PLATES",
    "LOADS_CACHE",
    "MAX_BUILD_STEPS",
    "MAX_COMBINED_STATES",
    "MAX_DUMBBELLS",
    "MAX_GROUP_STATES",
    "MAX_LADDER_CANDIDATES",
    "MAX_MICRO_WEIGHTS",
    "MAX_PAIRS_PER_KIND",
    "MAX_PLATE_KINDS",
    "MAX_QUERY_STATES",
    "MAX_TABLE_ENTRIES",
    "MAX_TARGET",
    "MAX_TOLERANCE",
    "MAX_TOTAL_PAIRS",
    "SOLVE_BUDGET_SECONDS",
    "TABLE_CACHE",
    "ZERO",
    "DumbbellChoice",
    "InventoryItem",
    "Loading",
    "Mass",
    "Number",
    "Plate",
    "PlateInputError",
    "Solution",
    "SolverTimeout",
    "StackChoice",
    "StackSetting",
    "Unit",
    "Work",
    "achievable_loads",
    "budget",
    "changes_between",
    "clear_caches",
    "count_loads",
    "inventory_work",
    "pick_dumbbell",
    "snap_to_stack",
    "solve",
    "warmup_ladder",
]
