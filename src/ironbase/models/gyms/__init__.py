"""Gyms and what is in them: cities, memberships, equipment, personal plates, gym admins.

One module per subdomain (core, roles, equipment, fixed, inventory); every public name is
re-exported here, so ``from ironbase.models.gyms import Gym`` keeps working.
"""

from ironbase.models.gyms.core import City, Gym, UserGym
from ironbase.models.gyms.equipment import GymBarType, GymEquipment
from ironbase.models.gyms.fixed import GymDumbbellSet
from ironbase.models.gyms.inventory import UserGymCollar, UserGymMiniweight, UserGymPlate
from ironbase.models.gyms.masses import LabelledMass
from ironbase.models.gyms.roles import GymAdmin, GymRoleRequest

__all__ = [
    "City",
    "Gym",
    "GymAdmin",
    "GymBarType",
    "GymDumbbellSet",
    "GymEquipment",
    "GymRoleRequest",
    "LabelledMass",
    "UserGym",
    "UserGymCollar",
    "UserGymMiniweight",
    "UserGymPlate",
]
